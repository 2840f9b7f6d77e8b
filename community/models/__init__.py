"""Models of the community app, one module per subject.

Every public name of the submodules, so that ``community.models`` is the one way in.
"""

from community.models.contributions import (
    EVIDENCE_MAX_BYTES,
    CompetenceClaim,
    Contribution,
    ContributionStatus,
    Evidence,
    EvidenceKind,
    Visibility,
)
from community.models.endorsements import (
    ENDORSEMENT_REQUEST_VALID_DAYS,
    Endorsement,
    EndorsementRequest,
    EndorsementRequestStatus,
    EndorserKind,
    default_request_expiry,
)
from community.models.indicators import (
    PUBLICATION_PENDING,
    IndicatorPublication,
    PublicationState,
)
from community.models.initiatives import (
    INVITATION_VALID_DAYS,
    LOGO_MAX_BYTES,
    Initiative,
    InitiativeKind,
    InitiativeSphere,
    Invitation,
    InvitationStatus,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    Role,
    Sphere,
    default_invitation_expiry,
    postcode_validator,
)
from community.models.territory import Commune

__all__ = [
    "ENDORSEMENT_REQUEST_VALID_DAYS",
    "EVIDENCE_MAX_BYTES",
    "INVITATION_VALID_DAYS",
    "LOGO_MAX_BYTES",
    "PUBLICATION_PENDING",
    "Commune",
    "CompetenceClaim",
    "Contribution",
    "ContributionStatus",
    "Endorsement",
    "EndorsementRequest",
    "EndorsementRequestStatus",
    "EndorserKind",
    "Evidence",
    "EvidenceKind",
    "IndicatorPublication",
    "Initiative",
    "InitiativeKind",
    "InitiativeSphere",
    "Invitation",
    "InvitationStatus",
    "JoinRequest",
    "JoinRequestStatus",
    "Membership",
    "PublicationState",
    "Role",
    "Sphere",
    "Visibility",
    "default_invitation_expiry",
    "default_request_expiry",
    "postcode_validator",
]
