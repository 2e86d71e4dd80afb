from io import StringIO

from thongsuot.obstacles.demo import seed_demo
from thongsuot.obstacles.models import Obstacle, Status


def test_demo_gives_the_personas_cases_in_every_state_and_runs_twice(db):
    seed_demo({}, StringIO())
    seed_demo({}, StringIO())
    statuses = set(Obstacle.objects.filter(created_by__username="demo.xa").values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert Obstacle.objects.filter(ministry__code="BNV").count() >= 2
    assert Obstacle.objects.filter(level="national").exists()
    assert Obstacle.objects.filter(created_by__username="demo.xa2").count() == 1
    assert Obstacle.objects.filter(commune__isnull=True).count() == 1
    assert Obstacle.objects.count() == 15
