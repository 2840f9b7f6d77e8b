"""Reads of the badges app, one module per subject (import from the module, not from here)."""
