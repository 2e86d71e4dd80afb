"""Move each directive's and each report's single file into an Attachment row.

The stored file stays where it is on disk; only the reference moves. Going back puts the
first attachment of each record back into its single file field; any further attachments
stay on disk but are no longer listed (the single field holds one).
"""

import mimetypes
from pathlib import PurePath

from django.db import migrations

BATCH = 1000


def _size(field_file) -> int:
    try:
        return field_file.storage.size(field_file.name)
    except OSError:
        return 0


def _attachments(rows, owner: str, uploader: str, created: str, Attachment):
    for row in rows:
        name = (row.file_name or PurePath(row.file.name).name)[:200]
        yield Attachment(**{owner: row}, file=row.file.name, name=name,
                         mime=mimetypes.guess_type(name)[0] or "application/octet-stream",
                         size=_size(row.file), uploaded_by_id=getattr(row, uploader),
                         created_at=getattr(row, created))


def _bulk(objects, model) -> None:
    batch = []
    for obj in objects:
        batch.append(obj)
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)


def forwards(apps, schema_editor):
    Attachment = apps.get_model("directives", "Attachment")
    Directive = apps.get_model("directives", "Directive")
    ProgressReport = apps.get_model("directives", "ProgressReport")
    directives = (Directive.objects.exclude(file="").order_by("pk")
                  .only("pk", "file", "file_name", "created_by_id", "created_at").iterator(chunk_size=BATCH))
    _bulk(_attachments(directives, "directive", "created_by_id", "created_at", Attachment), Attachment)
    reports = (ProgressReport.objects.exclude(file="").order_by("pk")
               .only("pk", "file", "file_name", "submitted_by_id", "submitted_at").iterator(chunk_size=BATCH))
    _bulk(_attachments(reports, "report", "submitted_by_id", "submitted_at", Attachment), Attachment)


def backwards(apps, schema_editor):
    Attachment = apps.get_model("directives", "Attachment")
    Directive = apps.get_model("directives", "Directive")
    ProgressReport = apps.get_model("directives", "ProgressReport")
    seen: set[tuple[str, int]] = set()
    for attachment in Attachment.objects.order_by("created_at", "pk").iterator(chunk_size=BATCH):
        key = ("d", attachment.directive_id) if attachment.directive_id else ("r", attachment.report_id)
        if key in seen:
            continue
        seen.add(key)
        model = Directive if key[0] == "d" else ProgressReport
        model.objects.filter(pk=key[1]).update(file=attachment.file.name, file_name=attachment.name)
    Attachment.objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [("directives", "0004_attachments")]

    operations = [migrations.RunPython(forwards, backwards)]
