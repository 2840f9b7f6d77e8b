"""W3C Bitstring Status List v1.0 documents: the entry in a credential and the list credential.

- ``encode_bitstring(indices, size)``: the ``encodedList`` of a list whose bits at
  ``indices`` are 1: the bitstring (bit 0 = the leftmost bit of the first byte),
  GZIP-compressed, then multibase base64url without padding (``u`` prefix).
- ``bit_is_set(encoded, index)``: reads one bit back.
- ``status_entry(status_list, index)``: the ``credentialStatus`` of a credential.
- ``status_list_credential(status_list, revoked)``: the unsigned
  ``BitstringStatusListCredential`` (VC 2.0), which the issuer signs when it is served.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import zlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from badges.crypto.data_integrity import format_datetime
from badges.documents import CREDENTIALS_V2
from badges.models import StatusList

ENTRY_TYPE = "BitstringStatusListEntry"
LIST_CREDENTIAL_TYPE = "BitstringStatusListCredential"
LIST_TYPE = "BitstringStatusList"
# A decompressed list larger than this is refused (a gzip bomb guard): 16 MiB of bits.
MAX_DECODED_BYTES = 16 * 1024 * 1024


class StatusListError(ValueError):
    """An ``encodedList`` that cannot be read, or an index outside the list."""


def encode_bitstring(indices: Iterable[int], size: int) -> str:
    """The multibase (``u``) base64url of the GZIP-compressed bitstring of ``size`` bits."""
    bits = bytearray((size + 7) // 8)
    for index in indices:
        if not 0 <= index < size:
            raise StatusListError(f"Index {index} is outside a list of {size} bits.")
        bits[index // 8] |= 0x80 >> (index % 8)
    # mtime=0: the same list always gives the same bytes.
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def decode_bitstring(encoded: str) -> bytes:
    """The bytes of an ``encodedList`` (multibase base64url, GZIP)."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise StatusListError("The encoded list is not multibase base64url.")
    body = encoded[1:]
    try:
        compressed = base64.b64decode(body + "=" * (-len(body) % 4), altchars=b"-_", validate=True)
        decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        data = decompressor.decompress(compressed, MAX_DECODED_BYTES)
    except (binascii.Error, ValueError, zlib.error) as error:
        raise StatusListError("The encoded list cannot be decoded.") from error
    if decompressor.unconsumed_tail:
        raise StatusListError("The encoded list is too large.")
    if not decompressor.eof:
        raise StatusListError("The encoded list is truncated.")
    return data


def bit_is_set(encoded: str, index: int) -> bool:
    """Whether the bit at ``index`` of an ``encodedList`` is 1."""
    data = decode_bitstring(encoded)
    if not 0 <= index < len(data) * 8:
        raise StatusListError(f"Index {index} is outside the list.")
    return bool(data[index // 8] & (0x80 >> (index % 8)))


def status_entry(status_list: StatusList, index: int) -> dict[str, Any]:
    """The ``credentialStatus`` of the credential at ``index`` (with an ``id``, which the
    OB 3.0 schema requires; ``statusListIndex`` is a string, as W3C defines it)."""
    url = status_list.url
    return {
        "id": f"{url}#{index}",
        "type": ENTRY_TYPE,
        "statusPurpose": status_list.purpose,
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


def status_list_credential(
    status_list: StatusList, *, revoked: Iterable[int], valid_from: datetime
) -> dict[str, Any]:
    """The unsigned ``BitstringStatusListCredential`` of a list (bits at ``revoked`` set)."""
    url = status_list.url
    return {
        "@context": [CREDENTIALS_V2],
        "id": url,
        "type": ["VerifiableCredential", LIST_CREDENTIAL_TYPE],
        "issuer": status_list.issuer.id_url,
        "validFrom": format_datetime(valid_from),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": LIST_TYPE,
            "statusPurpose": status_list.purpose,
            "encodedList": encode_bitstring(revoked, status_list.size),
        },
    }
