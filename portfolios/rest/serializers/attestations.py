"""Serializers of the attestation API. Read: what an attestation states (from its signed
credential) and its addresses; write serializers only validate. Never returned: email
addresses."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from badges.api import Attestation, attestation_reading
from config.rest import absolute_uri


class AttestationSerializer(serializers.ModelSerializer[Attestation]):
    initiative = serializers.SerializerMethodField()
    person_name = serializers.SerializerMethodField()
    hours_by_year = serializers.SerializerMethodField(
        help_text="`{year: hours}` as the signed credential states them (decimal strings)."
    )
    state = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField(
        help_text="`page` (public, printed on the PDF), `credential` (the signed JSON), `pdf`."
    )

    class Meta:
        model = Attestation
        fields = [
            "uuid",
            "initiative",
            "person_name",
            "period_start",
            "period_end",
            "language",
            "issued_at",
            "state",
            "revoked_at",
            "revocation_reason",
            "hours_by_year",
            "links",
        ]
        read_only_fields = fields

    def get_initiative(self, attestation: Attestation) -> str | None:
        return attestation.initiative.slug if attestation.initiative else None

    def get_person_name(self, attestation: Attestation) -> str:
        if attestation.holder_left:
            return ""
        return attestation_reading(attestation.credential).person_name

    def get_hours_by_year(self, attestation: Attestation) -> dict[str, str]:
        if attestation.holder_left:
            return {}
        return {
            str(year): hours
            for year, hours in attestation_reading(attestation.credential).hours_by_year
        }

    def get_state(self, attestation: Attestation) -> str:
        return "revoked" if attestation.is_revoked else "valid"

    def get_links(self, attestation: Attestation) -> dict[str, str]:
        pdf = reverse("portfolios:attestation_pdf", kwargs={"uuid": attestation.uuid})
        return {
            "page": attestation.page_url,
            "credential": attestation.json_url,
            "pdf": absolute_uri(self.context, pdf),
        }


class CandidateSerializer(serializers.Serializer[Any]):
    person = serializers.IntegerField(source="person.pk", help_text="Give it to issue.")
    name = serializers.CharField()
    first_on = serializers.DateField()
    last_on = serializers.DateField()
    hours = serializers.DecimalField(max_digits=8, decimal_places=1)


class AttestationIssueSerializer(serializers.Serializer[Any]):
    person = serializers.IntegerField(help_text="A candidate's `person`.")
    period_start = serializers.DateField()
    period_end = serializers.DateField()


class AttestationRevokeSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=500)


class AttestationRequestSerializer(serializers.Serializer[Any]):
    initiative = serializers.SlugField(help_text="Where you recorded a contribution.")
