"""The community JSON API (DRF) under /api/v1/ (namespace ``community_api``): initiatives,
members, invitations, requests to join, contributions, evidence, claims, endorsements and the
competence profile. One module per subject, serializers in ``serializers/``."""
