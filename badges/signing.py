"""Signing the documents of a bulk award in parallel: a pool of processes for one run.

Most of an award's cost is its signature, and most of a signature's cost is the RDFC-1.0
canonicalisation of the document (``badges.crypto.canonical``, PyLD: pure Python). It holds
the interpreter lock, so threads would not sign faster; processes do. A bulk award's task
(``badges.services.bulk_run``) opens a pool for its run with ``signing_pool``: the task keeps
the lease, reads the rows, builds the documents and writes the awards, batch after batch, in
its own transactions; the pool's processes only sign (``badges.crypto``: no database, no
Django settings). A run with few rows, or a machine with one core, signs in the task's
process.

``SIGNING_PROCESSES`` (settings) sets the number of processes: 0, the default, means one
per CPU core (4 at most); 1 turns the pool off. The processes start in a clean interpreter
(``forkserver``: never a copy of the worker's threads, connections or locks) and stop with
the run. The issuer's private key reaches them through the pool's pipe, with each batch, and
is never written anywhere.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from itertools import repeat
from typing import Any

from django.conf import settings

from badges.crypto.data_integrity import Signer

logger = logging.getLogger(__name__)

# Fewer documents than this are signed in the task's own process (starting processes costs
# about as much as signing a few dozen documents).
MIN_DOCUMENTS = 50
MAX_PROCESSES = 4
# Modules the pool's server process imports once, so that each process starts ready to sign.
# (This module imports no model: the processes load it without setting Django up.)
PRELOAD = ["badges.signing", "badges.crypto.canonical"]

# Signs documents with a key, all with the same creation time: the signed copies, in order.
SignMany = Callable[[Signer, list[dict[str, Any]], datetime], list[dict[str, Any]]]


def sign_here(
    signer: Signer, documents: list[dict[str, Any]], created: datetime
) -> list[dict[str, Any]]:
    """Sign the documents one after the other in this process."""
    return [signer.sign(document, created=created) for document in documents]


def signing_processes() -> int:
    """How many processes sign a bulk award (``SIGNING_PROCESSES``; 0: one per core)."""
    wanted = int(settings.SIGNING_PROCESSES)
    if wanted > 0:
        return wanted
    return max(1, min(os.cpu_count() or 1, MAX_PROCESSES))


@contextmanager
def signing_pool(*, documents: int) -> Iterator[SignMany | None]:
    """A ``sign_many`` for ``badges.services.awards.awards_issue`` that signs in a pool of
    processes, open for the ``with`` block; ``None`` (sign here) for fewer than
    ``MIN_DOCUMENTS`` documents or one process."""
    processes = signing_processes()
    if processes <= 1 or documents < MIN_DOCUMENTS:
        yield None
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        logger.info("Signing in %d processes", processes)
        yield partial(_sign_in_pool, pool, processes)


def _sign_in_pool(
    pool: ProcessPoolExecutor,
    processes: int,
    signer: Signer,
    documents: list[dict[str, Any]],
    created: datetime,
) -> list[dict[str, Any]]:
    """The documents signed by the pool's processes, in their order."""
    chunk = max(1, math.ceil(len(documents) / processes))
    return list(pool.map(_sign_one, repeat(signer), documents, repeat(created), chunksize=chunk))


def _sign_one(signer: Signer, document: dict[str, Any], created: datetime) -> dict[str, Any]:
    return signer.sign(document, created=created)
