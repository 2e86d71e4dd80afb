"""One audit chain per territory, keyed hashes: the events recorded so far become the legacy chain.

Existing events keep `chain=""` and their plain SHA-256 hashes (they cannot be rehashed: the table
is append-only); the legacy head gets its event count and a seal keyed with the audit key, so that
rewriting the legacy chain and its head needs the key, as for every new event. On SQLite adding a
column rebuilds the table, which drops its append-only triggers: they are made again here.
"""

from django.conf import settings
from django.db import migrations, models

from thongsuot.audit.keys import head_seal

SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;",
    "CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON audit_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;",
]


def seal_legacy_chain(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_TRIGGERS:
            schema_editor.execute(sql)
    event_model = apps.get_model("audit", "AuditEvent")
    head_model = apps.get_model("audit", "AuditChainHead")
    db = schema_editor.connection.alias
    last = event_model.objects.using(db).order_by("-id").first()
    if last is None:
        return
    count = event_model.objects.using(db).count()
    head, _ = head_model.objects.using(db).get_or_create(chain="", defaults={"last_hash": last.hash, "last_event_id": last.pk})
    head.count = count
    head.seal = head_seal(chain="", last_event_id=head.last_event_id, last_hash=head.last_hash, count=count)
    head.save(update_fields=["count", "seal"])


def unseal_legacy_chain(apps, schema_editor):
    """Nothing to undo: the columns holding count and seal are dropped by the reverse of the fields."""


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('audit', '0002_append_only_triggers'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='auditchainhead',
            name='chain',
            field=models.CharField(blank=True, default='', max_length=32, unique=True),
        ),
        migrations.AddField(
            model_name='auditchainhead',
            name='count',
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='auditchainhead',
            name='seal',
            field=models.CharField(blank=True, default='', max_length=64),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='chain',
            field=models.CharField(blank=True, default='', max_length=32),
        ),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(fields=['chain', 'id'], name='audit_chain_idx'),
        ),
        migrations.RunPython(seal_legacy_chain, unseal_legacy_chain),
    ]
