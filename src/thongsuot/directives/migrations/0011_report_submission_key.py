"""Reports' resubmission guard becomes the platform's: `client_token` (unique per assignment) is renamed
`submission_key`, unique per author (`submitted_by`). Keys were random per form, so none clash."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0010_one_domain_vocabulary"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="progressreport", name="report_client_token_unique"),
        migrations.RenameField(model_name="progressreport", old_name="client_token", new_name="submission_key"),
        migrations.AlterField(
            model_name="progressreport", name="submission_key",
            field=models.CharField(blank=True, default="", editable=False,
                                   max_length=64)),
        migrations.AddConstraint(
            model_name="progressreport",
            constraint=models.UniqueConstraint(condition=models.Q(("submission_key", ""), _negated=True),
                                               fields=("submitted_by", "submission_key"),
                                               name="directives_progressreport_submission_key_unique")),
    ]
