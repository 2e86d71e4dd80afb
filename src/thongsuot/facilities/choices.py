"""The fixed lists of the facilities app (kinds, conditions, states, methods, categories, systems), with
their Vietnamese labels; `models` uses them and exports them too."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FacilityKind(models.TextChoices):
    HEADQUARTERS = "tru_so", _("Trụ sở làm việc")
    PUBLIC_SERVICE = "su_nghiep", _("Cơ sở hoạt động sự nghiệp")
    CULTURAL_HOUSE = "nha_van_hoa", _("Nhà văn hóa, hội trường")
    OTHER = "khac", _("Nhà, đất khác")


class Condition(models.TextChoices):
    GOOD = "tot", _("Tốt")
    FAIR = "kha", _("Khá, cần sửa chữa nhỏ")
    POOR = "xuong_cap", _("Xuống cấp")
    DILAPIDATED = "hu_hong", _("Hư hỏng nặng")


class FacilityStatus(models.TextChoices):
    IN_USE = "dang_su_dung", _("Đang sử dụng")
    PARTLY_USED = "su_dung_mot_phan", _("Sử dụng một phần")
    SURPLUS = "du_doi", _("Dôi dư")


class PlanMethod(models.TextChoices):
    KEEP = "giu_lai", _("Giữ lại sử dụng")
    KEEP_PART = "giu_mot_phan", _("Giữ lại một phần")
    TO_HEALTH = "chuyen_y_te", _("Chuyển sang y tế")
    TO_EDUCATION = "chuyen_giao_duc", _("Chuyển sang giáo dục")
    TO_CULTURE_SPORTS = "chuyen_van_hoa_the_thao", _("Chuyển sang văn hóa, thể thao")
    TO_POLICE = "chuyen_cong_an", _("Chuyển cho công an xã")
    TO_OTHER_PUBLIC = "chuyen_cong_cong_khac", _("Chuyển mục đích công cộng khác")
    TRANSFER = "dieu_chuyen", _("Điều chuyển")
    HAND_TO_LOCALITY = "giao_dia_phuong", _("Giao địa phương quản lý")
    RECLAIM = "thu_hoi", _("Thu hồi")
    AUCTION = "dau_gia", _("Bán đấu giá")
    LEASE = "cho_thue", _("Cho thuê")
    LIQUIDATE = "thanh_ly", _("Thanh lý")


class PlanState(models.TextChoices):
    PROPOSED = "de_xuat", _("Đề xuất")
    APPROVED = "da_phe_duyet", _("Đã phê duyệt")
    DONE = "hoan_thanh", _("Đã xử lý xong")
    CANCELLED = "huy", _("Đã hủy")


class EquipmentCategory(models.TextChoices):
    COMPUTERS = "may_tinh", _("Máy tính")
    PRINTERS = "may_in", _("Máy in")
    SCANNERS = "may_quet", _("Máy quét")
    NETWORK = "mang", _("Thiết bị mạng")
    VIDEO_CONFERENCE = "hop_truc_tuyen", _("Phòng họp trực tuyến")
    VEHICLES = "xe_o_to", _("Xe ô tô")


class ProcurementState(models.TextChoices):
    DRAFT = "du_thao", _("Dự thảo")
    SUBMITTED = "da_gui", _("Đã gửi đề nghị")
    APPROVED = "da_duyet", _("Đã duyệt")
    REJECTED = "tu_choi", _("Không duyệt")
    DELIVERED = "da_cap", _("Đã cấp, bàn giao")


class MobileCoverage(models.TextChoices):
    G5 = "5g", _("5G")
    G4 = "4g", _("4G ổn định")
    G3 = "3g", _("3G hoặc 4G chập chờn")
    WEAK = "yeu", _("Yếu, nhiều vùng lõm")
    NONE = "khong", _("Không có sóng")


class PlatformSystem(models.TextChoices):
    DOCUMENT_MANAGEMENT = "quan_ly_van_ban", _("Quản lý văn bản và điều hành")
    ONE_STOP = "mot_cua", _("Hệ thống thông tin giải quyết thủ tục hành chính (một cửa)")
    DIGITAL_SIGNATURE = "chu_ky_so", _("Chữ ký số")
    OTHER = "khac", _("Hệ thống khác")


#: Methods that give the premises away from public use: each needs a recorded reason why the
#: priority public uses (health, education, culture and sports, commune police, other public use)
#: were not chosen.
SALE_METHODS = frozenset({PlanMethod.AUCTION, PlanMethod.LEASE, PlanMethod.LIQUIDATE})
PRIORITY_METHODS = frozenset({PlanMethod.TO_HEALTH, PlanMethod.TO_EDUCATION, PlanMethod.TO_CULTURE_SPORTS,
                              PlanMethod.TO_POLICE, PlanMethod.TO_OTHER_PUBLIC})


CORE_SYSTEMS = (PlatformSystem.DOCUMENT_MANAGEMENT, PlatformSystem.ONE_STOP, PlatformSystem.DIGITAL_SIGNATURE)
