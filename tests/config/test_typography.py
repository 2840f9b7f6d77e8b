"""config/typography.py: French typography once names, dates and people's words are in."""

from __future__ import annotations

import pytest
from django.http import HttpResponse, JsonResponse
from django.test import RequestFactory
from django.utils import translation

from config.typography import (
    FrenchTypographyMiddleware,
    finish,
    finish_html,
    french_html,
    french_text,
)

NB = "\u00a0"


@pytest.mark.parametrize(
    ("raw", "finished"),
    [
        # High punctuation: a non-breaking space, replacing an ordinary one or none.
        ("Niveau: confirmé", f"Niveau{NB}: confirmé"),
        ("Niveau : confirmé", f"Niveau{NB}: confirmé"),
        ("Vraiment? Oui! a ; b", f"Vraiment{NB}? Oui{NB}! a{NB}; b"),
        ("Déjà fini ?!", f"Déjà fini{NB}?!"),
        ("(voir plus bas):", f"(voir plus bas){NB}:"),
        # …but not inside times, addresses or code-like text.
        ("De 10:30 à 12:00", "De 10:30 à 12:00"),
        ("https://jalons.example/?page=2", "https://jalons.example/?page=2"),
        ("a;b et x:y", "a;b et x:y"),
        # Guillemets, and straight or English quotes paired in the same run.
        ("« Bonjour »", f"«{NB}Bonjour{NB}»"),
        ("«Bonjour»", f"«{NB}Bonjour{NB}»"),
        ('Il a dit "merci" deux fois', f"Il a dit «{NB}merci{NB}» deux fois"),
        ("le badge “Accueillir”", f"le badge «{NB}Accueillir{NB}»"),
        ('Un seul " guillemet', 'Un seul " guillemet'),
        # Elision before a capitalised name starting with a vowel.
        ("Portfolio de Amina", "Portfolio d’Amina"),
        ("Compétences de Élodie", "Compétences d’Élodie"),
        ("De Amina et que Émile", "D’Amina et qu’Émile"),
        ("le Atelier Vélo, jusque Auxonne", "l’Atelier Vélo, jusqu’Auxonne"),
        # …not before Y, H, a lone letter, nor a pronoun after a verb.
        ("Portfolio de Yasmine, de Hugo, de A à Z", "Portfolio de Yasmine, de Hugo, de A à Z"),
        ("Gardez-le Amina", "Gardez-le Amina"),
        ("monde Entier", "monde Entier"),
    ],
)
def test_french_text(raw, finished):
    assert french_text(raw) == finished
    assert french_text(finished) == finished  # idempotent


def test_french_html_changes_text_and_read_attributes_only():
    page = (
        '<p title="Badges de Amina">Badges de <strong>Amina</strong>: voir '
        '<a href="/x?a=1">ici</a>!</p>'
        '<input name="q" value="de Amina: x" placeholder="Par exemple: Amina">'
        "<textarea>de Amina: x</textarea><script>a ? b : c</script><pre>x: y</pre>"
        "<p>&quot;Merci&quot; &amp; à bientôt&nbsp;!</p>"
    )
    assert french_html(page) == (
        f'<p title="Badges d’Amina">Badges d’<strong>Amina</strong>{NB}: voir '
        f'<a href="/x?a=1">ici</a>{NB}!</p>'
        f'<input name="q" value="de Amina: x" placeholder="Par exemple{NB}: Amina">'
        "<textarea>de Amina: x</textarea><script>a ? b : c</script><pre>x: y</pre>"
        f"<p>«{NB}Merci{NB}» &amp; à bientôt{NB}!</p>"
    )


def test_user_text_stays_escaped():
    assert french_html("<p>&lt;script&gt;alert(1)&lt;/script&gt; : x</p>") == (
        f"<p>&lt;script&gt;alert(1)&lt;/script&gt;{NB}: x</p>"
    )


def test_english_keeps_english_rules():
    assert finish("Portfolio de Amina: done", "en") == "Portfolio de Amina: done"
    assert finish_html("<p>Note: x</p>", "en-GB") == "<p>Note: x</p>"
    assert finish("Note: x", "fr-FR") == f"Note{NB}: x"


def _middleware(response):
    return FrenchTypographyMiddleware(lambda request: response)(RequestFactory().get("/"))


def test_middleware_finishes_french_html_pages_only():
    with translation.override("fr"):
        page = _middleware(HttpResponse("<p>Portfolio de Amina: 3 badges</p>"))
        assert page.content.decode() == f"<p>Portfolio d’Amina{NB}: 3 badges</p>"
        data = _middleware(JsonResponse({"name": "Portfolio de Amina: 3"}))
        assert "Portfolio de Amina: 3" in data.content.decode()
    with translation.override("en"):
        english = _middleware(HttpResponse("<p>Note: x</p>"))
        assert english.content.decode() == "<p>Note: x</p>"


def test_french_pages_and_emails_get_it(client, volunteer, mailoutbox, settings):
    settings.LANGUAGE_CODE = "fr"
    volunteer.display_name = "Amina"
    volunteer.preferred_language = "fr"
    volunteer.save()
    client.force_login(volunteer)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert " :" not in page.split("<body", 1)[1].replace("<", "\n<")
    from accounts.emails import send_templated_email

    send_templated_email(
        template="advisor-granted", to=volunteer.email, language="fr", context={"user": volunteer}
    )
    [message] = mailoutbox
    assert " :" not in message.body and f"{NB}:" in message.body
