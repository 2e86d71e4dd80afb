from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thongsuot.audit.exports import export_response
from thongsuot.core.errors import Forbidden
from thongsuot.core.forms import submit
from thongsuot.core.listing import wants_export
from thongsuot.core.pagination import paginate
from thongsuot.core.versioning import version_of
from thongsuot.decentralisation import selectors, services
from thongsuot.decentralisation.exports import TASKS
from thongsuot.decentralisation.forms import TaskFilterForm, TaskStateForm
from thongsuot.decentralisation.models import TaskState
from thongsuot.decentralisation.permissions import may_report_task_state, report_refusal


@login_required
def tasks(request):
    filter_form = TaskFilterForm(request.GET)
    task_qs = selectors.task_list(user=request.user, filters=filter_form.values())
    if wants_export(request):
        return export_response(request, TASKS, selectors.with_state_counts(user=request.user, tasks=task_qs),
                               filters=filter_form.described())
    page = paginate(request, task_qs)
    rows = [(t, [t.counts[s] for s in TaskState.values])
            for t in selectors.with_state_counts(user=request.user, tasks=page.object_list)]
    return render(request, "decentralisation/tasks.html", {
        "page": page, "rows": rows, "filter_form": filter_form, "states": TaskState.choices,
        "totals": selectors.totals(user=request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def task_detail(request, code: str):
    task = selectors.access_task(request.user, code)
    own = selectors.own_state(user=request.user, task=task)
    counts = selectors.state_counts(user=request.user, task_ids=[task.pk]).get(task.pk, {})
    context = {"task": task, "own": own, "counts": [(label, counts.get(v, 0)) for v, label in TaskState.choices]}
    if not may_report_task_state(request.user, task):
        if request.method == "POST":
            raise Forbidden(report_refusal(request.user))
        return render(request, "decentralisation/task.html", {**context, "form": None})
    initial = {"state": own.state, "cause": own.cause, "note": own.note} if own else {}
    initial["version"] = version_of(own)

    def report(data):
        return services.task_state_set(actor=request.user, task=task, state=data["state"], cause=data["cause"],
                                       note=data["note"], version=data["version"])

    def back_to_task(row):
        if row.obstacle_id:
            messages.info(request, _("Khó khăn, vướng mắc liên quan: %(code)s.") % {"code": row.obstacle.code})
        return task

    return submit(request, TaskStateForm(request.POST or None, initial=initial), report,
                  template="decentralisation/task.html", then=back_to_task,
                  success=_("Đã cập nhật tình hình thực hiện nhiệm vụ %(code)s.") % {"code": code}, context=context)
