from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [("directives", "0005_move_single_files_to_attachments")]

    operations = [
        migrations.RemoveField(model_name="directive", name="file"),
        migrations.RemoveField(model_name="directive", name="file_name"),
        migrations.RemoveField(model_name="progressreport", name="file"),
        migrations.RemoveField(model_name="progressreport", name="file_name"),
    ]
