"""The site's settings, plus one bare Django view (``bench/bare_urls.py``): what
``bench/public_documents.py`` compares the public documents with, in the same server: at
``/bench/one-row.json`` through every middleware, at ``/bench/one-row-direct.json`` through
the public documents' short path (``config/public_documents.py``).

``BENCH_HEALTH_CHECKS=0`` turns the database health check off (to measure what it costs).
"""

import os

from config.settings import *  # noqa: F403
from config.settings import DATABASES

ROOT_URLCONF = "bench.bare_urls"
# ``/bench/one-row-direct.json``: the same bare view on the public documents' short path.
PUBLIC_DOCUMENTS_URLCONF = "bench.bare_public_urls"
if os.environ.get("BENCH_HEALTH_CHECKS") == "0":
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
