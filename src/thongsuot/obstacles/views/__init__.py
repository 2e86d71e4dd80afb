from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from thongsuot.audit.exports import export_response
from thongsuot.core.errors import DomainError, Forbidden
from thongsuot.core.forms import act, pop_submission_key, submit, tell_refusal
from thongsuot.core.listing import wants_export
from thongsuot.core.pagination import paginate
from thongsuot.core.uploads import serve_private
from thongsuot.core.vocabulary import Domain
from thongsuot.obstacles import registries, selectors, services
from thongsuot.obstacles.exports import OBSTACLES
from thongsuot.obstacles.forms import (
    AnswerForm,
    AttachForm,
    CommentForm,
    EscalateForm,
    ObstacleFilterForm,
    ObstacleForm,
    SettingsForm,
    TransitionForm,
)
from thongsuot.obstacles.models import (
    CaseLevel,
    ObstacleSettings,
    Severity,
    Status,
)
from thongsuot.obstacles.permissions import (
    filing_refusal,
    may_compare_provinces,
    may_draft_request,
    may_edit_obstacle,
    may_file_obstacle,
    may_set_time_limits,
)
from thongsuot.obstacles.workflow import TRANSITIONS, available_moves, check_move, waiting_text

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
    pk: int = 0


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
            overdue=o.is_overdue(today), pk=o.pk))
    return rows


@login_required
def obstacle_list(request):
    filter_form = ObstacleFilterForm(request.GET, user=request.user)
    obstacles = selectors.obstacle_list(user=request.user, filters=filter_form.values())
    if wants_export(request):
        today = timezone.localdate()
        return export_response(request, OBSTACLES, obstacles, filters=filter_form.described(),
                               filename=f"{OBSTACLES.filename}-{today:%Y%m%d}")
    page = paginate(request, obstacles)
    return render(request, "obstacles/list.html", {
        "page": page, "rows": display_rows(page, timezone.localdate()), "filter_form": filter_form,
        "may_file": may_file_obstacle(request.user)})


@login_required
def queue(request):
    page = paginate(request, selectors.waiting_for_us(user=request.user))
    return render(request, "obstacles/queue.html", {"page": page, "rows": display_rows(page, timezone.localdate()),
                                                    "selectable": may_draft_request(request.user)})


@login_required
def overview(request):
    return render(request, "obstacles/overview.html", {
        "counts": selectors.counts(user=request.user),
        "provinces": selectors.counts_by_province(user=request.user) if may_compare_provinces(request.user) else []})


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    Forbidden.raise_if(filing_refusal(request.user))
    form = ObstacleForm(request.POST or None, request.FILES or None)

    def file(data):
        return services.obstacle_create(
            actor=request.user, title=data["title"], description=data["description"], domain=data["domain"],
            severity=data["severity"], classification=data["classification"] or "",
            submission_key=pop_submission_key(data), files=[data["attachment"]] if data["attachment"] else [],
            staff_field=data["staff_field"], headcount_needed=data["headcount_needed"],
            facility_subject=data["facility_subject"], equipment_category=data["equipment_category"],
            require_subject=True)

    return submit(request, form, file, template="core/form_page.html", then=lambda obstacle: obstacle,
                  success=lambda obstacle: _("Đã ghi nhận khó khăn %(code)s.") % {"code": obstacle.code},
                  context={"title": _("Phản ánh khó khăn, vướng mắc"), "submit_label": _("Gửi phản ánh"),
                           "cancel_url": reverse("obstacles:list")})


def _detail_context(request, obstacle, **extra):
    moves = available_moves(obstacle, request.user)
    simple = [(action, move) for action, move in moves if action in SIMPLE_ACTIONS]
    can_escalate, can_answer = any(a == "escalate" for a, _m in moves), any(a == "answer" for a, _m in moves)
    links = list(obstacle.resolution_links.all())
    urls = registries.link_urls(request.user, links)
    events = list(selectors.timeline(obstacle))
    for link in links:
        link.url = urls.get(link.pk, "")
    for event in events:
        event.links = [link for link in links if link.event_id == event.pk]
    resolving = any(a == "resolve" for a, _m in simple)
    return {"obstacle": obstacle, "subject": registries.subject_text(obstacle),
            "figure": registries.registry_figure(request.user, obstacle), "resolution_links": links,
            "candidates": registries.resolution_candidates(request.user, obstacle) if resolving else [],
            "events": events,
            "attachments": obstacle.attachments.all(),
            "requests": selectors.case_requests(obstacle),
            "moves": simple, "can_escalate": can_escalate, "can_answer": can_answer,
            "waiting": "" if moves else waiting_text(obstacle, request.user),
            "guidance": selectors.latest_answer(obstacle) if obstacle.status == Status.ANSWERED else None,
            "transition_form": TransitionForm(initial={"version": obstacle.version}),
            "comment_form": CommentForm(), "attach_form": AttachForm(),
            "can_edit": may_edit_obstacle(request.user, obstacle),
            "overdue": obstacle.is_overdue(), "linked_tasks": _linked_tasks(obstacle), **extra}


def _linked_tasks(obstacle):
    provider = getattr(obstacle, "task_states", None)
    return list(provider.select_related("task")) if provider is not None else []


@login_required
def detail(request, pk: int):
    obstacle = selectors.access_obstacle(request.user, pk)
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
    obstacle = selectors.access_obstacle(request.user, pk)
    if action not in SIMPLE_ACTIONS:
        raise Http404
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Biểu mẫu không hợp lệ. Vui lòng tải lại trang rồi thao tác lại."))
        return redirect(obstacle)
    try:
        services.obstacle_transition(actor=request.user, obstacle=obstacle, action=action,
                                     version=form.cleaned_data["version"], message=form.cleaned_data["message"],
                                     links=request.POST.getlist("links") if action == "resolve" else ())
    except DomainError as exc:
        tell_refusal(request, exc)
        context = _detail_context(request, selectors.access_obstacle(request.user, pk))
        return render(request, "obstacles/detail.html", context, status=exc.status_code)
    messages.success(request, _("Đã thực hiện: %(move)s.") % {"move": TRANSITIONS[action].label})
    return redirect(obstacle)


def _document_page(request, obstacle, form, action, *, heading: str, success: str, **context):
    return submit(request, form, action, template="obstacles/document_form.html", then=obstacle,
                  success=success, context={"obstacle": obstacle, "heading": heading, **context})


@login_required
@require_http_methods(["GET", "POST"])
def escalate(request, pk: int):
    obstacle = selectors.access_obstacle(request.user, pk)
    refused = _refuse_unless_allowed(request, obstacle, "escalate")
    if refused:
        return refused
    form = EscalateForm(request.POST or None, request.FILES or None, obstacle=obstacle,
                        initial={"version": obstacle.version})

    def send_up(data):
        ministry, national = form.target()
        return services.obstacle_escalate(
            actor=request.user, obstacle=obstacle, version=data["version"], message=data.get("message", ""),
            to_ministry=ministry, to_national=national, number=data.get("number", ""),
            signed_on=data.get("signed_on"), signer_name=data.get("signer_name", ""),
            signer_title=data.get("signer_title", ""), content=data.get("content", ""), file=data.get("file"))

    return _document_page(request, obstacle, form, send_up, heading=pgettext("obstacle move", "Chuyển cấp trên"),
                          success=_("Đã chuyển khó khăn %(code)s lên cấp trên.") % {"code": obstacle.code})


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, pk: int):
    obstacle = selectors.access_obstacle(request.user, pk)
    refused = _refuse_unless_allowed(request, obstacle, "answer")
    if refused:
        return refused
    form = AnswerForm(request.POST or None, request.FILES or None, initial={"version": obstacle.version})

    def send_answer(data):
        return services.obstacle_answer(actor=request.user, obstacle=obstacle, version=data["version"],
                                        number=data["number"], signed_on=data["signed_on"],
                                        signer_name=data["signer_name"], signer_title=data["signer_title"],
                                        guidance=data["guidance"], file=data.get("file"))

    return _document_page(request, obstacle, form, send_answer,
                          heading=pgettext("obstacle move", "Trả lời bằng văn bản"),
                          success=_("Đã gửi văn bản trả lời cho khó khăn %(code)s.") % {"code": obstacle.code},
                          request_doc=selectors.open_request(obstacle))


@login_required
@require_POST
def comment(request, pk: int):
    obstacle = selectors.access_obstacle(request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        act(request, lambda: services.obstacle_comment(
            actor=request.user, obstacle=obstacle, message=form.cleaned_data["message"]), _("Đã ghi ý kiến."))
    else:
        messages.error(request, _("Ý kiến không được để trống."))
    return redirect(obstacle)


@login_required
@require_POST
def attach(request, pk: int):
    obstacle = selectors.access_obstacle(request.user, pk)
    form = AttachForm(request.POST, request.FILES)
    if form.is_valid():
        if act(request, lambda: services.obstacle_attach(
                actor=request.user, obstacle=obstacle, upload=form.cleaned_data["file"]),
               _("Đã đính kèm tài liệu.")) is not None:
            return redirect(obstacle)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return render(request, "obstacles/detail.html", _detail_context(request, obstacle), status=400)


@login_required
def attachment_download(request, pk: int, attachment_pk: int):
    attachment = selectors.access_attachment(request.user, pk, attachment_pk)
    return serve_private(attachment.file, attachment.name)


@login_required
def document_download(request, pk: int, kind: str, doc_pk: int):
    document = selectors.access_document(request.user, pk, kind, doc_pk)
    return serve_private(document.file, document.file_name or f"{document.number.replace('/', '-')}.pdf")


@login_required
def notifications(request):
    """The old address of the case notices: they live in the one inbox now, where reading them is a
    deliberate POST (a GET never marks anything read)."""
    return redirect(f"{reverse('notifications:inbox')}?chua-doc=1", permanent=True)


@login_required
@require_http_methods(["GET", "POST"])
def time_limits(request):
    if not may_set_time_limits(request.user):
        raise Http404
    # Not the per-process cached copy: the version the page hands out must be the stored one.
    row = ObstacleSettings.objects.get_or_create(pk=1)[0]
    form = SettingsForm(request.POST or None, initial={name: getattr(row, name) for name in SettingsForm.base_fields})
    return submit(request, form, lambda data: services.obstacle_settings_update(actor=request.user, **data),
                  template="core/form_page.html", then="obstacles:time_limits", success=_("Đã lưu thời hạn xử lý."),
                  context={"title": _("Thời hạn xử lý khó khăn theo cấp"), "intro": _(
                      "Tính theo ngày làm việc (trừ thứ Bảy, Chủ nhật, ngày lễ, Tết; tính ngày làm bù).")})

