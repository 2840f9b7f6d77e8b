"""config/text.py: shortening and erasing a name from text."""

from __future__ import annotations

from config.text import json_text_variants, redact, shorten


def test_redact_replaces_whole_names_only():
    value = {
        "a": "Qualité de l'accueil",
        "b": "Ali confirme, et ALI aussi.",
        "c": ["écrit par ali@example.org", "Kali", "Alison"],
        "n": 3,
    }
    assert redact(value, ["Ali", "ali@example.org"], "un ancien membre") == {
        "a": "Qualité de l'accueil",
        "b": "un ancien membre confirme, et un ancien membre aussi.",
        "c": ["écrit par un ancien membre", "Kali", "Alison"],
        "n": 3,
    }


def test_redact_prefers_the_longest_name_and_ignores_tiny_ones():
    assert redact("Amina Kaddour et Amina", ["Amina", "Amina Kaddour"], "X") == "X et X"
    assert redact("Al et Bo", ["Al", "Bo"], "X") == "Al et Bo"


def test_json_text_variants_include_the_escaped_form():
    assert json_text_variants("Zoé") == {"Zoé", "Zo\\u00e9"}


def test_shorten_cuts_between_words():
    assert shorten("Animer un atelier", 40) == "Animer un atelier"
    assert (
        shorten("Accueillir et accompagner les nouveaux membres", 30)
        == "Accueillir et accompagner les…"
    )
    assert shorten("Accueillir, accompagner les nouveaux", 24) == "Accueillir, accompagner…"
    assert shorten("Accueillir, accompagner les nouveaux", 14) == "Accueillir…"
    assert shorten("Accueillir et accompagner", 15) == "Accueillir et…"
    assert len(shorten("Accueillir et accompagner les nouveaux membres", 30)) <= 30
    # A single word longer than the room is the only thing cut inside.
    assert shorten("Anticonstitutionnellement", 10) == "Anticonst…"
