"""Evidence: files checked by content, links and texts, visibility, and files served safely."""

from __future__ import annotations

import io

import pydyf
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from community.evidence import evidence_file_clean, pdf_active_content, pdf_looks_valid
from community.models import Contribution, Evidence, EvidenceKind, Visibility
from community.selectors.contributions import (
    evidence_visible,
    evidence_visible_to_endorsers,
)
from community.services import contributions as services
from tests.community.factories.contributions import EvidenceFactory, pdf_bytes
from tests.community.factories.initiatives import image_upload
from tests.config.test_images import SVG_WITH_SCRIPT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

MB = 1024 * 1024
CREATE = reverse("community:contribution_create")


def add_url(contribution, kind: str = "file") -> str:
    return reverse("community:evidence_create", args=[contribution.uuid, kind])


def file_url(evidence) -> str:
    return reverse("community:evidence_file", args=[evidence.uuid])


def pdf_upload(name: str = "attestation.pdf", content: bytes | None = None):
    return SimpleUploadedFile(name, content or pdf_bytes(), content_type="application/pdf")


def twelve_megabytes() -> SimpleUploadedFile:
    return SimpleUploadedFile("video.jpg", b"\xff\xd8\xff" + b"0" * (12 * MB), "image/jpeg")


def fake_png() -> SimpleUploadedFile:
    return SimpleUploadedFile("photo.png", b"MZ\x90\x00 not an image at all", "image/png")


def svg_with_script() -> SimpleUploadedFile:
    return SimpleUploadedFile("dessin.svg", SVG_WITH_SCRIPT, "image/svg+xml")


# PDFs that do things by themselves (hand-written objects, so that each case is exact).
OPEN_JAVASCRIPT = pdf_bytes(
    catalog=b"/OpenAction 5 0 R ",
    objects_after=(b"<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>",),
)
ESCAPED_JAVASCRIPT = pdf_bytes(
    catalog=b"/OpenAction 5 0 R ",
    objects_after=(b"<< /Type /Action /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>",),
)
OPEN_LAUNCH = pdf_bytes(
    catalog=b"/OpenAction 5 0 R ", objects_after=(b"<< /Type /Action /S /Launch /F (calc.exe) >>",)
)
OPEN_LINK = pdf_bytes(
    catalog=b"/OpenAction 5 0 R ",
    objects_after=(b"<< /Type /Action /S /URI /URI (https://example.org/) >>",),
)
OPEN_ON_PAGE_ONE = pdf_bytes(catalog=b"/OpenAction [3 0 R /Fit] ")
ATTACHED_FILE = pdf_bytes(
    catalog=b"/Names << /EmbeddedFiles 5 0 R >> ",
    objects_after=(
        b"<< /Names [(notes.txt) 6 0 R] >>",
        b"<< /Type /Filespec /F (notes.txt) /EF << /F 7 0 R >> >>",
        b"<< /Type /EmbeddedFile /Length 5 >>\nstream\nhello\nendstream",
    ),
)


def pdf_written_with_javascript() -> bytes:
    """A PDF as a library writes it (pypdf: compressed, JavaScript in the names tree)."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=100)
    writer.add_open_action(JavaScript("app.alert('hello');"))
    writer.compress_identical_objects()
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_javascript_in_an_object_stream() -> bytes:
    """The action compressed inside an object stream: invisible to a scan of the bytes."""
    pdf = pydyf.PDF()
    action = pydyf.Dictionary(
        {"Type": "/Action", "S": "/JavaScript", "JS": pydyf.String("app.alert(1)")}
    )
    pdf.add_object(action)
    pdf.catalog["OpenAction"] = action.reference
    page = pydyf.Dictionary(
        {"Type": "/Page", "Parent": pdf.pages.reference, "MediaBox": pydyf.Array([0, 0, 200, 100])}
    )
    pdf.add_page(page)
    buffer = io.BytesIO()
    pdf.write(buffer, compress=True)
    content = buffer.getvalue()
    assert b"/ObjStm" in content and b"JavaScript" not in content
    return content


def pdf_with_a_password() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=100)
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# --- File checks ----------------------------------------------------------------------


def test_a_pdf_is_kept_as_it_is_with_its_name_for_display():
    clean = evidence_file_clean(pdf_upload("../../Attestation bénévole.pdf"))
    assert clean.extension == "pdf"
    assert clean.content_type == "application/pdf"
    assert clean.original_name == "Attestation bénévole.pdf"
    assert clean.as_file().name != "Attestation bénévole.pdf"


def test_an_image_is_reencoded_without_metadata():
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    clean = evidence_file_clean(image_upload("IMG_0001.jpg", fmt="JPEG", exif=exif.tobytes()))
    reopened = Image.open(io.BytesIO(clean.content))
    assert clean.extension == "jpg" and reopened.format == "JPEG"
    assert not reopened.getexif()


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (twelve_megabytes, "too_large"),
        (fake_png, "not_image"),
        (svg_with_script, "svg"),
        (lambda: pdf_upload(content=b"%PDF-1.4\nnothing else"), "not_pdf"),
        (lambda: SimpleUploadedFile("empty.pdf", b"", "application/pdf"), "empty"),
    ],
)
def test_refused_files(upload, code):
    with pytest.raises(ValidationError) as caught:
        evidence_file_clean(upload())
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("content", "found"),
    [
        (pdf_bytes(), set()),
        (OPEN_ON_PAGE_ONE, set()),
        (OPEN_JAVASCRIPT, {"javascript", "automatic"}),
        (ESCAPED_JAVASCRIPT, {"javascript", "automatic"}),
        (OPEN_LAUNCH, {"launch", "automatic"}),
        (OPEN_LINK, {"automatic"}),
        (ATTACHED_FILE, {"files"}),
        (pdf_written_with_javascript(), {"javascript"}),
        (pdf_with_javascript_in_an_object_stream(), {"javascript", "automatic"}),
    ],
    ids=[
        "plain",
        "opens-on-page-1",
        "js",
        "escaped-js",
        "launch",
        "link-on-open",
        "file",
        "pypdf-js",
        "in-an-object-stream",
    ],
)
def test_what_a_pdf_can_do_by_itself(content, found):
    assert pdf_looks_valid(content)
    assert pdf_active_content(content) == found


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (OPEN_JAVASCRIPT, "a program (JavaScript), an action that runs by itself"),
        (OPEN_LAUNCH, "an action that opens another program or document"),
        (ATTACHED_FILE, "attached files"),
    ],
)
def test_active_pdfs_are_refused_in_plain_words(content, words):
    with pytest.raises(ValidationError) as caught:
        evidence_file_clean(pdf_upload(content=content))
    assert caught.value.code == "pdf_active"
    message = caught.value.messages[0]
    assert message.startswith("This PDF contains ")
    assert words in message
    assert "print it again as a PDF" in message


def test_a_pdf_with_a_password_cannot_be_checked_so_it_is_refused():
    with pytest.raises(ValidationError) as caught:
        evidence_file_clean(pdf_upload(content=pdf_with_a_password()))
    assert caught.value.code == "not_pdf"
    assert "protected by a password" in caught.value.messages[0]


def test_the_pdf_parse_check():
    good = pdf_bytes()
    assert pdf_looks_valid(good)
    assert not pdf_looks_valid(good.replace(b"%%EOF", b"%%EOX"))
    assert not pdf_looks_valid(good.replace(b"startxref\n", b"startxref\n9"))  # points nowhere
    assert not pdf_looks_valid(b"%PDF-1.7\n" + b"x" * 100 + b"\nstartxref\n20\n%%EOF\n")


# --- Acceptance: refused with a clear message, the contribution and the typing kept ------


REFUSALS = [
    (lambda: pdf_upload(content=OPEN_JAVASCRIPT), "This PDF contains a program (JavaScript)"),
    (twelve_megabytes, "too big"),
    (fake_png, "not a photo or a PDF"),
    (svg_with_script, "SVG images are not accepted"),
]


@pytest.mark.parametrize(("upload", "message"), REFUSALS)
def test_refused_when_recording_a_contribution_what_was_typed_is_kept(
    client, volunteer, initiative, upload, message
):
    client.force_login(volunteer)
    response = client.post(
        CREATE,
        {
            "initiative": initiative.pk,
            "title": "Atelier vélo",
            "narrative": "On a changé deux chambres à air.",
            "started_on": "2026-10-03",
            "file": upload(),
            "file_visibility": Visibility.PRIVATE,
            "action": "record",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Please choose the file again" in html
    assert 'value="Atelier vélo"' in html
    assert "On a changé deux chambres à air." in html
    assert not Contribution.objects.exists()


@pytest.mark.parametrize(("upload", "message"), REFUSALS)
def test_refused_on_a_contribution_it_stays_as_it_was(
    client, volunteer, contribution, upload, message
):
    client.force_login(volunteer)
    response = client.post(
        add_url(contribution),
        {"file": upload(), "title": "Photo de l'atelier", "visibility": Visibility.PUBLIC},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="Photo de l&#x27;atelier"' in html
    assert response.context["form"]["visibility"].value() == Visibility.PUBLIC
    assert not Evidence.objects.exists()
    assert Contribution.objects.get() == contribution


def test_a_photo_when_recording_becomes_its_first_evidence(client, volunteer, initiative):
    client.force_login(volunteer)
    client.post(
        CREATE,
        {
            "initiative": initiative.pk,
            "title": "Atelier vélo",
            "started_on": "2026-10-03",
            "file": image_upload("IMG_0042.JPG", fmt="JPEG"),
            "action": "record",
        },
    )
    evidence = Evidence.objects.get()
    assert evidence.kind == EvidenceKind.FILE
    assert evidence.visibility == Visibility.ENDORSERS
    assert evidence.original_name == "IMG_0042.JPG"
    assert evidence.content_type == "image/jpeg"
    assert evidence.file.name.startswith("evidence/") and "IMG_0042" not in evidence.file.name


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        ("link", {"url": "video.example.org/atelier"}, "url"),
        ("text", {"text": "Merci pour samedi !"}, "text"),
        ("file", {"file": pdf_upload}, "original_name"),
    ],
)
def test_the_owner_adds_a_file_a_link_or_a_text(client, volunteer, contribution, kind, data, field):
    client.force_login(volunteer)
    data = {key: value() if callable(value) else value for key, value in data.items()}
    response = client.post(add_url(contribution, kind), {**data, "visibility": "private"})
    assert response.url == contribution.get_absolute_url()
    evidence = Evidence.objects.get()
    assert evidence.visibility == Visibility.PRIVATE
    assert getattr(evidence, field)
    if kind == "link":
        assert evidence.url == "https://video.example.org/atelier"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 403), ("peer", 404), ("other_leader", 404), ("outsider", 404), (None, 302)],
)
def test_only_the_owner_adds_evidence(
    as_persona, contribution, peer, other_initiative, persona, status
):
    client = as_persona(persona)
    assert client.get(add_url(contribution, "text")).status_code == status
    client.post(add_url(contribution, "text"), {"text": "Moi", "visibility": "public"})
    assert not Evidence.objects.exists()


def test_an_unknown_kind_is_not_found(client, volunteer, contribution):
    client.force_login(volunteer)
    assert client.get(add_url(contribution, "video")).status_code == 404


def test_the_owner_deletes_evidence_and_its_file(
    client, volunteer, contribution, django_capture_on_commit_callbacks
):
    evidence = services.evidence_add(
        contribution=contribution,
        by=volunteer,
        kind=EvidenceKind.FILE,
        file=evidence_file_clean(pdf_upload()),
    )
    storage, name = evidence.file.storage, evidence.file.name
    assert storage.exists(name)
    delete = reverse("community:evidence_delete", args=[evidence.uuid])
    client.force_login(contribution.initiative.memberships.get(role="leader").user)
    assert client.post(delete).status_code == 403
    client.force_login(volunteer)
    assert client.get(delete).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(delete).url == contribution.get_absolute_url()
    assert not Evidence.objects.exists()
    assert not storage.exists(name)


# --- Visibility ---------------------------------------------------------------------------


@pytest.fixture
def three(contribution):
    return {
        visibility: EvidenceFactory(contribution=contribution, visibility=visibility)
        for visibility in Visibility.values
    }


@pytest.mark.parametrize(
    ("persona", "seen"),
    [
        ("volunteer", {"private", "endorsers", "public"}),
        ("leader", {"endorsers", "public"}),
        ("peer", set()),
        ("other_leader", set()),
        ("outsider", set()),
    ],
)
def test_who_sees_which_evidence(
    request, contribution, three, peer, other_initiative, persona, seen
):
    viewer = request.getfixturevalue(persona)
    visible = evidence_visible(contribution=contribution, viewer=viewer)
    assert {item.visibility for item in visible} == seen


def test_outside_referents_see_what_is_shown_to_endorsers(contribution, draft, three):
    assert {item.visibility for item in evidence_visible_to_endorsers(contribution)} == {
        "endorsers",
        "public",
    }
    EvidenceFactory(contribution=draft)
    assert not evidence_visible_to_endorsers(draft).exists()


def test_the_page_hides_private_evidence_from_leaders(client, leader, contribution, three):
    client.force_login(leader)
    html = client.get(contribution.get_absolute_url()).content.decode()
    assert three["endorsers"].text in html
    assert html.count(three["endorsers"].text) == 2  # endorsers + public, never private
    assert "Who can see it" not in html


def test_services_refuse_evidence_from_others(contribution, leader):
    with pytest.raises(PermissionDenied):
        services.evidence_add(contribution=contribution, by=leader, kind="text", text="x")


# --- Files are served through a permission check ---------------------------------------------


@pytest.fixture
def stored(volunteer, contribution):
    def store(upload, visibility=Visibility.ENDORSERS):
        return services.evidence_add(
            contribution=contribution,
            by=volunteer,
            kind=EvidenceKind.FILE,
            file=evidence_file_clean(upload),
            visibility=visibility,
        )

    return store


def test_an_image_is_shown_inline_with_safe_headers(client, volunteer, stored):
    evidence = stored(image_upload("photo.png"))
    client.force_login(volunteer)
    response = client.get(file_url(evidence))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="photo.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_a_pdf_is_downloaded(client, leader, stored):
    evidence = stored(pdf_upload("Attestation.pdf"))
    client.force_login(leader)
    response = client.get(file_url(evidence))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Attestation.pdf"'


@pytest.mark.parametrize(
    ("persona", "visibility", "status"),
    [
        ("volunteer", "private", 200),
        ("leader", "private", 404),
        ("leader", "endorsers", 200),
        ("peer", "public", 404),
        ("other_leader", "public", 404),
        ("outsider", "endorsers", 404),
        (None, "public", 302),
    ],
)
def test_who_may_open_a_file(
    as_persona, stored, peer, other_initiative, persona, visibility, status
):
    evidence = stored(pdf_upload(), visibility=visibility)
    assert as_persona(persona).get(file_url(evidence)).status_code == status


def test_the_media_folder_is_not_served(client, volunteer, stored, settings):
    evidence = stored(pdf_upload())
    client.force_login(volunteer)
    assert client.get(settings.MEDIA_URL + evidence.file.name).status_code == 404
