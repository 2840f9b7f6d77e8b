"""Writes on endorsement requests and endorsements (a package: ``common``, ``asking``,
``answering``; import the names from here).

Asking (``endorsement_request_create``): the volunteer asks on a recorded
contribution that claims at least one competence. The leaders of its
initiative are asked automatically; the volunteer may also ask fellow members
(peers) and outside referents by email. A referent whose address has an
account gets a normal request (notification); anyone else gets a single-use
link by email, in the volunteer's language: 256 random bits of which only the
SHA-256 is stored, valid for ``ENDORSEMENT_REQUEST_VALID_DAYS`` days.

Answering: only the person asked answers (the leader, the peer or the
referent). ``endorsement_answer`` confirms or adjusts the level of each claim,
one endorsement per endorser and claim: answering again edits it. Leaders'
endorsements carry the kind "leader" and the initiative. A link sent to a
referent without an account works once: after the answer it is used up.
``endorsement_bulk_confirm`` lets a leader confirm several requests at the
self-assessed levels in one go. ``endorsement_request_decline`` declines with a
reason. The volunteer is notified of answers and refusals.

Nobody endorses their own competences: asking yourself is refused, and so is
answering a request on your own contribution.
"""

from community.services.endorsements.answering import (
    endorsement_answer,
    endorsement_bulk_confirm,
    endorsement_request_decline,
    endorsement_update,
    level_numbers,
)
from community.services.endorsements.asking import (
    endorsement_request_cancel,
    endorsement_request_create,
)
from community.services.endorsements.common import (
    ClaimAnswer,
    Referent,
    person_name,
    request_path,
)

__all__ = [
    "ClaimAnswer",
    "Referent",
    "endorsement_answer",
    "endorsement_bulk_confirm",
    "endorsement_request_cancel",
    "endorsement_request_create",
    "endorsement_request_decline",
    "endorsement_update",
    "level_numbers",
    "person_name",
    "request_path",
]
