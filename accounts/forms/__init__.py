"""Forms of the accounts app, one module per subject (as views/)."""
