"""The framework's JSON API under /api/v1/ (Django REST framework, OpenAPI via drf-spectacular).

Reads are public (drafts: stewards only); writes are for stewards and go
through ``competences.services``, which refuse published and retired versions.
See docs/api.md.
"""
