"""The default framework's crosswalk to the ROME 4.0 savoir-être, with its justifications.

On a fresh database 0002 already created the ROME alignments (without their justification,
whose field 0005 adds); on an older one they are missing. ``default_crosswalk_fill`` writes
them in both cases, by their fixed identifiers (competences/services/defaults.py).
"""

from django.db import migrations


def fill_default_crosswalk(apps, schema_editor):
    from competences.services.defaults import default_crosswalk_fill

    default_crosswalk_fill(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("competences", "0005_rome_reference_and_crosswalk"),
    ]

    operations = [
        migrations.RunPython(fill_default_crosswalk, migrations.RunPython.noop, elidable=False),
    ]
