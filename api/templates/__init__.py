"""Jinja2 templates for the HTML pages."""
