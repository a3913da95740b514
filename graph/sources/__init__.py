"""Importers: one module per source format. Parsing a source never touches the store.

Each importer turns files into typed records (``read_*``/``parse_*``) and records into triples, returning
a :class:`graph.sources.base.SourceBatch` per named graph. Every importer is registered once, in
:mod:`graph.sources.registry`, which is how the build, validation and the tests find them.
"""
