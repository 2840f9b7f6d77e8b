"""Fill ``Award.credential_text`` and ``credential_digest`` for awards issued before they
existed: the text is exactly what the OB 3.0 JSON served until now (the stored credential,
``json.dumps(..., ensure_ascii=False, indent=2)``), so the served bytes do not change."""

import hashlib
import json

from django.db import migrations

BATCH = 500


def fill(apps, schema_editor):
    Award = apps.get_model("badges", "Award")
    rows = (
        Award.objects.filter(credential_text="", holder_erased_at__isnull=True)
        .only("pk", "credential")
        .order_by("pk")
    )
    batch = []
    for award in rows.iterator(chunk_size=BATCH):
        if not award.credential:
            continue
        text = json.dumps(award.credential, ensure_ascii=False, indent=2)
        award.credential_text = text
        award.credential_digest = hashlib.sha256(text.encode()).hexdigest()
        batch.append(award)
        if len(batch) >= BATCH:
            Award.objects.bulk_update(batch, ["credential_text", "credential_digest"])
            batch = []
    if batch:
        Award.objects.bulk_update(batch, ["credential_text", "credential_digest"])


class Migration(migrations.Migration):
    dependencies = [("badges", "0006_public_documents_stored")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
