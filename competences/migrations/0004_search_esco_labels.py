"""Search columns: add every ESCO label of the skills competences are aligned to.

Competences were indexed with the one French and one English label each alignment
stores; ESCO gives each skill other names too ("team-working" for "work in teams"),
read from the files shipped in competences/data/esco/ (competences/esco.py), and
hyphenated words are now also indexed written as one. This refreshes the columns of
every competence, published ones included: as in 0003, the columns are an index of the
content, not content, and the historical models carry no immutability guard.
"""

from collections import defaultdict

from django.db import migrations


def refresh_search_columns(apps, schema_editor):
    from competences.search_text import search_columns

    competence_model = apps.get_model("competences", "Competence")
    keywords = defaultdict(list)
    for competence_id, name in apps.get_model(
        "competences", "TaggedCompetence"
    ).objects.values_list("content_object_id", "tag__name"):
        keywords[competence_id].append(name)
    labels = defaultdict(list)
    targets = defaultdict(list)
    for competence_id, label_fr, label_en, target_url in (
        apps.get_model("competences", "ExternalAlignment")
        .objects.order_by("pk")
        .values_list("competence_id", "label_fr", "label_en", "target_url")
    ):
        labels[competence_id] += [label_fr, label_en]
        targets[competence_id].append(target_url)
    rows = list(competence_model.objects.all())
    for row in rows:
        for name, value in search_columns(
            code=row.code,
            titles=(row.title_fr, row.title_en),
            descriptions=(row.description_fr, row.description_en),
            keywords=keywords[row.pk],
            labels=labels[row.pk],
            targets=targets[row.pk],
        ).items():
            setattr(row, name, value)
    competence_model.objects.bulk_update(
        rows, ["search_title", "search_terms", "search_text"], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [
        ("competences", "0003_competence_search_columns"),
    ]

    operations = [
        migrations.RunPython(refresh_search_columns, migrations.RunPython.noop, elidable=False),
    ]
