"""Reads of the community app, one module per subject (import from the module, not from here)."""
