"""The resubmission key has the platform's one name and rule (core.resubmission): idempotency_key
becomes submission_key, still unique per author when not empty."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("obstacles", "0007_one_domain_vocabulary"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="obstacle", name="obstacle_idempotency_unique"),
        migrations.RemoveIndex(model_name="obstacle", name="obstacle_idempotency_idx"),
        migrations.RenameField(model_name="obstacle", old_name="idempotency_key", new_name="submission_key"),
        migrations.AlterField(model_name="obstacle", name="submission_key",
                              field=models.CharField(blank=True, default="", editable=False, max_length=64)),
        migrations.AddConstraint(
            model_name="obstacle",
            constraint=models.UniqueConstraint(condition=models.Q(("submission_key", ""), _negated=True),
                                               fields=("created_by", "submission_key"),
                                               name="obstacles_obstacle_submission_key_unique")),
        migrations.AddIndex(model_name="obstacle",
                            index=models.Index(fields=["created_by", "submission_key"],
                                               name="obstacle_submission_key_idx")),
    ]
