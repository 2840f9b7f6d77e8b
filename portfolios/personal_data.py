"""What portfolios holds about a person: their portfolios and the versions made of them
(the signed CLR record and the PDF), their share links and who opened them; and, for an
advisor (or anyone a portfolio was shared with), the links addressed to them and when they
opened someone's portfolio (the ``portfolios`` section of ``accounts.data_rights``,
registered in ``PortfoliosConfig.ready``).

Files: ``portfolios/<portfolio>/<release>.pdf`` and ``portfolios/<portfolio>/<release>-clr.json``
(the PDF and the signed CLR credential, byte for byte those handed out).

Also what the pages of this app show about a person although badges holds it: her
attestations of volunteering (``attestations/<uuid>.json``: the signed credential, byte for
byte as served) and, for a leader, those she issued to others; and the orientations: the
initiatives advisors proposed to her, with her answers, and for an advisor the proposals she
made. About other people it keeps their public name only (never an address they did not
type). Requests for an attestation are not kept apart: they are the notifications the
leaders received (in the leaders' own exports).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.api import DataPart, ExportWriter, IndexLink, User
from badges.api import Attestation
from config.http import absolute_url
from portfolios.clr import clr_json
from portfolios.models import (
    Orientation,
    OrientationStatus,
    Portfolio,
    PortfolioItem,
    PortfolioRelease,
    ShareAccess,
    ShareLink,
)
from portfolios.selectors import personal_data as selectors
from portfolios.selectors.portfolios import owner_name

TITLE = gettext_lazy("Your portfolios")


def summary(user: User) -> list[DataPart]:
    portfolios = reverse("portfolios:portfolio_list")
    # Asked for everyone (a constant cost); said to advisors, and to anyone it concerns.
    shared = selectors.shares_addressed_to(user=user).count()
    # Attestations and orientations: four counts in one query.
    recent = selectors.counts_of(
        user=user,
        attestations=selectors.attestations_of(user=user),
        issued=selectors.attestations_issued_by(user=user),
        orientations=selectors.orientations_for(user=user),
        proposed=selectors.orientations_proposed_by(user=user),
    )
    issued, proposed = recent["issued"], recent["proposed"]
    return [
        DataPart(
            title=_("Portfolios"),
            count=selectors.portfolios_of(user=user).count(),
            description=_("What you chose to show, your target and your own words."),
            url=portfolios,
            action=_("See, change or delete them"),
        ),
        DataPart(
            title=_("Versions of your portfolios (PDF)"),
            count=selectors.releases_of(user=user).count(),
            description=_(
                "Each PDF you downloaded, with its signed record, so that anyone you give it "
                "to can check it."
            ),
            url=portfolios,
            action=_("See my portfolios"),
        ),
        DataPart(
            title=_("Share links"),
            count=selectors.share_links_of(user=user).count(),
            description=_(
                "Who you shared a portfolio with, and until when. You can revoke a link from "
                "its portfolio's page."
            ),
            url=portfolios,
            action=_("See my portfolios"),
        ),
        DataPart(
            title=_("Openings of your share links"),
            count=selectors.share_accesses_of(user=user).count(),
            description=_("When each link was opened, and what was looked at."),
            url=portfolios,
            action=_("See my portfolios"),
        ),
        *(
            [
                DataPart(
                    title=_("Portfolios shared with you"),
                    count=shared,
                    description=_(
                        "The links people addressed to your email address (who, which "
                        "portfolio, until when), and when you opened their portfolios."
                    ),
                    url=reverse("portfolios:advisor_workspace") if user.is_advisor else "",
                    action=_("See them"),
                )
            ]
            if shared or user.is_advisor
            else []
        ),
        DataPart(
            title=_("Attestations of volunteering"),
            count=recent["attestations"],
            description=_(
                "What initiatives stated about your volunteering, each with its signed "
                "document, which anyone can check."
            ),
            url=reverse("portfolios:attestation_list"),
            action=_("See them or ask for one"),
        ),
        DataPart(
            title=_("Initiatives proposed to you"),
            count=recent["orientations"],
            description=_(
                "What advisors proposed to you, your answers, and what you chose to give the "
                "initiative’s leaders."
            ),
            url=reverse("portfolios:orientation_list"),
            action=_("See, answer or end them"),
        ),
        *(
            [
                DataPart(
                    title=_("Attestations you issued"),
                    count=issued,
                    description=_(
                        "The attestations of volunteering you issued to others as a leader: "
                        "they are in your export."
                    ),
                )
            ]
            if issued
            else []
        ),
        *(
            [
                DataPart(
                    title=_("Initiatives you proposed"),
                    count=proposed,
                    description=_(
                        "The initiatives you proposed to people, as an advisor, with your "
                        "message; their answers while you may follow them."
                    ),
                    url=reverse("portfolios:advisor_pathways") if user.is_advisor else "",
                    action=_("See the pathways") if user.is_advisor else "",
                )
            ]
            if proposed
            else []
        ),
    ]


def _item(item: PortfolioItem) -> dict[str, Any]:
    target = item.competence or item.contribution or item.endorsement or item.award or item.external
    return {
        "kind": item.kind,
        "position": item.position,
        "uuid": str(target.uuid) if target is not None else None,
    }


def release_paths(portfolio: Portfolio, release: PortfolioRelease) -> dict[str, str]:
    stem = f"portfolios/{portfolio.uuid}/{release.uuid}"
    return {"clr": f"{stem}-clr.json", "pdf": f"{stem}.pdf" if release.pdf else ""}


def _release(
    portfolio: Portfolio, release: PortfolioRelease, writer: ExportWriter
) -> dict[str, Any]:
    paths = release_paths(portfolio, release)
    writer.add_file(paths["clr"], clr_json(release.clr).encode("utf-8"))
    if paths["pdf"]:
        try:
            with release.pdf.open("rb") as stored:
                writer.add_file(paths["pdf"], stored.read())
        except (FileNotFoundError, ValueError):
            paths["pdf"] = ""
    return {
        "uuid": str(release.uuid),
        "created_at": release.created_at,
        "language": release.language,
        "content_sha256": release.content_sha256,
        "clr_sha256": release.clr_sha256,
        "pdf_sha256": release.pdf_sha256,
        "verify_page": absolute_url(release.get_absolute_url()),
        "files": paths,
    }


def _portfolio(portfolio: Portfolio, writer: ExportWriter) -> dict[str, Any]:
    return {
        "uuid": str(portfolio.uuid),
        "title": portfolio.title,
        "target": portfolio.target,
        "statement": portfolio.statement,
        "language": portfolio.language,
        "rome_page": portfolio.rome_page,  # the PDF's optional page "Lecture ROME 4.0"
        "created_at": portfolio.created_at,
        "updated_at": portfolio.updated_at,
        "page": absolute_url(portfolio.get_absolute_url()),
        "items": [_item(item) for item in portfolio.items.all()],
        "releases": [_release(portfolio, release, writer) for release in portfolio.releases.all()],
        # ROME 4.0 job titles chosen as targets (docs/rome.md), by the owner or an advisor.
        "target_jobs": [
            {
                "code": target.job_title_id,
                "label": target.job_title.label,
                "added_at": target.added_at,
                "added_by_you": target.added_by_id == portfolio.owner_id,
            }
            for target in portfolio.target_jobs.all()
        ],
    }


def _access(access: ShareAccess, user: User) -> dict[str, Any]:
    return {"at": access.at, "what": access.what, "by_you": access.viewer_id == user.pk}


def _share(share: ShareLink, user: User) -> dict[str, Any]:
    # The recipient as the person typed it; the token and the access code are never kept in
    # clear, so they are not here either.
    return {
        "uuid": str(share.uuid),
        "portfolio": str(share.portfolio.uuid),
        "recipient_name": share.recipient_name,
        "recipient_organisation": share.recipient_organisation,
        "recipient_email": share.recipient_email,
        "with_access_code": share.has_access_code,
        "created_at": share.created_at,
        "expires_at": share.expires_at,
        "revoked_at": share.revoked_at,
        "state": share.state(),
        "accesses": [_access(access, user) for access in share.accesses.all()],
    }


def _shared_with_you(share: ShareLink) -> dict[str, Any]:
    # What the advisor workspace shows of it: whose, which portfolio, until when; the name
    # and organisation the owner typed for the person. Never the token nor the access code.
    return {
        "uuid": str(share.uuid),
        "owner": owner_name(share.portfolio.owner),
        "portfolio_title": share.portfolio.title,
        "recipient_name": share.recipient_name,
        "recipient_organisation": share.recipient_organisation,
        "with_access_code": share.has_access_code,
        "shared_at": share.created_at,
        "expires_at": share.expires_at,
        "revoked_at": share.revoked_at,
        "state": share.state(),
    }


def _opening(access: ShareAccess) -> dict[str, Any]:
    portfolio = access.share.portfolio
    return {
        "at": access.at,
        "what": access.what,
        "share": str(access.share.uuid),
        "owner": owner_name(portfolio.owner),
        "portfolio_title": portfolio.title,
    }


# --- Attestations and orientations ---------------------------------------------------------


def _other(user: User | None) -> str:
    """Another person as the export names them: their public name, never their address
    (empty: they closed their account)."""
    return owner_name(user) if user is not None else ""


def _attestation_about(attestation: Attestation) -> dict[str, Any]:
    initiative = attestation.initiative
    return {
        "uuid": str(attestation.uuid),
        "initiative": initiative.name if initiative is not None else "",
        "issuer": {"name": attestation.issuer.name, "page": attestation.issuer.id_url},
        "period_start": attestation.period_start,
        "period_end": attestation.period_end,
        "language": attestation.language,
        "issued_at": attestation.issued_at,
        "revoked_at": attestation.revoked_at,
        "revocation_reason": attestation.revocation_reason,
        "page": attestation.page_url,
    }


def attestation_path(attestation: Attestation) -> str:
    return f"attestations/{attestation.uuid}.json"


def _attestation(attestation: Attestation, writer: ExportWriter) -> dict[str, Any]:
    path = attestation_path(attestation) if attestation.credential_text else ""
    if path:
        writer.add_file(path, attestation.credential_text.encode("utf-8"))
    return {**_attestation_about(attestation), "credential_url": attestation.json_url, "file": path}


def _attestation_issued(attestation: Attestation) -> dict[str, Any]:
    return {**_attestation_about(attestation), "for": _other(attestation.recipient)}


def _orientation(orientation: Orientation) -> dict[str, Any]:
    """One proposed to the person: all of it is hers but the advisor, by public name."""
    introduction = orientation.introduction_share
    return {
        "uuid": str(orientation.uuid),
        "advisor": _other(orientation.advisor),
        "initiative": orientation.initiative.name,
        "from_portfolio": orientation.share.portfolio.title,
        "message": orientation.message,
        "status": orientation.status,
        "proposed_at": orientation.created_at,
        "answered_at": orientation.answered_at,
        "ended_at": orientation.ended_at,
        "your_message_to_the_initiative": orientation.introduction_message,
        "link_given_to_the_initiative": str(introduction.uuid) if introduction else None,
    }


def _orientation_proposed(orientation: Orientation) -> dict[str, Any]:
    """One the person proposed as an advisor: what she wrote, and the answer only while she
    may follow it (the link to the portfolio open, the orientation not ended)."""
    followed = orientation.share.is_open() and orientation.status != OrientationStatus.ENDED
    return {
        "uuid": str(orientation.uuid),
        "person": _other(orientation.person),
        "initiative": orientation.initiative.name,
        "message": orientation.message,
        "proposed_at": orientation.created_at,
        "status": orientation.status if followed else "no_longer_followed",
        "answered_at": orientation.answered_at if followed else None,
    }


def _attestations_and_orientations(user: User, writer: ExportWriter) -> list[str | IndexLink]:
    attestations = [_attestation(a, writer) for a in selectors.attestations_of(user=user)]
    issued = [_attestation_issued(a) for a in selectors.attestations_issued_by(user=user)]
    orientations = [_orientation(o) for o in selectors.orientations_for(user=user)]
    proposed = [_orientation_proposed(o) for o in selectors.orientations_proposed_by(user=user)]
    writer.add_data("attestations", attestations)
    writer.add_data("attestations_issued", issued)
    writer.add_data("orientations", orientations)
    writer.add_data("orientations_proposed", proposed)
    lines: list[str | IndexLink] = [
        IndexLink(
            _("Attestations of your volunteering: %(count)s") % {"count": len(attestations)},
            "attestations.json",
        ),
        IndexLink(
            _("Initiatives advisors proposed to you: %(count)s") % {"count": len(orientations)},
            "orientations.json",
        ),
    ]
    if issued:
        lines.append(
            IndexLink(
                _("Attestations you issued to others: %(count)s") % {"count": len(issued)},
                "attestations_issued.json",
            )
        )
    if proposed:
        lines.append(
            IndexLink(
                _("Initiatives you proposed to people: %(count)s") % {"count": len(proposed)},
                "orientations_proposed.json",
            )
        )
    for attestation in attestations:
        if attestation["file"]:
            when = f"{attestation['period_start']:%Y-%m-%d} – {attestation['period_end']:%Y-%m-%d}"
            lines.append(
                IndexLink(
                    _("Attestation of %(initiative)s, %(period)s: the signed document")
                    % {"initiative": attestation["initiative"], "period": when},
                    attestation["file"],
                )
            )
    return lines


def export(user: User, writer: ExportWriter) -> None:
    portfolios = [_portfolio(portfolio, writer) for portfolio in selectors.portfolios_of(user=user)]
    shares = [_share(share, user) for share in selectors.share_links_of(user=user)]
    shared = [_shared_with_you(share) for share in selectors.shares_addressed_to(user=user)]
    openings = [_opening(access) for access in selectors.openings_by(user=user)]
    writer.add_data("portfolios", portfolios)
    writer.add_data("share_links", shares)
    writer.add_data("portfolios_shared_with_you", shared)
    writer.add_data("portfolio_openings", openings)
    lines: list[str | IndexLink] = [
        IndexLink(
            _("Your portfolios, with their versions: %(count)s") % {"count": len(portfolios)},
            "portfolios.json",
        ),
        IndexLink(
            _("Share links and their access log: %(count)s") % {"count": len(shares)},
            "share_links.json",
        ),
    ]
    if shared or openings:
        lines += [
            IndexLink(
                _("Portfolios shared with you: %(count)s") % {"count": len(shared)},
                "portfolios_shared_with_you.json",
            ),
            IndexLink(
                _("When you opened a portfolio shared with you: %(count)s")
                % {"count": len(openings)},
                "portfolio_openings.json",
            ),
        ]
    lines += _attestations_and_orientations(user, writer)
    for portfolio in portfolios:
        for release in portfolio["releases"]:
            when = date_format(timezone.localtime(release["created_at"]), "SHORT_DATETIME_FORMAT")
            names = {"title": portfolio["title"], "date": when}
            if release["files"]["pdf"]:
                lines.append(
                    IndexLink(_("“%(title)s”, PDF of %(date)s") % names, release["files"]["pdf"])
                )
            lines.append(
                IndexLink(
                    _("“%(title)s”, signed record of %(date)s, for other software") % names,
                    release["files"]["clr"],
                )
            )
    writer.add_index(TITLE, lines)
