"""What several test modules share: small published builds, a live server, expected query results, SHACL
report helpers and validation cases. Imported as ``support.<module>`` (``tests/`` is on pytest's
``pythonpath``)."""
