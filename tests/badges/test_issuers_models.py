"""Issuers and signing keys: constraints, creation, edition, rotation, decryption, signing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from badges import documents
from badges.crypto.data_integrity import verify
from badges.crypto.keys import public_multibase_from_private
from badges.models import Issuer, SigningKey
from badges.selectors.issuers import (
    issuer_get,
    issuer_list_managed_by,
    signing_key_active,
    user_is_issuer_staff,
)
from badges.services.issuers import (
    issuer_create,
    issuer_key_rotate,
    issuer_private_key,
    issuer_sign,
    issuer_update,
)
from tests.accounts.factories.users import UserFactory
from tests.badges.factories.issuers import (
    Credential,
    IssuerFactory,
    TerritoryIssuerFactory,
    initiative_with_members,
    other_initiative_leader,
    signing_key_add,
)
from tests.community.factories.initiatives import image_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative(leader, volunteer):
    return initiative_with_members(leader=leader, member=volunteer)


def _create(by, initiative, **values):
    return issuer_create(
        by=by,
        initiative=initiative,
        name=values.pop("name", "Repair Café"),
        email=values.pop("email", "contact@repair.example.org"),
        **values,
    )


# --- Models --------------------------------------------------------------------------


def test_issuer_id_is_a_stable_url_without_trailing_slash():
    issuer = IssuerFactory()
    assert issuer.id_url == f"http://testserver/issuers/{issuer.uuid}"
    assert issuer.get_absolute_url() == f"/issuers/{issuer.uuid}"
    assert issuer.ob2_url == f"http://testserver/ob/v2/issuers/{issuer.uuid}"


def test_public_url_falls_back_to_the_issuer_page():
    issuer = IssuerFactory(url="")
    assert issuer.public_url == issuer.id_url
    assert IssuerFactory(url="https://a.example.org").public_url == "https://a.example.org"


def test_an_issuer_is_an_initiative_or_the_territory_not_both(initiative):
    with pytest.raises(ValidationError):
        Issuer(initiative=initiative, is_territory=True, name="x", email="a@b.org").full_clean()
    with pytest.raises(ValidationError):
        Issuer(initiative=None, is_territory=False, name="x", email="a@b.org").full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Issuer.objects.create(initiative=None, is_territory=False, name="x", email="a@b.org")


def test_one_territory_issuer_and_one_issuer_per_initiative(initiative):
    TerritoryIssuerFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Issuer.objects.create(is_territory=True, name="Again", email="a@b.org")
    IssuerFactory(initiative=initiative)
    with pytest.raises(IntegrityError), transaction.atomic():
        Issuer.objects.create(initiative=initiative, name="Again", email="a@b.org")


def test_at_most_one_active_key_per_issuer():
    issuer = IssuerFactory()
    key = issuer.signing_keys.get()
    duplicate = SigningKey(
        issuer=issuer, public_key_multibase="z6MkOther", encrypted_private_key="v1.x.y"
    )
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    assert key.is_active


def test_key_str_and_repr_show_only_the_public_key():
    key = IssuerFactory().signing_keys.get()
    assert str(key) == key.public_key_multibase
    assert repr(key) == f"<SigningKey {key.public_key_multibase} (active)>"
    assert key.encrypted_private_key not in repr(key) + str(key)
    assert key.verification_method_id == f"{key.issuer.id_url}#{key.public_key_multibase}"


# --- Creation ------------------------------------------------------------------------


def test_a_leader_makes_the_initiative_an_issuer_with_a_first_key(leader, initiative):
    issuer = _create(leader, initiative, url="https://repair.example.org", description=" Hi ")
    assert issuer.initiative == initiative
    assert not issuer.is_territory
    assert issuer.description == "Hi"
    assert issuer.created_by == leader
    key = issuer.signing_keys.get()
    assert key.is_active
    assert key.public_key_multibase.startswith("z6Mk")
    assert key.encrypted_private_key.startswith("v1.")
    private_key = issuer_private_key(issuer)
    assert len(private_key) == 32
    assert public_multibase_from_private(private_key) == key.public_key_multibase


@pytest.mark.parametrize("persona", ["volunteer", "steward", "outsider", "staff"])
def test_only_leaders_make_their_initiative_an_issuer(request, initiative, persona):
    with pytest.raises(PermissionDenied):
        _create(request.getfixturevalue(persona), initiative)
    with pytest.raises(PermissionDenied):
        _create(other_initiative_leader(), initiative)
    assert not Issuer.objects.exists()


def test_an_initiative_becomes_an_issuer_once(leader, initiative):
    _create(leader, initiative)
    with pytest.raises(ValidationError) as error:
        _create(leader, initiative)
    assert error.value.code == "exists"


def test_an_inactive_leader_cannot_create(leader, initiative):
    leader.is_active = False
    leader.save()
    with pytest.raises(PermissionDenied):
        _create(leader, initiative)


@pytest.mark.parametrize("persona", ["steward", "staff"])
def test_stewards_and_staff_create_the_territory_issuer_once(request, persona):
    issuer = _create(request.getfixturevalue(persona), None, name="Territoire de Dijon")
    assert issuer.is_territory
    assert issuer.initiative is None
    assert issuer.signing_keys.filter(retired_at__isnull=True).count() == 1
    with pytest.raises(ValidationError):
        _create(request.getfixturevalue(persona), None)


@pytest.mark.parametrize("persona", ["leader", "volunteer", "outsider", "advisor"])
def test_others_cannot_create_the_territory_issuer(request, persona):
    with pytest.raises(PermissionDenied):
        _create(request.getfixturevalue(persona), None)


def test_the_image_is_stored_as_png(leader, initiative):
    from badges.images import issuer_image_clean

    image = issuer_image_clean(image_upload("logo.jpg", fmt="JPEG"))
    issuer = _create(leader, initiative, image=image)
    assert issuer.image.name.endswith(".png")
    assert issuer.image.read()[:8] == b"\x89PNG\r\n\x1a\n"


def test_invalid_values_are_refused(leader, initiative):
    with pytest.raises(ValidationError) as error:
        _create(leader, initiative, email="not an address")
    assert "email" in error.value.message_dict
    assert not Issuer.objects.exists()


# --- Edition and permissions -----------------------------------------------------------


def test_staff_of_an_issuer(initiative, leader, volunteer, steward, staff, outsider):
    issuer = IssuerFactory(initiative=initiative)
    territory = TerritoryIssuerFactory()
    assert user_is_issuer_staff(issuer=issuer, user=leader)
    for user in (volunteer, steward, staff, outsider, other_initiative_leader()):
        assert not user_is_issuer_staff(issuer=issuer, user=user)
    for user in (steward, staff):
        assert user_is_issuer_staff(issuer=territory, user=user)
    for user in (leader, volunteer, outsider):
        assert not user_is_issuer_staff(issuer=territory, user=user)
    assert list(issuer_list_managed_by(user=leader)) == [issuer]
    assert list(issuer_list_managed_by(user=steward)) == [territory]
    assert list(issuer_list_managed_by(user=outsider)) == []


def test_a_leader_edits_the_issuer(leader, initiative):
    issuer = IssuerFactory(initiative=initiative)
    issuer_update(issuer=issuer, by=leader, name="Nouveau nom", email="new@example.org", url="")
    issuer.refresh_from_db()
    assert (issuer.name, issuer.email, issuer.url) == ("Nouveau nom", "new@example.org", "")


def test_others_cannot_edit(initiative, volunteer, steward):
    issuer = IssuerFactory(initiative=initiative)
    for user in (volunteer, steward, other_initiative_leader()):
        with pytest.raises(PermissionDenied):
            issuer_update(issuer=issuer, by=user, name="x", email="x@example.org")


# --- Rotation, decryption, signing -----------------------------------------------------


def test_rotation_retires_the_active_key_and_keeps_it_published(leader, initiative):
    issuer = _create(leader, initiative)
    first = issuer.signing_keys.get()
    second = issuer_key_rotate(issuer=issuer, by=leader)
    third = issuer_key_rotate(issuer=issuer, by=leader)
    keys = list(issuer.signing_keys.order_by("created_at", "pk"))
    assert keys == [first, second, third]
    assert [key.is_active for key in keys] == [False, False, True]
    assert all(key.retired_at for key in keys[:2])
    assert signing_key_active(issuer=issuer_get(uuid=issuer.uuid)) == third
    methods = documents.issuer_profile(issuer)["assertionMethod"]
    assert [method["publicKeyMultibase"] for method in methods] == [
        key.public_key_multibase for key in keys
    ]
    private_key = issuer_private_key(issuer)
    assert public_multibase_from_private(private_key) == third.public_key_multibase


def test_only_issuer_staff_rotate(initiative, volunteer, steward):
    issuer = IssuerFactory(initiative=initiative)
    for user in (volunteer, steward, other_initiative_leader(), UserFactory()):
        with pytest.raises(PermissionDenied):
            issuer_key_rotate(issuer=issuer, by=user)
    assert issuer.signing_keys.count() == 1


def test_no_active_key_is_an_error():
    issuer = IssuerFactory(keys=0)
    with pytest.raises(ValidationError):
        issuer_private_key(issuer)


def test_issuer_sign_uses_the_active_key_and_old_signatures_still_verify(leader, initiative):
    issuer = _create(leader, initiative)
    old = issuer_sign(issuer=issuer, document=Credential(issuer).document())
    issuer_key_rotate(issuer=issuer, by=leader)
    new = issuer_sign(issuer=issuer, document=Credential(issuer).document())
    keys = {
        key.verification_method_id: key.public_key_multibase for key in issuer.signing_keys.all()
    }
    for signed in (old, new):
        assert isinstance(signed["proof"], list)
        method = signed["proof"][0]["verificationMethod"]
        assert method in keys
        assert verify(signed, resolve_key=keys.get).verified
    assert old["proof"][0]["verificationMethod"] != new["proof"][0]["verificationMethod"]
    active = issuer.signing_keys.get(retired_at__isnull=True)
    assert new["proof"][0]["verificationMethod"] == active.verification_method_id


def test_a_rotated_issuer_still_has_one_active_key():
    issuer = IssuerFactory(keys=3)
    assert issuer.signing_keys.count() == 3
    assert issuer.signing_keys.filter(retired_at__isnull=True).count() == 1
    signing_key_add(issuer)
    assert issuer.signing_keys.filter(retired_at__isnull=True).count() == 1


# --- Demo ----------------------------------------------------------------------------


def test_demo_issuers_are_idempotent():
    call_command("demo_data", "--quiet-logins")
    keys = set(SigningKey.objects.values_list("public_key_multibase", flat=True))
    call_command("demo_data", "--quiet-logins")
    assert set(SigningKey.objects.values_list("public_key_multibase", flat=True)) == keys
    territory = Issuer.objects.get(is_territory=True)
    assert territory.name == "Territoire de Dijon"
    assert territory.created_by.email == "territoire@example.org"
    repair = Issuer.objects.get(initiative__slug="repair-cafe-de-chenove")
    assert repair.created_by.email == "sophie@example.org"
    organisation = Issuer.objects.get(is_organisation=True)
    assert organisation.name == "Mission locale de Dijon"
    assert Issuer.objects.count() == 3
    assert len(keys) == 3
    for issuer in (territory, repair):
        issuer.full_clean()
        assert issuer.image.name.endswith(".png")
        assert len(issuer_private_key(issuer)) == 32
