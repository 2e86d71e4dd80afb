"""Fill the open cases by commune and due date from the cases already stored. Later changes keep the
rows current inside each service's transaction (`tallies.move`)."""

from django.db import migrations
from django.db.models import Count

OPEN = ["new", "acknowledged", "in_progress", "escalated", "answered", "returned", "reopened"]


def fill(apps, schema_editor):
    Obstacle = apps.get_model("obstacles", "Obstacle")
    Tally = apps.get_model("obstacles", "ObstacleCommuneTally")
    Tally.objects.all().delete()
    rows = (Obstacle.objects.order_by().filter(status__in=OPEN)
            .values("province_id", "commune_id", "ministry_id", "due_date").annotate(n=Count("id")))
    Tally.objects.bulk_create([Tally(province_id=r["province_id"], commune_key=r["commune_id"] or 0,
                                     ministry_key=r["ministry_id"] or 0, due_date=r["due_date"], n=r["n"])
                               for r in rows], batch_size=2000)


def empty(apps, schema_editor):
    apps.get_model("obstacles", "ObstacleCommuneTally").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("obstacles", "0015_open_cases_by_commune_tally")]
    operations = [migrations.RunPython(fill, empty)]
