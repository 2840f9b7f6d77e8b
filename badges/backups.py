"""What the badges app checks before ``manage.py restore`` (``config.backup.checks``).

Issuers' private signing keys are stored encrypted with ``SIGNING_KEY_ENCRYPTION_KEY``
(``badges.crypto.keys``), and a backup holds them as stored. Restored under another key they
could not be decrypted: no badge could be signed again. So the restore decrypts every key
of the archive first (in memory, nothing is kept) and refuses the archive if one fails,
saying which key id it needs (docs/operations.md#backup-and-restore).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from badges.crypto.errors import KeyDecryptionError
from badges.crypto.keys import decrypt_private_key
from config.backup.checks import ArchiveRows


def signing_keys_decrypt(rows: ArchiveRows) -> list[str]:
    """A problem when a signing key of the archive does not decrypt with this installation's
    ``SIGNING_KEY_ENCRYPTION_KEY`` (or one of its fallbacks)."""
    for row in rows("badges.signingkey"):
        fields = row.get("fields", {})
        try:
            decrypt_private_key(fields.get("encrypted_private_key", ""))
        except KeyDecryptionError as error:
            return [
                _("The signing key %(key)s in this backup cannot be decrypted here: %(reason)s "
                  "Restore with the SIGNING_KEY_ENCRYPTION_KEY of the installation that made "
                  "the backup.") % {"key": fields.get("public_key_multibase", "?"), "reason": error}
            ]  # fmt: skip
    return []
