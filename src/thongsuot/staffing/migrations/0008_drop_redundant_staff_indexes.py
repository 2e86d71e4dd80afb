"""Drop seven staff indexes that no query needs (decisions record 44): every row an import writes
maintained them.

- `staffmember.commune_id`, `staffmember.province_id`: the leading columns of `staff_commune_status`
  (commune, status, full_name) and `staff_province_status` (province, status), which EXPLAIN shows
  serving `commune_id = …`, `commune_id IN (…)` and `province_id = …` alike;
- `personnelaction.member_id`, `from_commune_id`, `to_commune_id`: the leading columns of
  `action_unique_decision` (member, kind, decision_number), `action_from` and `action_to`;
- `staffmember.search_key` (and PostgreSQL's `varchar_pattern_ops` twin): the staff search is
  `LIKE '%term%'`, which no B-tree index serves (EXPLAIN: a sequential scan with them present).

Only the indexes go: the foreign keys stay as they are. Django's own `AlterField` would drop and
re-add each foreign key (validating the whole table again, on PostgreSQL) and rebuild the tables on
SQLite; the model's state changes here, the database loses the indexes and nothing else.
"""

import django.db.models.deletion
from django.db import migrations, models

#: (index, table, column) as Django named them when it made them (the same name on every database).
INDEXES = [
    ("staffing_staffmember_commune_id_0d47f3a5", "staffing_staffmember", "commune_id"),
    ("staffing_staffmember_province_id_5d732452", "staffing_staffmember", "province_id"),
    ("staffing_staffmember_search_key_445c3d37", "staffing_staffmember", "search_key"),
    ("staffing_personnelaction_member_id_c7aef081", "staffing_personnelaction", "member_id"),
    ("staffing_personnelaction_from_commune_id_08567ad5", "staffing_personnelaction", "from_commune_id"),
    ("staffing_personnelaction_to_commune_id_bbf67536", "staffing_personnelaction", "to_commune_id"),
]
LIKE_INDEX = "staffing_staffmember_search_key_445c3d37_like"   # PostgreSQL only


def drop_indexes(apps, schema_editor):
    quote = schema_editor.quote_name
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(name)}")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(LIKE_INDEX)}")


def create_indexes(apps, schema_editor):
    quote = schema_editor.quote_name
    for name, table, column in INDEXES:
        schema_editor.execute(f"CREATE INDEX {quote(name)} ON {quote(table)} ({quote(column)})")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX {quote(LIKE_INDEX)} ON {quote('staffing_staffmember')} "
                              f"({quote('search_key')} varchar_pattern_ops)")


class Migration(migrations.Migration):

    dependencies = [
        ('geo', '0002_commune_version'),
        ('staffing', '0007_shortage_tally_by_province_field'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_indexes, create_indexes)],
            state_operations=[
                migrations.AlterField(
                    model_name='personnelaction',
                    name='from_commune',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='geo.commune', verbose_name='từ đơn vị'),
                ),
                migrations.AlterField(
                    model_name='personnelaction',
                    name='member',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='actions', to='staffing.staffmember'),
                ),
                migrations.AlterField(
                    model_name='personnelaction',
                    name='to_commune',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='geo.commune', verbose_name='đến đơn vị'),
                ),
                migrations.AlterField(
                    model_name='staffmember',
                    name='commune',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='staff', to='geo.commune', verbose_name='nơi làm việc'),
                ),
                migrations.AlterField(
                    model_name='staffmember',
                    name='province',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='geo.province', verbose_name='tỉnh'),
                ),
                migrations.AlterField(
                    model_name='staffmember',
                    name='search_key',
                    field=models.CharField(editable=False, max_length=200),
                ),
            ],
        ),
    ]
