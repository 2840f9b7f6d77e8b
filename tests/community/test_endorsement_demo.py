"""Demo endorsements: on the demo contributions, idempotent; Sophie's queue is not empty."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from community import demo_endorsements
from community.models import Endorsement, EndorsementRequest, EndorserKind
from community.selectors.endorsements import leader_review_queue
from community.selectors.profile import competence_profile

pytestmark = pytest.mark.django_db


def test_the_demo_endorses_the_demo_contributions_once(client, default_framework):
    call_command("demo_data", "--quiet-logins")
    counts = (Endorsement.objects.count(), EndorsementRequest.objects.count())
    call_command("demo_data", "--quiet-logins")
    assert (Endorsement.objects.count(), EndorsementRequest.objects.count()) == counts
    if not counts[0]:
        pytest.skip("no demo contributions yet")
    sophie = User.objects.get(email="sophie@example.org")
    for endorsement in Endorsement.objects.filter(endorser=sophie):
        assert endorsement.kind == EndorserKind.LEADER and endorsement.initiative is not None
        endorsement.full_clean()
    assert Endorsement.objects.filter(kind=EndorserKind.PEER).exists()
    assert leader_review_queue(user=sophie).exists()
    amina = User.objects.get(email="amina@example.org")
    assert any(s.is_endorsed for s in competence_profile(owner=amina).competences)
    client.force_login(amina)
    assert client.get(reverse("community:competence_profile")).status_code == 200
    client.force_login(sophie)
    assert client.get(reverse("community:endorsement_queue")).status_code == 200


def test_without_demo_data_it_does_nothing():
    assert demo_endorsements.load() == 0
    assert not Endorsement.objects.exists()
