# Activity now belongs to the `activities` app (reference data, below the directory). Its table
# and every row stay where they are: the fields that point at it are re-pointed in the state
# only, and the content type is renamed so that permissions and admin history follow it.

import django.db.models.deletion
from django.db import migrations, models


def content_type_follows(apps, schema_editor):
    content_type = apps.get_model('contenttypes', 'ContentType')
    db = schema_editor.connection.alias
    if not content_type.objects.using(db).filter(app_label='activities', model='activity').exists():
        content_type.objects.using(db).filter(app_label='directory', model='activity').update(
            app_label='activities'
        )


def content_type_goes_back(apps, schema_editor):
    content_type = apps.get_model('contenttypes', 'ContentType')
    db = schema_editor.connection.alias
    if not content_type.objects.using(db).filter(app_label='directory', model='activity').exists():
        content_type.objects.using(db).filter(app_label='activities', model='activity').update(
            app_label='directory'
        )


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('directory', '0003_list_order_indexes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='organisation',
                    name='activity',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='organisations', to='activities.activity', verbose_name='main activity (NAF/NACE)'),
                ),
                migrations.AlterField(
                    model_name='offerneed',
                    name='activity',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='activities.activity', verbose_name='activity (NAF/NACE)'),
                ),
                migrations.AlterField(
                    model_name='network',
                    name='branches',
                    field=models.ManyToManyField(blank=True, related_name='networks', to='activities.activity', verbose_name='branches (NACE/NAF)'),
                ),
                migrations.DeleteModel(name='Activity'),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_follows, content_type_goes_back),
    ]
