"""Cases tied to the registries: what a staffing or facilities case is about in the registries' terms,
the commune's current figure for it, and the registry records that can be named as what settled it.

Everything here reads the other apps through their selectors, scoped to the reader: a figure or a
record the reader may not see is not shown (a ministry outside a sector sees no staffing figure;
nobody above the province sees personnel actions, which name people).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from thongsuot.core.errors import DomainError
from thongsuot.core.vocabulary import Domain, StaffField
from thongsuot.facilities import permissions as facilities_rules
from thongsuot.facilities import selectors as facilities
from thongsuot.obstacles.choices import FacilitySubject, ResolutionKind
from thongsuot.obstacles.models import Obstacle, ResolutionLink
from thongsuot.staffing import selectors as staffing

#: The domain whose cases name a specialty and a headcount.
STAFF_DOMAINS = frozenset({Domain.ORG_STAFF})
#: The facilities domains and what their cases may be about.
FACILITY_SUBJECTS: dict[str, tuple[str, ...]] = {
    Domain.HQ_ASSETS: (FacilitySubject.PREMISES, FacilitySubject.EQUIPMENT),
    Domain.EQUIPMENT_IT: (FacilitySubject.EQUIPMENT, FacilitySubject.CONNECTIVITY),
}
#: The records that may settle a case of each domain.
RESOLUTION_KINDS: dict[str, tuple[str, ...]] = {
    Domain.ORG_STAFF: (ResolutionKind.PERSONNEL_ACTION,),
    Domain.HQ_ASSETS: (ResolutionKind.HANDLING_PLAN, ResolutionKind.PROCUREMENT),
    Domain.EQUIPMENT_IT: (ResolutionKind.PROCUREMENT, ResolutionKind.OUTAGE, ResolutionKind.CONNECTIVITY),
}
MAX_HEADCOUNT = 999
#: How many records of each kind the resolving form offers (the newest).
CANDIDATES_PER_KIND = 15


def equipment_categories() -> dict[str, str]:
    return {value: str(label) for value, label in facilities.equipment_category_choices()}


def check_subject(*, domain: str, staff_field: str = "", headcount_needed: int | None = None,
                  facility_subject: str = "", equipment_category: str = "", required: bool = False) -> dict:
    """Return the case's subject fields cleaned for its domain, or raise naming the field.

    `required`: the filing form and the API ask a staffing case for its specialty and headcount and a
    facilities case for what it concerns; other callers (a decentralised task's case, seeding) may omit them.
    Fields that do not belong to the domain are dropped."""
    staff_field, facility_subject = staff_field or "", facility_subject or ""
    equipment_category = equipment_category or ""
    clean = {"staff_field": "", "headcount_needed": None, "facility_subject": "", "equipment_category": ""}
    if domain in STAFF_DOMAINS:
        if staff_field and staff_field not in StaffField.values:
            raise DomainError(_("Chuyên ngành cần bố trí “%(value)s” không có trong danh mục.")
                              % {"value": staff_field}, field="staff_field")
        if required and not staff_field:
            raise DomainError(_("Khó khăn về tổ chức bộ máy, cán bộ cần chọn chuyên ngành cần bố trí."),
                              field="staff_field")
        if headcount_needed is not None and not 0 <= headcount_needed <= MAX_HEADCOUNT:
            raise DomainError(_("Số người cần bổ sung phải từ 0 đến %(max)d.") % {"max": MAX_HEADCOUNT},
                              field="headcount_needed")
        if required and headcount_needed is None:
            raise DomainError(_("Khó khăn về tổ chức bộ máy, cán bộ cần ghi số người cần bổ sung "
                                "(ghi 0 nếu không phải thiếu người)."), field="headcount_needed")
        clean.update(staff_field=staff_field, headcount_needed=headcount_needed)
    allowed = FACILITY_SUBJECTS.get(domain)
    if allowed:
        names = ", ".join(str(FacilitySubject(s).label) for s in allowed)
        if facility_subject and facility_subject not in allowed:
            raise DomainError(_("Nội dung liên quan phải là một trong: %(choices)s.") % {"choices": names},
                              field="facility_subject")
        if required and not facility_subject:
            raise DomainError(_("Khó khăn về %(domain)s cần chọn nội dung liên quan: %(choices)s.")
                              % {"domain": Domain(domain).label.lower(), "choices": names}, field="facility_subject")
        if facility_subject == FacilitySubject.EQUIPMENT:
            if equipment_category and equipment_category not in equipment_categories():
                raise DomainError(_("Loại thiết bị “%(value)s” không có trong danh mục.")
                                  % {"value": equipment_category}, field="equipment_category")
            if required and not equipment_category:
                raise DomainError(_("Khó khăn về trang thiết bị cần chọn loại thiết bị."), field="equipment_category")
        else:
            equipment_category = ""
        clean.update(facility_subject=facility_subject, equipment_category=equipment_category)
    return clean


def subject_text(obstacle: Obstacle) -> str:
    """The case's subject in a line ("Công nghệ thông tin: cần 1 người", "Trang thiết bị: Máy tính")."""
    if obstacle.staff_field:
        text = str(StaffField(obstacle.staff_field).label)
        if obstacle.headcount_needed:
            text += _(": cần bổ sung %(n)d người") % {"n": obstacle.headcount_needed}
        return text
    if obstacle.facility_subject:
        text = str(FacilitySubject(obstacle.facility_subject).label)
        if obstacle.equipment_category:
            text += ": " + equipment_categories().get(obstacle.equipment_category, obstacle.equipment_category)
        return text
    return ""


@dataclass
class Figure:
    """The commune's current registry figure for what a case is about."""

    heading: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    url: str = ""
    #: The line to stress (a shortage, a gap), empty when the registry shows none.
    alert: str = ""


def _yes_no(value: bool) -> str:
    return _("Có") if value else _("Chưa")


def _staffing_figure(user, obstacle: Obstacle) -> Figure | None:
    label = StaffField(obstacle.staff_field).label
    if obstacle.commune_id:
        row = next((r for r in staffing.commune_staffing(user=user, commune=obstacle.commune)
                    if r.field == obstacle.staff_field), None)
        if row is None:
            return None
        headcount, active, gap = row.headcount, row.active_count, row.gap
        url = reverse("staffing:commune", args=[obstacle.commune.code])
        heading = _("Số liệu nhân sự của %(place)s: %(field)s") % {"place": obstacle.commune.name, "field": label}
    else:
        row = next((r for r in staffing.field_summary(user=user, province_id=obstacle.province_id)
                    if r["field"] == obstacle.staff_field), None)
        if row is None:
            return None
        headcount, active, gap = row["headcount"], row["active"], row["shortage"]
        url = reverse("staffing:shortages") + f"?province={obstacle.province.code}&field={obstacle.staff_field}"
        heading = _("Số liệu nhân sự của %(place)s: %(field)s") % {"place": obstacle.province.name, "field": label}
    figure = Figure(heading=heading, url=url, facts=[(_("Định biên"), str(headcount)),
                                                      (_("Đang làm việc"), str(active))])
    if gap > 0:
        figure.alert = _("Thiếu %(n)d người") % {"n": gap}
    else:
        figure.facts.append((_("Thiếu"), _("Không thiếu") if gap == 0 else _("Thừa %(n)d người") % {"n": -gap}))
    return figure


def _facilities_figure(user, obstacle: Obstacle) -> Figure | None:
    if not obstacle.commune_id:
        return None
    commune = obstacle.commune
    place = commune.name
    if obstacle.facility_subject == FacilitySubject.EQUIPMENT:
        categories = equipment_categories()
        category = obstacle.equipment_category
        need = facilities.equipment_list(user=user, category=category, commune=commune.code).first()
        heading = _("Số liệu thiết bị của %(place)s: %(category)s") % {
            "place": place, "category": categories.get(category, category)}
        url = reverse("facilities:equipment") + f"?commune={commune.code}&category={category}"
        if need is None:
            return Figure(heading=heading, url=url, facts=[(_("Số liệu"), _("Xã chưa khai báo loại thiết bị này."))])
        figure = Figure(heading=heading, url=url, facts=[(_("Số cần có"), str(need.required)),
                                                          (_("Số hiện có"), str(need.available))])
        gap = need.required - need.available
        if gap > 0:
            figure.alert = _("Thiếu %(n)d thiết bị") % {"n": gap}
        else:
            figure.facts.append((_("Thiếu"), _("Không thiếu")))
        return figure
    if obstacle.facility_subject == FacilitySubject.CONNECTIVITY:
        heading = _("Hiện trạng kết nối của %(place)s") % {"place": place}
        url = reverse("facilities:commune_connectivity", args=[commune.code])
        row = facilities.connectivity_list(user=user, commune=commune.code).first()
        ongoing = facilities.outage_list(user=user, commune=commune.code, ongoing=True).count()
        if row is None:
            return Figure(heading=heading, url=url, facts=[(_("Số liệu"), _("Xã chưa khai báo hiện trạng kết nối."))])
        figure = Figure(heading=heading, url=url, facts=[
            (_("Băng rộng cố định"), _("%(mbps)s Mbps") % {"mbps": row.broadband_mbps}),
            (_("Sóng di động"), row.get_mobile_coverage_display()),
            (_("Mạng truyền số liệu chuyên dùng"), _yes_no(row.government_network)),
            (_("Sẵn sàng họp trực tuyến"), _yes_no(row.video_conference_ready))])
        if ongoing:
            figure.alert = _("%(n)d sự cố kết nối chưa khắc phục") % {"n": ongoing}
        return figure
    if obstacle.facility_subject == FacilitySubject.PREMISES:
        surplus_status = facilities.FacilityStatus.SURPLUS
        surplus = facilities.facility_list(user=user, status=surplus_status, commune=commune.code).count()
        remaining = facilities.facility_list(user=user, plan_state="remaining", commune=commune.code).count()
        figure = Figure(heading=_("Trụ sở, nhà đất dôi dư của %(place)s") % {"place": place},
                        url=reverse("facilities:facilities") + f"?commune={commune.code}&status={surplus_status}",
                        facts=[(_("Cơ sở dôi dư"), str(surplus)), (_("Đã xử lý xong"), str(surplus - remaining))])
        if remaining:
            figure.alert = _("%(n)d cơ sở chưa xử lý xong") % {"n": remaining}
        return figure
    return None


def registry_figure(user, obstacle: Obstacle) -> Figure | None:
    """Return the current registry figure for what the case is about, as the reader may see it, or None."""
    if obstacle.staff_field and obstacle.domain in STAFF_DOMAINS:
        return _staffing_figure(user, obstacle)
    if obstacle.facility_subject and obstacle.domain in FACILITY_SUBJECTS:
        if not facilities_rules.may_see_facilities(user):
            return None
        return _facilities_figure(user, obstacle)
    return None


# ---------------------------------------------------------------- the records that settled a case

@dataclass(frozen=True)
class Candidate:
    kind: str
    object_id: int
    label: str

    @property
    def token(self) -> str:
        return f"{self.kind}:{self.object_id}"

    @property
    def kind_label(self) -> str:
        return str(ResolutionKind(self.kind).label)


def _place(obstacle: Obstacle) -> dict:
    return {"commune": obstacle.commune.code} if obstacle.commune_id else {"province": obstacle.province.code}


def _personnel_actions(user, obstacle: Obstacle) -> list[Candidate]:
    actions = staffing.action_list(user=user)
    if obstacle.commune_id:
        actions = actions.filter(Q(commune_id=obstacle.commune_id) | Q(to_commune_id=obstacle.commune_id))
    else:
        actions = actions.filter(province_id=obstacle.province_id)
    if obstacle.staff_field:
        # The case's specialty: the person's field, or the field a transfer moved them to.
        actions = actions.filter(Q(member__field=obstacle.staff_field) | Q(to_field=obstacle.staff_field))
    out = []
    for action in actions[:CANDIDATES_PER_KIND]:
        field_label = StaffField(action.member.field).label if action.member.field in StaffField.values else ""
        out.append(Candidate(ResolutionKind.PERSONNEL_ACTION, action.pk, _(
            "%(kind)s số %(number)s ngày %(date)s: %(name)s (%(field)s)") % {
            "kind": action.get_kind_display(), "number": action.decision_number,
            "date": date_format(action.decision_date, "d/m/Y"), "name": action.member.full_name, "field": field_label}))
    return out


def _handling_plans(user, obstacle: Obstacle) -> list[Candidate]:
    return [Candidate(ResolutionKind.HANDLING_PLAN, plan.pk, _("%(method)s: %(facility)s (%(state)s)") % {
        "method": plan.get_method_display(), "facility": plan.facility.name, "state": plan.get_state_display()})
        for plan in facilities.plan_list(user=user, **_place(obstacle))[:CANDIDATES_PER_KIND]]


def _procurements(user, obstacle: Obstacle) -> list[Candidate]:
    return [Candidate(ResolutionKind.PROCUREMENT, row.pk, _("%(category)s: %(n)d (%(state)s)") % {
        "category": row.get_category_display(), "n": row.quantity, "state": row.get_state_display()})
        for row in facilities.procurement_list(user=user, **_place(obstacle))[:CANDIDATES_PER_KIND]]


def _outages(user, obstacle: Obstacle) -> list[Candidate]:
    outages = facilities.outage_list(user=user, **_place(obstacle)).filter(ended_at__isnull=False)
    return [Candidate(ResolutionKind.OUTAGE, row.pk, _("Sự cố ngày %(start)s, đã khắc phục ngày %(end)s: %(cause)s") % {
        "start": date_format(row.started_at, "d/m/Y"), "end": date_format(row.ended_at, "d/m/Y"), "cause": row.cause})
        for row in outages[:CANDIDATES_PER_KIND]]


def _connectivity(user, obstacle: Obstacle) -> list[Candidate]:
    return [Candidate(ResolutionKind.CONNECTIVITY, row.pk, _(
        "Hiện trạng kết nối %(place)s: %(mbps)s Mbps, %(mobile)s (cập nhật %(date)s)") % {
        "place": row.commune.name, "mbps": row.broadband_mbps, "mobile": row.get_mobile_coverage_display(),
        "date": date_format(row.updated_at, "d/m/Y")})
        for row in facilities.connectivity_list(user=user, **_place(obstacle))[:CANDIDATES_PER_KIND]]


READERS = {
    ResolutionKind.PERSONNEL_ACTION: _personnel_actions,
    ResolutionKind.HANDLING_PLAN: _handling_plans,
    ResolutionKind.PROCUREMENT: _procurements,
    ResolutionKind.OUTAGE: _outages,
    ResolutionKind.CONNECTIVITY: _connectivity,
}


def resolution_candidates(user, obstacle: Obstacle) -> list[Candidate]:
    """The records of the case's commune (its province's, for a case the province filed) that the user
    may name as what settled it, newest first within each kind."""
    candidates: list[Candidate] = []
    for kind in RESOLUTION_KINDS.get(obstacle.domain, ()):
        candidates += READERS[kind](user, obstacle)
    return candidates


def chosen_records(user, obstacle: Obstacle, tokens) -> list[Candidate]:
    """Return the candidates named by `tokens` ("kind:id"), or raise naming the field `links`."""
    tokens = [t for t in dict.fromkeys(tokens or ()) if t]
    if not tokens:
        return []
    offered = {c.token: c for c in resolution_candidates(user, obstacle)}
    chosen = []
    for token in tokens:
        if token not in offered:
            raise DomainError(_("Hồ sơ “%(token)s” không phải hồ sơ của địa bàn khó khăn này trong phạm vi của bạn.")
                              % {"token": token}, field="links")
        chosen.append(offered[token])
    return chosen


def link_urls(user, links: list[ResolutionLink]) -> dict[int, str]:
    """Return, by link id, the address of each linked record the reader may open."""
    by_kind: dict[str, list[ResolutionLink]] = {}
    for link in links:
        by_kind.setdefault(link.kind, []).append(link)
    urls: dict[int, str] = {}
    for kind, rows in by_kind.items():
        ids = [r.object_id for r in rows]
        if kind == ResolutionKind.PERSONNEL_ACTION:
            members = dict(staffing.action_list(user=user).filter(pk__in=ids).values_list("pk", "member_id"))
            pages = {pk: reverse("staffing:member", args=[member]) for pk, member in members.items()}
        elif kind == ResolutionKind.HANDLING_PLAN:
            plans = dict(facilities.plan_list(user=user).filter(pk__in=ids).values_list("pk", "facility_id"))
            pages = {pk: reverse("facilities:facility", args=[facility]) for pk, facility in plans.items()}
        elif kind == ResolutionKind.PROCUREMENT:
            rows_seen = facilities.procurement_list(user=user).filter(pk__in=ids).values_list("pk", "commune__code")
            pages = {pk: reverse("facilities:procurement") + f"?commune={code}" for pk, code in rows_seen}
        elif kind == ResolutionKind.OUTAGE:
            rows_seen = facilities.outage_list(user=user).filter(pk__in=ids).values_list("pk", "commune__code")
            pages = {pk: reverse("facilities:outages") + f"?commune={code}" for pk, code in rows_seen}
        else:
            rows_seen = facilities.connectivity_list(user=user).filter(pk__in=ids).values_list("pk", "commune__code")
            pages = {pk: reverse("facilities:commune_connectivity", args=[code]) for pk, code in rows_seen}
        for row in rows:
            if row.object_id in pages:
                urls[row.pk] = pages[row.object_id]
    return urls
