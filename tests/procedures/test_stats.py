"""The summary table stays equal to its recomputation, and the command finds any difference."""

import random
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from thongsuot.core.errors import DomainError
from thongsuot.procedures.models import Channel, DossierDailyStat, DossierEvent
from thongsuot.procedures.services import allowed_steps, dossier_transition
from thongsuot.procedures.stats import stats_verify

from .conftest import at

Step = DossierEvent.Kind


def test_figures_match_their_rebuild_after_random_status_changes(persona, intake):
    rng = random.Random(766)
    dossiers = [intake(days=rng.choice([1, 3, 5]), when=at(2025, 11, rng.randint(3, 7)), register_only=rng.random() < .3,
                       channel=rng.choice(Channel.values), user=rng.choice(["demo.xa", "demo.xa2"]))
                for _ in range(12)]
    leaders = {"X00070": "demo.xa.lanhdao", "X00004": "demo.xa2"}
    day = date(2025, 11, 10)
    for _ in range(50):
        dossier = rng.choice(dossiers)
        steps = allowed_steps(dossier)
        if not steps:
            continue
        kind = rng.choice(steps)
        user = leaders[dossier.agency.code] if kind not in (Step.STOP, Step.EXTEND) else "demo.xa.lanhdao"
        day += timedelta(days=rng.choice([0, 1, 2]))
        try:
            updated = dossier_transition(actor=persona(user), dossier=dossier, kind=kind, note="Ngẫu nhiên",
                                         at=at(day.year, day.month, day.day),
                                         new_appointment=day + timedelta(days=40) if kind == Step.EXTEND else None)
        except DomainError:
            continue
        dossiers[dossiers.index(dossier)] = updated
    assert DossierDailyStat.objects.exists()
    assert stats_verify() == []
    out = StringIO()
    call_command("dossier_stats", "--verify", stdout=out)
    assert "khớp" in out.getvalue()


def test_verify_reports_a_tampered_row_and_rebuild_repairs_it(intake):
    intake(when=at(2025, 11, 3))
    row = DossierDailyStat.objects.get(day=date(2025, 11, 3))
    row.received += 5
    row.save()
    differences = stats_verify()
    assert differences == [{"province_id": row.province_id, "commune_id": row.commune_id, "day": date(2025, 11, 3),
                            "changes": {"received": (6, 1)}}]
    with pytest.raises(CommandError, match="lệch ở 1 dòng"):
        call_command("dossier_stats", "--verify", stdout=StringIO())
    call_command("dossier_stats", "--rebuild", stdout=StringIO())
    assert stats_verify() == []
    assert DossierDailyStat.objects.get(day=date(2025, 11, 3)).received == 1


def test_verify_checks_the_province_table_too(intake):
    from thongsuot.procedures.models import DossierProvinceDailyStat

    intake(when=at(2025, 11, 3))
    row = DossierProvinceDailyStat.objects.get(day=date(2025, 11, 3))
    assert row.received == 1
    row.done_late = 2
    row.save()
    assert stats_verify() == [{"province_id": row.province_id, "commune_id": None, "day": date(2025, 11, 3),
                               "changes": {"done_late": (2, 0)}}]
    call_command("dossier_stats", "--rebuild", stdout=StringIO())
    assert stats_verify() == []


def test_a_dossier_waiting_for_a_supplement_is_not_counted_late(persona, intake, client_for):
    from thongsuot.procedures.selectors import figures

    dossier = intake(days=1, when=at(2025, 11, 3))                      # due 04/11/2025, long past
    tinh = persona("demo.tinh")
    total, _ = figures(user=tinh, start=date(2025, 11, 1), end=date(2025, 11, 30))
    assert (total.open_now, total.open_late_now, total.open_paused_now) == (1, 1, 0)
    dossier = dossier_transition(actor=persona("demo.xa"), dossier=dossier, kind=Step.SUPPLEMENT_REQUEST,
                                 note="Thiếu giấy tờ", at=at(2025, 11, 4))
    total, _ = figures(user=tinh, start=date(2025, 11, 1), end=date(2025, 11, 30))
    assert (total.open_now, total.open_late_now, total.open_paused_now) == (1, 0, 1)
    assert "X00070" not in client_for("demo.xa").get("/thu-tuc/ho-so/?overdue=on").content.decode()
    assert stats_verify() == []
    dossier_transition(actor=persona("demo.xa"), dossier=dossier, kind=Step.SUPPLEMENT_RECEIVED,
                       at=at(2025, 11, 5))
    total, _ = figures(user=tinh, start=date(2025, 11, 1), end=date(2025, 11, 30))
    assert (total.open_now, total.open_late_now, total.open_paused_now) == (1, 1, 0)
    assert dossier.code in client_for("demo.xa").get("/thu-tuc/ho-so/?overdue=on").content.decode()
    assert stats_verify() == []
