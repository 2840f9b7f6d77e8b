"""What community holds about a person: memberships, contributions with their evidence and
claims, endorsement requests and endorsements (the ``community`` section of
``accounts.data_rights``, registered in ``CommunityConfig.ready``).

The export holds the person's own texts and files in full. About other people it keeps only
what the person saw on Jalons: their public name (never an email address they did not type
themselves), the title of a contribution they were asked to endorse; never another person's
evidence.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.api import DataPart, ExportWriter, IndexLink, User
from community.evidence import evidence_download_name
from community.models import (
    CompetenceClaim,
    Contribution,
    Endorsement,
    EndorsementRequest,
    Evidence,
    EvidenceKind,
    Initiative,
    Invitation,
    JoinRequest,
)
from community.selectors import personal_data as selectors
from competences.api import Competence
from config.http import absolute_url

TITLE = gettext_lazy("Your contributions and endorsements")


def summary(user: User) -> list[DataPart]:
    contributions = reverse("community:contribution_list")
    endorsements = reverse("community:endorsement_list")
    profile = reverse("community:competence_profile")
    return [
        DataPart(
            title=_("Initiatives you are a member of"),
            count=selectors.memberships_of(user=user).count(),
            description=_("Your role in each one. You can leave an initiative from its page."),
            url=reverse("community:initiative_list"),
            action=_("See the initiatives"),
        ),
        DataPart(
            title=_("Contributions"),
            count=selectors.contributions_of(user=user).count(),
            description=_("What you did, when, for how long; drafts included."),
            url=contributions,
            action=_("See, change or delete them"),
        ),
        DataPart(
            title=_("Evidence"),
            count=selectors.evidence_of(user=user).count(),
            description=_(
                "The files, links and texts that show your work, each with who may see it."
            ),
            url=contributions,
            action=_("See or delete it from each contribution"),
        ),
        DataPart(
            title=_("Competences you claimed"),
            count=selectors.claims_of(user=user).count(),
            description=_("The competences your contributions show, at the level you chose."),
            url=profile,
            action=_("See my competences"),
        ),
        DataPart(
            title=_("Endorsement requests you sent"),
            count=selectors.endorsement_requests_sent_by(user=user).count(),
            description=_(
                "Who you asked to confirm your competences, and your message. You can cancel "
                "a request still waiting."
            ),
            url=endorsements,
            action=_("See them"),
        ),
        DataPart(
            title=_("Endorsement requests sent to you"),
            count=selectors.endorsement_requests_sent_to(user=user).count(),
            description=_("People who asked you to confirm their competences."),
            url=endorsements,
            action=_("See them"),
        ),
        DataPart(
            title=_("Endorsements you received"),
            count=selectors.endorsements_received_by(user=user).count(),
            description=_("The levels others confirmed, with their name and their words."),
            url=profile,
            action=_("See my competences"),
        ),
        DataPart(
            title=_("Endorsements you gave"),
            count=selectors.endorsements_given_by(user=user).count(),
            description=_("Your name, your words and the level you confirmed for others."),
            url=endorsements,
            action=_("See or change them"),
        ),
    ]


# --- The export ----------------------------------------------------------------------------


def public_name(user: User | None) -> str:
    """Another person as the export names them: their public name, never their address."""
    if user is None:
        return ""
    return user.display_name.strip() or _("a member without a public name")


def endorser_name(endorsement: Endorsement) -> str:
    """The endorser's name as given; never their email address (a name may have been
    recorded as the address when the account had no display name)."""
    name = endorsement.endorser_name.strip()
    if not name or name.lower() == endorsement.endorser_email.strip().lower():
        return _("a member without a public name")
    return name


def _initiative(initiative: Initiative | None) -> dict[str, Any] | None:
    if initiative is None:
        return None
    return {
        "name": initiative.name,
        "page": absolute_url(initiative.get_absolute_url()),
    }


def _competence(competence: Competence) -> dict[str, Any]:
    return {
        "uuid": str(competence.uuid),
        "code": competence.code,
        "title": competence.title,
        "page": absolute_url(competence.get_absolute_url()),
    }


def _claim(claim: CompetenceClaim) -> dict[str, Any]:
    return {
        "uuid": str(claim.uuid),
        "competence": _competence(claim.competence),
        "self_level": claim.self_level,
        "statement": claim.statement,
        "created_at": claim.created_at,
        "updated_at": claim.updated_at,
    }


def evidence_path(evidence: Evidence) -> str:
    """Where the evidence's file is in the ZIP: ``evidence/<uuid>/<its name>``."""
    name = get_valid_filename(evidence_download_name(evidence)) or "evidence"
    return f"evidence/{evidence.uuid}/{name}"


def _evidence(evidence: Evidence, writer: ExportWriter) -> dict[str, Any]:
    data: dict[str, Any] = {
        "uuid": str(evidence.uuid),
        "kind": evidence.kind,
        "title": evidence.title,
        "visibility": evidence.visibility,
        "created_at": evidence.created_at,
    }
    if evidence.kind == EvidenceKind.FILE:
        data["file"] = {
            "original_name": evidence.original_name,
            "content_type": evidence.content_type,
            "size": evidence.size,
            "path": "",
        }
        try:
            with evidence.file.open("rb") as stored:
                content = stored.read()
        except (FileNotFoundError, ValueError):
            data["file"]["missing"] = True
        else:
            path = evidence_path(evidence)
            writer.add_file(path, content)
            data["file"]["path"] = path
    elif evidence.kind == EvidenceKind.LINK:
        data["url"] = evidence.url
    else:
        data["text"] = evidence.text
    return data


def _contribution(contribution: Contribution, writer: ExportWriter) -> dict[str, Any]:
    return {
        "uuid": str(contribution.uuid),
        "title": contribution.title,
        "status": contribution.status,
        "initiative": _initiative(contribution.initiative),
        "personal_project": contribution.personal_project,
        "role": contribution.role,
        "narrative": contribution.narrative,
        "started_on": contribution.started_on,
        "ended_on": contribution.ended_on,
        "hours": contribution.hours,
        "tags": sorted(tag.name for tag in contribution.tags.all()),
        "created_at": contribution.created_at,
        "updated_at": contribution.updated_at,
        "page": absolute_url(contribution.get_absolute_url()),
        "claims": [_claim(claim) for claim in contribution.claims.all()],
        "evidence": [_evidence(evidence, writer) for evidence in contribution.evidence.all()],
    }


def _request_sent(request: EndorsementRequest) -> dict[str, Any]:
    by_link = request.endorser_id is None
    return {
        "uuid": str(request.uuid),
        "contribution": str(request.contribution.uuid),
        "kind": request.kind,
        # Someone with an account: their public name. An outside referent: the name and the
        # address the person typed themselves.
        "endorser": public_name(request.endorser) if not by_link else request.name,
        "endorser_email": request.email if by_link else "",
        "message": request.message,
        "status": request.status,
        "decline_reason": request.decline_reason,
        "created_at": request.created_at,
        "expires_at": request.expires_at,
        "answered_at": request.answered_at,
    }


def _request_received(request: EndorsementRequest) -> dict[str, Any]:
    # Never its token (only its hash is kept anyway), nor the name the asker typed for an
    # outside referent.
    contribution = request.contribution
    return {
        "uuid": str(request.uuid),
        # To their account, or to their address as an outside referent (an emailed link).
        "addressed_to": "account" if request.endorser_id is not None else "address",
        "asked_by": public_name(request.requested_by),
        "contribution_title": contribution.title,
        "initiative": _initiative(contribution.initiative),
        "kind": request.kind,
        "message": request.message,
        "status": request.status,
        "decline_reason": request.decline_reason,
        "created_at": request.created_at,
        "expires_at": request.expires_at,
        "answered_at": request.answered_at,
    }


def _endorsement(endorsement: Endorsement) -> dict[str, Any]:
    return {
        "uuid": str(endorsement.uuid),
        "competence": _competence(endorsement.claim.competence),
        "kind": endorsement.kind,
        "level": endorsement.level,
        "comment": endorsement.comment,
        "relationship": endorsement.relationship,
        "organisation": endorsement.endorser_organisation,
        "as_leader_of": endorsement.initiative.name if endorsement.initiative else "",
        "created_at": endorsement.created_at,
        "updated_at": endorsement.updated_at,
    }


def _received(endorsement: Endorsement) -> dict[str, Any]:
    return {
        **_endorsement(endorsement),
        "claim": str(endorsement.claim.uuid),
        "contribution": str(endorsement.claim.contribution.uuid),
        "endorser": endorser_name(endorsement),
    }


def _given(endorsement: Endorsement) -> dict[str, Any]:
    contribution = endorsement.claim.contribution
    return {
        **_endorsement(endorsement),
        "your_name": endorsement.endorser_name,
        "your_email": endorsement.endorser_email,
        "for": public_name(contribution.owner),
        "contribution_title": contribution.title,
    }


def _invitation_sent(invitation: Invitation) -> dict[str, Any]:
    return {
        "initiative": _initiative(invitation.initiative),
        # The address the person typed themselves.
        "email": invitation.email,
        "role": invitation.role,
        "status": invitation.status.value,
        "created_at": invitation.created_at,
        "expires_at": invitation.expires_at,
    }


def _join_request_decided(join_request: JoinRequest) -> dict[str, Any]:
    # Who asked, by their public name; not their message (it is theirs).
    return {
        "initiative": _initiative(join_request.initiative),
        "requester": public_name(join_request.user),
        "status": join_request.status,
        "created_at": join_request.created_at,
        "decided_at": join_request.decided_at,
    }


def _initiative_created_or_verified(initiative: Initiative, user: User) -> dict[str, Any]:
    return {
        "initiative": _initiative(initiative),
        "created_by_you": initiative.created_by_id == user.pk,
        "created_at": initiative.created_at,
        "verified_by_you": initiative.verified_by_id == user.pk,
        "verified_at": initiative.verified_at if initiative.verified_by_id == user.pk else None,
    }


def export(user: User, writer: ExportWriter) -> None:
    memberships = [
        {
            "initiative": _initiative(membership.initiative),
            "role": membership.role,
            "joined_at": membership.joined_at,
        }
        for membership in selectors.memberships_of(user=user)
    ]
    join_requests = [
        {
            "initiative": _initiative(join_request.initiative),
            "message": join_request.message,
            "status": join_request.status,
            "created_at": join_request.created_at,
            "decided_at": join_request.decided_at,
        }
        for join_request in selectors.join_requests_of(user=user)
    ]
    invitations = [
        {
            "initiative": _initiative(invitation.initiative),
            "email": invitation.email,
            "role": invitation.role,
            "status": invitation.status.value,
            "created_at": invitation.created_at,
            "expires_at": invitation.expires_at,
        }
        for invitation in selectors.invitations_to(user=user)
    ]
    contributions = [
        _contribution(contribution, writer)
        for contribution in selectors.contributions_of(user=user)
    ]
    sent = [_request_sent(r) for r in selectors.endorsement_requests_sent_by(user=user)]
    asked = [_request_received(r) for r in selectors.endorsement_requests_sent_to(user=user)]
    received = [_received(e) for e in selectors.endorsements_received_by(user=user)]
    given = [_given(e) for e in selectors.endorsements_given_by(user=user)]
    writer.add_data("memberships", memberships)
    writer.add_data("join_requests", join_requests)
    writer.add_data("invitations", invitations)
    writer.add_data("contributions", contributions)
    writer.add_data("endorsement_requests_sent", sent)
    writer.add_data("endorsement_requests_received", asked)
    writer.add_data("endorsements_received", received)
    writer.add_data("endorsements_given", given)
    # What the person did as a leader (or for the territory).
    invited = [_invitation_sent(i) for i in selectors.invitations_sent_by(user=user)]
    decided = [_join_request_decided(j) for j in selectors.join_requests_decided_by(user=user)]
    initiatives = [
        _initiative_created_or_verified(initiative, user)
        for initiative in selectors.initiatives_created_or_verified_by(user=user)
    ]
    writer.add_data("invitations_sent", invited)
    writer.add_data("join_requests_decided", decided)
    writer.add_data("initiatives_created_or_verified", initiatives)
    as_leader = [
        IndexLink(text % {"count": len(rows)}, f"{key}.json")
        for text, rows, key in (
            (_("Invitations you sent: %(count)s"), invited, "invitations_sent"),
            (
                _("Requests to join an initiative that you answered: %(count)s"),
                decided,
                "join_requests_decided",
            ),
            (
                _("Initiatives you created or verified: %(count)s"),
                initiatives,
                "initiatives_created_or_verified",
            ),
        )
        if rows
    ]

    files = [
        IndexLink(
            _("Evidence “%(title)s” of “%(contribution)s”")
            % {
                "title": evidence["title"] or evidence["file"]["original_name"],
                "contribution": contribution["title"],
            },
            evidence["file"]["path"],
        )
        for contribution in contributions
        for evidence in contribution["evidence"]
        if evidence.get("file", {}).get("path")
    ]
    writer.add_index(
        TITLE,
        [
            IndexLink(
                _("Initiatives you are a member of: %(count)s") % {"count": len(memberships)},
                "memberships.json",
            ),
            IndexLink(
                _("Contributions, with their claims and evidence: %(count)s")
                % {"count": len(contributions)},
                "contributions.json",
            ),
            IndexLink(
                _("Endorsement requests you sent: %(count)s") % {"count": len(sent)},
                "endorsement_requests_sent.json",
            ),
            IndexLink(
                _("Endorsement requests sent to you: %(count)s") % {"count": len(asked)},
                "endorsement_requests_received.json",
            ),
            IndexLink(
                _("Endorsements you received: %(count)s") % {"count": len(received)},
                "endorsements_received.json",
            ),
            IndexLink(
                _("Endorsements you gave: %(count)s") % {"count": len(given)},
                "endorsements_given.json",
            ),
            *as_leader,
            *files,
        ],
    )
