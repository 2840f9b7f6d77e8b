"""The accounts JSON API (DRF) under /api/v1/ (namespace ``accounts_api``): the signed-in
person's notifications."""
