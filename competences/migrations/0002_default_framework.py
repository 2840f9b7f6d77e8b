"""Load the default framework, "Référentiel des compétences transverses collaboratives".

A fresh installation has it published. The loader is idempotent and lives in
competences/services/defaults.py (it is also run by
``manage.py load_default_framework``).
"""

from django.db import migrations


def load_default_framework(apps, schema_editor):
    from competences.services.defaults import default_framework_load

    default_framework_load(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("competences", "0001_framework_models"),
    ]

    operations = [
        migrations.RunPython(load_default_framework, migrations.RunPython.noop, elidable=False),
    ]
