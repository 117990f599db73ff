# The Activity model moves from the directory to this app. Its table, `directory_activity`, was
# created by directory.0001 and keeps its name and rows: this migration only records the model
# in this app's state (directory.0004 then drops it from the directory's).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('directory', '0003_list_order_indexes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Activity',
                    fields=[
                        ('code', models.CharField(max_length=10, primary_key=True, serialize=False, verbose_name='code')),
                        ('level', models.CharField(choices=[('section', 'Section'), ('division', 'Division'), ('group', 'Group'), ('class', 'Class'), ('subclass', 'Sub-class (NAF)')], max_length=10, verbose_name='level')),
                        ('label_fr', models.CharField(max_length=300, verbose_name='French label')),
                        ('label_en', models.CharField(blank=True, max_length=300, verbose_name='English label')),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='children', to='activities.activity')),
                    ],
                    options={
                        'verbose_name': 'activity (NACE/NAF)',
                        'verbose_name_plural': 'activities (NACE/NAF)',
                        'db_table': 'directory_activity',
                        'ordering': ['code'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
