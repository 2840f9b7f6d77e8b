"""Writes of the accounts app, one module per subject (import from the module, not from here)."""
