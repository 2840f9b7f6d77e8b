"""Test factories of the badges app, one module per subject."""
