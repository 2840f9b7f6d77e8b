"""Factories for initiatives, memberships, invitations and notifications."""

from __future__ import annotations

import datetime
import io
import secrets

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import Notification, NotificationKind
from community.models import (
    Initiative,
    InitiativeKind,
    InitiativeSphere,
    Invitation,
    JoinRequest,
    Membership,
    Role,
    Sphere,
)
from config.tokens import token_hash
from tests.factories import UserFactory


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Initiative {n}")
    slug = factory.Sequence(lambda n: f"initiative-{n}")
    kind = InitiativeKind.REPAIR_CAFE
    commune = "Dijon"
    postcode = "21000"

    @factory.post_generation
    def spheres(obj: Initiative, create, extracted, **kwargs):
        if create:
            for sphere in extracted or [Sphere.CONSUME]:
                InitiativeSphere.objects.create(initiative=obj, sphere=sphere)

    @factory.post_generation
    def leader(obj: Initiative, create, extracted, **kwargs):
        """``InitiativeFactory(leader=user)`` makes ``user`` its leader."""
        if create and extracted is not None:
            Membership.objects.create(initiative=obj, user=extracted, role=Role.LEADER)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    initiative = factory.SubFactory(InitiativeFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER


class InvitationFactory(factory.django.DjangoModelFactory):
    """An invitation; its raw token is in ``invitation.token`` (never stored)."""

    class Meta:
        model = Invitation

    initiative = factory.SubFactory(InitiativeFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = Role.MEMBER
    token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
    token_hash = factory.LazyAttribute(lambda o: token_hash(o.token))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        token = kwargs.pop("token")
        invitation = super()._create(model_class, *args, **kwargs)
        invitation.token = token
        return invitation


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    initiative = factory.SubFactory(InitiativeFactory)
    user = factory.SubFactory(UserFactory)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = NotificationKind.JOIN_ACCEPTED
    params = factory.LazyFunction(lambda: {"initiative": "Repair Café"})
    link = "/initiatives/"


def image_upload(
    name: str = "logo.png", *, size: tuple[int, int] = (64, 48), fmt: str = "PNG", **save
) -> SimpleUploadedFile:
    """A real image file, as a browser would upload it."""
    buffer = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" else "RGB"
    Image.new(mode, size, (200, 80, 20)).save(buffer, format=fmt, **save)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg"}.get(fmt, "application/octet-stream")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


# --- Contributions, evidence and competence claims ---------------------------------


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
    from competences.models import Competence

    competences = Competence.objects.filter(version=version).order_by("domain__order", "order")
    return list(competences[:count] if count else competences)


class CompetenceClaimFactory(factory.django.DjangoModelFactory):
    """A claim; pass ``competence=`` one of ``default_competences(default_framework)``."""

    class Meta:
        model = "community.CompetenceClaim"

    contribution = factory.SubFactory(ContributionFactory)
    self_level = 2
    statement = "J'ai guidé trente visiteurs."


def pdf_bytes(text: str = "Attestation") -> bytes:
    """A small but well-formed PDF document (header, objects, xref table, trailer)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >>",
    ]
    stream = f"BT /F1 12 Tf 10 50 Td ({text}) Tj ET".encode()
    objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
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
