"""The summary tallies stay equal to the cases they count, through every kind of change."""

from collections import Counter
from datetime import date
from io import StringIO

from thongsuot.obstacles import services, tallies
from thongsuot.obstacles.demo import seed_cases
from thongsuot.obstacles.models import Obstacle, ObstacleDueTally, ObstacleTally


def _direct():
    keys = [tallies.key_of(o) for o in Obstacle.objects.all()]
    return Counter(k[:5] for k in keys), Counter((k[0], k[1], k[5]) for k in keys if k[5] is not None)


def _tallied():
    main = Counter({(t.province_id, t.ministry_key, t.status, t.domain, t.level): t.n
                    for t in ObstacleTally.objects.exclude(n=0)})
    due = Counter({(t.province_id, t.ministry_key, t.due_date): t.n for t in ObstacleDueTally.objects.exclude(n=0)})
    return main, due


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
    import_module("thongsuot.obstacles.migrations.0005_fill_tallies_from_existing_cases").fill(apps, None)
    assert _tallied() == _direct()
