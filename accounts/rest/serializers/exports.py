"""Serializers of the data export API (read only: exports are written by services)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import DataExport
from config.rest import absolute_uri

STATES = ["queued", "running", "ready", "failed", "expired"]


class DataExportSerializer(serializers.ModelSerializer[DataExport]):
    status = serializers.SerializerMethodField(
        help_text="`queued`, `running`, `ready`, `failed`, or `expired` (ready, but its link "
        "expired: the file is deleted)."
    )
    url = serializers.SerializerMethodField(help_text="This export in the API.")
    page = serializers.SerializerMethodField(help_text="Its page on the site (progress, download).")
    download = serializers.SerializerMethodField(
        help_text="The ZIP, while it is ready (signed-in owner only, with the session); "
        "`null` otherwise."
    )

    class Meta:
        model = DataExport
        fields = [
            "uuid",
            "status",
            "created_at",
            "started_at",
            "finished_at",
            "expires_at",
            "resumed_at",
            "size",
            "sha256",
            "url",
            "page",
            "download",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "resumed_at": {
                "help_text": "When its preparation was started again after an interruption "
                "(the server or worker stopped); `null` if it never was."
            }
        }

    @extend_schema_field({"type": "string", "enum": STATES})
    def get_status(self, export: DataExport) -> str:
        return export.state()

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, export: DataExport) -> str:
        path = reverse("accounts_api:data_export_detail", kwargs={"uuid": export.uuid})
        return absolute_uri(self.context, path)

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_page(self, export: DataExport) -> str:
        return absolute_uri(self.context, export.get_absolute_url())

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_download(self, export: DataExport) -> str | None:
        if not export.is_downloadable():
            return None
        return absolute_uri(self.context, export.download_path)
