"""Status list positions are drawn at random (W3C Bitstring Status List, privacy)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from badges.models import StatusList, StatusListEntry
from badges.services import revocation
from badges.services.awards import award_issue
from badges.services.revocation import status_list_allocate
from tests.badges.factories.revocation import award_add, setting

pytestmark = pytest.mark.django_db


def test_thirty_awards_get_distinct_positions_not_in_order():
    s = setting()
    indices = [award_add(s, f"person{n}@example.org").status_entry.index for n in range(30)]
    status_list = StatusList.objects.get(issuer=s.issuer)
    assert len(set(indices)) == 30
    assert all(0 <= index < status_list.size for index in indices)
    assert status_list.next_index == 30
    # In order, they would be 0..29; drawn at random, 30 positions among 131,072 are
    # almost never neighbours (the chance of any two being adjacent is below 1 %).
    assert sorted(indices) != list(range(30))
    assert not any(b - a == 1 for a, b in zip(sorted(indices), sorted(indices)[1:], strict=False))


def test_a_position_already_taken_is_drawn_again(monkeypatch):
    s = setting()
    first = award_add(s)
    taken = first.status_entry.index
    size = StatusList.objects.get(issuer=s.issuer).size
    # The first 8 draws hit the position taken, the next ones fall on 77.
    draws = iter([taken] * revocation.DRAWS_PER_QUERY + [77] * revocation.DRAWS_PER_QUERY)
    monkeypatch.setattr(revocation.secrets, "randbelow", lambda n: next(draws) if n == size else 0)
    second = award_add(s, "other@example.org")
    assert second.status_entry.index == 77


def test_a_nearly_full_list_gives_the_free_positions(monkeypatch):
    s = setting()
    award_add(s)
    status_list = StatusList.objects.get(issuer=s.issuer)
    taken = status_list.entries.get().index
    # Every random draw hits the position taken: the free ones are counted instead.
    monkeypatch.setattr(
        revocation.secrets, "randbelow", lambda n: taken if n == status_list.size else 0
    )
    second = award_add(s, "other@example.org")
    assert second.status_entry.index == (1 if taken == 0 else 0)


def test_a_full_list_refuses_new_awards():
    s = setting()
    award_add(s)
    status_list = StatusList.objects.get(issuer=s.issuer)
    # A small list in effect: every position but one counted as taken.
    StatusList.objects.filter(pk=status_list.pk).update(next_index=status_list.size - 1)
    award_add(s, "last@example.org")
    with pytest.raises(ValidationError) as caught:
        award_issue(badge_class=s.badge, email="one-too-many@example.org")
    assert caught.value.code == "status_list_full"
    assert "full" in caught.value.messages[0]
    assert StatusListEntry.objects.filter(status_list=status_list).count() == 2
    with pytest.raises(ValidationError):
        status_list_allocate(issuer=s.issuer)
