"""Search columns on competences: normalised words for accent- and case-insensitive search.

The columns are derived from each competence's code, titles, descriptions,
keywords and alignment labels (see competences/search_text.py). This migration
fills them for the competences that already exist, published ones included:
the historical models used here do not carry the immutability guards, and the
columns are an index of the content, not content.
"""

from collections import defaultdict

from django.db import migrations, models


def fill_search_columns(apps, schema_editor):
    from competences.search_text import search_columns

    competence_model = apps.get_model("competences", "Competence")
    keywords = defaultdict(list)
    for competence_id, name in apps.get_model("competences", "TaggedCompetence").objects.values_list(
        "content_object_id", "tag__name"
    ):
        keywords[competence_id].append(name)
    labels = defaultdict(list)
    for competence_id, label_fr, label_en in (
        apps.get_model("competences", "ExternalAlignment")
        .objects.order_by("pk")
        .values_list("competence_id", "label_fr", "label_en")
    ):
        labels[competence_id] += [label_fr, label_en]
    rows = list(competence_model.objects.all())
    for row in rows:
        for name, value in search_columns(
            code=row.code,
            titles=(row.title_fr, row.title_en),
            descriptions=(row.description_fr, row.description_en),
            keywords=keywords[row.pk],
            labels=labels[row.pk],
        ).items():
            setattr(row, name, value)
    competence_model.objects.bulk_update(
        rows, ["search_title", "search_terms", "search_text"], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [
        ("competences", "0002_default_framework"),
    ]

    operations = [
        migrations.AddField(
            model_name="competence",
            name="search_title",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="competence",
            name="search_terms",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="competence",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_search_columns, migrations.RunPython.noop, elidable=False),
    ]
