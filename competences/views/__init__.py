"""Thin views of the competence framework: public pages and steward pages."""
