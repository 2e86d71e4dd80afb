from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from thongsuot.accounts.permissions import Action, scope_of
from thongsuot.audit.exports import xlsx_response
from thongsuot.core.errors import DomainError
from thongsuot.core.pagination import paginate
from thongsuot.core.vocabulary import Sector
from thongsuot.decentralisation import selectors, services
from thongsuot.decentralisation.forms import TaskStateForm
from thongsuot.decentralisation.models import DecentralisedTask, TaskState


@login_required
def tasks(request):
    query = request.GET.get("q", "")[:100]
    sector = request.GET.get("sector", "") if request.GET.get("sector", "") in Sector.values else ""
    missing = request.GET.get("missing") == "1"
    task_qs = selectors.task_list(user=request.user, query=query, sector=sector, missing_guidance=missing)
    if request.GET.get("export") == "xlsx":
        scope = scope_of(request.user)
        if scope is None or not scope.allows(Action.EXPORT):
            raise Http404
        task_rows = list(task_qs)
        counts = selectors.state_counts(user=request.user, task_ids=[t.pk for t in task_rows])
        empty = dict.fromkeys(TaskState.values, 0)
        rows = ([t.code, t.name, t.get_sector_display(), t.owning_ministry.name, t.legal_basis,
                 t.guidance_document if t.guidance_issued else _("Chưa có"),
                 *[counts.get(t.pk, empty)[s] for s in TaskState.values]] for t in task_rows)
        return xlsx_response(user=request.user, filename="nhiem-vu-phan-cap.xlsx",
                             title=_("Nhiệm vụ phân cấp cho cấp xã"),
                             headers=[_("Mã"), _("Nhiệm vụ"), pgettext("sector", "Lĩnh vực"), _("Bộ, ngành chủ trì"), _("Căn cứ"),
                                      _("Hướng dẫn"), *[str(label) for _v, label in TaskState.choices]],
                             rows=rows, filters={"q": query, "sector": sector, "missing": missing},
                             object_type="decentralisation.decentralisedtask")
    page = paginate(request, task_qs)
    counts = selectors.state_counts(user=request.user, task_ids=[t.pk for t in page.object_list])
    empty = dict.fromkeys(TaskState.values, 0)
    rows = [(t, [counts.get(t.pk, empty)[s] for s in TaskState.values]) for t in page.object_list]
    return render(request, "decentralisation/tasks.html", {
        "page": page, "rows": rows, "q": query, "sector": sector, "missing": missing, "sectors": Sector.choices,
        "states": TaskState.choices, "totals": selectors.totals(user=request.user),
        "querystring": request.GET.urlencode()})


@login_required
@require_http_methods(["GET", "POST"])
def task_detail(request, code: str):
    task = get_object_or_404(DecentralisedTask.objects.select_related("owning_ministry"), code=code)
    scope = scope_of(request.user)
    own = selectors.own_state(user=request.user, task=task)
    may_report = bool(scope and scope.is_commune and scope.allows(Action.EDIT))
    initial = {"state": own.state, "cause": own.cause, "note": own.note, "version": own.version} if own else {}
    form = TaskStateForm(request.POST or None, initial=initial) if may_report else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                row = services.task_state_set(actor=request.user, task=task, state=data["state"],
                                              cause=data["cause"], note=data["note"], version=data["version"])
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Đã cập nhật tình hình thực hiện nhiệm vụ %(code)s.") % {"code": code})
                if row.obstacle_id:
                    messages.info(request, _("Khó khăn, vướng mắc liên quan: %(code)s.") % {"code": row.obstacle.code})
                return redirect(task)
    counts = selectors.state_counts(user=request.user, task_ids=[task.pk]).get(task.pk, {})
    return render(request, "decentralisation/task.html", {
        "task": task, "own": own, "form": form, "counts": [(label, counts.get(v, 0)) for v, label in TaskState.choices]},
        status=400 if form is not None and form.errors else 200)
