"""Contributions: my list, recording in two minutes, the page, editing, drafts, deleting."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from community.models import Contribution, ContributionStatus, EndorsementRequest
from community.services import contributions as services
from competences.models import FrameworkVersion
from tests.accounts.factories.users import UserFactory
from tests.community.factories.contributions import (
    CompetenceClaimFactory,
    ContributionFactory,
    EvidenceFactory,
    default_competences,
)
from tests.community.factories.endorsements import EndorsementRequestFactory, endorse
from tests.community.factories.initiatives import InitiativeFactory, MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

LIST = reverse("community:contribution_list")
CREATE = reverse("community:contribution_create")


def url(name: str, contribution: Contribution) -> str:
    return reverse(f"community:{name}", args=[contribution.uuid])


def form_data(**overrides):
    data = {
        "title": "J'ai réparé une lampe",
        "narrative": "Avec une visiteuse, on a changé l'interrupteur.",
        "started_on": "2026-10-03",
        "hours": "",
        "action": "record",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- Who sees what ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("volunteer", 200),
        ("leader", 200),
        ("peer", 404),
        ("other_leader", 404),
        ("outsider", 404),
        (None, 302),
    ],
)
def test_the_page_of_a_recorded_contribution(
    as_persona, contribution, peer, other_initiative, persona, status
):
    assert as_persona(persona).get(url("contribution_detail", contribution)).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [("volunteer", 200), ("leader", 404), ("peer", 404), ("other_leader", 404), ("outsider", 404)],
)
def test_a_draft_is_seen_by_its_owner_only(
    as_persona, draft, peer, other_initiative, persona, status
):
    assert as_persona(persona).get(url("contribution_detail", draft)).status_code == status


@pytest.mark.parametrize("name", ["contribution_edit", "contribution_delete"])
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("volunteer", 200),
        ("leader", 403),
        ("peer", 404),
        ("other_leader", 404),
        ("outsider", 404),
        (None, 302),
    ],
)
def test_only_the_owner_edits_and_deletes(
    as_persona, contribution, peer, other_initiative, name, persona, status
):
    client = as_persona(persona)
    assert client.get(url(name, contribution)).status_code == status
    if persona != "volunteer":
        client.post(url(name, contribution), form_data(title="Changed"))
        contribution.refresh_from_db()
        assert contribution.title == "Accueil au Repair Café"


def test_people_asked_to_endorse_see_it_whatever_the_request_status(client, contribution, outsider):
    request = EndorsementRequest.objects.create(
        contribution=contribution,
        requested_by=contribution.owner,
        kind="peer",
        endorser=outsider,
        status="declined",
    )
    client.force_login(outsider)
    assert client.get(url("contribution_detail", contribution)).status_code == 200
    contribution.status = ContributionStatus.DRAFT
    contribution.save()
    assert client.get(url("contribution_detail", contribution)).status_code == 404
    assert request.pk


def test_the_list_shows_my_contributions_only(client, volunteer, contribution, draft, leader):
    ContributionFactory(owner=leader, initiative=contribution.initiative, title="Sophie's work")
    client.force_login(volunteer)
    html = client.get(LIST).content.decode()
    assert "Accueil au Repair Café" in html and "Brouillon d&#x27;atelier" in html
    assert "Sophie&#x27;s work" not in html
    assert client.get(LIST).context["page"].paginator.count == 2


def test_anonymous_people_are_sent_to_log_in(client, contribution):
    for path in (LIST, CREATE, url("contribution_detail", contribution)):
        assert client.get(path).url.startswith(reverse("accounts:login"))


def test_the_list_uses_a_constant_number_of_queries(
    client, volunteer, initiative, default_framework, count_queries
):
    competences = default_competences(default_framework)
    client.force_login(volunteer)

    def add(number: int) -> None:
        for index in range(number):
            contribution = ContributionFactory(owner=volunteer, initiative=initiative, tags=["a"])
            CompetenceClaimFactory(contribution=contribution, competence=competences[index])
            EvidenceFactory(contribution=contribution)

    add(1)
    few = count_queries(client, LIST)
    add(5)
    for index, contribution in enumerate(Contribution.objects.filter(owner=volunteer)):
        states(contribution, ("waiting", "declined", "confirmed", "to send")[index % 4])
    assert count_queries(client, LIST) == few


def states(contribution: Contribution, state: str) -> None:
    """Give ``contribution`` what makes its endorsement state ``state``."""
    if state == "to send":
        return
    status = {"waiting": "pending", "declined": "declined", "confirmed": "answered"}[state]
    request = EndorsementRequestFactory(
        contribution=contribution, endorser=UserFactory(), kind="peer", status=status
    )
    if state == "confirmed":
        claim = contribution.claims.first() or CompetenceClaimFactory(
            contribution=contribution,
            competence=default_competences(
                FrameworkVersion.objects.filter(status="published").first(), 1
            )[0],
        )
        endorse(claim, endorser=request.endorser, request=request)


def state_of(html: str, title: str) -> str:
    card = html.split(f">{title}</a>", 1)[1].split("</li>", 1)[0]
    return card.split("<strong>", 1)[1].split("</strong>", 1)[0]


def test_the_list_says_where_each_contribution_stands(
    client, volunteer, initiative, default_framework
):
    made = {
        state: ContributionFactory(owner=volunteer, initiative=initiative, title=f"Work {state}")
        for state in ("to send", "waiting", "declined", "confirmed")
    }
    for state, contribution in made.items():
        states(contribution, state)
    # Declined once, then confirmed by someone else: confirmed wins.
    states(made["confirmed"], "declined")
    # Declined once, asked again and waiting: waiting wins.
    states(made["waiting"], "declined")
    # A request past its date waits for nothing: still to send.
    expired = ContributionFactory(owner=volunteer, initiative=initiative, title="Work expired")
    EndorsementRequestFactory(
        contribution=expired,
        endorser=UserFactory(),
        kind="peer",
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    ContributionFactory(owner=volunteer, initiative=initiative, title="Work draft", status="draft")
    client.force_login(volunteer)
    html = client.get(LIST).content.decode()
    assert state_of(html, "Work to send") == "to send"
    assert state_of(html, "Work waiting") == "waiting for an answer"
    assert state_of(html, "Work declined") == "declined"
    assert state_of(html, "Work confirmed") == "confirmed"
    assert state_of(html, "Work expired") == "to send"
    draft_card = html.split(">Work draft</a>", 1)[1].split("</li>", 1)[0]
    assert "Endorsement:" not in draft_card


@pytest.mark.parametrize("persona", ["peer", "outsider", "leader"])
def test_others_never_see_my_contributions_or_their_state(as_persona, contribution, peer, persona):
    states(contribution, "waiting")
    html = as_persona(persona).get(LIST).content.decode()
    assert "Accueil au Repair Café" not in html
    assert "waiting for an answer" not in html


# --- Recording ------------------------------------------------------------------------


@time_machine.travel("2026-10-05 10:00 +02:00")
def test_the_form_has_sensible_defaults(client, volunteer, initiative):
    client.force_login(volunteer)
    form = client.get(CREATE).context["form"]
    assert form.initial["initiative"] == initiative.pk  # her only initiative
    assert form.initial["started_on"] == datetime.date(2026, 10, 5)


def test_a_new_contribution_starts_in_my_latest_initiative(client, volunteer, initiative):
    client.force_login(volunteer)
    joined_later = MembershipFactory(user=volunteer).initiative  # her most recent membership
    assert client.get(CREATE).context["form"].initial["initiative"] == joined_later.pk
    ContributionFactory(owner=volunteer, initiative=initiative)  # but she last wrote here
    ContributionFactory(owner=volunteer, initiative=None)  # a personal project does not count
    response = client.get(CREATE)
    assert response.context["form"].initial["initiative"] == initiative.pk
    html = response.content.decode()
    assert f'<option value="{initiative.pk}" selected>' in html


def test_without_initiative_the_form_starts_on_a_personal_project(client, outsider):
    client.force_login(outsider)
    ContributionFactory(owner=outsider, initiative=None)
    assert "initiative" not in client.get(CREATE).context["form"].initial


def test_an_initiative_i_left_is_not_the_default(client, volunteer, initiative):
    client.force_login(volunteer)
    other = MembershipFactory(user=volunteer)
    ContributionFactory(owner=volunteer, initiative=other.initiative)
    other.delete()
    assert client.get(CREATE).context["form"].initial["initiative"] == initiative.pk


def test_on_a_mistake_the_initiative_i_chose_is_kept(client, volunteer, initiative):
    """The default never overrides a choice: "personal project" stays chosen after an error."""
    client.force_login(volunteer)
    response = client.post(CREATE, form_data(title="", initiative=""))
    assert "title" in response.context["form"].errors
    html = response.content.decode()
    assert f'<option value="{initiative.pk}" selected>' not in html
    assert '<option value="" selected>' in html


def test_recording_takes_one_short_form(client, volunteer, initiative):
    client.force_login(volunteer)
    response = client.post(CREATE, form_data(initiative=initiative.pk, tags="réparation, accueil"))
    contribution = Contribution.objects.get()
    assert response.url == contribution.get_absolute_url()
    assert contribution.owner == volunteer
    assert contribution.initiative == initiative
    assert contribution.status == ContributionStatus.RECORDED
    assert contribution.hours is None
    assert contribution.ended_on == contribution.started_on == datetime.date(2026, 10, 3)
    assert sorted(tag.name for tag in contribution.tags.all()) == ["accueil", "réparation"]


def test_save_as_draft_ongoing_with_hours(client, volunteer):
    client.force_login(volunteer)
    client.post(
        CREATE,
        form_data(action="draft", ongoing="on", hours="2.5", personal_project="Mon potager"),
    )
    contribution = Contribution.objects.get()
    assert contribution.is_draft
    assert contribution.is_ongoing
    assert contribution.hours == Decimal("2.5")
    assert contribution.initiative is None
    assert contribution.context_name == "Mon potager"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"ended_on": "2026-10-01"}, "ended_on"),
        ({"ongoing": "on", "ended_on": "2026-10-04"}, "ended_on"),
        ({"hours": "-1"}, "hours"),
        ({"tags": ",".join(f"t{n}" for n in range(11))}, "tags"),
    ],
)
def test_mistakes_are_shown_and_what_was_typed_is_kept(client, volunteer, overrides, field):
    client.force_login(volunteer)
    response = client.post(CREATE, form_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "Avec une visiteuse" in response.content.decode()
    assert not Contribution.objects.exists()


def test_only_in_an_initiative_i_am_a_member_of(client, volunteer, other_initiative):
    client.force_login(volunteer)
    response = client.post(CREATE, form_data(initiative=other_initiative.pk))
    assert "initiative" in response.context["form"].errors
    with pytest.raises(ValidationError):
        services.contribution_create(owner=volunteer, title="X", initiative=other_initiative)


# --- Editing, recording a draft, deleting ------------------------------------------------


def test_the_owner_edits(client, volunteer, contribution):
    client.force_login(volunteer)
    form = client.get(url("contribution_edit", contribution)).context["form"]
    assert form.initial["title"] == "Accueil au Repair Café"
    response = client.post(
        url("contribution_edit", contribution),
        form_data(initiative=contribution.initiative_id, title="Accueil", tags="accueil, café"),
    )
    assert response.url == contribution.get_absolute_url()
    contribution.refresh_from_db()
    assert contribution.title == "Accueil"
    assert contribution.status == ContributionStatus.RECORDED
    assert {tag.name for tag in contribution.tags.all()} == {"accueil", "café"}


def test_a_member_who_left_keeps_the_initiative_of_old_contributions(
    client, volunteer, contribution
):
    contribution.initiative.memberships.filter(user=volunteer).delete()
    client.force_login(volunteer)
    response = client.post(
        url("contribution_edit", contribution),
        form_data(initiative=contribution.initiative_id, title="Toujours là"),
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.title == "Toujours là"


def test_a_draft_is_recorded_and_never_goes_back(client, volunteer, draft):
    client.force_login(volunteer)
    assert "Save as draft" not in client.get(url("contribution_detail", draft)).content.decode()
    client.post(url("contribution_record", draft))
    draft.refresh_from_db()
    assert draft.status == ContributionStatus.RECORDED
    with pytest.raises(ValidationError):
        services.contribution_update(
            contribution=draft, by=volunteer, title="X", status=ContributionStatus.DRAFT
        )


def test_a_draft_can_stay_a_draft_when_edited(client, volunteer, draft):
    client.force_login(volunteer)
    client.post(
        url("contribution_edit", draft),
        form_data(initiative=draft.initiative_id, action="draft", title="Encore brouillon"),
    )
    draft.refresh_from_db()
    assert draft.is_draft and draft.title == "Encore brouillon"


def test_recording_a_draft_is_for_its_owner(client, leader, draft):
    client.force_login(leader)
    assert client.post(url("contribution_record", draft)).status_code == 404
    with pytest.raises(PermissionDenied):
        services.contribution_record(contribution=draft, by=leader)


def test_the_owner_deletes_after_confirming(client, volunteer, contribution):
    EvidenceFactory(contribution=contribution)
    client.force_login(volunteer)
    assert (
        "cannot be undone" in client.get(url("contribution_delete", contribution)).content.decode()
    )
    response = client.post(url("contribution_delete", contribution))
    assert response.url == LIST
    assert not Contribution.objects.exists()


def test_services_refuse_other_people(contribution, leader):
    with pytest.raises(PermissionDenied):
        services.contribution_update(contribution=contribution, by=leader, title="Mine")
    with pytest.raises(PermissionDenied):
        services.contribution_delete(contribution=contribution, by=leader)


def test_the_page_shows_the_details(client, volunteer, contribution):
    contribution.hours = Decimal("3.0")
    contribution.role = "Accueil"
    contribution.save()
    client.force_login(volunteer)
    html = client.get(url("contribution_detail", contribution)).content.decode()
    assert "Accueil au Repair Café" in html
    assert "Repair Café de Chenôve" in html
    assert "accueil" in html
    assert url("contribution_edit", contribution) in html


def test_the_leader_sees_who_did_it_without_owner_controls(client, leader, contribution):
    client.force_login(leader)
    html = client.get(url("contribution_detail", contribution)).content.decode()
    assert "Amina" in html
    assert url("contribution_edit", contribution) not in html
    assert reverse("community:claim_choose", args=[contribution.uuid]) not in html


def test_a_personal_project_has_no_initiative(volunteer):
    contribution = services.contribution_create(
        owner=volunteer, title="Site web du club", personal_project="Club photo"
    )
    assert contribution.initiative is None
    assert contribution.context_name == "Club photo"


def test_leaders_of_other_initiatives_never_see_it(client, contribution):
    other = InitiativeFactory(leader=UserFactory())
    client.force_login(other.memberships.get().user)
    assert client.get(url("contribution_detail", contribution)).status_code == 404


# --- Demo data ----------------------------------------------------------------------------


def test_the_demo_has_ten_volunteers_with_contributions(client):
    from django.core.management import call_command

    from community.demo_contributions import VOLUNTEERS

    call_command("demo_data", "--quiet-logins")
    call_command("demo_data", "--quiet-logins")
    assert len(VOLUNTEERS) == 10
    counts = {}
    for demo in VOLUNTEERS:
        recorded = Contribution.objects.filter(owner__email=demo.email, status="recorded")
        counts[demo.email] = recorded.count()
        for contribution in recorded:
            assert contribution.claims.count() == 2
            assert contribution.evidence.filter(kind__in=["text", "link"]).count() == 1
    assert all(counts.values())
    assert sum(counts.values()) == 21
    initiatives = set(Contribution.objects.values_list("initiative__slug", flat=True))
    assert len(initiatives) == 3
    assert client.login(email="marc.lefevre@example.org", password="jalons-demo")
    response = client.get(LIST)
    assert response.context["page"].paginator.count == 3


def test_deleting_removes_the_stored_files(
    volunteer, contribution, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from community.evidence import evidence_file_clean
    from tests.community.factories.contributions import pdf_bytes

    upload = SimpleUploadedFile("a.pdf", pdf_bytes(), "application/pdf")
    evidence = services.evidence_add(
        contribution=contribution, by=volunteer, kind="file", file=evidence_file_clean(upload)
    )
    storage, name = evidence.file.storage, evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.contribution_delete(contribution=contribution, by=volunteer)
    assert not storage.exists(name)


def test_hours_in_french_take_a_comma(client, volunteer):
    volunteer.preferred_language = "fr"
    volunteer.save()
    client.force_login(volunteer)
    client.post(CREATE, form_data(hours="2,5"))
    assert Contribution.objects.get().hours == Decimal("2.5")
