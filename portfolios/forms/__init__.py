"""Forms of the portfolios app, one module per subject (as views/)."""
