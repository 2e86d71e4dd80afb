"""Demo and generated data: the personas' communes through services, the rest in bulk, re-runnable."""

from io import StringIO

from thongsuot.facilities import demo, generate
from thongsuot.facilities.models import CommuneReadiness, Facility, FacilityStatus, HandlingPlan, PlanState
from thongsuot.geo.models import Commune


def test_demo_seed_is_rerunnable_and_fills_the_demo_provinces_and_samples_every_other(db):
    demo.seed_demo({}, StringIO())
    hoan_kiem = Facility.objects.filter(commune__code="00070")
    assert hoan_kiem.filter(status=FacilityStatus.SURPLUS).count() == 4
    assert set(HandlingPlan.objects.filter(commune__code="00070").values_list("state", flat=True)) == {
        PlanState.PROPOSED, PlanState.APPROVED, PlanState.DONE}
    communes = Commune.objects.filter(province__code__in=["01", "15"]).count()
    assert CommuneReadiness.objects.filter(province__code__in=["01", "15"]).count() == communes
    # three sample communes in each of the 32 other provinces
    others = CommuneReadiness.objects.exclude(province__code__in=["01", "15"])
    assert others.count() == 32 * 3 and others.values("province").distinct().count() == 32
    total = Facility.objects.count()
    demo.seed_demo({}, StringIO())
    assert Facility.objects.count() == total


def test_generated_volumes_have_the_national_shape(db):
    communes = Commune.objects.filter(province__code="15")
    generate.generate(communes, seed=1)
    facilities = Facility.objects.all()
    surplus = facilities.filter(status=FacilityStatus.SURPLUS)
    assert 7 * communes.count() <= facilities.count() <= 14 * communes.count()
    assert 0.75 < surplus.count() / (facilities.count() - communes.count()) < 0.95
    handled = surplus.filter(plan_state=PlanState.DONE).count()
    assert 0.58 < handled / surplus.count() < 0.75
    # the copy on the facility matches the plans
    assert HandlingPlan.objects.filter(state=PlanState.DONE).count() == handled
    assert not facilities.filter(search_key="").exists()
    rows = CommuneReadiness.objects.filter(province__code="15")
    assert rows.count() == communes.count() and rows.filter(total__gt=0).count() == communes.count()
