"""Forms of the competences app, one module per subject (as views/); ``_base`` holds what
the steward forms share."""
