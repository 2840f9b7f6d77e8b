"""The portfolios JSON API (DRF) under /api/v1/ (namespace ``portfolios_api``): portfolios,
their items and releases, share links, the access log, and the portfolios shared with an advisor."""
