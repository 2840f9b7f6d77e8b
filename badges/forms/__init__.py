"""Forms of the badges app, one module per subject (as views/)."""
