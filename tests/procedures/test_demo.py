from io import StringIO

from thongsuot.procedures.demo import SAMPLE_CATALOGUE, seed_demo
from thongsuot.procedures.models import Dossier, DossierDailyStat, Procedure
from thongsuot.procedures.partitions import partitions_default_rows
from thongsuot.procedures.stats import stats_verify


def test_demo_seeds_a_sample_catalogue_and_consistent_dossiers(persona):
    personas = {name: persona(name) for name in ("demo.xa", "demo.xa.lanhdao", "demo.xa2", "demo.xa3")}
    seed_demo(personas, StringIO())
    assert Procedure.objects.filter(is_sample=True).count() == len(SAMPLE_CATALOGUE)
    counts = {code: Dossier.objects.filter(agency__code=code).count() for code in ("X00070", "X00004", "X02683")}
    assert all(n >= 20 for n in counts.values()), counts
    assert Dossier.objects.filter(outcome="late").exists() and Dossier.objects.filter(outcome="early").exists()
    assert DossierDailyStat.objects.exists()
    assert stats_verify() == []
    # PostgreSQL: the backdated dossiers' months were made first, so the list can prune DEFAULT away.
    assert not partitions_default_rows()
    seed_demo(personas, StringIO())          # safe to run again: nothing is added twice
    assert {code: Dossier.objects.filter(agency__code=code).count() for code in counts} == counts
