"""Writes on attestations of volunteering: issue (a leader, in one click), revoke, and the
person's request to the leaders.

- ``attestation_issue``: a leader of the initiative states a person's volunteering there
  over a period. The initiative's own issuer signs it: an initiative without an issuer
  cannot attest (a clear message says to create its issuer profile first), because the
  territory's issuer would then vouch for what only the initiative saw. At least one of the
  person's recorded contributions there must have started within the period. The texts are
  written in the person's language. The person is notified.
- ``attestation_revoke``: a leader revokes it, with a reason; its bit in the issuer's
  status list is set (like an award's).
- ``attestation_request``: the person asks the leaders for one (a notification to each).

Keyword-only, typed, atomic; permissions checked here (``PermissionDenied``); broken rules
raise ``ValidationError`` with a message for the person concerned.
"""

from __future__ import annotations

import json
import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.api import NotificationKind, User, notification_send
from badges.attestations import (
    Activity,
    AttestationFacts,
    AttestationTexts,
    attestation_credential,
    hours_text,
)
from badges.documents import issuer_profile_embedded
from badges.models import Attestation, StatusListEntry, email_identity_hash
from badges.selectors.attestations import attestation_facts, initiative_issuer
from badges.services.issuers import issuer_sign
from badges.services.revocation import status_list_allocate, status_lists_outdate
from badges.status_lists import status_entry
from community.api import (
    Contribution,
    ContributionStatus,
    Initiative,
    initiative_leaders,
    user_leads_initiative,
)

SALT_BYTES = 16
REASON_MAX_LENGTH = 500


def _language(person: User) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    language = person.preferred_language or settings.LANGUAGE_CODE
    return language if language in codes else settings.LANGUAGE_CODE


def _day(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _activity_text(activity: Activity) -> str:
    if activity.ended_on and activity.ended_on != activity.started_on:
        period = _("from %(start)s to %(end)s") % {
            "start": _day(activity.started_on),
            "end": _day(activity.ended_on),
        }
    elif activity.ended_on:
        period = _("on %(date)s") % {"date": _day(activity.started_on)}
    else:
        period = _("since %(date)s") % {"date": _day(activity.started_on)}
    if activity.hours is None:
        return period
    return _("%(period)s – %(hours)s h") % {"period": period, "hours": hours_text(activity.hours)}


def attestation_texts(facts: AttestationFacts) -> AttestationTexts:
    """The sentences of the credential, in the active language."""
    total = hours_text(facts.total_hours)
    values = {
        "person": facts.person_name,
        "initiative": facts.initiative_name,
        "start": _day(facts.period_start),
        "end": _day(facts.period_end),
        "hours": total,
    }
    return AttestationTexts(
        name=_("Attestation of volunteering – %(initiative)s") % values,
        description=_(
            "%(initiative)s states the volunteering of the person named in this "
            "attestation: the activities, the hours per calendar year and the competences "
            "confirmed there."
        )
        % values,
        criteria=_(
            "Issued by a leader of %(initiative)s from the contributions the person "
            "recorded there and the endorsements they received."
        )
        % values,
        narrative=ngettext(
            "%(person)s volunteered at %(initiative)s from %(start)s to %(end)s: "
            "%(hours)s hour in all.",
            "%(person)s volunteered at %(initiative)s from %(start)s to %(end)s: "
            "%(hours)s hours in all.",
            int(facts.total_hours) if facts.total_hours == int(facts.total_hours) else 2,
        )
        % values,
        hours_name={
            year: _("Hours of volunteering in %(year)s") % {"year": year}
            for year in facts.hours_by_year
        },
        activity_descriptions=[_activity_text(activity) for activity in facts.activities],
    )


def _clean_period(period_start: date, period_end: date) -> None:
    if period_end < period_start:
        raise ValidationError(
            {"period_end": _("The end of the period cannot be before its start.")},
            code="period_order",
        )
    if period_end > timezone.localdate():
        raise ValidationError(
            {
                "period_end": _(
                    "An attestation covers the past: end the period today at the latest."
                )
            },
            code="future",
        )


@transaction.atomic
def attestation_issue(
    *,
    initiative: Initiative,
    person: User,
    by: User,
    period_start: date,
    period_end: date,
    link: str = "",
) -> Attestation:
    """A leader attests ``person``'s volunteering at ``initiative`` over the period;
    ``link``: the page where the person finds it (in the notification she receives)."""
    if not user_leads_initiative(user=by, initiative_id=initiative.pk):
        raise PermissionDenied
    _clean_period(period_start, period_end)
    issuer = initiative_issuer(initiative=initiative)
    if issuer is None:
        raise ValidationError(
            _(
                "%(initiative)s has no issuer profile yet, so it cannot sign an attestation. "
                "Create it first (“Become an issuer of badges” on the initiative’s page)."
            )
            % {"initiative": initiative.name},
            code="no_issuer",
        )
    language = _language(person)
    with translation.override(language):
        facts = attestation_facts(
            initiative=initiative, person=person, period_start=period_start, period_end=period_end
        )
        if not facts.activities:
            raise ValidationError(
                _(
                    "%(person)s recorded no contribution at %(initiative)s in this period: "
                    "there is nothing to attest."
                )
                % {"person": facts.person_name, "initiative": initiative.name},
                code="nothing",
            )
        texts = attestation_texts(facts)
    issued_at = timezone.now().replace(microsecond=0)
    attestation = Attestation(
        issuer=issuer,
        initiative=initiative,
        recipient=person,
        period_start=period_start,
        period_end=period_end,
        language=language,
        issued_at=issued_at,
        issued_by=by,
    )
    status_list, index = status_list_allocate(issuer=issuer)
    salt = secrets.token_hex(SALT_BYTES)
    document = attestation_credential(
        facts,
        texts=texts,
        credential_id=attestation.json_url,
        page_url=attestation.page_url,
        issuer_profile=issuer_profile_embedded(issuer),
        issued_at=issued_at,
        email_hash=email_identity_hash(person.email, salt),
        salt=salt,
        credential_status=status_entry(status_list, index),
    )
    attestation.credential = issuer_sign(issuer=issuer, document=document, created=issued_at)
    attestation.credential_text = json_text(attestation.credential)
    attestation.full_clean()
    attestation.save()
    StatusListEntry.objects.create(status_list=status_list, attestation=attestation, index=index)
    notification_send(
        recipient=person,
        kind=NotificationKind.ATTESTATION_ISSUED,
        context={"initiative": initiative.name},
        link=link or attestation.get_absolute_url(),
    )
    return attestation


def json_text(credential: dict[str, object]) -> str:
    """The credential's text as served at its ``id`` (its key order as signed)."""
    return json.dumps(credential, ensure_ascii=False, indent=2)


@transaction.atomic
def attestation_revoke(*, attestation: Attestation, by: User, reason: str) -> Attestation:
    """A leader of the initiative revokes the attestation, with a reason (public)."""
    if not user_leads_initiative(user=by, initiative_id=attestation.initiative_id):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the attestation is revoked: the reason is public.")},
            code="required",
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("The reason is too long (500 characters at most).")}, code="max_length"
        )
    locked = Attestation.objects.select_for_update().get(pk=attestation.pk)
    if locked.revoked_at is not None:
        raise ValidationError(_("This attestation was already revoked."), code="already_revoked")
    attestation.revoked_at = timezone.now().replace(microsecond=0)
    attestation.revocation_reason = reason
    attestation.save(update_fields=["revoked_at", "revocation_reason"])
    status_lists_outdate(attestations=[attestation])
    return attestation


@transaction.atomic
def attestation_request(*, initiative: Initiative, person: User, link: str) -> int:
    """The person asks the initiative's leaders for an attestation; returns how many
    leaders were told (``link``: where they issue it). She must have recorded a
    contribution there."""
    if not person.is_active:
        raise PermissionDenied
    if not Contribution.objects.filter(
        owner=person, initiative=initiative, status=ContributionStatus.RECORDED
    ).exists():
        raise ValidationError(
            _("Record a contribution at %(initiative)s first: an attestation states them.")
            % {"initiative": initiative.name},
            code="nothing",
        )
    leaders = list(initiative_leaders(initiative_id=initiative.pk))
    name = person.display_name.strip() or person.email
    for leader in leaders:
        notification_send(
            recipient=leader,
            kind=NotificationKind.ATTESTATION_REQUESTED,
            context={"person": name, "initiative": initiative.name},
            link=link,
        )
    return len(leaders)
