"""PostgreSQL: dossiers and their steps become tables partitioned by month of registration, their
rows moved (see `partitions.py`). Nothing changes on SQLite, nor in Django's view of the models."""

from django.db import migrations

from thongsuot.procedures.partitions import tables_partition


class Migration(migrations.Migration):
    # Creating and filling the partitions, then swapping names, is one transaction: all or nothing.
    atomic = True

    dependencies = [
        ("procedures", "0007_events_carry_dossier_registered_at"),
    ]

    operations = [
        migrations.RunPython(tables_partition),
    ]
