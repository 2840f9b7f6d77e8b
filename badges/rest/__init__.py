"""The badges API (DRF, under /api/v1/, namespace ``badges_api``): issuers, badge classes,
awards, revocation, my badges and award proposals."""
