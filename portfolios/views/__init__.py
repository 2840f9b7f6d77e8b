"""Pages of the portfolios app, one module per subject."""
