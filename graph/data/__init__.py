"""Bundled reference data (public-domain country table)."""
