"""Files on an S3-compatible storage: a real S3 server on loopback (moto), not a mock.

With ``S3_BUCKET`` set, every file (evidence, badge and initiative images, data exports) goes
through the storage API into a private bucket; nothing is written to ``MEDIA_ROOT``. Private
files are served after the permission check: evidence streamed by its view, data exports by a
signed address valid ``S3_URL_EXPIRY_SECONDS``. Public images keep their addresses (the ones
in issued credentials).
"""

from __future__ import annotations

import io
import time
import urllib.request
import zipfile
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from accounts.models import DataExport
from community.models import Evidence, Initiative
from config.env import EnvError, env_storage
from portfolios.pdf.fetcher import local_resource
from tests.badges.factories.revocation import award_add, setting
from tests.community.factories.contributions import pdf_bytes
from tests.community.factories.initiatives import image_upload
from tests.community.test_evidence import add_url, file_url, pdf_upload
from tests.community.test_initiatives import CREATE as INITIATIVE_CREATE
from tests.community.test_initiatives import form_data
from tests.config.s3_server import S3Bucket

# --- Settings ---------------------------------------------------------------------------------


def test_without_a_bucket_files_stay_on_the_local_disk():
    assert env_storage(environ={}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_a_bucket_makes_a_private_s3_storage():
    storage = env_storage(
        environ={
            "S3_BUCKET": "jalons-files",
            "S3_ENDPOINT_URL": "https://s3.fr-par.scw.cloud/",
            "S3_REGION": "fr-par",
            "S3_ACCESS_KEY_ID": "key",
            "S3_SECRET_ACCESS_KEY": "secret",
            "S3_PREFIX": "/prod/",
        }
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "jalons-files"
    assert options["endpoint_url"] == "https://s3.fr-par.scw.cloud"
    assert options["region_name"] == "fr-par"
    assert (options["access_key"], options["secret_key"]) == ("key", "secret")
    assert options["location"] == "prod"
    # Private: no public ACL, signed short-lived URLs, no public domain, nothing overwritten.
    assert options["default_acl"] is None
    assert options["querystring_auth"] is True
    assert options["querystring_expire"] == 300
    assert options["custom_domain"] is None
    assert options["file_overwrite"] is False
    assert options["addressing_style"] == "path"  # MinIO, Garage: an endpoint of their own


def test_on_aws_the_addressing_is_virtual_and_credentials_may_come_from_boto3():
    options = env_storage(environ={"S3_BUCKET": "jalons-files", "S3_URL_EXPIRY_SECONDS": "60"})[
        "OPTIONS"
    ]
    assert options["addressing_style"] == "virtual"
    assert options["endpoint_url"] is None
    assert options["access_key"] is None and options["secret_key"] is None
    assert options["querystring_expire"] == 60


@pytest.mark.parametrize(
    ("environ", "variable"),
    [
        ({"S3_BUCKET": "Not_A_Bucket"}, "S3_BUCKET"),
        ({"S3_BUCKET": "jalons", "S3_ACCESS_KEY_ID": "key"}, "S3_SECRET_ACCESS_KEY"),
        ({"S3_BUCKET": "jalons", "S3_SECRET_ACCESS_KEY": "s"}, "S3_ACCESS_KEY_ID"),
        ({"S3_BUCKET": "jalons", "S3_ENDPOINT_URL": "minio:9000"}, "S3_ENDPOINT_URL"),
        ({"S3_BUCKET": "jalons", "S3_ADDRESSING_STYLE": "dns"}, "S3_ADDRESSING_STYLE"),
        ({"S3_BUCKET": "jalons", "S3_URL_EXPIRY_SECONDS": "0"}, "S3_URL_EXPIRY_SECONDS"),
        ({"S3_BUCKET": "jalons", "S3_PREFIX": "a/../b"}, "S3_PREFIX"),
    ],
)
def test_bad_storage_settings_stop_the_start_with_the_variable_named(environ, variable):
    with pytest.raises(EnvError) as error:
        env_storage(environ=environ)
    assert error.value.name == variable


# --- Evidence: in the bucket, streamed after the permission check -----------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"),
    [("volunteer", 200), ("leader", 200), ("peer", 404), ("outsider", 404), (None, 302)],
)
def test_evidence_goes_to_the_bucket_and_only_those_allowed_get_it(
    s3_storage: S3Bucket, as_persona, volunteer, contribution, peer, persona, status
):
    content = pdf_bytes()
    owner = as_persona("volunteer")
    upload = pdf_upload("attestation.pdf", content)
    response = owner.post(
        add_url(contribution, "file"), {"file": upload, "visibility": "endorsers"}
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    stored = s3_storage.objects()
    assert list(stored) == [evidence.file.name]
    assert evidence.file.name.startswith("evidence/")
    assert stored[str(evidence.file.name)] == content
    assert s3_storage.media_files() == []

    owner.logout()
    answer = as_persona(persona).get(file_url(evidence))
    assert answer.status_code == status
    if status == 200:
        assert b"".join(answer.streaming_content) == content
        assert answer["Content-Disposition"] == 'attachment; filename="attestation.pdf"'
        assert answer["Cache-Control"] == "private, no-store"


# --- Public images: in the bucket, at the addresses credentials name --------------------------


@pytest.mark.django_db
def test_badge_images_are_stored_in_the_bucket_and_served_at_their_addresses(
    s3_storage: S3Bucket, client
):
    s = setting()
    drawn = io.BytesIO()
    Image.new("RGBA", (120, 90), (30, 80, 150, 255)).save(drawn, format="PNG")
    s.badge.image.save("emblem.png", ContentFile(drawn.getvalue()))  # as the form stores it
    award = award_add(s)
    stored = s3_storage.objects()
    image = stored[str(s.badge.image.name)]
    assert s.badge.image.name.startswith("badges/classes/")
    address = reverse("badges:badge_class_image", args=[s.badge.uuid])
    assert address == f"/badges/classes/{s.badge.uuid}/image.png"  # unchanged
    response = client.get(address)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == image
    baked = client.get(reverse("badges:award_png", args=[award.uuid]))
    assert baked.status_code == 200
    with Image.open(io.BytesIO(baked.content)) as picture:
        assert picture.size == Image.open(io.BytesIO(image)).size
    assert s3_storage.media_files() == []


@pytest.mark.django_db
def test_an_initiative_logo_is_stored_in_the_bucket_and_shown_by_the_site(
    s3_storage: S3Bucket, client, volunteer
):
    client.force_login(volunteer)
    assert client.post(INITIATIVE_CREATE, form_data(logo=image_upload())).status_code == 302
    initiative = Initiative.objects.get()
    logo = s3_storage.objects()[str(initiative.logo.name)]
    address = reverse("community:initiative_logo", args=[initiative.slug])
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert f'src="{address}"' in page  # this site's address: the CSP allows it
    assert s3_storage.server.endpoint not in page
    client.logout()
    response = client.get(address)  # public, like the initiative's page
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == logo
    api = client.get(reverse("community_api:initiative_detail", args=[initiative.slug])).json()
    assert api["logo"] == f"http://testserver{address}"
    assert client.get(reverse("community:initiative_logo", args=["nowhere"])).status_code == 404
    assert s3_storage.media_files() == []


@pytest.mark.django_db
def test_a_logo_missing_from_the_storage_is_not_found(s3_storage: S3Bucket, client, volunteer):
    client.force_login(volunteer)
    client.post(INITIATIVE_CREATE, form_data(logo=image_upload()))
    initiative = Initiative.objects.get()
    default_storage.delete(initiative.logo.name)
    address = reverse("community:initiative_logo", args=[initiative.slug])
    assert client.get(address).status_code == 404


# --- Data exports: a signed, short-lived address after the permission check -------------------


def _ready_export(client, volunteer, capture) -> DataExport:
    client.force_login(volunteer)
    with capture(execute=True):
        client.post(reverse("accounts:data_export_create"))
    export = DataExport.objects.get()
    assert export.state() == "ready", export.state()
    return export


@pytest.mark.django_db
def test_a_data_export_is_handed_to_its_owner_by_a_signed_address(
    s3_storage: S3Bucket, client, volunteer, django_capture_on_commit_callbacks
):
    export = _ready_export(client, volunteer, django_capture_on_commit_callbacks)
    stored = s3_storage.objects()
    assert list(stored) == [export.file.name]
    assert export.file.name.startswith("data-exports/")

    response = client.get(export.download_path)
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    signed = urlsplit(response["Location"])
    assert f"{signed.scheme}://{signed.netloc}" == s3_storage.server.endpoint
    assert signed.path == f"/{s3_storage.name}/{export.file.name}"
    query = {key: values[0] for key, values in parse_qs(signed.query).items()}
    assert query["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256" and query["X-Amz-Signature"]
    # Valid five minutes from now, no more.
    assert query["X-Amz-Expires"] == "300"
    signed_at = datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert abs(signed_at.timestamp() - time.time()) < 60
    assert query["response-content-type"] == "application/zip"
    assert query["response-content-disposition"].startswith('attachment; filename="jalons-my-')

    with urllib.request.urlopen(response["Location"], timeout=10) as answer:  # noqa: S310
        body = answer.read()
        assert answer.headers["Content-Disposition"].startswith("attachment;")
        assert answer.headers["Cache-Control"] == "private, no-store"
    assert body == stored[str(export.file.name)]
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert "data.json" in archive.namelist()
    assert s3_storage.media_files() == []


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "status"), [("leader", 404), ("outsider", 404), (None, 302)])
def test_nobody_else_gets_the_signed_address_of_an_export(
    s3_storage: S3Bucket,
    client,
    as_persona,
    volunteer,
    leader,
    outsider,
    django_capture_on_commit_callbacks,
    persona,
    status,
):
    export = _ready_export(client, volunteer, django_capture_on_commit_callbacks)
    client.logout()
    response = as_persona(persona).get(export.download_path)
    assert response.status_code == status
    assert s3_storage.server.endpoint not in response.get("Location", "")


@pytest.mark.django_db
def test_the_signed_address_lives_as_long_as_configured(
    s3_storage: S3Bucket, settings, client, volunteer, django_capture_on_commit_callbacks
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "querystring_expire": 60},
        },
    }
    export = _ready_export(client, volunteer, django_capture_on_commit_callbacks)
    location = client.get(export.download_path)["Location"]
    assert parse_qs(urlsplit(location).query)["X-Amz-Expires"] == ["60"]


@pytest.mark.django_db
def test_an_export_gone_from_the_bucket_is_gone(
    s3_storage: S3Bucket, client, volunteer, django_capture_on_commit_callbacks
):
    export = _ready_export(client, volunteer, django_capture_on_commit_callbacks)
    default_storage.delete(export.file.name)
    assert client.get(export.download_path).status_code == 410


# --- The PDF reads stored files through the storage too ---------------------------------------


def test_the_pdf_fetcher_reads_media_addresses_from_the_bucket(s3_storage: S3Bucket, settings):
    name = default_storage.save("initiatives/logos/abc.png", ContentFile(b"\x89PNG-bytes"))
    assert local_resource(f"{settings.SITE_URL}/media/{name}") == (b"\x89PNG-bytes", "image/png")
    assert local_resource(f"{settings.SITE_URL}/media/initiatives/logos/none.png") is None
    assert local_resource(f"{settings.SITE_URL}/media/../config/settings.py") is None
    assert local_resource(f"https://elsewhere.example/media/{name}") is None
    assert s3_storage.media_files() == []
