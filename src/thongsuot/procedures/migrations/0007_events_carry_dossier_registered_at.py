"""A dossier's steps carry its `registered_at` (the monthly partition key of both tables, see
`partitions.py`), and their key to the dossier loses its own database constraint: on PostgreSQL the
composite (dossier_id, dossier_registered_at) one replaces it in the next migration."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def carry(apps, schema_editor):
    Dossier = apps.get_model("procedures", "Dossier")
    DossierEvent = apps.get_model("procedures", "DossierEvent")
    DossierEvent.objects.update(dossier_registered_at=Subquery(
        Dossier.objects.filter(pk=OuterRef("dossier_id")).values("registered_at")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ("procedures", "0006_version_of_catalogue_entries"),
    ]

    operations = [
        migrations.AlterField(
            model_name="dossierevent", name="dossier",
            field=models.ForeignKey(db_constraint=False, on_delete=models.deletion.CASCADE, related_name="events",
                                    to="procedures.dossier"),
        ),
        migrations.AddField(
            model_name="dossierevent", name="dossier_registered_at",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.RunPython(carry, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="dossierevent", name="dossier_registered_at",
            field=models.DateTimeField(editable=False),
        ),
    ]
