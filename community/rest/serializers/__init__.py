"""Serializers of the community API, one module per subject."""
