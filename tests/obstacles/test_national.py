from datetime import UTC, datetime
from io import StringIO

import pytest
import time_machine

from thongsuot.obstacles.models import OPEN_STATUSES, EscalationRequest, Obstacle, ObstacleEvent
from thongsuot.obstacles.national import seed_national

#: Noon in Viet Nam, and 0:50 there (17:50 UTC the day before), when the local and UTC dates differ.
MOMENTS = [datetime(2026, 12, 7, 5, 0, tzinfo=UTC), datetime(2026, 12, 6, 17, 50, tzinfo=UTC)]


@pytest.fixture(params=MOMENTS, ids=["noon", "after-local-midnight"])
def at_moment(request):
    with time_machine.travel(request.param, tick=True):
        yield request.param


def test_national_volumes_are_consistent_and_not_doubled(db, at_moment):
    out = StringIO()
    seed_national({"obstacles": 600, "seed": 7}, out)
    seed_national({"obstacles": 600, "seed": 7}, out)
    assert Obstacle.objects.count() == 600
    events = ObstacleEvent.objects.count()
    assert 3 * 600 <= events <= 6 * 600
    # Every case's last state-changing event ends in its status; open cases have a due date.
    for obstacle in Obstacle.objects.order_by("?")[:50]:
        last = obstacle.events.exclude(kind="comment").order_by("created_at", "id").last()
        assert last.to_status == obstacle.status
        assert (obstacle.due_date is not None) == (obstacle.status in OPEN_STATUSES)
    at_ministry = Obstacle.objects.filter(level="ministry")
    assert at_ministry.exists() and all(o.ministry_id == o.responsible_agency_id for o in at_ministry)
    assert EscalationRequest.objects.filter(obstacle__in=at_ministry).count() >= at_ministry.count()
    assert Obstacle.objects.values("province").distinct().count() > 25
    answered = EscalationRequest.objects.exclude(answered_on=None)
    assert answered.exists() and all(r.answered_on >= r.sent_on for r in answered)
