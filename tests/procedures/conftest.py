from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y: int, m: int, d: int, hour: int = 9) -> datetime:
    """An aware moment on a Vietnamese calendar day."""
    return datetime(y, m, d, hour, tzinfo=VN)


@pytest.fixture
def procedure(db):
    """A commune-level procedure with a limit of `days` working days: procedure(3)."""
    from thongsuot.procedures.models import OnlineLevel, Procedure, ProcedureField

    def make(days: int = 3, code: str | None = None, **extra):
        return Procedure.objects.create(code=code or f"T.{days:03d}.{Procedure.objects.count()}",
                                        name=f"Thủ tục thử nghiệm {days} ngày", sector=ProcedureField.CIVIL_STATUS,
                                        time_limit_days=days, online_level=OnlineLevel.FULL, **extra)

    return make


@pytest.fixture
def intake(persona, procedure):
    """Receive a dossier at demo.xa's desk: intake(days=3, when=at(2025, 11, 3))."""
    from thongsuot.procedures.models import Channel
    from thongsuot.procedures.services import dossier_intake

    def make(days: int = 3, when=None, user: str = "demo.xa", channel=Channel.IN_PERSON, **extra):
        return dossier_intake(actor=persona(user), procedure=procedure(days), channel=channel,
                              applicant_name="Nguyễn Thị Hoa", applicant_phone="0912345678",
                              applicant_address="12 Hàng Bạc, Hoàn Kiếm", at=when or at(2025, 11, 3), **extra)

    return make
