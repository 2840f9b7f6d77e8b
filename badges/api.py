"""What the other apps may use of badges: a person's badges, the territory's signature, and
the checks of this platform's credentials.

Other apps import this module and the models it names, nothing else of badges (checked by
import-linter in ``make lint``; docs/development.md#architecture).

- Models: ``Award`` (a badge awarded to someone, with its signed OB 3.0 credential),
  ``Issuer`` (who awards) and ``AwardProposal`` (a badge proposed to someone, waiting for
  an issuer's confirmation).
- A person's badges: ``award_list_for_recipient``, ``award_list_valid_for_recipient``.
- Signing with the territory's issuer (portfolios' CLR): ``territory_issuer``,
  ``issuer_sign``; what a document about people or achievements embeds:
  ``issuer_profile_embedded``, ``email_identity_hash``, ``competence_alignment``,
  ``format_datetime`` and the contexts ``CREDENTIALS_V2``, ``OB_V3_CONTEXT``.
- Checks: ``credential_proof_verify`` (a proof, with the keys published here),
  ``credential_state`` (a badge credential now: proof, revocation, expiry;
  ``CredentialState``).
- The territory's word on issuers: ``issuer_standings`` (each issuer's ``Standing``, said
  in the same sentences everywhere), ``territory_name``.
- What waits for someone (the home page): ``my_pending_proposals`` (their badges proposed,
  waiting for an issuer's confirmation), ``badges_within_reach`` (``BadgeProgress``: the badges
  whose rules they partly meet, and what is missing), ``proposal_to_decide_count`` and
  ``user_may_decide_proposals`` (proposals waiting for the issuers they manage),
  ``user_can_manage_recognition`` and ``recognition_pending_count`` (issuers waiting for the
  territory's decision).
- Attestations of volunteering (``Attestation``): ``attestation_issue``, ``attestation_revoke``,
  ``attestation_request`` (services); ``attestation_facts`` (what one would state),
  ``attestation_list_for_initiative``, ``attestation_list_for_recipient``, ``attestation_get``,
  ``attestation_may_read``, ``initiative_issuer``; ``attestation_reading``
  (``AttestationReading``: what a signed attestation states, for a document).
- Status for the credentials of later apps (a portfolio release's CLR), named by a
  reference (``clr:<uuid>``): ``status_reference_reserve`` (a position in an issuer's
  revocation list: the ``credentialStatus`` to embed before signing),
  ``status_references_revoke`` (their bits set, the lists signed again),
  ``status_references_read`` (``StatusReference``: the status and when it was revoked).
- Badges from elsewhere (portfolios include them): the model ``ExternalCredential`` (its
  original kept unchanged), ``CredentialFormat`` and ``ExternalVerification``;
  ``context_is_bundled`` (a JSON-LD context this platform can read offline: a credential
  whose contexts all are can be wrapped in a signed document).
  A person's badges from elsewhere as "My badges" shows them: ``external_badge_list``
  (``ExternalBadge``: name, issuer, status in words, why not valid, the territory's word on
  its issuer).
- Pictures: ``badge_image_png`` for the addresses in ``BADGE_IMAGE_VIEWS`` (the PDF draws
  badges without fetching them).
"""

from __future__ import annotations

from badges.attestations import AttestationReading, attestation_reading
from badges.crypto.data_integrity import VerificationResult, format_datetime
from badges.crypto.loader import is_bundled as context_is_bundled
from badges.documents import (
    CREDENTIALS_V2,
    OB_V3_CONTEXT,
    competence_alignment,
    issuer_profile_embedded,
)
from badges.models import (
    Attestation,
    Award,
    AwardProposal,
    CredentialFormat,
    ExternalCredential,
    ExternalVerification,
    Issuer,
    email_identity_hash,
)
from badges.ob3 import CREDENTIAL_SCHEMA_TYPE, OB_V3_EXTENSIONS
from badges.selectors.attestations import (
    attestation_facts,
    attestation_get,
    attestation_list_for_initiative,
    attestation_list_for_recipient,
    attestation_may_read,
    initiative_issuer,
)
from badges.selectors.award_lists import (
    award_list_for_recipient,
    award_list_valid_for_recipient,
)
from badges.selectors.badge_classes import BADGE_IMAGE_VIEWS, badge_image_png
from badges.selectors.external_credentials import ExternalBadge, external_badge_list
from badges.selectors.issuers import territory_issuer
from badges.selectors.progress import BadgeProgress, badges_within_reach
from badges.selectors.proposals import (
    my_pending_proposals,
    proposal_to_decide_count,
    user_may_decide_proposals,
)
from badges.selectors.recognition import (
    issuer_standings,
    recognition_pending_count,
    territory_name,
    user_can_manage_recognition,
)
from badges.selectors.status import StatusReference, status_references_read
from badges.services.attestations import (
    attestation_issue,
    attestation_request,
    attestation_revoke,
)
from badges.services.issuers import issuer_sign
from badges.services.status_references import status_reference_reserve, status_references_revoke
from badges.standing import Standing
from badges.verification import (
    CREDENTIAL_STATES,
    CredentialState,
    credential_proof_verify,
    credential_state,
)

__all__ = [
    "BADGE_IMAGE_VIEWS",
    "CREDENTIALS_V2",
    "CREDENTIAL_SCHEMA_TYPE",
    "CREDENTIAL_STATES",
    "OB_V3_CONTEXT",
    "OB_V3_EXTENSIONS",
    "Attestation",
    "AttestationReading",
    "Award",
    "AwardProposal",
    "BadgeProgress",
    "CredentialFormat",
    "CredentialState",
    "ExternalBadge",
    "ExternalCredential",
    "ExternalVerification",
    "Issuer",
    "Standing",
    "StatusReference",
    "VerificationResult",
    "attestation_facts",
    "attestation_get",
    "attestation_issue",
    "attestation_list_for_initiative",
    "attestation_list_for_recipient",
    "attestation_may_read",
    "attestation_reading",
    "attestation_request",
    "attestation_revoke",
    "award_list_for_recipient",
    "award_list_valid_for_recipient",
    "badge_image_png",
    "badges_within_reach",
    "competence_alignment",
    "context_is_bundled",
    "credential_proof_verify",
    "credential_state",
    "email_identity_hash",
    "external_badge_list",
    "format_datetime",
    "initiative_issuer",
    "issuer_profile_embedded",
    "issuer_sign",
    "issuer_standings",
    "my_pending_proposals",
    "proposal_to_decide_count",
    "recognition_pending_count",
    "status_reference_reserve",
    "status_references_read",
    "status_references_revoke",
    "territory_issuer",
    "territory_name",
    "user_can_manage_recognition",
    "user_may_decide_proposals",
]
