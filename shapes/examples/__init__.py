"""Valid and invalid example data for each SHACL shape."""
