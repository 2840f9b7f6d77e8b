"""Forms of the community app, one module per subject (as views/)."""
