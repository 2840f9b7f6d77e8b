"""The shape of the indicators' API answer, for its OpenAPI description (rest/indicators.py)."""

from __future__ import annotations

from rest_framework import serializers


class IndicatorRowSerializer(serializers.Serializer[dict[str, object]]):
    annee = serializers.IntegerField()
    trimestre = serializers.IntegerField(allow_null=True, help_text="1 to 4; null: the year.")
    niveau_geo = serializers.ChoiceField(choices=["territoire", "epci", "commune", "non_localise"])
    code_geo = serializers.CharField(allow_blank=True, help_text="INSEE or SIREN code.")
    nom_geo = serializers.CharField(allow_blank=True)
    indicateur = serializers.CharField()
    ventilation = serializers.CharField(allow_blank=True, help_text="Empty: the total.")
    libelle_ventilation = serializers.CharField(allow_blank=True)
    valeur = serializers.FloatField(allow_null=True, help_text="Null when protected.")
    statut = serializers.ChoiceField(choices=["publie", "moins_de_seuil", "masque"])
    seuil = serializers.IntegerField()
    taux_pour_1000_habitants = serializers.FloatField(allow_null=True)


class IndicatorsSerializer(serializers.Serializer[dict[str, object]]):
    licence = serializers.URLField()
    schema = serializers.URLField(help_text="The Frictionless Table Schema of the rows.")
    threshold = serializers.IntegerField()
    years = serializers.ListField(child=serializers.IntegerField())
    rows = IndicatorRowSerializer(many=True)
