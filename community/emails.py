"""The emails of the community app: one function per email (templates in templates/emails/)."""

from __future__ import annotations

from django.urls import reverse

from accounts.api import send_templated_email
from community.models import (
    ENDORSEMENT_REQUEST_VALID_DAYS,
    INVITATION_VALID_DAYS,
    EndorsementRequest,
    Invitation,
)
from config.http import absolute_url


def invitation(*, invitation: Invitation, token: str) -> None:
    """The invitation link, for an address that has no account yet."""
    link = absolute_url(reverse("community:invitation_open", kwargs={"token": token}))
    inviter = invitation.invited_by
    send_templated_email(
        template="invitation",
        to=invitation.email,
        language=invitation.language,
        context={
            "inviter": inviter.display_name if inviter and inviter.display_name else "",
            "initiative": invitation.initiative.name,
            "role": invitation.role,
            "link": link,
            "days": INVITATION_VALID_DAYS,
        },
    )


def endorsement_request(*, request: EndorsementRequest, token: str) -> None:
    """The single-use link for a referent who has no account, in the volunteer's language."""
    volunteer = request.requested_by
    contribution = request.contribution
    send_templated_email(
        template="endorsement-request",
        to=request.email,
        language=volunteer.preferred_language,
        context={
            "name": request.name,
            "volunteer": volunteer.display_name or volunteer.email,
            "contribution": contribution.title,
            "context_name": contribution.context_name,
            "message": request.message,
            "link": absolute_url(reverse("community:endorsement_link", kwargs={"token": token})),
            "days": ENDORSEMENT_REQUEST_VALID_DAYS,
        },
    )
