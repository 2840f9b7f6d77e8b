"""Run IMS Global's Open Badges 2.0 validator-core on a few inputs, offline.

Run by ``.venv-ob2/bin/python`` (Python 3.9, ``make ob2-validator``), not by pytest:
``tests/badges/test_ob2_validator.py`` starts it in a subprocess with a JSON file::

    {"context": "<path of the bundled OB 2.0 context>",
     "cases": [{"name": "...", "url": "http://127.0.0.1:.../ob/v2/assertions/<uuid>"
                or "file" / "unbaked_file": "<path of a baked image>",
                "email": "..."}]}

Only ``https://w3id.org/openbadges/v2`` is answered locally (with ``responses``); requests
to the test server (127.0.0.1 / localhost) pass through; any other request fails. Prints
``{name: {"report": ..., "error": ...}}`` as JSON on stdout.
"""

import json
import re
import sys
import traceback

import openbadges
import responses
from openbadges_bakery import unbake

OB2_CONTEXT = "https://w3id.org/openbadges/v2"
LOCAL = re.compile(r"^http://(127\.0\.0\.1|localhost)(:\d+)?/")


def run_case(case):
    recipient = {"email": case["email"]} if case.get("email") else None
    if case.get("file"):
        with open(case["file"], "rb") as image:
            result = openbadges.verify(image, recipient, use_cache=False)
    elif case.get("unbaked_file"):
        # What the validator would read if its bakery returned text: openbadges-bakery
        # 1.2.4 returns an SVG's ``verify`` attribute as bytes, which validator-core
        # 1.1.2 then fails to recognise (DETECT_INPUT_TYPE: NotImplementedError).
        with open(case["unbaked_file"], "rb") as image:
            data = unbake(image)
        if isinstance(data, bytes):
            data = data.decode("utf-8")
        result = openbadges.verify(data, recipient, use_cache=False)
    else:
        result = openbadges.verify(case["url"], recipient, use_cache=False)
    return {"report": result["report"], "error": None}


def main(path):
    with open(path, encoding="utf-8") as handle:
        plan = json.load(handle)
    with open(plan["context"], encoding="utf-8") as handle:
        context = handle.read()
    results = {}
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add(responses.GET, OB2_CONTEXT, body=context, content_type="application/ld+json")
        mock.add_passthru(LOCAL)
        for case in plan["cases"]:
            try:
                results[case["name"]] = run_case(case)
            except Exception:
                results[case["name"]] = {"report": None, "error": traceback.format_exc()}
    json.dump(results, sys.stdout, indent=2, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
