"""Build cases in any state for tests, through the services where it matters."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from thongsuot.accounts.models import Agency
from thongsuot.obstacles import services
from thongsuot.obstacles.models import CaseLevel, EscalationRequest, Obstacle, RequestCase

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="van-ban.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def file_case(user, **kwargs) -> Obstacle:
    fields = {"title": "Thiếu máy tính cho bộ phận một cửa",
              "description": "Trung tâm Phục vụ hành chính công thiếu 6 máy tính để tiếp nhận hồ sơ.",
              "domain": "equipment_it", "severity": "high"}
    fields.update(kwargs)
    return services.obstacle_create(actor=user, **fields)


def put_case(obstacle: Obstacle, *, status: str, level: str) -> Obstacle:
    """Place a case directly in a state (bypassing the workflow) to test a move from there."""
    agencies = {
        CaseLevel.COMMUNE: Agency.objects.get(commune_id=obstacle.commune_id),
        CaseLevel.PROVINCE: Agency.objects.get(level="province", province_id=obstacle.province_id),
        CaseLevel.MINISTRY: Agency.objects.get(code="BNV"),
        CaseLevel.NATIONAL: Agency.objects.get(code="BCD"),
    }
    obstacle.status, obstacle.level = status, level
    obstacle.responsible_agency = agencies[level]
    if level == CaseLevel.MINISTRY:
        obstacle.ministry = agencies[level]
    obstacle.save()
    if level in (CaseLevel.MINISTRY, CaseLevel.NATIONAL):
        request = EscalationRequest.objects.create(
            obstacle=obstacle, from_agency=agencies[CaseLevel.PROVINCE], to_agency=agencies[level], to_level=level,
            number="12/UBND-NV", signed_on=date(2025, 11, 20), signer_name="Hoàng Văn Tỉnh",
            signer_title="Phó Chủ tịch", content="Đề nghị hướng dẫn.", created_by=obstacle.created_by,
            created_at=timezone.now())
        RequestCase.objects.create(request=request, obstacle=obstacle)
    obstacle.refresh_from_db()
    return obstacle


REQUEST = {"number": "Số: 123/UBND-NV", "signed_on": date(2025, 11, 24), "signer_name": "Hoàng Văn Tỉnh",
           "signer_title": "Phó Chủ tịch UBND Thành phố Hà Nội",
           "content": "UBND Thành phố Hà Nội đề nghị Bộ Nội vụ hướng dẫn bố trí biên chế."}
ANSWER = {"number": "456/BNV-CQĐP", "signed_on": date(2025, 11, 25), "signer_name": "Phạm Minh Bộ",
          "signer_title": "Vụ trưởng Vụ Chính quyền địa phương",
          "guidance": "Bộ Nội vụ hướng dẫn: bố trí theo Nghị định 150/2025/NĐ-CP."}
