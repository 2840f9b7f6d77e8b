"""Reading a CSV file of recipients: what is refused whole, what is refused row by row."""

from __future__ import annotations

import io

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from PIL import Image

from badges.services.bulk import MAX_FILE_BYTES, MAX_ROWS, bulk_file_parse
from tests.badges.factories.bulk import HEADER_FR, csv_bytes


def _refused(data: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        bulk_file_parse(data)
    return " ".join(caught.value.messages)


def test_english_columns_comma_separated():
    parsed = bulk_file_parse(
        csv_bytes([("Amina@Example.org ", "Amina", "Three workshops.", "https://e.org/p")])
    )
    assert parsed.total == 1 and parsed.errors == []
    assert parsed.rows == [
        {
            "line": 2,
            "email": "amina@example.org",
            "name": "Amina",
            "narrative": "Three workshops.",
            "evidence_url": "https://e.org/p",
        }
    ]


def test_excel_french_file_with_bom_and_semicolons():
    data = csv_bytes(
        [("amina@example.org", "Amina", "A animé l'atelier, deux fois ; bravo", "")],
        header=HEADER_FR,
        delimiter=";",
        bom=True,
    )
    assert data.startswith(b"\xef\xbb\xbf")
    parsed = bulk_file_parse(data)
    assert parsed.rows[0]["email"] == "amina@example.org"
    assert parsed.rows[0]["narrative"] == "A animé l'atelier, deux fois ; bravo"


@pytest.mark.parametrize(
    ("header", "row"),
    [
        (("E-mail",), ("a@example.org",)),
        (("COURRIEL", "récit"), ("a@example.org", "Texte")),
        (
            ("adresse électronique", "Description", "URL de la preuve"),
            ("a@e.org", "T", "http://e.org"),
        ),
        (("Email", "Evidence"), ("a@example.org", "https://e.org")),
    ],
)
def test_column_names_in_french_or_english_any_case(header, row):
    parsed = bulk_file_parse(csv_bytes([row], header=header, delimiter=";"))
    assert parsed.errors == []
    assert parsed.rows[0]["email"] == "a@example.org" or parsed.rows[0]["email"] == "a@e.org"
    assert parsed.rows[0]["evidence_url"] in {"", "http://e.org", "https://e.org"}


def test_only_an_email_column_and_extra_columns_ignored():
    parsed = bulk_file_parse(csv_bytes([("a@example.org", "x")], header=("Courriel", "Ville")))
    assert parsed.rows[0]["email"] == "a@example.org" and parsed.rows[0]["narrative"] == ""


def test_each_bad_row_is_refused_with_its_line_and_reason():
    rows = [
        ("ok1@example.org", "", "", ""),  # line 2
        ("not-an-email", "", "", ""),  # line 3
        ("", "Nobody", "", ""),  # line 4
        ("OK1@example.org", "", "", ""),  # line 5: same as line 2
        ("long@example.org", "", "x" * 4001, ""),  # line 6
        ("ftp@example.org", "", "", "ftp://e.org/file"),  # line 7
        ("longurl@example.org", "", "", "https://e.org/" + "a" * 500),  # line 8
        ("ok2@example.org", "", "y" * 4000, "https://e.org/ok"),  # line 9
    ]
    parsed = bulk_file_parse(csv_bytes(rows))
    assert parsed.total == 8
    assert [row["line"] for row in parsed.rows] == [2, 9]
    refused = {error["line"]: error for error in parsed.errors}
    assert sorted(refused) == [3, 4, 5, 6, 7, 8]
    assert refused[3] == {
        "line": 3,
        "email": "not-an-email",
        "message": "This is not a valid email address.",
    }
    assert refused[4]["message"] == "The email address is missing."
    assert refused[5]["email"] == "OK1@example.org"
    assert refused[5]["message"] == "This email address is already on line 2."
    assert "too long" in refused[6]["message"] and "4001" in refused[6]["message"]
    assert "http://" in refused[7]["message"]
    assert "500" in refused[8]["message"]


def test_line_numbers_are_those_of_the_file_with_multiline_cells_and_blank_rows():
    text = (
        "email;narrative\r\n"
        'a@example.org;"two\r\nlines"\r\n'  # lines 2-3
        "\r\n"  # line 4: blank, skipped
        ";;\r\n"  # line 5: empty cells, skipped
        "bad;x\r\n"  # line 6
    )
    parsed = bulk_file_parse(text.encode())
    assert parsed.total == 2
    assert parsed.rows[0]["line"] == 2 and parsed.rows[0]["narrative"] == "two\r\nlines"
    assert parsed.errors[0]["line"] == 6


# --- Whole files refused ---------------------------------------------------------------


def test_a_png_renamed_csv_is_not_a_csv():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (1, 2, 3)).save(buffer, format="PNG")
    assert "not a CSV file" in _refused(buffer.getvalue())


def test_a_latin1_file_asks_for_utf8():
    data = "courriel;récit\na@example.org;Très bien\n".encode("latin-1")
    assert "UTF-8" in _refused(data)


def test_a_missing_email_column_says_which_columns_were_found():
    message = _refused(csv_bytes([("Amina", "x")], header=("Nom", "Récit")))
    assert "no email column" in message
    assert "“Nom”, “Récit”" in message


def test_a_column_given_twice():
    assert "twice" in _refused(csv_bytes([("a@e.org", "b@e.org")], header=("email", "courriel")))


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b" \r\n\r\n", b"email;nom\r\n"])
def test_an_empty_file_or_a_header_alone(data):
    message = _refused(data)
    assert "empty" in message or "no rows" in message


def test_too_big_and_too_many_rows():
    assert "2 MB" in _refused(b"email\n" + b"a" * MAX_FILE_BYTES)
    rows = [(f"p{n}@e.org",) for n in range(MAX_ROWS + 1)]
    assert "5000 rows" in _refused(csv_bytes(rows, header=("email",)))
    assert bulk_file_parse(csv_bytes(rows[:MAX_ROWS], header=("email",))).total == MAX_ROWS


def test_the_downloadable_examples_are_accepted():
    for name in ("badges/bulk/exemple-attribution.csv", "badges/bulk/award-example.csv"):
        path = finders.find(name)
        assert path, name
        with open(path, "rb") as example:
            parsed = bulk_file_parse(example.read())
        assert len(parsed.rows) == 2 and parsed.errors == []
        assert parsed.rows[0]["evidence_url"].startswith("https://")
