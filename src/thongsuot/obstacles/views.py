from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from thongsuot.accounts.permissions import Action, scope_of
from thongsuot.audit.exports import xlsx_response
from thongsuot.core.errors import DomainError
from thongsuot.core.pagination import paginate
from thongsuot.core.uploads import serve_private
from thongsuot.core.vocabulary import Domain
from thongsuot.obstacles import selectors, services
from thongsuot.obstacles.forms import (
    AnswerForm,
    AttachForm,
    CommentForm,
    EscalateForm,
    ObstacleForm,
    SettingsForm,
    TransitionForm,
)
from thongsuot.obstacles.models import (
    CaseLevel,
    EscalationAnswer,
    EscalationRequest,
    ObstacleSettings,
    Severity,
    Status,
)
from thongsuot.obstacles.workflow import TRANSITIONS, available_moves, check_move

SIMPLE_ACTIONS = {a for a in TRANSITIONS if a not in ("escalate", "answer")}
BADGE = {Status.CLOSED: "ok", Status.RESOLVED: "ok", Status.RETURNED: "warn", Status.ESCALATED: "info",
         Status.ANSWERED: "info"}


@dataclass(frozen=True)
class Row:
    """One list row, with every label resolved once: list pages render fast on weak links."""

    code: str
    url: str
    title: str
    severity: str
    urgent: bool
    domain: str
    place: str
    status: str
    badge: str
    level: str
    agency: str
    due: str
    overdue: bool


def display_rows(obstacles, today) -> list[Row]:
    statuses, domains = {k: str(v) for k, v in Status.choices}, {k: str(v) for k, v in Domain.choices}
    levels = {k: str(v) for k, v in CaseLevel.choices}
    severities = {k: str(v) for k, v in Severity.choices}
    base = reverse("obstacles:detail", args=[0])[:-2]
    rows = []
    for o in obstacles:
        rows.append(Row(
            code=o.code, url=f"{base}{o.pk}/", title=o.title, severity=severities[o.severity],
            urgent=o.severity in (Severity.HIGH, Severity.CRITICAL), domain=domains[o.domain],
            place=f"{o.commune.name}, {o.province.name}" if o.commune_id else o.province.name,
            status=statuses[o.status], badge=BADGE.get(o.status, ""), level=levels[o.level],
            agency=o.responsible_agency.name, due=o.due_date.strftime("%d/%m/%Y") if o.due_date else "—",
            overdue=o.is_overdue(today)))
    return rows


def _filter_context(request, filters):
    return {"filters": filters, "statuses": Status.choices, "domains": Domain.choices, "levels": CaseLevel.choices,
            "sorts": [("new", _("Mới nhất")), ("old", _("Cũ nhất")), ("due", _("Hạn gần nhất")),
                      ("severity", _("Mức độ"))],
            "today": timezone.localdate(), "querystring": request.GET.urlencode()}


@login_required
def obstacle_list(request):
    filters = selectors.Filters.from_params(request.GET)
    obstacles = selectors.obstacle_list(user=request.user, filters=filters)
    if request.GET.get("export") == "xlsx":
        return _export(request, obstacles, filters)
    page = paginate(request, obstacles)
    return render(request, "obstacles/list.html", {"page": page, "rows": display_rows(page, timezone.localdate()),
                                                   **_filter_context(request, filters)})


def _export(request, obstacles, filters):
    scope = scope_of(request.user)
    if scope is None or not scope.allows(Action.EXPORT):
        raise Http404
    today = timezone.localdate()
    rows = ((o.code, o.title, o.get_domain_display(), o.get_severity_display(), o.get_status_display(),
             o.get_level_display(), o.province.name, o.commune.name if o.commune else "", o.responsible_agency.name,
             o.created_at, o.due_date, _("Quá hạn") if o.is_overdue(today) else "")
            for o in obstacles[:50000])
    return xlsx_response(user=request.user, filename=f"kho-khan-{today:%Y%m%d}.xlsx",
                         title=_("Danh sách khó khăn, vướng mắc"),
                         headers=[_("Mã"), _("Tiêu đề"), _("Lĩnh vực"), _("Mức độ"), _("Trạng thái"), _("Cấp"),
                                  _("Tỉnh, thành phố"), _("Xã, phường, đặc khu"), _("Cơ quan đang xử lý"),
                                  _("Ngày phản ánh"), _("Hạn xử lý"), _("Quá hạn")],
                         rows=rows, filters=filters.as_dict(), object_type="obstacles.obstacle")


@login_required
def queue(request):
    page = paginate(request, selectors.waiting_for_us(user=request.user))
    return render(request, "obstacles/queue.html", {"page": page, "rows": display_rows(page, timezone.localdate())})


@login_required
def overview(request):
    scope = scope_of(request.user)
    return render(request, "obstacles/overview.html", {
        "counts": selectors.counts(user=request.user), "scope": scope,
        "provinces": selectors.counts_by_province(user=request.user)
        if scope and (scope.is_central or scope.is_ministry) else []})


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    scope = scope_of(request.user)
    if scope is None or not (scope.is_commune or scope.is_province) or not scope.allows(Action.CREATE):
        raise Http404
    form = ObstacleForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            obstacle = services.obstacle_create(
                actor=request.user, title=data["title"], description=data["description"], domain=data["domain"],
                severity=data["severity"], classification=data["classification"] or "",
                idempotency_key=data["idempotency_key"], files=[data["attachment"]] if data["attachment"] else [])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã ghi nhận khó khăn %(code)s.") % {"code": obstacle.code})
            return redirect(obstacle)
    return render(request, "obstacles/form.html", {"form": form}, status=400 if form.errors else 200)


def _detail_context(request, obstacle, **extra):
    moves = available_moves(obstacle, request.user)
    simple = [(action, move) for action, move in moves if action in SIMPLE_ACTIONS]
    scope = scope_of(request.user)
    can_edit = bool(scope and scope.allows(Action.EDIT))
    return {"obstacle": obstacle, "events": selectors.timeline(obstacle),
            "attachments": obstacle.attachments.all(),
            "requests": obstacle.requests.select_related("to_agency", "from_agency", "answer", "answer__agency"),
            "moves": simple, "can_escalate": any(a == "escalate" for a, _m in moves),
            "can_answer": any(a == "answer" for a, _m in moves),
            "transition_form": TransitionForm(initial={"version": obstacle.version}),
            "comment_form": CommentForm(), "attach_form": AttachForm(), "can_edit": can_edit,
            "overdue": obstacle.is_overdue(), "linked_tasks": _linked_tasks(obstacle), **extra}


def _linked_tasks(obstacle):
    provider = getattr(obstacle, "task_states", None)
    return list(provider.select_related("task")) if provider is not None else []


@login_required
def detail(request, pk: int):
    obstacle = selectors.get_obstacle(request.user, pk)
    return render(request, "obstacles/detail.html", _detail_context(request, obstacle))


def _refuse_unless_allowed(request, obstacle, action: str):
    """Send the user back to the case, with the reason, when the move is not theirs to make now."""
    try:
        check_move(obstacle, action, request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(obstacle)
    return None


@login_required
@require_POST
def transition(request, pk: int, action: str):
    obstacle = selectors.get_obstacle(request.user, pk)
    if action not in SIMPLE_ACTIONS:
        raise Http404
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Biểu mẫu không hợp lệ. Vui lòng tải lại trang rồi thao tác lại."))
        return redirect(obstacle)
    try:
        services.obstacle_transition(actor=request.user, obstacle=obstacle, action=action,
                                     version=form.cleaned_data["version"], message=form.cleaned_data["message"])
    except DomainError as exc:
        messages.error(request, exc.message)
        status = exc.status_code
        context = _detail_context(request, selectors.get_obstacle(request.user, pk))
        return render(request, "obstacles/detail.html", context, status=status)
    messages.success(request, _("Đã thực hiện: %(move)s.") % {"move": TRANSITIONS[action].label})
    return redirect(obstacle)


@login_required
@require_http_methods(["GET", "POST"])
def escalate(request, pk: int):
    obstacle = selectors.get_obstacle(request.user, pk)
    refused = _refuse_unless_allowed(request, obstacle, "escalate")
    if refused:
        return refused
    form = EscalateForm(request.POST or None, request.FILES or None, obstacle=obstacle,
                        initial={"version": obstacle.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ministry, national = form.target()
        try:
            services.obstacle_escalate(
                actor=request.user, obstacle=obstacle, version=data["version"], message=data.get("message", ""),
                to_ministry=ministry, to_national=national, number=data.get("number", ""),
                signed_on=data.get("signed_on"), signer_name=data.get("signer_name", ""),
                signer_title=data.get("signer_title", ""), content=data.get("content", ""), file=data.get("file"))
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            status = exc.status_code
        else:
            messages.success(request, _("Đã chuyển khó khăn %(code)s lên cấp trên.") % {"code": obstacle.code})
            return redirect(obstacle)
    elif request.method == "POST":
        status = 400
    return render(request, "obstacles/document_form.html", {
        "form": form, "obstacle": obstacle, "heading": pgettext("obstacle move", "Chuyển cấp trên")}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, pk: int):
    obstacle = selectors.get_obstacle(request.user, pk)
    refused = _refuse_unless_allowed(request, obstacle, "answer")
    if refused:
        return refused
    form = AnswerForm(request.POST or None, request.FILES or None, initial={"version": obstacle.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.obstacle_answer(actor=request.user, obstacle=obstacle, version=data["version"],
                                     number=data["number"], signed_on=data["signed_on"],
                                     signer_name=data["signer_name"], signer_title=data["signer_title"],
                                     guidance=data["guidance"], file=data.get("file"))
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            status = exc.status_code
        else:
            messages.success(request, _("Đã gửi văn bản trả lời cho khó khăn %(code)s.") % {"code": obstacle.code})
            return redirect(obstacle)
    elif request.method == "POST":
        status = 400
    return render(request, "obstacles/document_form.html", {
        "form": form, "obstacle": obstacle, "heading": pgettext("obstacle move", "Trả lời bằng văn bản"),
        "request_doc": obstacle.requests.filter(answer__isnull=True).last()}, status=status)


@login_required
@require_POST
def comment(request, pk: int):
    obstacle = selectors.get_obstacle(request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.obstacle_comment(actor=request.user, obstacle=obstacle, message=form.cleaned_data["message"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã ghi ý kiến."))
    else:
        messages.error(request, _("Ý kiến không được để trống."))
    return redirect(obstacle)


@login_required
@require_POST
def attach(request, pk: int):
    obstacle = selectors.get_obstacle(request.user, pk)
    form = AttachForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.obstacle_attach(actor=request.user, obstacle=obstacle, upload=form.cleaned_data["file"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã đính kèm tài liệu."))
            return redirect(obstacle)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return render(request, "obstacles/detail.html", _detail_context(request, obstacle), status=400)


@login_required
def attachment_download(request, pk: int, attachment_pk: int):
    obstacle = selectors.get_obstacle(request.user, pk)
    attachment = get_object_or_404(obstacle.attachments, pk=attachment_pk)
    return serve_private(attachment.file, attachment.name)


@login_required
def document_download(request, pk: int, kind: str, doc_pk: int):
    obstacle = selectors.get_obstacle(request.user, pk)
    model = {"de-nghi": EscalationRequest, "tra-loi": EscalationAnswer}.get(kind)
    if model is None:
        raise Http404
    document = get_object_or_404(model, pk=doc_pk, obstacle=obstacle)
    if not document.file:
        raise Http404
    return serve_private(document.file, document.file_name or f"{document.number.replace('/', '-')}.pdf")


@login_required
def notifications(request):
    page = paginate(request, selectors.notification_list(user=request.user))
    response = render(request, "obstacles/notifications.html", {"page": page})
    selectors.unread_notifications(user=request.user).update(read_at=timezone.now())
    return response


@login_required
@require_http_methods(["GET", "POST"])
def time_limits(request):
    scope = scope_of(request.user)
    if scope is None or not scope.is_central or not scope.allows(Action.MANAGE_MEMBERS):
        raise Http404
    row = ObstacleSettings.current()
    form = SettingsForm(request.POST or None, initial={
        name: getattr(row, name) for name in ("commune_days", "province_days", "ministry_days", "national_days",
                                              "overdue_action")})
    if request.method == "POST" and form.is_valid():
        try:
            services.obstacle_settings_update(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã lưu thời hạn xử lý."))
            return redirect("obstacles:time_limits")
    return render(request, "obstacles/settings.html", {"form": form}, status=400 if form.errors else 200)
