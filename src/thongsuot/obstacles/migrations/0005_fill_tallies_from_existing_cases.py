"""Fill the summary tallies from the cases already stored (databases that had cases before
the tallies existed). Later changes keep them current inside each service's transaction."""

from django.db import migrations
from django.db.models import Count

OPEN = ["new", "acknowledged", "in_progress", "escalated", "answered", "returned", "reopened"]


def fill(apps, schema_editor):
    Obstacle = apps.get_model("obstacles", "Obstacle")
    Tally = apps.get_model("obstacles", "ObstacleTally")
    DueTally = apps.get_model("obstacles", "ObstacleDueTally")
    Tally.objects.all().delete()
    DueTally.objects.all().delete()
    rows = (Obstacle.objects.order_by().values("province_id", "ministry_id", "status", "domain", "level")
            .annotate(n=Count("id")))
    Tally.objects.bulk_create([Tally(province_id=r["province_id"], ministry_key=r["ministry_id"] or 0,
                                     status=r["status"], domain=r["domain"], level=r["level"], n=r["n"])
                               for r in rows], batch_size=2000)
    due = (Obstacle.objects.order_by().filter(status__in=OPEN, due_date__isnull=False)
           .values("province_id", "ministry_id", "due_date").annotate(n=Count("id")))
    DueTally.objects.bulk_create([DueTally(province_id=r["province_id"], ministry_key=r["ministry_id"] or 0,
                                           due_date=r["due_date"], n=r["n"]) for r in due], batch_size=2000)


def empty(apps, schema_editor):
    apps.get_model("obstacles", "ObstacleTally").objects.all().delete()
    apps.get_model("obstacles", "ObstacleDueTally").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("obstacles", "0004_event_kinds_without_assign")]
    operations = [migrations.RunPython(fill, empty)]
