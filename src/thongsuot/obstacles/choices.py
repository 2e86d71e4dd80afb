"""The closed lists of a case: classification, severity, the ladder's levels and the statuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Classification(models.TextChoices):
    """How a decentralised task is blocked (letter 137/CV-BCĐ)."""

    NONE = "", _("Không phân loại")
    CANNOT_IMPLEMENT = "cannot_implement", _("Không thể thực hiện")
    DIFFICULT_INTERPRETATION = "difficult_interpretation", _("Khó khăn: cách hiểu khác nhau")
    DIFFICULT_PROCEDURE = "difficult_procedure", _("Khó khăn: trình tự, thủ tục")
    DIFFICULT_TTHC = "difficult_tthc", _("Khó khăn: thủ tục hành chính")
    PROPOSAL = "proposal", _("Kiến nghị, đề xuất")


class Severity(models.TextChoices):
    LOW = "low", _("Thấp")
    MEDIUM = "medium", _("Trung bình")
    HIGH = "high", _("Cao")
    CRITICAL = "critical", _("Nghiêm trọng")


class CaseLevel(models.TextChoices):
    """The rung of the ladder where a case currently is."""

    COMMUNE = "commune", _("Cấp xã")
    PROVINCE = "province", _("Cấp tỉnh")
    MINISTRY = "ministry", _("Bộ, ngành")
    NATIONAL = "national", _("Trung ương")


class Status(models.TextChoices):
    NEW = "new", _("Mới")
    ACKNOWLEDGED = "acknowledged", _("Đã tiếp nhận")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    ESCALATED = "escalated", _("Đã chuyển cấp trên")
    ANSWERED = "answered", _("Đã có văn bản trả lời")
    RETURNED = "returned", _("Trả lại, yêu cầu bổ sung")
    RESOLVED = "resolved", _("Đã giải quyết")
    CLOSED = "closed", _("Đã đóng")
    REOPENED = "reopened", _("Mở lại")


OPEN_STATUSES = frozenset(s for s in Status.values if s not in (Status.RESOLVED, Status.CLOSED))


class FacilitySubject(models.TextChoices):
    """What a facilities case (premises, equipment and IT) is about, in the facilities registries' terms."""

    PREMISES = "premises", _("Trụ sở, nhà đất dôi dư")
    EQUIPMENT = "equipment", _("Trang thiết bị")
    CONNECTIVITY = "connectivity", _("Kết nối mạng, đường truyền")


class ResolutionKind(models.TextChoices):
    """The kinds of registry record that can be named as what settled a case."""

    PERSONNEL_ACTION = "personnel_action", _("Quyết định nhân sự (tuyển dụng, điều động)")
    HANDLING_PLAN = "handling_plan", _("Phương án xử lý trụ sở, nhà đất")
    PROCUREMENT = "procurement", _("Cấp, bàn giao trang thiết bị")
    OUTAGE = "outage", _("Khắc phục sự cố kết nối")
    CONNECTIVITY = "connectivity", _("Hiện trạng kết nối của xã")
