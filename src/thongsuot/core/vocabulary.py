"""The platform's vocabularies and the mappings between them, in one place.

- `Domain`: what a blockage or a directive's task is about (the areas of the steering committee's
  letters). Obstacles and directives' tasks share it; reports and the API name it the same.
- `Sector`: the sector a ministry answers for (the Government's ministries after 1 March 2025).
- `StaffField`: the specialty in which a commune's staff quotas are set and gaps counted.
- `ProcedureField`: the field (lĩnh vực) of a commune-level administrative procedure; where it is a
  ministry's whole sector it is spelled as that sector.

Mappings: `DOMAIN_SECTOR` (which ministry a domain's escalations go to), `SECTOR_STAFF_FIELDS`
(which staff fields a ministry follows nationally), `PROCEDURE_FIELD_SECTOR` (which ministry
answers for a procedure field), `MINISTRY_CODES` (a sector's ministry agency code).
The API has one enum per concept (config.settings SPECTACULAR ENUM_NAME_OVERRIDES).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Domain(models.TextChoices):
    ORG_STAFF = "org_staff", _("Tổ chức bộ máy, cán bộ")
    TRAINING = "training", _("Đào tạo, bồi dưỡng")
    STAFF_SUPPORT = "staff_support", _("Hỗ trợ cán bộ đi lại, nhà ở")
    HQ_ASSETS = "hq_assets", _("Trụ sở, tài sản công")
    EQUIPMENT_IT = "equipment_it", _("Trang thiết bị, công nghệ thông tin")
    PROCEDURES = "procedures", _("Thủ tục hành chính")
    DECENTRALISATION = "decentralisation", _("Phân cấp, phân quyền")
    FINANCE = "finance", _("Tài chính, ngân sách")
    OTHER = "other", _("Khác")


class Sector(models.TextChoices):
    """The sector a ministry answers for; escalations are routed to ministries by it."""

    HOME_AFFAIRS = "noi_vu", _("Nội vụ")
    FINANCE = "tai_chinh", _("Tài chính")
    AGRICULTURE_ENVIRONMENT = "nong_nghiep_moi_truong", _("Nông nghiệp và Môi trường")
    CONSTRUCTION = "xay_dung", _("Xây dựng")
    HEALTH = "y_te", _("Y tế")
    EDUCATION = "giao_duc", _("Giáo dục và Đào tạo")
    SCIENCE_TECHNOLOGY = "khoa_hoc_cong_nghe", _("Khoa học và Công nghệ")
    JUSTICE = "tu_phap", _("Tư pháp")
    CULTURE = "van_hoa", _("Văn hóa, Thể thao và Du lịch")
    INDUSTRY_TRADE = "cong_thuong", _("Công Thương")


class StaffField(models.TextChoices):
    """The specialty fields in which quotas are set and gaps counted."""

    LAND = "land", _("Đất đai")
    PLANNING = "planning", _("Quy hoạch")
    CONSTRUCTION = "construction", _("Xây dựng")
    FINANCE = "finance", _("Tài chính - Kế hoạch")
    IT = "it", _("Công nghệ thông tin")
    EDUCATION = "education", _("Giáo dục")
    HEALTH = "health", _("Y tế")
    JUSTICE = "justice", _("Tư pháp - Hộ tịch")
    CULTURE_SOCIAL = "culture_social", _("Văn hóa - Xã hội")
    AGRICULTURE_ENVIRONMENT = "agriculture_environment", _("Nông nghiệp - Môi trường")
    OTHER = "other", _("Khác")


class ProcedureField(models.TextChoices):
    """The field (lĩnh vực) a commune-level procedure belongs to."""

    CIVIL_STATUS = "ho_tich", _("Hộ tịch")
    CERTIFICATION = "chung_thuc", _("Chứng thực")
    LAND = "dat_dai", _("Đất đai")
    CONSTRUCTION = Sector.CONSTRUCTION.value, _("Xây dựng")
    BUSINESS = "kinh_doanh", _("Thành lập và hoạt động của hộ kinh doanh")
    SOCIAL = "bao_tro_xa_hoi", _("Bảo trợ xã hội")
    MERIT = "nguoi_co_cong", _("Người có công")
    EDUCATION = Sector.EDUCATION.value, _("Giáo dục và Đào tạo")
    HEALTH = Sector.HEALTH.value, _("Y tế")
    CULTURE = Sector.CULTURE.value, _("Văn hóa, Thể thao và Du lịch")
    AGRICULTURE = Sector.AGRICULTURE_ENVIRONMENT.value, _("Nông nghiệp và Môi trường")
    OTHER = "khac", _("Khác")


#: The ministry a domain's written requests go to (suggested when a province escalates).
DOMAIN_SECTOR: dict[str, str] = {
    Domain.ORG_STAFF: Sector.HOME_AFFAIRS, Domain.TRAINING: Sector.HOME_AFFAIRS,
    Domain.STAFF_SUPPORT: Sector.HOME_AFFAIRS, Domain.HQ_ASSETS: Sector.FINANCE,
    Domain.EQUIPMENT_IT: Sector.SCIENCE_TECHNOLOGY, Domain.PROCEDURES: Sector.JUSTICE,
    Domain.DECENTRALISATION: Sector.HOME_AFFAIRS, Domain.FINANCE: Sector.FINANCE, Domain.OTHER: Sector.HOME_AFFAIRS,
}

#: The staff fields whose national figures each ministry follows; None: all (Nội vụ).
SECTOR_STAFF_FIELDS: dict[str, set[str] | None] = {
    Sector.HOME_AFFAIRS: None,
    Sector.FINANCE: {StaffField.FINANCE},
    Sector.AGRICULTURE_ENVIRONMENT: {StaffField.LAND, StaffField.AGRICULTURE_ENVIRONMENT},
    Sector.CONSTRUCTION: {StaffField.CONSTRUCTION, StaffField.PLANNING},
    Sector.HEALTH: {StaffField.HEALTH},
    Sector.EDUCATION: {StaffField.EDUCATION},
    Sector.SCIENCE_TECHNOLOGY: {StaffField.IT},
    Sector.JUSTICE: {StaffField.JUSTICE},
    Sector.CULTURE: {StaffField.CULTURE_SOCIAL},
    Sector.INDUSTRY_TRADE: set(),
}

#: The ministry that answers for a procedure field (social protection moved to Health and merit
#: to Home Affairs with the 2025 reorganisation; household business registration is Finance's).
PROCEDURE_FIELD_SECTOR: dict[str, str] = {
    ProcedureField.CIVIL_STATUS: Sector.JUSTICE, ProcedureField.CERTIFICATION: Sector.JUSTICE,
    ProcedureField.LAND: Sector.AGRICULTURE_ENVIRONMENT, ProcedureField.CONSTRUCTION: Sector.CONSTRUCTION,
    ProcedureField.BUSINESS: Sector.FINANCE, ProcedureField.SOCIAL: Sector.HEALTH,
    ProcedureField.MERIT: Sector.HOME_AFFAIRS, ProcedureField.EDUCATION: Sector.EDUCATION,
    ProcedureField.HEALTH: Sector.HEALTH, ProcedureField.CULTURE: Sector.CULTURE,
    ProcedureField.AGRICULTURE: Sector.AGRICULTURE_ENVIRONMENT, ProcedureField.OTHER: Sector.HOME_AFFAIRS,
}

#: The agency code of each sector's ministry (accounts' seeded agencies).
MINISTRY_CODES: dict[str, str] = {
    Sector.HOME_AFFAIRS: "BNV", Sector.FINANCE: "BTC", Sector.AGRICULTURE_ENVIRONMENT: "BNNMT",
    Sector.CONSTRUCTION: "BXD", Sector.HEALTH: "BYT", Sector.EDUCATION: "BGDDT", Sector.SCIENCE_TECHNOLOGY: "BKHCN",
    Sector.JUSTICE: "BTP", Sector.CULTURE: "BVHTTDL", Sector.INDUSTRY_TRADE: "BCT",
}
