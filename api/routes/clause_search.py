"""Full-text search over every clause as JSON: ``/search/clauses?q=...`` (phrases in quotes, ``word*`` prefixes).

The index is the published build's ``search.sqlite`` (``graph.search_index``); answers carry the build's
version as ETag, like every other answer of the dataset.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from hrcgraph.api.conditional import not_modified
from hrcgraph.api.linked_data import published
from hrcgraph.graph.search_index import MAX_QUERY_LENGTH, index_path, search

router = APIRouter(tags=["search"])


@router.get("/search/clauses", summary="Clauses that hold every word and phrase of the query, best first")
def clause_search(request: Request,
                  q: str = Query(..., max_length=MAX_QUERY_LENGTH,
                                 description='words (all required), "a phrase", or a prefix*'),
                  limit: int = Query(20, ge=1, le=100), offset: int = Query(0, ge=0, le=10_000)) -> Response:
    dataset = published(request)
    etag = f'"{dataset.version}-search"'
    if not_modified(request, etag, None):
        return Response(status_code=304, headers={"ETag": etag})
    path = index_path(dataset.dumps_path.parent)
    hits = search(path, q, limit=limit, offset=offset) if path.is_file() else []
    body: dict[str, Any] = {
        "query": q, "limit": limit, "offset": offset, "indexed": path.is_file(),
        "hits": [{"clause": h.clause, "text": h.text, "symbol": h.symbol, "label": h.label, "snippet": h.snippet,
                  "rank": h.rank} for h in hits],
    }
    return JSONResponse(body, headers={"ETag": etag, "Cache-Control": "no-cache"})
