"""A real S3-compatible server on loopback, for the tests of the S3 storage.

moto's S3 server (``moto.server.ThreadedMotoServer``) answers the S3 protocol over HTTP on
127.0.0.1: django-storages and boto3 talk to it exactly as they would to MinIO, Garage or AWS,
nothing is mocked inside the process under test. One server per test session (per xdist
worker); each test gets a bucket of its own.

- ``s3_server`` (session): the running server; ``S3Server.environ(bucket)`` gives the
  ``S3_*`` variables of an app process that stores its files there.
- ``s3_storage`` (function): the default storage of this test is a fresh, private bucket on
  it (``settings.STORAGES`` from ``config.env.env_storage``, as in production), and
  ``MEDIA_ROOT`` a folder that must stay empty (``S3Bucket.media_root``).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.conf import LazySettings
from moto.server import ThreadedMotoServer

from config.env import env_storage

ACCESS_KEY = "jalons-test-access"
SECRET_KEY = "jalons-test-secret"
REGION = "us-east-1"


@dataclass(frozen=True)
class S3Server:
    endpoint: str

    def client(self) -> Any:
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def bucket_new(self) -> str:
        name = f"jalons-{secrets.token_hex(6)}"
        self.client().create_bucket(Bucket=name)
        return name

    def environ(self, bucket: str) -> dict[str, str]:
        """The variables of a deployment whose files are in ``bucket`` on this server."""
        return {
            "S3_BUCKET": bucket,
            "S3_ENDPOINT_URL": self.endpoint,
            "S3_REGION": REGION,
            "S3_ACCESS_KEY_ID": ACCESS_KEY,
            "S3_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def objects(self, bucket: str) -> dict[str, bytes]:
        """Every object of the bucket, by key, with its bytes."""
        client = self.client()
        listing = client.list_objects_v2(Bucket=bucket).get("Contents", [])
        return {
            item["Key"]: client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
            for item in listing
        }


@contextmanager
def s3_server_running() -> Iterator[S3Server]:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per S3 request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield S3Server(endpoint=f"http://{host}:{port}")
    finally:
        server.stop()


@dataclass(frozen=True)
class S3Bucket:
    server: S3Server
    name: str
    media_root: Path

    def objects(self) -> dict[str, bytes]:
        return self.server.objects(self.name)

    def media_files(self) -> list[Path]:
        """What was written to MEDIA_ROOT (nothing, when the storage is S3)."""
        if not self.media_root.exists():
            return []
        return [path for path in self.media_root.rglob("*") if path.is_file()]


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    with s3_server_running() as server:
        yield server


@pytest.fixture
def s3_storage(s3_server: S3Server, settings: LazySettings, tmp_path: Path) -> S3Bucket:
    bucket = s3_server.bucket_new()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": env_storage(environ=s3_server.environ(bucket)),
    }
    media_root = tmp_path / "media-unused"
    settings.MEDIA_ROOT = str(media_root)
    return S3Bucket(server=s3_server, name=bucket, media_root=media_root)
