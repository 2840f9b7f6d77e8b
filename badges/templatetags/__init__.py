"""Template tags of the badges app."""
