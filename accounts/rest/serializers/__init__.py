"""Serializers of the accounts API, one module per subject."""
