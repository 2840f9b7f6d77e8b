"""Test factories of the accounts app, one module per subject."""
