"""The campaign's measures: what each figure counts, its target, and the rule that gives its status.

Every figure is read from a summary the owning app keeps in the same transaction as each change
(obstacle tallies, decentralised-task states, staffing quotas' `gap`, facilities' readiness rows
and equipment needs, procedures' daily dossier counters), through that app's scoped selector, so
a change filed by a commune shows in the national figure on the next page load. The rules are
shown on the scorecard page (`RULES`); keep them in step with `status_of`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Greatest
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thongsuot.decentralisation import selectors as decentralisation
from thongsuot.facilities import selectors as facilities
from thongsuot.obstacles import selectors as obstacles
from thongsuot.procedures import selectors as procedures
from thongsuot.staffing import selectors as staffing

MET, NOT_MET, NO_DATA = "met", "not_met", "no_data"
STATUS_LABELS = {MET: _("đạt"), NOT_MET: _("chưa đạt"), NO_DATA: _("không có số liệu")}
STATUS_BADGES = {MET: "ok", NOT_MET: "bad", NO_DATA: "muted"}
#: The share of dossiers finished on time (early or on the day) the campaign asks of every place.
ON_TIME_TARGET = 95
TROUBLE_STATES = (decentralisation.TaskState.DIFFICULT, decentralisation.TaskState.CANNOT_IMPLEMENT)


@dataclass(frozen=True)
class Place:
    """Where the scorecard stands: the nation (rows are provinces), a province (rows are its
    communes) or a commune (one row)."""

    province: object = None
    commune: object = None

    @property
    def level(self) -> str:
        return "commune" if self.commune else "province" if self.province else "nation"

    @property
    def group(self) -> str:
        return "province_id" if self.province is None else "commune_id"

    def narrow(self, rows):
        if self.commune is not None:
            return rows.filter(commune_id=self.commune.pk)
        if self.province is not None:
            return rows.filter(province_id=self.province.pk)
        return rows

    def grouped(self, rows, **sums) -> dict:
        rows = self.narrow(rows).order_by().values(self.group).annotate(**sums)
        return {row[self.group]: row for row in rows}

    @property
    def filters(self) -> dict:
        """The list pages' own filter parameters for this place."""
        if self.commune is not None:
            return {"province": self.province.code, "commune": self.commune.code}
        if self.province is not None:
            return {"province": self.province.code}
        return {}


@lru_cache(maxsize=64)
def _path(url_name: str, prefix: str) -> str:
    return reverse(url_name)


def _link(url_name: str, place: Place, names=("province", "commune"), **extra) -> str:
    """The list page's address with the place's filters. Built by hand, not with `urlencode`: a
    province's scorecard builds ~800 of them, and every part is digits or a fixed ASCII word."""
    params = []
    if place.province is not None:
        params.append(f"{names[0]}={place.province.code}")
        if place.commune is not None:
            params.append(f"{names[1]}={place.commune.code}")
    params.extend(f"{key}={value}" for key, value in extra.items())
    return _path(url_name, get_script_prefix()) + ("?" + "&".join(params) if params else "")


#: Stand-ins for a row's codes in a link built once per column (`link_template`).
PROVINCE_MARK, COMMUNE_MARK = "\x01", "\x02"


@dataclass(frozen=True)
class _Mark:
    code: str
    pk: None = None


def link_template(measure, *, commune: bool) -> str:
    """A measure's link for any row of a table, with the row's codes as `PROVINCE_MARK` and
    `COMMUNE_MARK`: a table builds one per column and fills in each row's codes."""
    return measure.link(Place(province=_Mark(PROVINCE_MARK), commune=_Mark(COMMUNE_MARK) if commune else None))


# --- readers: (user, place) → {row id: (value, denominator or None)}; a row missing has no data --------

def _shared(user, name: str, place: Place, read: Callable) -> dict:
    """One grouped read serves the measures of one table (cases: open and overdue; readiness: surplus,
    vehicles, connectivity): kept on the user object, which lives for one request."""
    cache = user.__dict__.setdefault("_campaign_reads", {})
    key = (name, place.level, place.group, getattr(place.province, "pk", None), getattr(place.commune, "pk", None))
    if key not in cache:
        cache[key] = read()
    return cache[key]


def _cases(user, place) -> dict:
    """{row id: (open, overdue)} from the obstacle summaries (by province, or by commune and due date)."""
    return _shared(user, "cases", place, lambda: obstacles.open_and_overdue(
        user=user, by="province" if place.group == "province_id" else "commune",
        province_id=getattr(place.province, "pk", None), commune_id=getattr(place.commune, "pk", None)))


def _readiness(user, place) -> dict:
    weak = Q(connectivity_score__lt=facilities.readiness.CONNECTIVITY_THRESHOLD)
    return _shared(user, "readiness", place, lambda: place.grouped(
        facilities.readiness_list(user=user), surplus=Sum(F("surplus_count") - F("surplus_handled")),
        no_vehicle=Count("id", filter=Q(has_vehicle=False)), weak=Count("id", filter=weak)))


def _open_cases(user, place):
    return {key: (n, None) for key, (n, _late) in _cases(user, place).items()}


def _overdue_cases(user, place):
    return {key: (late, None) for key, (_n, late) in _cases(user, place).items()}


def _task_troubles(user, place):
    rows = place.grouped(decentralisation.visible_states(user), n=Count("id", filter=Q(state__in=TROUBLE_STATES)))
    return {key: (row["n"], None) for key, row in rows.items()}


def _shortage(user, place):
    if place.level == "nation":  # by province: the staffing app's tally, not its ~36,000 quotas
        rows = place.grouped(staffing.shortage_by_province(user=user), n=Sum("shortage"))
        return {key: (row["n"] or 0, None) for key, row in rows.items()}
    rows = place.grouped(staffing.quota_list(user=user), n=Sum(Greatest(F("gap"), 0)))
    return {key: (row["n"] or 0, None) for key, row in rows.items()}


def _surplus(user, place):
    return {key: (row["surplus"] or 0, None) for key, row in _readiness(user, place).items()}


def _equipment_gap(user, place):
    rows = place.grouped(facilities.equipment_list(user=user), n=Sum(Greatest(F("required") - F("available"), 0)))
    return {key: (row["n"] or 0, None) for key, row in rows.items()}


def _no_vehicle(user, place):
    return {key: (row["no_vehicle"], None) for key, row in _readiness(user, place).items()}


def _poorly_connected(user, place):
    return {key: (row["weak"], None) for key, row in _readiness(user, place).items()}


def _on_time(user, place, *, start: date):
    return procedures.on_time_counts(user=user, start=start, end=timezone.localdate(), group_by=place.group,
                                     province=place.province, commune=place.commune)


@dataclass(frozen=True)
class Measure:
    key: str
    label: object
    unit: object
    #: "zero": met when the count is 0; "rate": met when the share reaches `target` %.
    rule: str
    target: int
    read: Callable
    #: The list page behind the figure, for a place.
    link: Callable
    #: Whether a row absent from the summary means 0 (cases: none filed) rather than "no data".
    absent_is_zero: bool = False
    #: The measure's column in CampaignSnapshot, when the charts keep its history.
    snapshot: str = ""

    def status(self, value) -> str:
        return status_of(self, value)


def status_of(measure: Measure, value) -> str:
    if value is None:
        return NO_DATA
    if measure.rule == "rate":
        return MET if value >= measure.target else NOT_MET
    return MET if value <= measure.target else NOT_MET


MEASURES: list[Measure] = [
    Measure("open_cases", _("Khó khăn, vướng mắc đang mở"), _("vụ việc"), "zero", 0, _open_cases,
            lambda p: _link("obstacles:list", p, open="on"), absent_is_zero=True, snapshot="cases_open"),
    Measure("overdue_cases", _("Khó khăn quá hạn xử lý"), _("vụ việc"), "zero", 0, _overdue_cases,
            lambda p: _link("obstacles:list", p, overdue="on"), absent_is_zero=True, snapshot="cases_overdue"),
    Measure("task_troubles", _("Nhiệm vụ phân cấp gặp khó khăn, không thực hiện được"), _("lượt xã"), "zero", 0,
            _task_troubles, lambda p: _link("decentralisation:tasks", p), absent_is_zero=True,
            snapshot="task_troubles"),
    Measure("shortage", _("Biên chế còn thiếu theo lĩnh vực"), _("người"), "zero", 0, _shortage,
            lambda p: _link("staffing:shortages", p), snapshot="shortage"),
    Measure("surplus", _("Trụ sở, cơ sở dôi dư chưa xử lý xong"), _("cơ sở"), "zero", 0, _surplus,
            lambda p: _link("facilities:facilities", p, ("tinh", "xa"), status="du_doi"), snapshot="surplus_open"),
    Measure("equipment_gap", _("Thiết bị còn thiếu"), _("chiếc"), "zero", 0, _equipment_gap,
            lambda p: _link("facilities:equipment", p, ("tinh", "xa"), thieu="on"), snapshot="equipment_gap"),
    Measure("no_vehicle", _("Xã, phường chưa có xe ô tô công vụ"), _("đơn vị"), "zero", 0, _no_vehicle,
            lambda p: _link("facilities:readiness", p, ("tinh", "xa"), khong_xe="on")),
    Measure("poorly_connected", _("Xã, phường kết nối yếu (dưới 15/30 điểm)"), _("đơn vị"), "zero", 0,
            _poorly_connected, lambda p: _link("facilities:readiness", p, ("tinh", "xa"), duoi_nguong="on"),
            snapshot="poorly_connected"),
    Measure("on_time", _("Tỷ lệ hồ sơ giải quyết đúng hạn"), "%", "rate", ON_TIME_TARGET, _on_time,
            lambda p: _link("procedures:figures", p, ("tinh", "xa"))),
]
BY_KEY = {m.key: m for m in MEASURES}

def rules() -> list[str]:
    """The rules behind each status, as the page writes them out."""
    return [
        gettext("Mỗi chỉ tiêu đếm số còn tồn tại hôm nay; chỉ tiêu là 0 khi hết hạn chiến dịch: “đạt” khi số liệu "
                "bằng 0, “chưa đạt” khi còn lớn hơn 0."),
        gettext("Tỷ lệ hồ sơ đúng hạn: số hồ sơ giải quyết trước hạn và đúng hạn chia cho số hồ sơ đã giải quyết, "
                "từ ngày ban hành văn bản đến hôm nay; “đạt” khi từ %(target)s%% trở lên.") % {"target": ON_TIME_TARGET},
        gettext("“Không có số liệu” khi sổ đăng ký của lĩnh vực đó chưa có dòng nào cho đơn vị (chưa khai báo định "
                "biên, trụ sở, thiết bị, kết nối; chưa giải quyết xong hồ sơ nào). Khó khăn và nhiệm vụ phân cấp: "
                "không có vụ việc nào được tính là 0."),
        gettext("Điểm của một đơn vị: số chỉ tiêu đạt trên số chỉ tiêu có số liệu."),
        gettext("Số ngày làm việc còn lại tính từ hôm nay đến hạn cuối của văn bản theo lịch làm việc (trừ thứ Bảy, "
                "Chủ nhật, ngày lễ, Tết, ngày nghỉ bù)."),
    ]
