"""Importers: one module per source format. Parsing a source never touches the store.

Each importer turns files into typed records (``parse_*``) and records into triples
(``map_*``), returning a :class:`graph.sources.base.SourceBatch` per source graph.
"""
