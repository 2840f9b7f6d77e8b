"""Serializers of the notifications API (read only: notifications are written by services)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Notification
from config.rest import absolute_uri


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    message = serializers.CharField(read_only=True, help_text="In your language.")
    action = serializers.CharField(source="action_label", read_only=True)
    link = serializers.SerializerMethodField(help_text="The page it is about.")
    read = serializers.BooleanField(source="is_read", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "message", "action", "link", "read", "read_at", "created_at"]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_link(self, notification: Notification) -> str | None:
        return absolute_uri(self.context, notification.link) if notification.link else None


class ReadAllSerializer(serializers.Serializer[Any]):
    marked = serializers.IntegerField(help_text="How many notifications were unread.")
