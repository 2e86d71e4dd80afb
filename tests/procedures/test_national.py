from io import StringIO

from django.core.management import call_command

from thongsuot.procedures.models import Dossier, DossierEvent, Status
from thongsuot.procedures.stats import stats_verify


def test_seed_national_generates_consistent_dossiers(db):
    call_command("seed_national", "--only", "procedures", "--dossiers", "3000", "--dossier-days", "60", stdout=StringIO())
    assert Dossier.objects.count() == 3000
    assert Dossier.objects.values("code").distinct().count() == 3000
    online = Dossier.objects.filter(channel=2).count() / 3000
    assert 0.5 < online < 0.7
    finished = Dossier.objects.exclude(outcome="")
    on_time = finished.exclude(outcome="late").count() / finished.count()
    assert on_time > 0.97
    assert DossierEvent.objects.filter(kind="receive").count() == 3000
    assert Dossier.objects.filter(status=Status.RETURNED).exists()
    assert stats_verify() == []


def test_seed_national_continues_the_daily_sequences(intake):
    from datetime import timedelta

    from django.utils import timezone

    from thongsuot.procedures.models import DossierCounter

    yesterday = timezone.localdate() - timedelta(days=1)
    from .conftest import at

    existing = intake(when=at(yesterday.year, yesterday.month, yesterday.day))
    call_command("seed_national", "--only", "procedures", "--dossiers", "2000", "--dossier-days", "3", stdout=StringIO())
    call_command("seed_national", "--only", "procedures", "--dossiers", "2000", "--dossier-days", "3", stdout=StringIO())
    assert Dossier.objects.count() == 4001
    assert Dossier.objects.values("code").distinct().count() == 4001
    assert Dossier.objects.get(code=existing.code).pk == existing.pk
    counter = DossierCounter.objects.get(agency=existing.agency, day=yesterday)
    assert counter.last == Dossier.objects.filter(agency=existing.agency, received_on=yesterday).count()
    assert stats_verify() == []
