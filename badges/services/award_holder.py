"""Writes of the holder of an award about its public page.

Keyword-only, typed, atomic; permissions are checked here (``PermissionDenied``): only the
person the badge was awarded to (their account) decides.

Not audited: like the visibility of one's own evidence, it is a person's choice about
their own data, which the page shows at once; the audit log keeps actions on others'
rights and documents (revocations, recognition, roles, share links).
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.api import User
from badges.models import Award
from badges.selectors.awards import user_holds_award

logger = logging.getLogger(__name__)


@transaction.atomic
def award_set_name_visibility(*, award: Award, by: User, visible: bool) -> Award:
    """The holder shows (``visible``) or hides their display name on the award's public
    page. The signed credential does not change: it never names the person."""
    locked = Award.objects.select_for_update().get(pk=award.pk)
    if not user_holds_award(award=locked, user=by):
        raise PermissionDenied
    if locked.holder_name_public != visible:
        locked.holder_name_public = visible
        locked.save(update_fields=["holder_name_public"])
        logger.info("Award %s: holder's name %s", locked.uuid, "shown" if visible else "hidden")
    award.holder_name_public = visible
    return award
