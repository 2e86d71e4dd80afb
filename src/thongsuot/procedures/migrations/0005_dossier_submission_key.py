"""Dossiers' resubmission guard is the platform's: `idempotency_key` (null, unique site-wide) becomes
`submission_key` ("" when none, unique per author)."""

from django.db import migrations, models


def null_to_empty(apps, schema_editor):
    Dossier = apps.get_model("procedures", "Dossier")
    Dossier.objects.filter(idempotency_key__isnull=True).update(idempotency_key="")


def empty_to_null(apps, schema_editor):
    Dossier = apps.get_model("procedures", "Dossier")
    Dossier.objects.filter(idempotency_key="").update(idempotency_key=None)


class Migration(migrations.Migration):

    dependencies = [
        ("procedures", "0004_procedure_fields_spelled_as_sectors"),
    ]

    operations = [
        migrations.AlterField(
            model_name="dossier", name="idempotency_key",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(null_to_empty, empty_to_null, elidable=True),
        migrations.RenameField(model_name="dossier", old_name="idempotency_key", new_name="submission_key"),
        migrations.AlterField(
            model_name="dossier", name="submission_key",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddConstraint(
            model_name="dossier",
            constraint=models.UniqueConstraint(condition=models.Q(("submission_key", ""), _negated=True),
                                               fields=("created_by", "submission_key"),
                                               name="procedures_dossier_submission_key_unique"),
        ),
    ]
