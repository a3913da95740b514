"""The HTTP API: the SPARQL endpoint, the query editor and the pages added beside them."""
