"""Project-wide template tags (they import no app)."""
