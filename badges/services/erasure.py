"""What badges erases when someone closes their account (``accounts.data_rights``).

- **Their badges** (awarded to their account or their address): the address, the link to
  the account, the narrative and the stored credential are erased; the salted hash of the
  address stays (it is inside the credential they hold) with the dates and the status
  entry, so that **the copy they downloaded keeps verifying** — or, if they chose so, each
  badge still valid is **revoked** first ("at the holder's request"), and their copy then
  verifies as revoked. Either way the OB 2.0 hosted Assertion answers 410 (hosted
  verification needs the address), and the public page says only that the holder left.
- **Badges of other people** whose credential names them (an endorsement they gave, signed
  inside): the signed credential stays as it was issued — it belongs to its holder — and
  the platform's pages show a copy where their name is "a former member"
  (``Award.shown_credential``).
- **Their attestations of volunteering**: the same as their badges (revoked first unless they
  keep them valid; the stored credential, which names them, erased).
- Their badges from elsewhere go, with the images they gave.
- Proposals of a badge to them go; their address leaves the rows of bulk-award files and the
  contact address of an issuer.
"""

from __future__ import annotations

import logging

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.api import AuditAction, Erasure, User, audit_record, by_proved_address
from badges.endorsements import award_language
from badges.models import Attestation, Award, AwardProposal, BulkAward, ExternalCredential, Issuer
from badges.services.revocation import status_lists_outdate
from config.files import files_delete_on_commit
from config.text import json_text_variants, redact

logger = logging.getLogger(__name__)


def _awards_revoke(*, awards: list[Award]) -> None:
    now = timezone.now().replace(microsecond=0)
    for award in awards:
        if award.revoked_at is not None:
            continue
        with translation.override(award_language(award)):
            reason = _("Revoked at the holder's request, when they closed their account.")
        Award.objects.filter(pk=award.pk).update(
            revoked_at=now, revocation_reason=reason, documents_changed_at=now
        )
        status_lists_outdate(awards=[award])
        audit_record(
            action=AuditAction.AWARD_REVOKE,
            actor=None,
            target_type="award",
            target_id=award.uuid,
            target_label=award.badge_class.name,
            target_path=award.page_url,
            details={"reason": "holder_closed_account"},
        )


def _own_awards_erase(*, user: User, erasure: Erasure) -> int:
    theirs = Q(recipient=user) | by_proved_address(user, "recipient_email")
    own = list(Award.objects.filter(theirs).select_related("badge_class").order_by("pk"))
    if not erasure.keep_badges:
        _awards_revoke(awards=own)
    Award.objects.filter(pk__in=[award.pk for award in own]).update(
        recipient=None,
        recipient_email="",
        narrative="",
        credential={},
        credential_text="",
        credential_digest="",
        shown_credential=None,
        holder_erased_at=timezone.now(),
        documents_changed_at=timezone.now(),
    )
    return len(own)


def _others_awards_redact(*, user: User, names: frozenset[str]) -> int:
    """Awards of other people whose credential names ``user``: the copy shown on pages."""
    query = Q()
    for name in names:
        for variant in json_text_variants(name):
            query |= Q(credential_cast__icontains=variant)
    if not query:
        return 0
    candidates = (
        Award.objects.annotate(credential_cast=Cast("credential", TextField()))
        .filter(query)
        .filter(holder_erased_at__isnull=True)
        .exclude(recipient=user)
        .only("pk", "credential", "shown_credential", "narrative")
    )
    changed = 0
    for award in candidates.iterator():
        base = award.shown_credential if award.shown_credential is not None else award.credential
        with translation.override(award_language(award)):
            former = _("a former member")
        Award.objects.filter(pk=award.pk).update(
            shown_credential=redact(base, names, former),
            narrative=redact(award.narrative, names, former),
            documents_changed_at=timezone.now(),  # the OB 2.0 Assertion shows the narrative
        )
        changed += 1
    return changed


def _bulk_rows_scrub(*, user: User) -> None:
    """Bulk-award files keep their rows for their progress page: this person's address and
    name are blanked in place (rows keep their positions, which the run counts by; a row
    without an address is skipped by the run)."""
    email = user.email.lower()
    files = BulkAward.objects.annotate(
        rows_text=Cast("rows", TextField()), errors_text=Cast("errors", TextField())
    ).filter(Q(rows_text__icontains=email) | Q(errors_text__icontains=email))
    for found in files.only("pk"):
        bulk = BulkAward.objects.select_for_update().get(pk=found.pk)
        rows = [
            {**row, "email": "", "name": ""}
            if str(row.get("email", "")).strip().lower() == email
            else row
            for row in bulk.rows
        ]
        errors = [
            error for error in bulk.errors if email not in str(error.get("email", "")).lower()
        ]
        BulkAward.objects.filter(pk=bulk.pk).update(rows=rows, errors=errors)


def _own_attestations_erase(*, user: User, erasure: Erasure) -> int:
    """Her attestations of volunteering, like her badges: revoked first unless she keeps
    her badges valid, then the stored credential (which names her) and the link to her
    account are erased; the status entry stays."""
    own = list(Attestation.objects.filter(recipient=user).order_by("pk"))
    if not erasure.keep_badges:
        now = timezone.now().replace(microsecond=0)
        for attestation in own:
            if attestation.revoked_at is not None:
                continue
            with translation.override(attestation.language):
                reason = _("Revoked at the holder's request, when they closed their account.")
            Attestation.objects.filter(pk=attestation.pk).update(
                revoked_at=now, revocation_reason=reason
            )
            status_lists_outdate(attestations=[attestation])
    Attestation.objects.filter(pk__in=[line.pk for line in own]).update(
        recipient=None, credential={}, credential_text=""
    )
    return len(own)


def _external_credentials_erase(*, user: User) -> None:
    """Her badges from elsewhere go, with the images she gave (once the transaction commits)."""
    held = ExternalCredential.objects.filter(owner=user)
    files_delete_on_commit(credential.image for credential in held.only("image"))
    held.delete()


def personal_data_erase(*, user: User, erasure: Erasure) -> None:
    """Erase what badges holds about ``user``."""
    _others_awards_redact(user=user, names=erasure.names)
    _own_awards_erase(user=user, erasure=erasure)
    _own_attestations_erase(user=user, erasure=erasure)
    AwardProposal.objects.filter(user=user).delete()
    _external_credentials_erase(user=user)
    if erasure.by_address:
        _bulk_rows_scrub(user=user)
        Issuer.objects.filter(by_proved_address(user, "email")).update(email="")


def erasure_consequences(user: User) -> list[str]:
    """What closing the account does to badges' data (the confirmation page; what happens
    to the badges themselves is the person's choice, asked on the same page)."""
    held = Award.objects.filter(Q(recipient=user) | by_proved_address(user, "recipient_email"))
    count = held.count()
    if not count:
        return []
    return [
        ngettext(
            "You hold a badge: choose below whether the copy you downloaded stays valid or "
            "is revoked. Either way, its page here no longer shows anything about you.",
            "You hold %(count)s badges: choose below whether the copies you downloaded stay "
            "valid or are revoked. Either way, their pages here no longer show anything "
            "about you.",
            count,
        )
        % {"count": count}
    ]
