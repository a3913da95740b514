"""The hrcgraph ontology (Turtle), shipped as package data."""
