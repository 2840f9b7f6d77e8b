"""The OB 3.0 ``alignment`` list of a badge class, checked against the official schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from badges.selectors.badge_classes import badge_class_alignments, badge_class_get
from competences.models import ExternalAlignment
from tests.badges.factories.badge_classes import badge_class_add, competences
from tests.badges.factories.issuers import IssuerFactory

SCHEMA = Path("/work/shared/standards/ob3/schema/achievementcredential.json")


@pytest.fixture
def comps(default_framework):
    return competences(default_framework, 2)


@pytest.fixture
def badge(db, comps):
    return badge_class_add(
        IssuerFactory(),
        rules=(
            {"competence": comps[0], "min_level": 2},
            {"competence": comps[1], "min_level": 1},
        ),
    )


def test_alignment_to_the_competence_page_and_its_esco_skills(badge, comps, default_framework):
    alignment = badge_class_alignments(badge_class=badge)
    first = comps[0]
    item = alignment[0]
    assert item["type"] == ["Alignment"]
    assert item["targetType"] == "CFItem"
    # The CASE provider's address of the item (#17), not the HTML page.
    assert item["targetUrl"] == f"http://testserver/ims/case/v1p1/CFItems/{first.uuid}"
    assert item["targetCode"] == str(first.uuid)
    assert item["targetName"] == first.title
    assert item["targetFramework"] == (
        f"{default_framework.framework.name} {default_framework.label}"
    )
    externals = list(ExternalAlignment.objects.filter(competence=first).order_by("pk"))
    esco = [e for e in externals if e.target_url.startswith("http://data.europa.eu/esco/")]
    rome = [e for e in externals if e.target_framework == "ROME 4.0"]
    assert esco, "the default framework aligns its competences to ESCO"
    assert rome, "and to the ROME 4.0's savoir-être (#16)"
    expected = [
        {
            "type": ["Alignment"],
            "targetName": external.label,
            "targetUrl": external.target_url,
            "targetFramework": external.target_framework,
            # ESCO skills are typed; the ROME's savoir-être carry their code.
            **(
                {"targetType": "ext:ESCOSkill"}
                if external in esco
                else {"targetCode": external.target_code}
            ),
        }
        for external in externals
    ]
    assert alignment[1 : 1 + len(externals)] == expected
    # Then the second rule's competence, each address once.
    urls = [entry["targetUrl"] for entry in alignment]
    assert f"http://testserver/ims/case/v1p1/CFItems/{comps[1].uuid}" in urls
    assert len(urls) == len(set(urls))


def test_alignment_validates_against_the_ob3_schema(badge):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    alignment_schema = {
        "$schema": schema["$schema"],
        "$defs": schema["$defs"],
        "$ref": "#/$defs/Alignment",
    }
    validator_class = jsonschema.validators.validator_for(alignment_schema)
    validator = validator_class(alignment_schema)
    for entry in badge_class_alignments(badge_class=badge):
        validator.validate(entry)
    assert not validator.is_valid({"type": ["Alignment"], "targetType": "ESCO"})


def test_alignment_uses_the_prefetch(badge, django_assert_num_queries):
    loaded = badge_class_get(uuid=badge.uuid)
    assert loaded is not None
    with django_assert_num_queries(0):
        badge_class_alignments(badge_class=loaded)


def test_no_rules_no_alignment(db):
    assert badge_class_alignments(badge_class=badge_class_add(IssuerFactory())) == []
