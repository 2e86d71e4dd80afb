"""Written requests are numbered by `core.numbering` (series "CV" of the agency's code), the one
yearly register of document numbers: the rows of obstacles' own register move there, then it goes."""

from django.db import migrations

SERIES = "CV"


def to_core(apps, schema_editor):
    DocumentSequence = apps.get_model("obstacles", "DocumentSequence")
    NumberSequence = apps.get_model("core", "NumberSequence")
    for row in DocumentSequence.objects.select_related("agency"):
        target, _created = NumberSequence.objects.get_or_create(issuer=row.agency.code, series=SERIES,
                                                                year=row.year)
        if row.last > target.last:
            target.last = row.last
            target.save(update_fields=["last"])


def from_core(apps, schema_editor):
    DocumentSequence = apps.get_model("obstacles", "DocumentSequence")
    NumberSequence = apps.get_model("core", "NumberSequence")
    Agency = apps.get_model("accounts", "Agency")
    agencies = dict(Agency.objects.values_list("code", "pk"))
    DocumentSequence.objects.bulk_create([
        DocumentSequence(agency_id=agencies[row.issuer], year=row.year, last=row.last)
        for row in NumberSequence.objects.filter(series=SERIES) if row.issuer in agencies])


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_number_sequence"),
        ("obstacles", "0016_fill_open_cases_by_commune"),
    ]

    operations = [
        migrations.RunPython(to_core, from_core),
        migrations.DeleteModel(name="DocumentSequence"),
    ]
