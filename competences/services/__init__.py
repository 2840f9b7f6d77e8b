"""Writes of the competences app, one module per subject (import from the module, not from here)."""
