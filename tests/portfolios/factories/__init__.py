"""Test factories of the portfolios app, one module per subject."""
