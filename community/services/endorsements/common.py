"""What asking and answering share: who is asked (``Referent``), an answer to one claim
(``ClaimAnswer``), how a person and a request are named, the refusal of endorsing
oneself, whether someone leads an initiative, and the lock on a request."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.api import User
from community.models import CompetenceClaim, EndorsementRequest, Membership, Role


@dataclass(frozen=True)
class Referent:
    """Someone outside the initiative, asked by email."""

    email: str
    name: str


@dataclass(frozen=True)
class ClaimAnswer:
    """The endorser's word on one claim; ``level`` None means "I cannot say"."""

    claim: CompetenceClaim
    level: int | None
    comment: str = ""


def person_name(user: User) -> str:
    return user.display_name or user.email


def request_path(request: EndorsementRequest) -> str:
    """The page of a request: the answer form for the person asked, the status for the volunteer."""
    return reverse("community:endorsement_request_detail", kwargs={"uuid": request.uuid})


def self_endorsement_error() -> ValidationError:
    return ValidationError(
        _("You cannot endorse your own competences: ask someone who saw your work."),
        code="self_endorsement",
    )


def user_leads(*, user: User, initiative_id: int | None) -> bool:
    """Whether ``user`` is a leader of the initiative (none: no)."""
    return initiative_id is not None and (
        Membership.objects.filter(initiative_id=initiative_id, user=user, role=Role.LEADER).exists()
    )


def request_lock(request: EndorsementRequest) -> EndorsementRequest:
    """Lock the request's row: it is answered, declined or cancelled once."""
    return (
        EndorsementRequest.objects.select_for_update()
        .select_related("contribution", "requested_by")
        .get(pk=request.pk)
    )
