"""Reads of the portfolios app, one module per subject (import from the module, not from here)."""
