"""What badges holds about a person: the badges awarded to them and those proposed for them
(the ``badges`` section of ``accounts.data_rights``, registered in ``BadgesConfig.ready``).

Each badge goes into the export with the documents anyone can check it with, byte for byte
what this site serves: ``badges/<uuid>.json`` (the signed Open Badges 3.0 credential),
``badges/<uuid>-ob2.json`` (the Open Badges 2.0 Assertion) and, unless it was revoked, the
images with each baked in (``badges/<uuid>.png``, ``badges/<uuid>-ob2.png``).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.api import DataPart, ExportWriter, IndexLink, User
from badges import ob2
from badges.documents import credential_json
from badges.models import Award, AwardProposal
from badges.selectors import personal_data as selectors
from badges.selectors.baked_images import baked_png
from config.http import absolute_url

TITLE = gettext_lazy("Your badges")


def summary(user: User) -> list[DataPart]:
    return [
        DataPart(
            title=_("Badges awarded to you"),
            count=selectors.awards_of(user=user).count(),
            description=_(
                "Each with its signed document (Open Badges) and its image, which anyone can "
                "check; the email address inside is hashed."
            ),
            url=reverse("badges:my_badges"),
            action=_("See and download them"),
        ),
        DataPart(
            title=_("Badges proposed for you"),
            count=selectors.proposals_for(user=user).count(),
            description=_(
                "Badges whose rules you met, waiting for (or given) the confirmation of their "
                "issuer."
            ),
            url=reverse("badges:my_badges"),
            action=_("See them"),
        ),
    ]


def badge_paths(award: Award) -> dict[str, str]:
    """Where each document of the badge is in the ZIP (images: none once revoked)."""
    stem = f"badges/{award.uuid}"
    revoked = award.is_revoked
    return {
        "credential": f"{stem}.json",
        "ob2_assertion": f"{stem}-ob2.json",
        "image": "" if revoked else f"{stem}.png",
        "ob2_image": "" if revoked else f"{stem}-ob2.png",
    }


def _award(award: Award, writer: ExportWriter) -> dict[str, Any]:
    badge_class = award.badge_class
    issuer = badge_class.issuer
    paths = badge_paths(award)
    credential = credential_json(award)
    writer.add_file(paths["credential"], credential.encode("utf-8"))
    if award.is_revoked:
        assertion = ob2.document_json(ob2.ob2_revoked_assertion(award))
    else:
        assertion = ob2.ob2_assertion_json(award)
        writer.add_file(paths["image"], baked_png(badge_class, credential, version="ob3"))
        writer.add_file(paths["ob2_image"], baked_png(badge_class, assertion, version="ob2"))
    writer.add_file(paths["ob2_assertion"], assertion.encode("utf-8"))
    return {
        "uuid": str(award.uuid),
        "badge": {
            "uuid": str(badge_class.uuid),
            "name": badge_class.name,
            "description": badge_class.description,
            "page": absolute_url(badge_class.get_absolute_url()),
        },
        "issuer": {"name": issuer.name, "page": issuer.id_url},
        "recipient_email": award.recipient_email,
        "identity_hash": award.identity_hash,
        "salt": award.salt,
        "narrative": award.narrative,
        "issued_at": award.issued_at,
        "expires_at": award.expires_at,
        "revoked_at": award.revoked_at,
        "revocation_reason": award.revocation_reason,
        "status": award.status(),
        "page": award.page_url,
        "credential_url": award.ob3_url,
        "ob2_assertion_url": award.ob2_url,
        "files": paths,
    }


def _proposal(proposal: AwardProposal) -> dict[str, Any]:
    return {
        "badge": proposal.badge_class.name,
        "issuer": proposal.badge_class.issuer.name,
        "status": proposal.status,
        "created_at": proposal.created_at,
        "decided_at": proposal.decided_at,
        "award": str(proposal.award.uuid) if proposal.award else None,
    }


def export(user: User, writer: ExportWriter) -> None:
    awards = list(selectors.awards_of(user=user))
    badges = [_award(award, writer) for award in awards]
    writer.add_data("badges", badges)
    writer.add_data("badge_proposals", [_proposal(p) for p in selectors.proposals_for(user=user)])
    lines: list[str | IndexLink] = [
        IndexLink(_("Your badges: %(count)s") % {"count": len(badges)}, "badges.json"),
        IndexLink(_("Badges proposed for you"), "badge_proposals.json"),
    ]
    for award, badge in zip(awards, badges, strict=True):
        files = badge["files"]
        name = award.badge_class.name
        lines.append(
            IndexLink(
                _("“%(badge)s”: signed credential (Open Badges 3.0)") % {"badge": name},
                files["credential"],
            )
        )
        lines.append(
            IndexLink(
                _("“%(badge)s”: Open Badges 2.0 assertion") % {"badge": name},
                files["ob2_assertion"],
            )
        )
        if files["image"]:
            lines.append(
                IndexLink(
                    _("“%(badge)s”: image with the credential") % {"badge": name}, files["image"]
                )
            )
            lines.append(
                IndexLink(
                    _("“%(badge)s”: image with the Open Badges 2.0 assertion") % {"badge": name},
                    files["ob2_image"],
                )
            )
    writer.add_index(TITLE, lines)
