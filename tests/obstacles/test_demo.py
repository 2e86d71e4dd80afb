from io import StringIO

from thongsuot.obstacles.demo import seed_cases, seed_demo
from thongsuot.obstacles.models import Obstacle, Status


def test_demo_gives_the_personas_cases_in_every_state_and_runs_twice(db):
    seed_cases(StringIO())
    seed_cases(StringIO())
    statuses = set(Obstacle.objects.filter(created_by__username="demo.xa").values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert Obstacle.objects.filter(ministry__code="BNV").count() >= 2
    assert Obstacle.objects.filter(level="national").exists()
    assert Obstacle.objects.filter(created_by__username="demo.xa2").count() == 1
    assert Obstacle.objects.filter(commune__isnull=True).count() == 1
    assert Obstacle.objects.count() == 15


def test_the_demo_adds_sample_cases_in_every_province_filed_since_the_letter(db):
    from django.utils import timezone

    from thongsuot.core.seeding import demo_calendar
    from thongsuot.obstacles.models import Obstacle

    seed_demo({}, StringIO())
    sample = Obstacle.objects.filter(submission_key__startswith="mau-")
    assert sample.count() == 300 and not sample.exclude(title__startswith="[Dữ liệu mẫu] ").exists()
    assert sample.values("province").distinct().count() == 34
    assert not sample.filter(created_at__date__lt=demo_calendar().issued_on).exists()
    assert not sample.filter(created_at__gt=timezone.now()).exists()
    seed_demo({}, StringIO())
    assert Obstacle.objects.filter(submission_key__startswith="mau-").count() == 300
