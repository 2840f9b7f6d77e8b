"""Every address Jalons has served keeps working: links in sent emails, issued credentials,
printed PDFs and the API's clients are promises to the people who hold them.

``tests/data/urls-0.1.0.json`` lists every URL pattern of version 0.1.0 (outside the admin):
its name, its route and the name of the view that answered it. For each one, a concrete path
built from the route must still resolve to a view of the same name, and the pattern's name
today (``RENAMED`` says where a namespace moved) must reverse to that same path.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from django.urls import NoReverseMatch, Resolver404, resolve, reverse

SNAPSHOT = Path(__file__).resolve().parent.parent / "data" / "urls-0.1.0.json"

# Where a URL name moved when the apps were split (docs/decisions/0001-one-app-per-domain.md):
# a whole namespace ("old:" -> "new") or one name. Only the names change; the paths do not.
COMMUNITY_PAGES = [
    "claim_choose",
    "claim_create",
    "claim_delete",
    "claim_edit",
    "competence_profile",
    "contribution_create",
    "contribution_delete",
    "contribution_detail",
    "contribution_edit",
    "contribution_list",
    "contribution_record",
    "endorsement_ask",
    "endorsement_link",
    "endorsement_link_decline",
    "endorsement_link_evidence",
    "endorsement_list",
    "endorsement_queue",
    "endorsement_queue_confirm",
    "endorsement_request_cancel",
    "endorsement_request_decline",
    "endorsement_request_detail",
    "evidence_create",
    "evidence_delete",
    "evidence_file",
    "initiative_create",
    "initiative_detail",
    "initiative_edit",
    "initiative_leave",
    "initiative_list",
    "initiative_verify",
    "invitation_answer",
    "invitation_create",
    "invitation_open",
    "invitation_revoke",
    "join_request_accept",
    "join_request_create",
    "join_request_refuse",
    "member_list",
    "member_remove",
    "member_role",
]
NOTIFICATION_PAGES = [
    "notification_list",
    "notification_open",
    "notification_read",
    "notification_read_all",
    "notification_settings",
]
NOTIFICATION_API = ("notification_list", "notification_read", "notification_read_all")
RENAMED: dict[str, str] = {
    **{f"portfolios:{name}": f"community:{name}" for name in COMMUNITY_PAGES},
    **{f"portfolios:{name}": f"accounts:{name}" for name in NOTIFICATION_PAGES},
    **{f"initiatives_api:{name}": f"accounts_api:{name}" for name in NOTIFICATION_API},
    "portfolios_api:": "community_api",
    "endorsements_api:": "community_api",
    "initiatives_api:": "community_api",
    "portfolios_portfolios_api:": "portfolios_api",
}

# Views replaced by another that serves the same address the same way (by old view name).
REPLACED_VIEWS = {
    # #11: the API documentation's page and script come apart, for the Content-Security-Policy.
    "SpectacularSwaggerView": "SpectacularSwaggerSplitView",
}

SAMPLES = {
    "slug": "a-slug",
    "int": "7",
    "uuid": "3b241101-e2bb-4255-8caf-4136c566a962",
    "str": "t0ken",
    "path": "some/path",
    "uidb64": "MQ",
    "token": "set-token",
}
PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _entries() -> list[dict[str, Any]]:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def _concrete(route: str) -> tuple[str, dict[str, str]]:
    """The route with a sample value for each parameter, and those values by name."""
    kwargs: dict[str, str] = {}

    def sample(match: re.Match[str]) -> str:
        converter = match.group("converter") or "str"
        value = SAMPLES[converter] if converter != "str" else SAMPLES.get(match["name"], "t0ken")
        kwargs[match["name"]] = value
        return value

    return "/" + PARAMETER.sub(sample, route), kwargs


def _new_name(old: str) -> str:
    if old in RENAMED:
        return RENAMED[old]
    namespace, _sep, name = old.rpartition(":")
    if namespace and f"{namespace}:" in RENAMED:
        return f"{RENAMED[namespace + ':']}:{name}"
    return old


def test_the_snapshot_covers_many_addresses():
    entries = _entries()
    assert len(entries) > 200
    assert {entry["route"] for entry in entries} >= {
        "initiatives/<slug:slug>/",
        "badges/awards/<uuid:uuid>",
        "portfolios/releases/<uuid:uuid>/verify/",
        "s/<str:token>/",
        "notifications/settings/",
        "api/v1/contributions/",
    }


def test_every_old_address_still_resolves_to_the_same_view():
    moved = []
    for entry in _entries():
        path, _kwargs = _concrete(entry["route"])
        try:
            view = resolve(path).func
        except Resolver404:
            moved.append(f"{path} (formerly {entry['name']}) no longer resolves")
            continue
        view_name = getattr(view, "view_class", view).__name__
        if view_name != REPLACED_VIEWS.get(entry["view"], entry["view"]):
            moved.append(f"{path} now answers with {view_name}, not {entry['view']}")
    assert moved == []


def test_every_old_name_reverses_to_the_same_path():
    changed = []
    for entry in _entries():
        if not entry["name"]:
            continue
        path, kwargs = _concrete(entry["route"])
        new_name = _new_name(entry["name"])
        try:
            reversed_path = reverse(new_name, kwargs=kwargs)
        except NoReverseMatch:
            changed.append(f"{entry['name']} (now {new_name}) does not reverse")
            continue
        if reversed_path != path:
            changed.append(f"{new_name} reverses to {reversed_path}, not {path}")
    assert changed == []
