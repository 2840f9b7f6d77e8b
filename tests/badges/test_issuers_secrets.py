"""No private key ever leaves the database: not in a page, an API answer, the admin, a
public document, a log line or a ``repr()`` — neither in clear (hex, base64, base58,
multibase) nor as its encrypted token."""

from __future__ import annotations

import base64
import logging

import pytest
from django.db import connection
from django.urls import reverse

from badges.crypto.keys import decrypt_private_key
from badges.crypto.multibase import base58_encode, multibase_encode
from badges.models import Issuer, SigningKey
from tests.badges.factories.issuers import initiative_with_members, other_initiative_leader

pytestmark = pytest.mark.django_db


def _forms(token: str) -> set[str]:
    """Every spelling of a private key we could imagine leaking, and its encrypted token."""
    seed = decrypt_private_key(token)
    assert len(seed) == 32
    forms = {token, token.rsplit(".", 1)[1], seed.hex(), seed.hex().upper()}
    for encode in (base64.b64encode, base64.urlsafe_b64encode):
        text = encode(seed).decode()
        forms |= {text, text.rstrip("=")}
    forms |= {base58_encode(seed), multibase_encode(seed)}
    forms.add(multibase_encode(b"\x80\x26" + seed))  # an Ed25519 private Multikey
    forms.add(repr(seed))
    return forms


def _pages(issuer: Issuer) -> list[str]:
    key_pages = [
        reverse("admin:badges_signingkey_change", args=[key.pk])
        for key in issuer.signing_keys.all()
    ]
    return [
        issuer.get_absolute_url(),
        f"{issuer.get_absolute_url()}?format=json",
        reverse("badges:issuer_edit", args=[issuer.uuid]),
        reverse("badges:ob2_issuer", args=[issuer.uuid]),
        reverse("badges:ob2_revocation_list", args=[issuer.uuid]),
        reverse("badges_api:issuer_detail", args=[issuer.uuid]),
        reverse("admin:badges_issuer_change", args=[issuer.pk]),
        reverse("admin:badges_issuer_history", args=[issuer.pk]),
        *key_pages,
    ]


def test_no_private_key_anywhere(client, caplog, leader, volunteer, steward, staff):
    caplog.set_level(logging.DEBUG)
    connection.force_debug_cursor = True  # SQL statements are logged too (see LOGGING)
    try:
        initiative = initiative_with_members(leader=leader, member=volunteer)
        answers: list[str] = []

        # A leader makes the initiative an issuer, then rotates its key by the page and the API.
        client.force_login(leader)
        create = reverse("badges:issuer_create_initiative", args=[initiative.slug])
        values = {"name": "Repair Café", "email": "contact@repair.example.org", "url": ""}
        answers.append(client.post(create, values, follow=True).content.decode())
        issuer = Issuer.objects.get(initiative=initiative)
        rotate = reverse("badges:issuer_key_rotate", args=[issuer.uuid])
        answers.append(client.post(rotate, follow=True).content.decode())
        api_rotate = reverse("badges_api:issuer_key_rotate", args=[issuer.uuid])
        answers.append(client.post(api_rotate).content.decode())
        for path in _pages(issuer)[:6]:
            for accept in ("text/html", "application/ld+json"):
                answers.append(client.get(path, HTTP_ACCEPT=accept).content.decode())
        answers.append(client.get(initiative.get_absolute_url()).content.decode())

        # The steward creates the territory's issuer and rotates its key.
        client.force_login(steward)
        territory_values = {"name": "Territoire", "email": "t@example.org", "url": ""}
        answers.append(
            client.post(
                reverse("badges:issuer_create_territory"), territory_values, follow=True
            ).content.decode()
        )
        territory = Issuer.objects.get(is_territory=True)
        answers.append(
            client.post(
                reverse("badges:issuer_key_rotate", args=[territory.uuid]), follow=True
            ).content.decode()
        )
        for path in _pages(territory)[:6]:
            answers.append(client.get(path).content.decode())

        # Everyone else: the public, the API, the schema.
        client.force_login(other_initiative_leader())
        for path in (
            reverse("badges:issuer_list"),
            reverse("badges_api:issuer_list"),
            reverse("api-schema"),
        ):
            answers.append(client.get(path).content.decode())
        client.logout()
        answers.append(client.get(reverse("badges:issuer_list")).content.decode())

        # Staff in the admin, every page of both models.
        client.force_login(staff)
        admin_pages = [
            reverse("admin:index"),
            reverse("admin:badges_issuer_changelist"),
            reverse("admin:badges_signingkey_changelist"),
            f"{reverse('admin:badges_signingkey_changelist')}?q=z6Mk",
            *_pages(issuer)[6:],
            *_pages(territory)[6:],
        ]
        for path in admin_pages:
            response = client.get(path)
            assert response.status_code == 200, path
            answers.append(response.content.decode())
    finally:
        connection.force_debug_cursor = False

    keys = list(SigningKey.objects.all())
    assert len(keys) == 5  # 2 + 1 for the initiative, 1 + 1 for the territory
    secrets = set().union(*(_forms(key.encrypted_private_key) for key in keys))
    texts = [
        *answers,
        caplog.text,
        *(record.getMessage() for record in caplog.records),
        *(repr(record.args) for record in caplog.records),
        *(repr(key) + str(key) for key in keys),
        repr(keys),
        repr(list(Issuer.objects.all())),
    ]
    assert any("created by user" in record.getMessage() for record in caplog.records)
    for text in texts:
        for secret in secrets:
            assert secret not in text
    # The public keys, on the other hand, are published.
    everything = "\n".join(answers)
    assert all(key.public_key_multibase in everything for key in keys)


def test_the_admin_cannot_add_change_or_delete(client, staff):
    from tests.badges.factories.issuers import IssuerFactory

    issuer = IssuerFactory()
    key = issuer.signing_keys.get()
    client.force_login(staff)
    assert client.get(reverse("admin:badges_issuer_add")).status_code == 403
    assert client.get(reverse("admin:badges_signingkey_add")).status_code == 403
    assert client.get(reverse("admin:badges_issuer_delete", args=[issuer.pk])).status_code == 403
    page = client.get(reverse("admin:badges_signingkey_change", args=[key.pk])).content.decode()
    assert key.public_key_multibase in page
    assert "encrypted" not in page.lower()
    assert "<textarea" not in page  # read-only: no field to type in


def test_no_private_key_in_the_badges_admin_or_api(client, leader, volunteer, staff):
    """Badge classes, awards (signed), proposals, bulk awards and organisation endorsements:
    every admin page (lists and change views) and their API answers."""
    from badges.models import AwardProposal, BadgeClassEndorsement, BulkAward
    from badges.services.awards import award_create
    from badges.services.issuers import issuer_sign
    from tests.badges.factories.badge_classes import badge_class_add
    from tests.badges.factories.issuers import Credential, IssuerFactory

    issuer = IssuerFactory(initiative=initiative_with_members(leader=leader, member=volunteer))
    organisation = IssuerFactory(initiative=None, is_organisation=True, name="France Travail")
    organisation.staff.add(staff)
    badge = badge_class_add(issuer)
    award = award_create(badge_class=badge, by=leader, email="amina@example.org")
    proposal = AwardProposal.objects.create(badge_class=badge, user=volunteer)
    bulk = BulkAward.objects.create(badge_class=badge, created_by=leader, file_name="a.csv")
    endorsement = BadgeClassEndorsement.objects.create(
        badge_class=badge,
        endorser=organisation,
        comment="Reconnu.",
        credential=issuer_sign(issuer=organisation, document=Credential(organisation).document()),
    )
    client.force_login(staff)
    pages = []
    for model, obj in (
        ("badgeclass", badge),
        ("award", award),
        ("awardproposal", proposal),
        ("bulkaward", bulk),
        ("badgeclassendorsement", endorsement),
        ("issuer", organisation),
    ):
        pages += [
            reverse(f"admin:badges_{model}_changelist"),
            reverse(f"admin:badges_{model}_change", args=[obj.pk]),
        ]
    pages.append(f"{reverse('admin:badges_award_changelist')}?revoked=no&q=amina")
    answers = []
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        answers.append(response.content.decode())
    client.force_login(leader)  # the issuer's staff, in the API
    for path in (
        reverse("badges_api:badge_class_list", args=[issuer.uuid]),
        reverse("badges_api:badge_class_detail", args=[badge.uuid]),
        reverse("badges_api:badge_class_awards", args=[badge.uuid]),
        reverse("badges_api:issuer_awards", args=[issuer.uuid]),
        reverse("badges_api:award_detail", args=[award.uuid]),
        reverse("badges_api:issuer_detail", args=[organisation.uuid]),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        answers.append(response.content.decode())
    everything = "\n".join(answers)
    assert award.credential["proof"][0]["proofValue"] in everything  # the signature is public
    keys = list(SigningKey.objects.all())
    secrets = set().union(*(_forms(key.encrypted_private_key) for key in keys))
    for secret in secrets:
        assert secret not in everything
