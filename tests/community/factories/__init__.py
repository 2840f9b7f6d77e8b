"""Test factories of the community app, one module per subject."""
