"""The summary tallies stay equal to the cases they count, through every kind of change."""

from collections import Counter
from datetime import date
from io import StringIO

from django.utils import timezone

from thongsuot.accounts.models import User
from thongsuot.obstacles import selectors, services, tallies
from thongsuot.obstacles.choices import OPEN_STATUSES
from thongsuot.obstacles.demo import seed_cases
from thongsuot.obstacles.models import Obstacle, ObstacleCommuneTally, ObstacleDueTally, ObstacleTally


def _direct():
    keys = [tallies.key_of(o) for o in Obstacle.objects.all()]
    return (Counter(k[:5] for k in keys), Counter((k[0], k[1], k[5]) for k in keys if k[5] is not None),
            Counter((k[0], k[6], k[1], k[5]) for k in keys if k[7]))


def _tallied():
    main = Counter({(t.province_id, t.ministry_key, t.status, t.domain, t.level): t.n
                    for t in ObstacleTally.objects.exclude(n=0)})
    due = Counter({(t.province_id, t.ministry_key, t.due_date): t.n for t in ObstacleDueTally.objects.exclude(n=0)})
    communes = Counter({(t.province_id, t.commune_key, t.ministry_key, t.due_date): t.n
                        for t in ObstacleCommuneTally.objects.exclude(n=0)})
    return main, due, communes


def test_tallies_follow_every_service(db, monkeypatch):
    seed_cases(StringIO())
    monkeypatch.setattr(services, "today", lambda: date(2025, 1, 6))
    assert _tallied() == _direct() and sum(_direct()[0].values()) == 15
    services.obstacles_escalate_overdue(on=date(2030, 1, 1))
    assert _tallied() == _direct()
    tallies.rebuild()
    assert _tallied() == _direct()


def test_overview_counts_match_each_scope(client_for, db):
    seed_cases(StringIO())
    national = client_for("demo.quocgia").get("/api/obstacles/overview/").json()
    assert national["total"] == Obstacle.objects.count()
    ministry = client_for("demo.bo").get("/api/obstacles/overview/").json()
    assert ministry["total"] == Obstacle.objects.filter(ministry__code="BNV").count() == 2
    province = client_for("demo.tinh").get("/api/obstacles/overview/").json()
    assert province["total"] == Obstacle.objects.filter(province__code="01").count()
    assert province["overdue"] == 1 and national["overdue"] == 1
    commune = client_for("demo.xa2").get("/api/obstacles/overview/").json()
    assert commune["total"] == 1
    page = client_for("demo.quocgia").get("/kho-khan/tong-hop/").content.decode()
    assert "Thành phố Hà Nội" in page and "Tỉnh Lào Cai" in page


def test_the_data_migration_fills_tallies_for_cases_stored_before_them(db):
    from importlib import import_module

    from django.apps import apps

    seed_cases(StringIO())
    ObstacleTally.objects.all().delete()
    ObstacleDueTally.objects.all().delete()
    ObstacleCommuneTally.objects.all().delete()
    import_module("thongsuot.obstacles.migrations.0005_fill_tallies_from_existing_cases").fill(apps, None)
    import_module("thongsuot.obstacles.migrations.0016_fill_open_cases_by_commune").fill(apps, None)
    assert _tallied() == _direct()


def test_open_and_overdue_by_commune_match_the_cases_in_each_scope(client_for, db):
    """The campaign's per-commune figures: the summary rows agree with counting the cases."""
    seed_cases(StringIO())
    today = timezone.localdate()
    for username in ("demo.quocgia", "demo.tinh", "demo.bo", "demo.xa2"):
        user = User.objects.get(username=username)
        cases = selectors.visible_obstacles(user).filter(status__in=OPEN_STATUSES)
        for by in ("commune", "province"):
            expected = Counter()
            for case in cases:
                key = case.commune_id if by == "commune" else case.province_id
                expected[(key, "open")] += 1
                expected[(key, "late")] += bool(case.due_date and case.due_date < today)
            found = selectors.open_and_overdue(user=user, by=by)
            got = Counter()
            for key, (n, late) in found.items():
                got[(key, "open")] += n
                got[(key, "late")] += late
            assert +got == +expected, (username, by)
