"""The privacy notice (/privacy/, issue #12): French and English, every period read from the
settings and the apps' code, linked from the footer and the sign-up form."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client
from django.urls import reverse

from accounts.checks import privacy_unconfigured
from accounts.selectors import privacy as privacy_selectors
from accounts.selectors.privacy import MY_DATA_PATH, my_data_url
from community.models.endorsements import ENDORSEMENT_REQUEST_VALID_DAYS
from community.models.initiatives import INVITATION_VALID_DAYS
from portfolios.models.portfolios import SHARE_DEFAULT_DAYS, SHARE_MAX_DAYS

pytestmark = pytest.mark.django_db

NOTICE = "/privacy/"
NBSP = "\u00a0"
APOSTROPHE = "\u2019"  # French text uses the typographic apostrophe

CONTROLLER = {
    "PRIVACY_CONTROLLER_NAME": "Dijon Métropole",
    "PRIVACY_CONTROLLER_ADDRESS": "40 avenue du Drapeau, 21000 Dijon",
    "PRIVACY_CONTACT_EMAIL": "donnees@metropole.example.fr",
    "PRIVACY_DPO_CONTACT": "dpo@metropole.example.fr",
    "PRIVACY_HOSTING": "Hébergeur Exemple, Dijon (France)",
}
# Periods no default uses, so that the page can only show them by reading the settings.
PERIODS = {
    "unverified_accounts": 45,
    "closed_share_links": 200,
    "exports": 3,
    "referent_tokens": 12,
}


@pytest.fixture
def configured(settings):
    for name, value in CONTROLLER.items():
        setattr(settings, name, value)
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, **PERIODS}
    settings.ACCOUNT_DELETION_GRACE_DAYS = 11
    settings.LOGIN_LOCK_MINUTES = 25
    settings.LOGIN_LOCK_AFTER = 8
    return settings


def _text(response) -> str:
    """The page as a reader sees it: tags removed, entities decoded (&nbsp; → U+00A0)."""
    assert response.status_code == 200
    html = response.content.decode()
    main = html[html.index('<main id="main"') : html.index("</main>")]
    return unescape(re.sub(r"<[^>]+>", " ", main))


def _days(count: int, fr: bool) -> str:
    if fr:
        return f"{count}{NBSP}{'jour' if count <= 1 else 'jours'}"
    return f"{count}{NBSP}{'day' if count == 1 else 'days'}"


def test_the_address_is_stable():
    assert reverse("accounts:privacy") == NOTICE


@pytest.mark.parametrize("fr", [True, False], ids=["fr", "en"])
def test_the_notice_shows_the_controller_and_every_period_from_the_settings(
    client: Client, configured, fr
):
    if not fr:
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    text = _text(client.get(NOTICE))
    assert ("Vos données personnelles" in text) is fr
    assert ("Privacy notice" in text) is not fr
    for value in CONTROLLER.values():
        assert value in text
    for days in (*PERIODS.values(), 11):
        assert _days(days, fr) in text, days
    # The periods of the apps' code, registered by each app.
    for days in (SHARE_DEFAULT_DAYS, SHARE_MAX_DAYS, ENDORSEMENT_REQUEST_VALID_DAYS):
        assert _days(days, fr) in text, days
    assert _days(INVITATION_VALID_DAYS, fr) in text
    minutes = f"25{NBSP}minutes"
    assert minutes in text
    assert (" 8 échecs" if fr else " 8 failures") in text
    assert "www.cnil.fr/fr/plaintes" in text
    # Configured: no "to configure" warning.
    assert "[PRIVACY_" not in text
    assert (f"n{APOSTROPHE}indique pas encore" if fr else "has not yet said") not in text


@pytest.mark.parametrize("fr", [True, False], ids=["fr", "en"])
def test_changing_a_setting_changes_the_notice(client: Client, configured, fr):
    if not fr:
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    before = _text(client.get(NOTICE))
    assert _days(45, fr) in before
    configured.RETENTION_DAYS = {**configured.RETENTION_DAYS, "unverified_accounts": 61}
    configured.PRIVACY_CONTROLLER_NAME = "Communauté de communes du Val"
    after = _text(client.get(NOTICE))
    assert _days(61, fr) in after and _days(45, fr) not in after
    assert "Communauté de communes du Val" in after and "Dijon Métropole" not in after


@pytest.mark.parametrize("fr", [True, False], ids=["fr", "en"])
def test_the_notice_says_how_long_backups_keep_erased_data(client: Client, configured, fr):
    if not fr:
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    configured.BACKUP_RETENTION_DAYS = 43
    text = _text(client.get(NOTICE))
    assert ("copies de sauvegarde" if fr else "backup copies") in text
    assert _days(43, fr) in text
    configured.BACKUP_RETENTION_DAYS = 17
    assert _days(17, fr) in _text(client.get(NOTICE))


def test_a_referent_link_without_delay_is_said_in_words(client: Client, configured):
    configured.RETENTION_DAYS = {**configured.RETENTION_DAYS, "referent_tokens": 0}
    text = _text(client.get(NOTICE))
    assert f"dès la réponse ou l{APOSTROPHE}expiration" in text
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert "as soon as it is answered or expired" in _text(client.get(NOTICE))


def test_the_development_defaults_say_to_configure_them(client: Client, settings):
    text = _text(client.get(NOTICE))
    # French pages put a non-breaking space before the colon (config/typography.py).
    assert "[PRIVACY_CONTROLLER_NAME\u00a0: to configure / à configurer]" in text
    assert f"n{APOSTROPHE}indique pas encore qui est responsable" in text
    assert privacy_unconfigured() == [
        "PRIVACY_CONTROLLER_NAME",
        "PRIVACY_CONTROLLER_ADDRESS",
        "PRIVACY_CONTACT_EMAIL",
    ]


def test_check_deploy_warns_for_each_privacy_setting_left_unconfigured(configured):
    assert privacy_unconfigured() == []
    configured.PRIVACY_CONTACT_EMAIL = "privacy-contact-to-configure@example.invalid"
    assert privacy_unconfigured() == ["PRIVACY_CONTACT_EMAIL"]
    with pytest.raises(SystemCheckError, match=r"accounts\.W001"):
        call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "security")


@pytest.mark.parametrize("persona", [None, "volunteer", "advisor", "steward"])
def test_everyone_reads_the_notice(client: Client, as_persona, configured, persona):
    as_persona(persona)
    text = _text(client.get(NOTICE))
    assert "Dijon Métropole" in text
    # The rights point to "My data", and to the person's settings.
    html = client.get(NOTICE).content.decode()
    assert f'href="{my_data_url()}"' in html
    assert f'href="{reverse("accounts:notification_settings")}"' in html


def test_english_readers_with_an_account_get_the_english_notice(
    client: Client, english, volunteer, as_persona
):
    as_persona("volunteer")
    assert "Privacy notice" in _text(client.get(NOTICE))


def test_my_data_is_linked_by_name_or_by_path(monkeypatch):
    try:
        expected = reverse("accounts:my_data")
    except Exception:
        expected = MY_DATA_PATH
    assert my_data_url() == expected
    monkeypatch.setattr(privacy_selectors, "MY_DATA_URL_NAME", "accounts:no_such_page")
    assert my_data_url() == MY_DATA_PATH


@pytest.mark.parametrize("path", ["/", "/initiatives/", "/verify/", NOTICE])
def test_the_footer_links_to_the_notice(client: Client, path):
    html = client.get(path).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert f'href="{NOTICE}"' in footer


def test_the_sign_up_form_links_to_the_notice_next_to_its_button(client: Client):
    html = client.get(reverse("accounts:signup")).content.decode()
    form = html[
        html.index('<form method="post" novalidate>') : html.index(
            "</form>", html.index("novalidate")
        )
    ]
    link = form.index(f'href="{NOTICE}"')
    assert link < form.index('<button type="submit"')


def test_every_cookie_the_site_sets_is_in_the_notice(client: Client, volunteer):
    """Log in, change the profile (a message and the language) and change language: the
    cookies this leaves are those the notice lists, and nothing else."""
    client.get(reverse("accounts:login"))
    client.post(
        reverse("accounts:login"),
        {"username": volunteer.email, "password": "correct horse battery staple"},
    )
    client.post(reverse("accounts:profile"), {"display_name": "Amina", "preferred_language": "fr"})
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    set_cookies = set(client.cookies.keys())
    assert {"sessionid", "csrftoken", "django_language", "messages"} <= set_cookies
    text = _text(client.get(NOTICE))
    section = text[text.index("6. Les cookies") : text.index("7. Vos droits")]
    listed = {name for name in set_cookies if name in section}
    assert listed == set_cookies
