"""Serializers of the badges API, one module per subject."""
