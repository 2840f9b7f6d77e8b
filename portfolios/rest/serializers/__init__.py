"""Serializers of the portfolios API, one module per subject."""
