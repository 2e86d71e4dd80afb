from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thongsuot.accounts.permissions import scope_of
from thongsuot.audit.exports import export_response
from thongsuot.core.errors import Forbidden
from thongsuot.core.forms import pop_submission_key, submit
from thongsuot.core.listing import wants_export
from thongsuot.core.pagination import paginate
from thongsuot.core.uploads import serve_private
from thongsuot.core.versioning import version_of
from thongsuot.decentralisation import selectors, services
from thongsuot.decentralisation.exports import TASKS
from thongsuot.decentralisation.forms import GuidanceForm, TaskFilterForm, TaskStateForm
from thongsuot.decentralisation.models import TaskState
from thongsuot.decentralisation.permissions import (
    guidance_refusal,
    may_list_own_states,
    may_record_guidance,
    may_report_task_state,
    report_refusal,
)

#: How many troubled communes the task page lists (the API pages through all of them).
TROUBLED_SHOWN = 100


@login_required
def tasks(request):
    filter_form = TaskFilterForm(request.GET)
    task_qs = selectors.task_list(user=request.user, filters=filter_form.values())
    if wants_export(request):
        return export_response(request, TASKS, selectors.with_state_counts(user=request.user, tasks=task_qs),
                               filters=filter_form.described())
    page = paginate(request, task_qs)
    own = may_list_own_states(request.user)
    if own:
        # A commune reads its own status per task, not counts of one.
        states = selectors.own_states(user=request.user)
        rows = [(t, states.get(t.pk)) for t in page.object_list]
    else:
        rows = [(t, [t.counts[s] for s in TaskState.values])
                for t in selectors.with_state_counts(user=request.user, tasks=page.object_list)]
    return render(request, "decentralisation/tasks.html", {
        "page": page, "rows": rows, "filter_form": filter_form, "states": TaskState.choices, "own": own,
        "totals": selectors.totals(user=request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def task_detail(request, code: str):
    task = selectors.access_task(request.user, code)
    own = selectors.own_state(user=request.user, task=task)
    counts = selectors.state_counts(user=request.user, task_ids=[task.pk]).get(task.pk, {})
    troubled = selectors.troubled_states(user=request.user, task=task)
    context = {"task": task, "own": own, "is_commune": may_list_own_states(request.user),
               "counts": [(label, counts.get(v, 0)) for v, label in TaskState.choices],
               "guidance": selectors.guidance_list(user=request.user, task=task),
               "may_record_guidance": may_record_guidance(request.user, task),
               "troubled": list(troubled[:TROUBLED_SHOWN]), "troubled_total": troubled.count(),
               # A ministry sees only the cases addressed to it: the codes are shown without links.
               "link_cases": not (scope_of(request.user) and scope_of(request.user).is_ministry)}
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


@login_required
@require_http_methods(["GET", "POST"])
def guidance_new(request, code: str):
    """The owning ministry records a guidance document it issued for the task."""
    task = selectors.access_task(request.user, code)
    Forbidden.raise_if(guidance_refusal(request.user, task))
    form = GuidanceForm(request.POST or None, request.FILES or None)

    def record(data):
        return services.guidance_record(actor=request.user, task=task, number=data["number"],
                                        signed_on=data["signed_on"], excerpt=data["excerpt"], upload=data["file"],
                                        submission_key=pop_submission_key(data))

    return submit(request, form, record, template="core/form_page.html", then=lambda _guidance: task,
                  success=_("Đã ghi văn bản hướng dẫn của nhiệm vụ %(code)s.") % {"code": task.code},
                  context={"title": _("Ghi văn bản hướng dẫn"), "subtitle": f"{task.code} — {task.name}",
                           "submit_label": _("Ghi văn bản"), "cancel_url": task.get_absolute_url()})


@login_required
def guidance_download(request, code: str, pk: int):
    guidance = selectors.access_guidance(request.user, code, pk)
    return serve_private(guidance.file, guidance.file_name or f"{guidance.number.replace('/', '-')}.pdf")
