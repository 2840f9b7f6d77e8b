"""Failed submits, site-wide: the page title starts with "Error:" only after a refused submit,
the error summary comes first in the form with links that lead to existing fields, the
script that moves the focus to it is loaded, and what the person typed is kept.

Real forms of several apps; the title prefix comes from templates/base.html
(``{% error_title_prefix %}``, config/templatetags/form_errors.py), with no code in views.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django import forms
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from tests.community.factories.contributions import default_competences

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def title_of(page: str) -> str:
    match = re.search(r"<title>(.*?)</title>", page, re.S)
    assert match, "the page has a <title>"
    return html.unescape(match.group(1)).strip()


def summary_of(page: str) -> str:
    match = re.search(r'<div class="error-summary"[^>]*id="error-summary".*?</div>', page, re.S)
    assert match, "the page shows the error summary"
    return match.group(0)


@dataclass
class Case:
    """A real form: who fills it, where, what they send that is refused, and one typed value."""

    persona: str | None
    url: Callable[[Any], str]
    data: Callable[[Any], dict[str, str]]
    typed: str
    linked: int  # how many field links the summary has at least


def _claim_url(fixtures: Any) -> str:
    competence = default_competences(fixtures["default_framework"])[0]
    return reverse("community:claim_create", args=[fixtures["contribution"].uuid, competence.uuid])


CASES = {
    "accounts: sign up": Case(
        None,
        lambda f: reverse("accounts:signup"),
        lambda f: {"email": "not-an-address", "display_name": "Typed Name", "password": ""},
        "Typed Name",
        linked=2,
    ),
    "accounts: sign in": Case(
        None,
        lambda f: reverse("accounts:login"),
        lambda f: {"username": "typed@example.org", "password": "wrong-password"},
        "typed@example.org",
        linked=0,
    ),
    "community: new contribution": Case(
        "volunteer",
        lambda f: reverse("community:contribution_create"),
        lambda f: {"title": "", "narrative": "Typed narrative about the workshop", "hours": "x"},
        "Typed narrative about the workshop",
        linked=1,
    ),
    "community: claim a level (radio buttons)": Case(
        "volunteer",
        _claim_url,
        lambda f: {"statement": "Typed sentence for the claim"},
        "Typed sentence for the claim",
        linked=1,
    ),
    "community: ask for endorsement": Case(
        "volunteer",
        lambda f: reverse("community:endorsement_ask", args=[f["claimed_contribution"].uuid]),
        lambda f: {"referent_name": "Typed Referent", "referent_email": ""},
        "Typed Referent",
        linked=1,
    ),
    "community: decline an endorsement request": Case(
        "leader",
        lambda f: reverse("community:endorsement_request_decline", args=[f["leader_request"].uuid]),
        lambda f: {"reason": ""},
        "",
        linked=1,
    ),
    "portfolios: new portfolio": Case(
        "volunteer",
        lambda f: reverse("portfolios:portfolio_create"),
        lambda f: {"title": "", "statement": "Typed statement for Karim", "language": "en"},
        "Typed statement for Karim",
        linked=1,
    ),
}


@pytest.fixture
def fixtures(request: pytest.FixtureRequest) -> dict[str, Any]:
    names = ("default_framework", "contribution", "claimed_contribution", "leader_request")
    return {name: request.getfixturevalue(name) for name in names}


@pytest.mark.parametrize("name", CASES)
def test_a_refused_submit_says_error_in_the_title_and_links_each_field(
    client: Client, as_persona, fixtures, name
):
    case = CASES[name]
    as_persona(case.persona)
    url = case.url(fixtures)
    get_url = (
        reverse("community:endorsement_request_detail", args=[fixtures["leader_request"].uuid])
        if "decline" in name
        else url
    )
    before = client.get(get_url)
    assert before.status_code == 200
    assert not title_of(before.content.decode()).startswith("Error:")
    assert 'id="error-summary"' not in before.content.decode()

    response = client.post(url, case.data(fixtures))
    page = response.content.decode()
    assert response.status_code in (200, 400, 429), response.status_code
    assert title_of(page).startswith("Error: "), title_of(page)
    summary = summary_of(page)
    targets = re.findall(r'href="#([^"]*)"', summary)
    assert len(targets) >= case.linked
    for target in targets:
        assert target, "a summary link points at a field"
        assert page.count(f'id="{target}"') == 1, f"#{target} exists once on the page"
    # The summary comes before the fields in error, and its script is there.
    if 'aria-invalid="true"' in page:
        assert page.index('id="error-summary"') < page.index('aria-invalid="true"')
    assert "js/error-summary.js" in page
    if case.typed:
        assert html.escape(case.typed) in page or case.typed in page, "what was typed is kept"


def test_the_title_prefix_follows_the_form_whatever_its_name():
    class Sample(forms.Form):
        name = forms.CharField()

    template = Template(
        "{% load form_errors %}{% error_title_prefix %}Page|"
        "{% for field in sample %}{{ field|error_target }}{% endfor %}"
    )
    assert template.render(Context({"sample": Sample()})).startswith("Page|")
    assert template.render(Context({"sample": Sample({"name": "ok"})})).startswith("Page|")
    refused = template.render(Context({"sample": Sample({"name": ""})}))
    assert refused.startswith("Error: Page|id_name")
    assert template.render(Context({"forms": [Sample(), Sample({})]})).startswith("Error: ")


def test_a_group_of_choices_is_linked_to_its_first_choice():
    class Sample(forms.Form):
        level = forms.ChoiceField(choices=[("1", "One"), ("2", "Two")], widget=forms.RadioSelect)

    rendered = Template("{% load form_errors %}{{ form.level|error_target }}").render(
        Context({"form": Sample({})})
    )
    assert rendered == "id_level_0"
    assert 'id="id_level_0"' in str(Sample({})["level"])


def test_a_search_that_works_is_not_an_error(client: Client, default_framework):
    response = client.get(reverse("competences:search"), {"q": "teamwork"})
    assert response.status_code == 200
    assert not title_of(response.content.decode()).startswith("Error:")
