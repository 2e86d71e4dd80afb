import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import thongsuot.core.uploads


class Migration(migrations.Migration):

    dependencies = [
        ('directives', '0003_task_links'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Attachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(max_length=200, storage=thongsuot.core.uploads.private_storage,
                                          upload_to=thongsuot.core.uploads.PrivatePath('directives'))),
                ('name', models.CharField(max_length=200, verbose_name='tên tệp')),
                ('mime', models.CharField(max_length=120)),
                ('size', models.PositiveIntegerField(verbose_name='dung lượng (byte)')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('directive', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE,
                                                related_name='attachments', to='directives.directive')),
                ('report', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE,
                                             related_name='attachments', to='directives.progressreport')),
                ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+',
                                                  to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'tệp đính kèm',
                'verbose_name_plural': 'tệp đính kèm',
                'ordering': ['created_at', 'id'],
                'constraints': [models.CheckConstraint(
                    condition=models.Q(models.Q(('directive__isnull', False), ('report__isnull', True)),
                                       models.Q(('directive__isnull', True), ('report__isnull', False)),
                                       _connector='OR'),
                    name='attachment_one_owner')],
            },
        ),
    ]
