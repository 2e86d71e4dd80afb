from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("directives", "0006_drop_single_file_fields")]

    operations = [
        migrations.AddField(
            model_name='task',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
    ]
