"""Models of the badges app, one module per subject.

Every public name of the submodules, so that ``badges.models`` is the one way in.
"""

from badges.models.attestations import Attestation
from badges.models.awards import (
    HASH_PREFIX,
    Award,
    email_identity_hash,
)
from badges.models.badge_classes import (
    MAX_ENDORSERS,
    MAX_VALIDITY_DAYS,
    AchievementType,
    BadgeClass,
    BadgeRule,
)
from badges.models.bulk import (
    BULK_PENDING,
    BulkAward,
    BulkStatus,
)
from badges.models.endorsements import (
    BadgeClassEndorsement,
)
from badges.models.external_credentials import (
    TOKEN_FORMATS,
    VERIFIABLE_CREDENTIAL_FORMATS,
    CredentialFormat,
    ExternalCredential,
    ExternalVerification,
)
from badges.models.issuers import (
    IMAGE_MAX_BYTES,
    Issuer,
    SigningKey,
)
from badges.models.proposals import (
    AwardProposal,
    ProposalStatus,
)
from badges.models.recognition import (
    IssuerRecognition,
    RecognitionStatus,
)
from badges.models.status import (
    MIN_STATUS_LIST_SIZE,
    REFERENCE_MAX_LENGTH,
    StatusList,
    StatusListEntry,
    StatusPurpose,
)
from badges.models.wallets import (
    WalletRegistration,
)

__all__ = [
    "BULK_PENDING",
    "HASH_PREFIX",
    "IMAGE_MAX_BYTES",
    "MAX_ENDORSERS",
    "MAX_VALIDITY_DAYS",
    "MIN_STATUS_LIST_SIZE",
    "REFERENCE_MAX_LENGTH",
    "TOKEN_FORMATS",
    "VERIFIABLE_CREDENTIAL_FORMATS",
    "AchievementType",
    "Attestation",
    "Award",
    "AwardProposal",
    "BadgeClass",
    "BadgeClassEndorsement",
    "BadgeRule",
    "BulkAward",
    "BulkStatus",
    "CredentialFormat",
    "ExternalCredential",
    "ExternalVerification",
    "Issuer",
    "IssuerRecognition",
    "ProposalStatus",
    "RecognitionStatus",
    "SigningKey",
    "StatusList",
    "StatusListEntry",
    "StatusPurpose",
    "WalletRegistration",
    "email_identity_hash",
]
