"""Serializers of the framework API, one module per subject."""
