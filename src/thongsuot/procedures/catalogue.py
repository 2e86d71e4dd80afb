"""The sample procedure catalogue the demo and the national sample use when none is loaded."""

from __future__ import annotations

from thongsuot.core.vocabulary import ProcedureField
from thongsuot.procedures.models import OnlineLevel, Procedure

#: code, name, sector, limit (working days), fee (VND), online level, internal
SAMPLE_CATALOGUE = [
    ("M.001193", "Đăng ký khai sinh", ProcedureField.CIVIL_STATUS, 1, 0, OnlineLevel.FULL, False),
    ("M.000894", "Đăng ký kết hôn", ProcedureField.CIVIL_STATUS, 5, 0, OnlineLevel.PARTIAL, False),
    ("M.000656", "Đăng ký khai tử", ProcedureField.CIVIL_STATUS, 1, 0, OnlineLevel.FULL, False),
    ("M.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", ProcedureField.CIVIL_STATUS, 3, 0, OnlineLevel.FULL, False),
    ("M.004859", "Cấp bản sao trích lục hộ tịch", ProcedureField.CIVIL_STATUS, 1, 8_000, OnlineLevel.FULL, False),
    ("M.001019", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", ProcedureField.CERTIFICATION, 1, 2_000,
     OnlineLevel.PARTIAL, False),
    ("M.001016", "Chứng thực chữ ký trong giấy tờ, văn bản", ProcedureField.CERTIFICATION, 1, 10_000, OnlineLevel.NONE, False),
    ("M.001035", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản", ProcedureField.CERTIFICATION, 2,
     50_000, OnlineLevel.NONE, False),
    ("M.001612", "Đăng ký thành lập hộ kinh doanh", ProcedureField.BUSINESS, 3, 100_000, OnlineLevel.FULL, False),
    ("M.003003", "Đăng ký đất đai, tài sản gắn liền với đất lần đầu", ProcedureField.LAND, 20, 0, OnlineLevel.PARTIAL, False),
    ("M.009794", "Cấp giấy phép xây dựng nhà ở riêng lẻ", ProcedureField.CONSTRUCTION, 15, 75_000, OnlineLevel.PARTIAL,
     False),
    ("M.001776", "Trợ giúp xã hội thường xuyên đối với đối tượng bảo trợ xã hội", ProcedureField.SOCIAL, 10, 0,
     OnlineLevel.PARTIAL, False),
    ("M.010815", "Giải quyết chế độ trợ cấp một lần đối với thân nhân người có công", ProcedureField.MERIT, 12, 0,
     OnlineLevel.PARTIAL, False),
    ("M.005097", "Xét, cấp học bổng chính sách cho học sinh", ProcedureField.EDUCATION, 5, 0, OnlineLevel.PARTIAL, False),
    ("M.NB0001", "Thẩm định kế hoạch sử dụng đất hằng năm cấp xã (thủ tục nội bộ)", ProcedureField.LAND, 15, 0,
     OnlineLevel.NONE, True),
]


def catalogue_seed() -> list[Procedure]:
    procedures = []
    for code, name, sector, days, fee, online, internal in SAMPLE_CATALOGUE:
        procedure, _created = Procedure.objects.update_or_create(code=code, defaults={
            "name": name, "sector": sector, "time_limit_days": days, "fee": fee, "online_level": online,
            "is_internal": internal, "is_sample": True,
            "legal_basis": "Dữ liệu mẫu để trình diễn (mã minh họa, không phải mã chính thức)."})
        procedures.append(procedure)
    return procedures
