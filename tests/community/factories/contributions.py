"""Factories of contributions, their evidence and competence claims."""

from __future__ import annotations

import datetime

import factory

from competences.models import Competence
from tests.accounts.factories.users import UserFactory
from tests.community.factories.initiatives import InitiativeFactory


class ContributionFactory(factory.django.DjangoModelFactory):
    """A recorded contribution in an initiative (``initiative=None`` for a personal project)."""

    class Meta:
        model = "community.Contribution"
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)
    initiative = factory.SubFactory(InitiativeFactory)
    title = factory.Sequence(lambda n: f"Contribution {n}")
    narrative = "J'ai accueilli les visiteurs et noté les objets à réparer."
    started_on = factory.LazyFunction(lambda: datetime.date(2026, 10, 3))
    ended_on = factory.SelfAttribute("started_on")
    status = "recorded"

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.set(list(extracted))


class EvidenceFactory(factory.django.DjangoModelFactory):
    """A text by default; ``EvidenceFactory(file=…)`` for a stored file."""

    class Meta:
        model = "community.Evidence"

    contribution = factory.SubFactory(ContributionFactory)
    kind = "text"
    title = factory.Sequence(lambda n: f"Evidence {n}")
    text = "Merci pour ton aide samedi !"
    visibility = "endorsers"


def default_competences(version, count: int | None = None):
    """Competences of a framework version (the ``default_framework`` fixture's), in order."""
    competences = Competence.objects.filter(version=version).order_by("domain__order", "order")
    return list(competences[:count] if count else competences)


class CompetenceClaimFactory(factory.django.DjangoModelFactory):
    """A claim; pass ``competence=`` one of ``default_competences(default_framework)``."""

    class Meta:
        model = "community.CompetenceClaim"

    contribution = factory.SubFactory(ContributionFactory)
    self_level = 2
    statement = "J'ai guidé trente visiteurs."


def pdf_bytes(
    text: str = "Attestation", *, catalog: bytes = b"", objects_after: tuple[bytes, ...] = ()
) -> bytes:
    """A small but well-formed PDF document (header, objects, xref table, trailer).

    ``catalog``: more entries for the document catalog (object 1); ``objects_after``: more
    objects, numbered from 5 (for actions, attachments…), written as given.
    """
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >>",
    ]
    stream = f"BT /F1 12 Tf 10 50 Td ({text}) Tj ET".encode()
    objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    objects += objects_after
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
