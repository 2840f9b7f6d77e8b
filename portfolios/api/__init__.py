"""The portfolios API (DRF), under /api/v1/.

One module per subject; errors and permissions are shared.
"""
