"""What badges holds about a person: the badges awarded to them and those proposed for them,
and what they did for issuers — the organisations whose staff they are, the badges they
awarded, the files of recipients they uploaded, the proposals they decided, the badge classes
they created or endorsed, the territory's decisions about issuers they took (the ``badges``
section of ``accounts.data_rights``, registered in ``BadgesConfig.ready``).

About other people it keeps their public name only (never an address they did not type).

Each badge goes into the export with the documents anyone can check it with, byte for byte
what this site serves: ``badges/<uuid>.json`` (the signed Open Badges 3.0 credential),
``badges/<uuid>-ob2.json`` (the Open Badges 2.0 Assertion) and, unless it was revoked, the
images with each baked in (``badges/<uuid>.png``, ``badges/<uuid>-ob2.png``).

Credentials from elsewhere (added on "My badges" or sent by an app the person connected) go
in as received, byte for byte: ``elsewhere/<uuid>.json`` (a document with its proof inside,
or an OB 2.0 Assertion) or ``elsewhere/<uuid>.jwt`` (a signed token), the baked image she
gave as ``elsewhere/<uuid>.png`` or ``.svg``, with what the verifier said when they were
last checked.
The apps she connected are listed by name, address and the permissions she gave, with
when; never a token, a code or a client secret.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.api import DataPart, ExportWriter, IndexLink, User
from badges import ob2
from badges.documents import credential_json
from badges.models import (
    Award,
    AwardProposal,
    BadgeClass,
    BadgeClassEndorsement,
    BulkAward,
    ExternalCredential,
    Issuer,
    IssuerRecognition,
)
from badges.selectors import personal_data as selectors
from badges.selectors.baked_images import baked_png
from config.http import absolute_url

TITLE = gettext_lazy("Your badges")


def summary(user: User) -> list[DataPart]:
    # Lines about what only some people do (act for an issuer, award badges) appear when
    # there is something to say; their counts are asked for everyone (a constant cost).
    issuers = selectors.issuer_roles_of(user=user).count()
    awarded = selectors.awards_given_by(user=user).count()
    elsewhere = selectors.counts_of(
        user=user,
        credentials=selectors.external_credentials_of(user=user),
        apps=selectors.apps_connected(user=user),
    )
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
        DataPart(
            title=_("Badges from elsewhere"),
            count=elsewhere["credentials"],
            description=_(
                "Badges from other organisations that you or an app you connected added here, "
                "kept exactly as received (with the image you gave), with what their check "
                "said. They are in your export."
            ),
            url=reverse("badges:my_badges"),
            action=_("See them"),
        ),
        DataPart(
            title=_("Connected apps"),
            count=elsewhere["apps"],
            description=_(
                "The apps (wallets) you allowed to use your badges: which ones, what you "
                "allowed and when. You can disconnect them."
            ),
            url=reverse("badges:wallet_list"),
            action=_("See or disconnect them"),
        ),
        *(
            [
                DataPart(
                    title=_("Issuers you act for"),
                    count=issuers,
                    description=_(
                        "Partner organisations whose staff you are, issuers you created, and "
                        "those whose public address is yours."
                    ),
                    url=reverse("badges:issuer_list"),
                    action=_("See the issuers"),
                )
            ]
            if issuers
            else []
        ),
        *(
            [
                DataPart(
                    title=_("Badges you awarded"),
                    count=awarded,
                    description=_(
                        "The badges you awarded to others, with the files of recipients you "
                        "uploaded and the proposals you decided: they are in your export."
                    ),
                )
            ]
            if awarded
            else []
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
        "name_shown_on_page": award.holder_name_public,
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


# --- Credentials from elsewhere and the apps she connected --------------------------------


def external_path(credential: ExternalCredential) -> str:
    """Where the credential, as received, is in the ZIP."""
    return f"elsewhere/{credential.uuid}.{credential.original_suffix}"


def external_image_path(credential: ExternalCredential) -> str:
    """Where the baked image she gave, as received, is in the ZIP ("" without one)."""
    suffix = credential.image_suffix
    return f"elsewhere/{credential.uuid}.{suffix}" if credential.image and suffix else ""


def _external(credential: ExternalCredential, writer: ExportWriter) -> dict[str, Any]:
    path = external_path(credential)
    writer.add_file(path, credential.original.encode("utf-8"))
    image_path = external_image_path(credential)
    if image_path:
        with credential.image.open("rb") as image:
            writer.add_file(image_path, image.read())
    source = credential.source_application
    return {
        "uuid": str(credential.uuid),
        "credential_id": credential.credential_id,
        "format": credential.format,
        "issuer": {"name": credential.issuer_name, "id": credential.issuer_id},
        "achievement": credential.achievement_name,
        "valid_from": credential.valid_from,
        "verification": {
            "status": credential.verification_status,
            "at": credential.verified_at,
            "report": credential.verification,
        },
        "sent_by_app": source.name if source is not None else "",
        "added_from_address": credential.source_url,
        "image_file": image_path,
        "added_at": credential.created_at,
        "replaced_at": credential.updated_at,
        "file": path,
    }


def _app(connection: selectors.AppConnection) -> dict[str, Any]:
    registration = connection.registration
    return {
        "name": connection.application.name,
        "address": registration.client_uri if registration is not None else "",
        "software": {
            "id": registration.software_id if registration is not None else "",
            "version": registration.software_version if registration is not None else "",
        },
        "permissions": sorted(connection.scopes),
        "first_connected_at": connection.first_at,
        "last_connected_at": connection.last_at,
        "connected_now": connection.connected,
    }


def _elsewhere(user: User, writer: ExportWriter) -> list[str | IndexLink]:
    credentials = list(selectors.external_credentials_of(user=user))
    rows = [_external(credential, writer) for credential in credentials]
    apps = [_app(connection) for connection in selectors.apps_connected_of(user=user)]
    writer.add_data("credentials_from_elsewhere", rows)
    writer.add_data("connected_apps", apps)
    lines: list[str | IndexLink] = []
    if rows:
        lines.append(
            IndexLink(
                _("Badges from elsewhere: %(count)s") % {"count": len(rows)},
                "credentials_from_elsewhere.json",
            )
        )
    for credential, row in zip(credentials, rows, strict=True):
        name = credential.achievement_name or credential.credential_id
        lines.append(
            IndexLink(_("“%(name)s”, as received from elsewhere") % {"name": name}, row["file"])
        )
    if apps:
        lines.append(
            IndexLink(
                _("Apps you connected to your badges: %(count)s") % {"count": len(apps)},
                "connected_apps.json",
            )
        )
    return lines


# --- What the person did for issuers ---------------------------------------------------------


def _other(user: User | None) -> str:
    """Another person as the export names them: their public name, never their address
    (empty: a badge awarded to an address without an account, or whose holder left)."""
    if user is None:
        return ""
    return user.display_name.strip() or _("a member without a public name")


def _issuer(issuer: Issuer) -> dict[str, Any]:
    return {"name": issuer.name, "page": issuer.id_url}


def _badge_class(badge_class: BadgeClass) -> dict[str, Any]:
    return {
        "uuid": str(badge_class.uuid),
        "name": badge_class.name,
        "page": absolute_url(badge_class.get_absolute_url()),
    }


def _issuer_kind(issuer: Issuer) -> str:
    if issuer.is_territory:
        return "territory"
    return "organisation" if issuer.is_organisation else "initiative"


def _issuer_role(issuer: Issuer, user: User) -> dict[str, Any]:
    return {
        "issuer": {**_issuer(issuer), "kind": _issuer_kind(issuer)},
        "staff": bool(getattr(issuer, "is_staff", False)),
        "created_by_you": issuer.created_by_id == user.pk,
        "contact_address_is_yours": user.email_verified_at is not None
        and issuer.email.lower() == user.email.lower(),
    }


def _award_given(award: Award) -> dict[str, Any]:
    badge_class = award.badge_class
    return {
        "uuid": str(award.uuid),
        "badge": _badge_class(badge_class),
        "issuer": _issuer(badge_class.issuer),
        "recipient": _other(award.recipient),
        "issued_at": award.issued_at,
        "revoked_at": award.revoked_at,
        "status": award.status(),
        "page": award.page_url,
    }


def _bulk_award(bulk: BulkAward) -> dict[str, Any]:
    badge_class = bulk.badge_class
    return {
        "uuid": str(bulk.uuid),
        "badge": _badge_class(badge_class),
        "issuer": _issuer(badge_class.issuer),
        "file_name": bulk.file_name,
        "file_sha256": bulk.file_sha256,
        "status": bulk.status,
        "created_at": bulk.created_at,
        "finished_at": bulk.finished_at,
        "rows": bulk.total,
        "awarded": bulk.awarded,
        "skipped": bulk.skipped,
        "refused": len(bulk.errors),
        "page": absolute_url(bulk.get_absolute_url()),
    }


def _proposal_decided(proposal: AwardProposal) -> dict[str, Any]:
    return {
        "badge": proposal.badge_class.name,
        "issuer": proposal.badge_class.issuer.name,
        "for": _other(proposal.user),
        "status": proposal.status,
        "created_at": proposal.created_at,
        "decided_at": proposal.decided_at,
    }


def _badge_class_created(badge_class: BadgeClass) -> dict[str, Any]:
    return {
        **_badge_class(badge_class),
        "issuer": _issuer(badge_class.issuer),
        "created_at": badge_class.created_at,
    }


def _badge_class_endorsement(endorsement: BadgeClassEndorsement) -> dict[str, Any]:
    return {
        "uuid": str(endorsement.uuid),
        "badge": _badge_class(endorsement.badge_class),
        "issuer": _issuer(endorsement.badge_class.issuer),
        "organisation": _issuer(endorsement.endorser),
        "comment": endorsement.comment,
        "created_at": endorsement.created_at,
        "withdrawn_at": endorsement.withdrawn_at,
    }


def _recognition(decision: IssuerRecognition) -> dict[str, Any]:
    return {
        "issuer": _issuer(decision.issuer),
        "issuer_name": decision.issuer_name,
        "status": decision.status,
        "at": decision.at,
        "note": decision.note,
    }


def _issuer_work(user: User, writer: ExportWriter) -> list[str | IndexLink]:
    """What the person did for issuers, under its keys; the index lines of what there is."""
    parts: list[tuple[str, str | Promise, list[dict[str, Any]]]] = [
        (
            "issuer_roles",
            gettext_lazy("Issuers you act for: %(count)s"),
            [_issuer_role(issuer, user) for issuer in selectors.issuer_roles_of(user=user)],
        ),
        (
            "awards_given",
            gettext_lazy("Badges you awarded: %(count)s"),
            [_award_given(award) for award in selectors.awards_given_by(user=user)],
        ),
        (
            "bulk_awards",
            gettext_lazy("Files of recipients you uploaded: %(count)s"),
            [_bulk_award(bulk) for bulk in selectors.bulk_awards_by(user=user)],
        ),
        (
            "badge_proposals_decided",
            gettext_lazy("Badges proposed for others that you decided: %(count)s"),
            [_proposal_decided(p) for p in selectors.proposals_decided_by(user=user)],
        ),
        (
            "badge_classes_created",
            gettext_lazy("Badges you created: %(count)s"),
            [_badge_class_created(b) for b in selectors.badge_classes_created_by(user=user)],
        ),
        (
            "badge_class_endorsements",
            gettext_lazy("Badges you endorsed in an organisation's name: %(count)s"),
            [_badge_class_endorsement(e) for e in selectors.badge_class_endorsements_by(user=user)],
        ),
        (
            "issuer_recognitions",
            gettext_lazy("The territory's decisions about issuers that you took: %(count)s"),
            [_recognition(d) for d in selectors.recognitions_decided_by(user=user)],
        ),
    ]
    lines: list[str | IndexLink] = []
    for key, text, rows in parts:
        writer.add_data(key, rows)
        if rows:
            lines.append(IndexLink(str(text) % {"count": len(rows)}, f"{key}.json"))
    return lines


def export(user: User, writer: ExportWriter) -> None:
    awards = list(selectors.awards_of(user=user))
    badges = [_award(award, writer) for award in awards]
    writer.add_data("badges", badges)
    writer.add_data("badge_proposals", [_proposal(p) for p in selectors.proposals_for(user=user)])
    lines: list[str | IndexLink] = [
        IndexLink(_("Your badges: %(count)s") % {"count": len(badges)}, "badges.json"),
        IndexLink(_("Badges proposed for you"), "badge_proposals.json"),
        *_elsewhere(user, writer),
        *_issuer_work(user, writer),
    ]
    for award, badge in zip(awards, badges, strict=True):
        files = badge["files"]
        name = award.badge_class.name
        lines.append(
            IndexLink(
                _("“%(badge)s”: the signed badge, for other software") % {"badge": name},
                files["credential"],
            )
        )
        lines.append(
            IndexLink(
                _("“%(badge)s”: the badge for older systems") % {"badge": name},
                files["ob2_assertion"],
            )
        )
        if files["image"]:
            lines.append(
                IndexLink(
                    _("“%(badge)s”: image with the signed badge inside") % {"badge": name},
                    files["image"],
                )
            )
            lines.append(
                IndexLink(
                    _("“%(badge)s”: image with the badge for older systems inside")
                    % {"badge": name},
                    files["ob2_image"],
                )
            )
    writer.add_index(TITLE, lines)
