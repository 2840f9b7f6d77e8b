"""Test factories of the competences app, one module per subject."""
