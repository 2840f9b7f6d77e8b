"""The issuers API (DRF, under /api/v1/, namespace ``badges_api``)."""
