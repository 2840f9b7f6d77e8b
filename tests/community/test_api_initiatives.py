"""The initiatives API: initiatives, members, invitations, requests to join.

The same permissions as the pages, for the leader of the initiative (Sophie), a fellow member
(Amina), the leader of another initiative (Olivier), someone from outside, an anonymous visitor
and, for the verified mark, the territory's steward.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from PIL import Image

from accounts.models import Notification, NotificationKind
from community.models import (
    Initiative,
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    Role,
    Sphere,
)
from community.services.initiatives import initiative_set_verified
from tests.accounts.factories.users import UserFactory
from tests.community.factories.initiatives import (
    InitiativeFactory,
    InvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
    image_upload,
)
from tests.config.test_images import SVG_WITH_SCRIPT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

JSON = "application/json"
MULTIPART = MULTIPART_CONTENT
LIST = reverse("community_api:initiative_list")
# Everyone of the initiative's world, and what the pages answer them.
PERSONAS = ["leader", "volunteer", "other_leader", None]


def api(name: str, initiative, *args) -> str:
    return reverse(f"community_api:{name}", args=[initiative.slug, *args])


def role_of(initiative, user) -> str | None:
    membership = Membership.objects.filter(initiative=initiative, user=user).first()
    return membership.role if membership else None


def new_initiative(**overrides) -> dict:
    return {
        "name": "La Cantine Solidaire des Grésilles",
        "kind": "solidarity_canteen",
        "spheres": ["consume", "produce"],
        "description": "Des repas ensemble.",
        "commune": "Dijon",
        "postcode": "21 000",
        **overrides,
    }


@pytest.fixture
def world(initiative, other_initiative, outsider):
    """Sophie's Repair Café (Amina is a member), Olivier's FabLab, and an outsider."""
    return initiative


# --- Initiatives: reading ------------------------------------------------------------------


@pytest.mark.parametrize("persona", [*PERSONAS, "outsider"])
def test_everyone_reads_the_list_and_each_initiative(as_persona, world, persona):
    client = as_persona(persona)
    body = client.get(LIST).json()
    assert body["count"] == 2
    assert [item["slug"] for item in body["results"]] == [
        "fablab-de-quetigny",
        "repair-cafe-de-chenove",
    ]
    detail = client.get(api("initiative_detail", world))
    assert detail.status_code == 200
    data = detail.json()
    assert data["name"] == "Repair Café de Chenôve"
    assert data["spheres"] == ["produce", "consume"]
    assert data["leaders"] == ["Sophie"]
    assert data["member_count"] == 2
    assert data["page_url"].endswith(world.get_absolute_url())
    assert data["my_role"] == {"leader": "leader", "volunteer": "member"}.get(persona)


def test_public_reads_never_show_an_email_address(client, world, leader, volunteer):
    leader.display_name = ""
    leader.save(update_fields=["display_name"])
    for path in (LIST, api("initiative_detail", world)):
        content = client.get(path).content.decode()
        assert "@" not in content, path
    assert client.get(api("initiative_detail", world)).json()["leaders"] == [""]


def test_the_list_is_filtered_by_kind_and_sphere(client, world):
    InitiativeFactory(name="AMAP du Lac", kind="amap", spheres=[Sphere.FINANCE])
    assert [i["name"] for i in client.get(LIST, {"kind": "amap"}).json()["results"]] == [
        "AMAP du Lac"
    ]
    assert [i["name"] for i in client.get(LIST, {"sphere": "produce"}).json()["results"]] == [
        "Repair Café de Chenôve"
    ]
    assert client.get(LIST, {"kind": "", "sphere": ""}).json()["count"] == 3
    response = client.get(LIST, {"kind": "castle"})
    assert response.status_code == 400
    assert "kind" in response.json()


def test_the_list_is_paginated(client, world):
    body = client.get(LIST, {"page_size": 1}).json()
    assert body["count"] == 2 and len(body["results"]) == 1 and body["next"]


@pytest.mark.parametrize("persona", ["volunteer", None])
def test_the_list_uses_a_constant_number_of_queries(
    as_persona, world, volunteer, persona, count_queries
):
    client = as_persona(persona)
    few = count_queries(client, LIST)
    for number in range(10):
        other = InitiativeFactory(
            leader=UserFactory(), spheres=[Sphere.PRODUCE, Sphere.INNOVATE], logo="x.png"
        )
        MembershipFactory(initiative=other, user=volunteer if number % 2 else UserFactory())
    # 8: the page's member counts are one query of their own (not a join over every member)
    assert count_queries(client, LIST) == few <= 8
    if persona:
        roles = [item["my_role"] for item in client.get(LIST).json()["results"]]
        assert roles.count("member") == 6


def test_an_unknown_initiative_is_404(client):
    assert client.get(reverse("community_api:initiative_detail", args=["nope"])).status_code == 404


# --- Initiatives: creating -------------------------------------------------------------------


def test_a_signed_in_person_creates_an_initiative_and_leads_it(client, volunteer):
    client.force_login(volunteer)
    response = client.post(LIST, new_initiative(), content_type=JSON)
    assert response.status_code == 201, response.json()
    initiative = Initiative.objects.get(name="La Cantine Solidaire des Grésilles")
    assert response.json()["slug"] == initiative.slug
    assert response.json()["my_role"] == "leader"
    assert response.json()["postcode"] == "21000"
    assert initiative.sphere_values == ["produce", "consume"]
    assert role_of(initiative, volunteer) == Role.LEADER
    assert not initiative.verified


def test_creating_needs_a_signed_in_person_with_a_confirmed_address(client, volunteer):
    assert client.post(LIST, new_initiative(), content_type=JSON).status_code == 401
    volunteer.email_verified_at = None
    volunteer.save(update_fields=["email_verified_at"])
    client.force_login(volunteer)
    response = client.post(LIST, new_initiative(), content_type=JSON)
    assert response.status_code == 403
    assert "confirm your email address" in response.json()["detail"]
    assert not Initiative.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"spheres": []}, "spheres"),
        ({"spheres": ["space"]}, "spheres"),
        ({"postcode": "2100"}, "postcode"),
        ({"kind": "castle"}, "kind"),
        ({"website": "not a site"}, "website"),
        ({"name": ""}, "name"),
    ],
)
def test_a_bad_initiative_is_refused_by_field(client, volunteer, overrides, field):
    client.force_login(volunteer)
    response = client.post(LIST, new_initiative(**overrides), content_type=JSON)
    assert response.status_code == 400
    assert field in response.json()
    assert not Initiative.objects.exists()


def test_no_sphere_is_refused_with_the_pages_message(client, volunteer):
    client.force_login(volunteer)
    response = client.post(LIST, new_initiative(spheres=[]), content_type=JSON)
    assert response.json()["spheres"] == ["Choose at least one of the four spheres."]


def test_a_logo_is_checked_and_reencoded_like_on_the_page(client, volunteer):
    client.force_login(volunteer)
    response = client.post(LIST, new_initiative(logo=image_upload("Mon logo.png")))
    assert response.status_code == 201, response.json()
    logo = Initiative.objects.get().logo
    assert "Mon" not in logo.name
    assert Image.open(logo.path).format == "PNG"
    assert response.json()["logo"].startswith("http://testserver/")


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (lambda: SimpleUploadedFile("logo.svg", SVG_WITH_SCRIPT, "image/svg+xml"), ("SVG",)),
        (lambda: SimpleUploadedFile("logo.png", b"hello, not an image", "image/png"), ("PNG",)),
    ],
)
def test_a_bad_logo_is_refused_clearly(client, volunteer, upload, words):
    client.force_login(volunteer)
    response = client.post(LIST, new_initiative(logo=upload()))
    assert response.status_code == 400
    message = response.json()["logo"][0]
    assert all(word in message for word in words), message
    assert not Initiative.objects.exists()


# --- Initiatives: changing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 200), ("volunteer", 403), ("other_leader", 403), ("steward", 403), (None, 401)],
)
def test_only_leaders_change_an_initiative(as_persona, world, steward, persona, status):
    response = as_persona(persona).patch(
        api("initiative_detail", world), {"description": "Tous les samedis."}, content_type=JSON
    )
    assert response.status_code == status
    world.refresh_from_db()
    assert (world.description == "Tous les samedis.") is (status == 200)


def test_a_partial_change_keeps_the_rest_and_a_new_name_loses_the_verified_mark(
    client, leader, world, steward
):
    initiative_set_verified(initiative=world, by=steward, verified=True)
    client.force_login(leader)
    response = client.patch(
        api("initiative_detail", world), {"spheres": ["innovate"]}, content_type=JSON
    )
    assert response.status_code == 200, response.json()
    assert response.json()["spheres"] == ["innovate"]
    assert response.json()["verified"] is True
    assert response.json()["commune"] == "Chenôve"
    response = client.patch(
        api("initiative_detail", world), {"name": "Repair Café du Mail"}, content_type=JSON
    )
    assert response.json()["verified"] is False
    assert response.json()["slug"] == "repair-cafe-de-chenove"


def test_a_leader_changes_and_removes_the_logo(
    client, leader, world, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    url = api("initiative_detail", world)
    body = encode_multipart(BOUNDARY, {"logo": image_upload()})
    response = client.patch(url, body, content_type=MULTIPART)
    assert response.status_code == 200, response.json()
    assert response.json()["logo"]
    bad = encode_multipart(BOUNDARY, {"logo": SimpleUploadedFile("x.svg", SVG_WITH_SCRIPT)})
    response = client.patch(url, bad, content_type=MULTIPART)
    assert response.status_code == 400 and "logo" in response.json()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.patch(url, {"remove_logo": True}, content_type=JSON)
    assert response.json()["logo"] is None


# --- Initiatives: the verified mark -------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("steward", 200),
        ("staff", 200),
        ("leader", 403),
        ("volunteer", 403),
        ("other_leader", 403),
        (None, 401),
    ],
)
def test_stewards_and_staff_verify_an_initiative(
    as_persona, world, steward, staff, persona, status
):
    url = api("initiative_verify", world)
    response = as_persona(persona).post(url, {"verified": True}, content_type=JSON)
    assert response.status_code == status
    world.refresh_from_db()
    assert world.verified is (status == 200)


def test_a_steward_takes_the_mark_back_and_must_say_which(client, steward, world):
    client.force_login(steward)
    url = api("initiative_verify", world)
    assert client.post(url, {}, content_type=JSON).status_code == 400
    assert client.post(url, {"verified": True}, content_type=JSON).json()["verified"] is True
    response = client.post(url, {"verified": False}, content_type=JSON)
    assert response.json()["verified"] is False and response.json()["verified_at"] is None
    assert client.post(reverse("community_api:initiative_verify", args=["nope"])).status_code == 404


# --- Members -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 200), ("volunteer", 200), ("other_leader", 403), ("outsider", 403), (None, 401)],
)
def test_members_are_listed_for_members_only(as_persona, world, persona, status):
    response = as_persona(persona).get(api("member_list", world))
    assert response.status_code == status
    if status == 200:
        names = {member["name"]: member for member in response.json()["results"]}
        assert set(names) == {"Sophie", "Amina"}
        assert names["Sophie"]["role"] == "leader"


def test_leaders_see_addresses_members_see_names(client, world, leader, volunteer):
    client.force_login(volunteer)
    results = client.get(api("member_list", world)).json()["results"]
    assert {member["email"] for member in results} == {None}
    assert [member["is_me"] for member in results if member["name"] == "Amina"] == [True]
    client.force_login(leader)
    results = client.get(api("member_list", world)).json()["results"]
    assert {member["email"] for member in results} == {leader.email, volunteer.email}


def test_members_of_an_unknown_initiative_are_404(client, volunteer):
    client.force_login(volunteer)
    url = reverse("community_api:member_list", args=["nope"])
    assert client.get(url).status_code == 404


def test_the_member_list_uses_a_constant_number_of_queries(client, leader, world, count_queries):
    client.force_login(leader)
    few = count_queries(client, api("member_list", world))
    for _ in range(10):
        MembershipFactory(initiative=world)
    assert count_queries(client, api("member_list", world)) == few <= 10


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 200), ("volunteer", 403), ("other_leader", 403), (None, 401)],
)
def test_only_leaders_change_roles(as_persona, world, volunteer, persona, status):
    membership = Membership.objects.get(initiative=world, user=volunteer)
    response = as_persona(persona).patch(
        api("member_detail", world, membership.pk), {"role": "leader"}, content_type=JSON
    )
    assert response.status_code == status
    assert role_of(world, volunteer) == (Role.LEADER if status == 200 else Role.MEMBER)
    if status == 200:
        assert response.json()["role"] == "leader"
        assert response.json()["email"] == volunteer.email


def test_the_last_leader_keeps_the_role_through_the_api(client, leader, world):
    client.force_login(leader)
    membership = Membership.objects.get(initiative=world, user=leader)
    response = client.patch(
        api("member_detail", world, membership.pk), {"role": "member"}, content_type=JSON
    )
    assert response.status_code == 400
    assert "last leader" in response.json()["non_field_errors"][0]
    assert role_of(world, leader) == Role.LEADER
    response = client.delete(api("member_detail", world, membership.pk))
    assert response.status_code == 400
    assert "last leader" in response.json()["non_field_errors"][0]
    assert role_of(world, leader) == Role.LEADER
    bad = client.patch(
        api("member_detail", world, membership.pk), {"role": "king"}, content_type=JSON
    )
    assert bad.status_code == 400 and "role" in bad.json()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 204), ("volunteer", 403), ("other_leader", 403), (None, 401)],
)
def test_only_leaders_remove_members(as_persona, world, volunteer, persona, status):
    membership = Membership.objects.get(initiative=world, user=volunteer)
    response = as_persona(persona).delete(api("member_detail", world, membership.pk))
    assert response.status_code == status
    assert (role_of(world, volunteer) is None) is (status == 204)


def test_a_membership_of_another_initiative_is_404(client, leader, world, other_initiative):
    client.force_login(leader)
    elsewhere = Membership.objects.get(initiative=other_initiative)
    url = api("member_detail", world, elsewhere.pk)
    assert client.patch(url, {"role": "member"}, content_type=JSON).status_code == 404
    assert client.delete(url).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [("volunteer", 204), ("other_leader", 403), ("outsider", 403), (None, 401)],
)
def test_members_leave(as_persona, world, persona, status, request):
    response = as_persona(persona).post(api("initiative_leave", world))
    assert response.status_code == status
    if status == 204:
        assert role_of(world, request.getfixturevalue("volunteer")) is None


def test_the_last_leader_cannot_leave_through_the_api(client, leader, volunteer, world):
    client.force_login(leader)
    response = client.post(api("initiative_leave", world))
    assert response.status_code == 400
    assert "last leader" in response.json()["non_field_errors"][0]
    assert role_of(world, leader) == Role.LEADER
    Membership.objects.filter(initiative=world, user=volunteer).update(role=Role.LEADER)
    assert client.post(api("initiative_leave", world)).status_code == 204


# --- Invitations ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 200), ("volunteer", 403), ("other_leader", 403), (None, 401)],
)
def test_only_leaders_list_invitations(as_persona, world, leader, persona, status):
    InvitationFactory(initiative=world, invited_by=leader, email="zoe@example.org")
    response = as_persona(persona).get(api("invitation_list", world))
    assert response.status_code == status
    if status == 200:
        [invitation] = response.json()["results"]
        assert invitation["email"] == "zoe@example.org"
        assert invitation["status"] == "pending"
        assert invitation["invited_by"] == "Sophie"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 201), ("volunteer", 403), ("other_leader", 403), (None, 401)],
)
def test_only_leaders_invite(as_persona, world, persona, status):
    response = as_persona(persona).post(
        api("invitation_list", world), {"email": "zoe@example.org"}, content_type=JSON
    )
    assert response.status_code == status
    assert Invitation.objects.exists() is (status == 201)


def test_the_invitation_is_emailed_and_its_token_never_shows(
    client, leader, world, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            api("invitation_list", world),
            {"email": "Zoe@Example.org", "role": "leader"},
            content_type=JSON,
        )
    assert created.status_code == 201, created.json()
    [message] = mail.outbox
    assert message.to == ["zoe@example.org"]
    token = re.search(r"/invitations/([\w-]+)/", message.body).group(1)
    invitation = Invitation.objects.get()
    assert invitation.role == Role.LEADER
    assert set(created.json()) == {
        "id",
        "email",
        "role",
        "status",
        "invited_by",
        "created_at",
        "expires_at",
    }
    responses = [
        created,
        client.get(api("invitation_list", world)),
        client.get(api("member_list", world)),
        client.get(api("initiative_detail", world)),
        client.get(LIST),
    ]
    for response in responses:
        content = response.content.decode()
        assert token not in content
        assert invitation.token_hash not in content
        assert "token" not in content


def test_someone_with_an_account_is_notified_instead(
    client, leader, world, outsider, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            api("invitation_list", world), {"email": outsider.email}, content_type=JSON
        )
    assert response.status_code == 201
    assert Notification.objects.get(recipient=outsider).kind == NotificationKind.INVITATION


def test_inviting_a_member_is_refused(client, leader, volunteer, world):
    client.force_login(leader)
    response = client.post(
        api("invitation_list", world), {"email": volunteer.email}, content_type=JSON
    )
    assert response.status_code == 400
    assert response.json()["email"] == ["This person is already a member of this initiative."]
    response = client.post(api("invitation_list", world), {"email": "nope"}, content_type=JSON)
    assert response.status_code == 400 and "email" in response.json()


def test_the_invitation_list_uses_a_constant_number_of_queries(
    client, leader, world, count_queries
):
    client.force_login(leader)
    InvitationFactory(initiative=world, invited_by=leader)
    few = count_queries(client, api("invitation_list", world))
    for _ in range(10):
        InvitationFactory(initiative=world, invited_by=UserFactory())
    assert count_queries(client, api("invitation_list", world)) == few <= 9


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 204), ("volunteer", 403), ("other_leader", 403), (None, 401)],
)
def test_only_leaders_cancel_invitations(as_persona, world, leader, persona, status):
    invitation = InvitationFactory(initiative=world, invited_by=leader)
    response = as_persona(persona).delete(api("invitation_detail", world, invitation.pk))
    assert response.status_code == status
    invitation.refresh_from_db()
    assert (invitation.revoked_at is not None) is (status == 204)


def test_an_invitation_of_another_initiative_is_404(client, leader, world, other_initiative):
    client.force_login(leader)
    elsewhere = InvitationFactory(initiative=other_initiative)
    assert client.delete(api("invitation_detail", world, elsewhere.pk)).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.revoked_at is None


# --- Requests to join ------------------------------------------------------------------------


def test_someone_asks_to_join_and_the_leaders_are_notified(client, outsider, leader, world):
    client.force_login(outsider)
    response = client.post(
        api("join_request_list", world), {"message": "Bonjour !"}, content_type=JSON
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "pending"
    assert response.json()["initiative"] == world.slug
    join_request = JoinRequest.objects.get()
    assert join_request.user == outsider and join_request.message == "Bonjour !"
    assert Notification.objects.get(recipient=leader).kind == NotificationKind.JOIN_REQUEST
    again = client.post(api("join_request_list", world), {}, content_type=JSON)
    assert again.status_code == 400
    assert JoinRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 400), ("volunteer", 400), ("other_leader", 201), (None, 401)],
)
def test_members_cannot_ask_to_join_and_anonymous_visitors_cannot_at_all(
    as_persona, world, persona, status
):
    response = as_persona(persona).post(api("join_request_list", world), {}, content_type=JSON)
    assert response.status_code == status
    if persona == "volunteer":
        assert response.json()["non_field_errors"] == [
            "You are already a member of this initiative."
        ]


def test_asking_to_join_needs_a_confirmed_address(client, world):
    unconfirmed = UserFactory(email_verified_at=None)
    client.force_login(unconfirmed)
    assert client.post(api("join_request_list", world), {}, content_type=JSON).status_code == 403
    assert not JoinRequest.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 200), ("volunteer", 403), ("other_leader", 403), (None, 401)],
)
def test_only_leaders_list_requests_to_join(as_persona, world, outsider, persona, status):
    JoinRequestFactory(initiative=world, user=outsider, message="Bonjour")
    JoinRequestFactory(initiative=world, status=JoinRequestStatus.REFUSED)
    response = as_persona(persona).get(api("join_request_list", world))
    assert response.status_code == status
    if status == 200:
        [pending] = response.json()["results"]
        assert pending["name"] == "Outsider"
        assert pending["email"] == outsider.email
        assert pending["message"] == "Bonjour"


def test_the_requests_list_uses_a_constant_number_of_queries(client, leader, world, count_queries):
    client.force_login(leader)
    JoinRequestFactory(initiative=world)
    few = count_queries(client, api("join_request_list", world))
    for _ in range(10):
        JoinRequestFactory(initiative=world)
    assert count_queries(client, api("join_request_list", world)) == few <= 9


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 200), ("volunteer", 403), ("other_leader", 403), (None, 401)],
)
def test_only_leaders_accept_requests(as_persona, world, outsider, persona, status):
    join_request = JoinRequestFactory(initiative=world, user=outsider)
    response = as_persona(persona).post(api("join_request_accept", world, join_request.pk))
    assert response.status_code == status
    assert (role_of(world, outsider) == Role.MEMBER) is (status == 200)
    if status == 200:
        assert response.json()["status"] == "accepted"
        assert Notification.objects.get(recipient=outsider).kind == NotificationKind.JOIN_ACCEPTED


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 200), ("volunteer", 403), ("other_leader", 403), (None, 401)],
)
def test_only_leaders_refuse_requests(as_persona, world, outsider, persona, status):
    join_request = JoinRequestFactory(initiative=world, user=outsider)
    response = as_persona(persona).post(api("join_request_refuse", world, join_request.pk))
    assert response.status_code == status
    join_request.refresh_from_db()
    expected = JoinRequestStatus.REFUSED if status == 200 else JoinRequestStatus.PENDING
    assert join_request.status == expected
    assert role_of(world, outsider) is None


def test_a_request_is_answered_once_and_only_in_its_initiative(
    client, leader, world, other_initiative, outsider
):
    client.force_login(leader)
    join_request = JoinRequestFactory(initiative=world, user=outsider)
    assert client.post(api("join_request_refuse", world, join_request.pk)).status_code == 200
    response = client.post(api("join_request_accept", world, join_request.pk))
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == ["This request has already been answered."]
    elsewhere = JoinRequestFactory(initiative=other_initiative)
    assert client.post(api("join_request_accept", world, elsewhere.pk)).status_code == 404


# --- OpenAPI -----------------------------------------------------------------------------


def test_the_schema_documents_the_endpoints(client, tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--fail-on-warn", "--file", str(target), stderr=io.StringIO())
    schema = target.read_text()
    for path in (
        "/api/v1/initiatives/",
        "/api/v1/initiatives/{slug}/verify/",
        "/api/v1/initiatives/{slug}/members/{id}/",
        "/api/v1/initiatives/{slug}/invitations/",
        "/api/v1/initiatives/{slug}/join-requests/{id}/accept/",
        "/api/v1/notifications/read-all/",
    ):
        assert f"  {path}:" in schema, path
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    invitation = response.json()["components"]["schemas"]["Invitation"]["properties"]
    assert not [name for name in invitation if "token" in name]
