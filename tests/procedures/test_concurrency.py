"""Dossier codes stay unique when several desks receive at the same moment (PostgreSQL only)."""

import threading

import pytest
from django.db import connection, connections

from thongsuot.procedures.models import Channel, Dossier, Procedure
from thongsuot.procedures.services import dossier_intake
from thongsuot.procedures.stats import stats_verify

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="Tiếp nhận đồng thời chỉ kiểm thử được trên PostgreSQL.")


@pytest.mark.django_db(transaction=True)
def test_concurrent_intake_gives_distinct_consecutive_codes(persona):
    from django.conf import settings

    from thongsuot.accounts.demo import personas_seed
    from thongsuot.accounts.services import agencies_sync
    from thongsuot.geo.services import units_load

    # A transactional test starts from an empty database: load what the session fixture loads.
    settings.DEMO_PASSWORD = "thongsuot-demo"
    units_load()
    agencies_sync()
    personas_seed()
    procedure = Procedure.objects.create(code="T.CONC", name="Thủ tục đồng thời", sector="ho_tich",
                                         time_limit_days=3)
    user = persona("demo.xa")
    barrier = threading.Barrier(6)
    errors = []

    def receive():
        try:
            barrier.wait()
            for _ in range(5):
                dossier_intake(actor=user.__class__.objects.get(pk=user.pk), procedure=procedure,
                               channel=Channel.IN_PERSON, applicant_name="Trần Văn Bình")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=receive) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    sequences = sorted(int(code[-4:]) for code in Dossier.objects.values_list("code", flat=True))
    assert sequences == list(range(1, 31))
    assert stats_verify() == []
