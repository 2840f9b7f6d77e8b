"""Factories of initiatives, their members, invitations and requests to join."""

from __future__ import annotations

import io
import secrets

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

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
from tests.accounts.factories.users import UserFactory


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


def image_upload(
    name: str = "logo.png", *, size: tuple[int, int] = (64, 48), fmt: str = "PNG", **save
) -> SimpleUploadedFile:
    """A real image file, as a browser would upload it."""
    buffer = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" else "RGB"
    Image.new(mode, size, (200, 80, 20)).save(buffer, format=fmt, **save)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg"}.get(fmt, "application/octet-stream")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)
