import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directives', '0007_task_version'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='RegistryLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(max_length=40, verbose_name='số liệu sổ đăng ký')),
                ('parameter', models.CharField(blank=True, max_length=40)),
                ('linked_at', models.DateTimeField(auto_now_add=True)),
                ('figure', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                             related_name='+', to='directives.figure',
                                             verbose_name='so với chỉ tiêu báo cáo')),
                ('linked_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+',
                                                to=settings.AUTH_USER_MODEL)),
                ('task', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='registry_links',
                                           to='directives.task')),
            ],
            options={
                'verbose_name': 'số liệu sổ đăng ký của nhiệm vụ',
                'verbose_name_plural': 'số liệu sổ đăng ký của nhiệm vụ',
                'ordering': ['task', 'id'],
                'constraints': [models.UniqueConstraint(fields=('task', 'source', 'parameter'),
                                                        name='registry_link_once')],
            },
        ),
    ]
