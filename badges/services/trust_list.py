"""The territory's published trust list, signed by its issuer (``badges.trust_list``).

``trust_list_signed(list_url=...)`` signs the list as it stands; a signed list is reused from
the cache (Django's cache framework, shared by every app process) while what it says, and the
key that signs it, are unchanged, for an hour at most.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from badges.selectors.issuers import signing_key_active, territory_issuer
from badges.selectors.recognition import trust_list_entries
from badges.services.issuers import issuer_sign
from badges.trust_list import fingerprint, trust_list_credential

logger = logging.getLogger(__name__)


# A signed list is reused while what it says (and the key that signs it) is unchanged, for
# an hour at most: signing canonicalizes the whole list, which grows with the territory.
TRUST_LIST_REUSE_SECONDS = 3600


def trust_list_signed(*, list_url: str) -> dict[str, Any] | None:
    """The territory's trust list, signed by its issuer's active key (``badges.trust_list``);
    None when the territory has no issuer (or no key) yet. Any decision on an issuer, a key
    rotation or a renaming changes what the list says, so the next request signs it anew."""
    territory = territory_issuer()
    key = signing_key_active(issuer=territory) if territory is not None else None
    if territory is None or key is None:
        return None
    entries = trust_list_entries()
    cache_key = "badges:trust-list:" + fingerprint(
        territory_id=territory.id_url, signing_key=key.verification_method_id, entries=entries
    )
    cached = cache.get(cache_key)
    if isinstance(cached, dict):
        return cached
    now = timezone.now().replace(microsecond=0)
    with translation.override(settings.LANGUAGE_CODE):
        values = {"territory": territory.name}
        document = trust_list_credential(
            list_url=list_url,
            territory_id=territory.id_url,
            territory_name=territory.name,
            name=str(_("Issuers recognised by %(territory)s") % values),
            description=str(
                _(
                    "The issuers of Open Badges that %(territory)s vouches for, with their keys "
                    "and the periods of their recognition. A badge whose issuer is not on this "
                    "list, or whose signing key is not listed for it, is not recognised by the "
                    "territory."
                )
                % values
            ),
            entries=entries,
            valid_from=now,
        )
    signed = issuer_sign(issuer=territory, document=document, created=now)
    cache.set(cache_key, signed, TRUST_LIST_REUSE_SECONDS)
    logger.info("Trust list signed: %d issuers", len(entries))
    return signed
