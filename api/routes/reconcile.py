"""The Entity Reconciliation Service API (version 0.2, as OpenRefine 3.x speaks it) at ``/reconcile``.

=========================================  =================================================================
request                                    answer
=========================================  =================================================================
``GET /reconcile``                         the service manifest (``callback=`` wraps it as JSONP)
``GET|POST /reconcile?queries={...}``      a batch of reconciliation queries -> candidates with scores
``GET|POST /reconcile?extend={...}``       data extension: property values for reconciled ids
``GET /reconcile/suggest/entity|type|      auto-completion (``prefix=``)
property``
``GET /reconcile/propose_properties``      the properties a type can be extended with (``type=``)
``GET /reconcile/preview?id=``             a small HTML card for an entity
``GET /reconcile/view?id=``                303 to the entity's page on this server
=========================================  =================================================================

Entity ids are the resources' IRIs. Matching and scoring live in ``graph.reconcile``; this router only
reads requests and writes JSON.
"""

from __future__ import annotations

import json
import re
import threading
from html import escape
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from hrcgraph.api.linked_data import local_href, public_base, published, settings_of
from hrcgraph.graph import __version__
from hrcgraph.graph.countries import Countries
from hrcgraph.graph.errors import ProtocolError
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.reconcile import (
    PROPERTIES,
    PROPERTIES_BY_ID,
    TYPES,
    TYPES_BY_ID,
    Candidate,
    Reconciler,
    Value,
)

router = APIRouter(prefix="/reconcile", tags=["reconciliation (OpenRefine)"])

_CALLBACK = re.compile(r"^[A-Za-z_$][\w$.]{0,99}$")
MAX_BATCH = 500
MAX_LIMIT = 100


class _Holder:
    """One ``Reconciler`` per published version (its indexes are built from the store once)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: str | None = None
        self._value: Reconciler | None = None

    def get(self, request: Request) -> Reconciler:
        data = published(request)
        with self._lock:
            if self._key != data.version or self._value is None:
                iris = IriFactory(settings_of(request).base_iri)
                self._value = Reconciler(data.store, iris, Countries.load())
                self._key = data.version
            return self._value


def _reconciler(request: Request) -> Reconciler:
    state = request.app.state
    holder = getattr(state, "reconciler", None)
    if holder is None:
        holder = _Holder()
        state.reconciler = holder
    return holder.get(request)


async def _params(request: Request) -> dict[str, str]:
    """Query-string and form parameters together (OpenRefine posts a form; GET works too)."""
    params = dict(request.query_params)
    if request.method == "POST":
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            params.update({k: v for k, v in form.items() if isinstance(v, str)})
        elif content_type.startswith("application/json"):
            body = await request.body()
            try:
                payload = json.loads(body or b"{}")
            except ValueError as exc:
                raise ProtocolError(f"the JSON body is not valid JSON: {exc}") from exc
            if isinstance(payload, dict):
                params.update({k: v if isinstance(v, str) else json.dumps(v) for k, v in payload.items()})
    return params


def _json(request: Request, body: object, params: dict[str, str] | None = None) -> Response:
    callback = (params or dict(request.query_params)).get("callback")
    if callback:
        if not _CALLBACK.match(callback):
            raise ProtocolError("callback must be a JavaScript identifier such as 'jsonp_123' or 'a.b'")
        text = f"{callback}({json.dumps(body, ensure_ascii=False)});"
        return Response(text, media_type="application/javascript; charset=utf-8")
    return JSONResponse(body)


def _decode(name: str, raw: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise ProtocolError(f"the parameter {name}= is not valid JSON: {exc}") from exc


@router.get("", summary="Service manifest; with queries=, a reconciliation batch; with extend=, data extension")
async def reconcile(request: Request) -> Response:
    return await _answer(request)


@router.post("", summary="A reconciliation batch (queries=) or data extension (extend=), as a form or JSON")
async def reconcile_post(request: Request) -> Response:
    return await _answer(request)


async def _answer(request: Request) -> Response:
    params = await _params(request)
    if "queries" in params:
        return _json(request, _batch(request, _decode("queries", params["queries"])), params)
    if "extend" in params:
        return _json(request, _extend(request, _decode("extend", params["extend"])), params)
    return _json(request, manifest(request), params)


def manifest(request: Request) -> dict[str, Any]:
    settings = settings_of(request)
    here = public_base(request) + "reconcile"
    return {
        "versions": ["0.1", "0.2"],
        "name": "hrcgraph: UN Human Rights Council states, groups, texts, mandates and sessions",
        "identifierSpace": settings.base_iri + "id/",
        "schemaSpace": TYPES[0].id.rsplit("#", 1)[0] + "#",
        "documentation": public_base(request) + "docs#/reconciliation%20(OpenRefine)",
        "serviceVersion": __version__,
        "defaultTypes": [{"id": t.id, "name": t.name} for t in TYPES],
        "view": {"url": here + "/view?id={{id}}"},
        "preview": {"url": here + "/preview?id={{id}}", "width": 400, "height": 120},
        "suggest": {
            "entity": {"service_url": here, "service_path": "/suggest/entity"},
            "type": {"service_url": here, "service_path": "/suggest/type"},
            "property": {"service_url": here, "service_path": "/suggest/property"},
        },
        "extend": {"propose_properties": {"service_url": here, "service_path": "/propose_properties"}},
        "batchSize": 50,
    }


def _types_of(query: dict[str, Any]) -> list[str]:
    value = query.get("type")
    types = [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)] if \
        isinstance(value, list) else []
    resolved = []
    for t in types:
        full = _type_id(t)
        if full is None:
            raise ProtocolError(f"unknown type {t[:80]!r}; the types are: " + ", ".join(x.id for x in TYPES))
        resolved.append(full)
    return resolved


def _type_id(value: str) -> str | None:
    """A type by its IRI, ``hrc:State`` or ``State``."""
    if value in TYPES_BY_ID:
        return value
    tail = value.rsplit(":", 1)[-1].rsplit("#", 1)[-1]
    return next((t.id for t in TYPES if t.id.endswith("#" + tail)), None)


def _batch(request: Request, queries: Any) -> dict[str, Any]:
    if not isinstance(queries, dict):
        raise ProtocolError("queries= must be a JSON object of named queries: {\"q0\": {\"query\": \"...\"}}")
    if len(queries) > MAX_BATCH:
        raise ProtocolError(f"a batch holds at most {MAX_BATCH} queries; this one has {len(queries)}")
    reconciler = _reconciler(request)
    out: dict[str, Any] = {}
    for key, query in queries.items():
        if not isinstance(query, dict):
            raise ProtocolError(f"query {key!r} must be a JSON object with 'query' (and 'type', 'limit')")
        text = query.get("query")
        properties = query.get("properties") or []
        if not isinstance(properties, list):
            raise ProtocolError(f"query {key!r}: 'properties' must be a list of {{'pid': ..., 'v': ...}}")
        if not isinstance(text, str) or not text.strip():
            text = _query_from_properties(properties)
        limit = query.get("limit", 5)
        if not isinstance(limit, int | float) or limit < 1:
            raise ProtocolError(f"query {key!r}: 'limit' must be a positive number")
        candidates = reconciler.reconcile(text or "", _types_of(query), limit=min(int(limit), MAX_LIMIT))
        _refine(reconciler, candidates, properties)
        out[key] = {"result": [_candidate(c) for c in candidates]}
    return out


def _query_from_properties(properties: list[Any]) -> str:
    """A query given by an identifying property alone (an ISO code, a symbol) is matched on its value."""
    for prop in properties:
        if isinstance(prop, dict) and prop.get("pid") in ("iso3", "iso2", "symbol") and isinstance(prop.get("v"), str):
            return str(prop["v"])
    return ""


def _refine(reconciler: Reconciler, candidates: list[Candidate], properties: list[Any]) -> None:
    """Properties given with a query confirm candidates that carry the value, and unmatch those that do not."""
    wanted = [(p["pid"], p["v"]) for p in properties if isinstance(p, dict) and p.get("pid") in PROPERTIES_BY_ID]
    if not wanted or not candidates:
        return
    values = reconciler.extend([c.id for c in candidates], [pid for pid, _ in wanted])
    for cand in candidates:
        for pid, v in wanted:
            expected = {_plain(x) for x in (v if isinstance(v, list) else [v])}
            have = {_plain(x.value) for x in values[cand.id][pid]} | {_plain(x.name) for x in values[cand.id][pid]}
            if not expected & have:
                cand.match = False


def _plain(value: object) -> str:
    if isinstance(value, dict):
        value = value.get("id") or value.get("name")
    return str(value).strip().casefold()


def _candidate(c: Candidate) -> dict[str, Any]:
    description = f"{c.description}; " if c.description else ""
    return {
        "id": c.id,
        "name": c.name,
        "description": f"{description}matched on: {c.reason.text}",
        "score": c.score,
        "match": c.match,
        "type": [{"id": c.type.id, "name": c.type.name}],
        "features": [{"id": c.reason.feature, "value": True}, {"id": "exact", "value": c.reason.exact}],
    }


def _extend(request: Request, query: Any) -> dict[str, Any]:
    if not isinstance(query, dict) or not isinstance(query.get("ids"), list) or \
            not isinstance(query.get("properties"), list):
        raise ProtocolError("extend= must be {\"ids\": [...], \"properties\": [{\"id\": ...}]}")
    ids = [str(i) for i in query["ids"]][:MAX_BATCH]
    pids = [str(p.get("id")) for p in query["properties"] if isinstance(p, dict)]
    unknown = [p for p in pids if p not in PROPERTIES_BY_ID]
    if unknown:
        raise ProtocolError(f"unknown properties {unknown}; see /reconcile/propose_properties")
    rows = _reconciler(request).extend(ids, pids)
    meta = []
    for pid in pids:
        prop = PROPERTIES_BY_ID[pid]
        entry: dict[str, Any] = {"id": prop.id, "name": prop.name}
        if prop.target is not None:
            entry["type"] = {"id": prop.target, "name": TYPES_BY_ID[prop.target].name}
        meta.append(entry)
    return {"meta": meta, "rows": {i: {p: [_value(v) for v in vals] for p, vals in props.items()}
                                   for i, props in rows.items()}}


def _value(v: Value) -> dict[str, Any]:
    if v.kind == "entity":
        return {"id": str(v.value), "name": v.name or str(v.value)}
    if v.kind == "int":
        return {"int": int(v.value)}
    if v.kind == "date":
        return {"date": f"{v.value}T00:00:00Z"}
    return {"str": str(v.value)}


@router.get("/propose_properties", summary="Properties to extend a type with")
def propose_properties(request: Request, type: str | None = None, limit: int = 20) -> Response:
    type_id = _type_id(type) if type else None
    if type and type_id is None:
        raise ProtocolError(f"unknown type {type[:80]!r}; the types are: " + ", ".join(t.id for t in TYPES))
    props = [p for p in PROPERTIES if type_id is None or type_id in p.types][:max(1, min(limit, MAX_LIMIT))]
    body: dict[str, Any] = {"properties": [{"id": p.id, "name": p.name} for p in props], "limit": limit}
    if type:
        body["type"] = type
    return _json(request, body)


@router.get("/suggest/entity", summary="Auto-complete entities")
def suggest_entity(request: Request, prefix: str = "", type: str | None = None, cursor: int = 0) -> Response:
    types = [t for t in [_type_id(type)] if t] if type else []
    found = _reconciler(request).suggest(prefix, types, limit=cursor + 10)[cursor:]
    return _json(request, {"result": [{"id": c.id, "name": c.name, "description": c.description,
                                       "notable": [{"id": c.type.id, "name": c.type.name}]} for c in found]})


@router.get("/suggest/type", summary="Auto-complete types")
def suggest_type(request: Request, prefix: str = "") -> Response:
    key = prefix.strip().casefold()
    found = [t for t in TYPES if not key or key in t.name.casefold() or key in t.id.casefold()]
    return _json(request, {"result": [{"id": t.id, "name": t.name, "description": t.description} for t in found]})


@router.get("/suggest/property", summary="Auto-complete properties")
def suggest_property(request: Request, prefix: str = "") -> Response:
    key = prefix.strip().casefold()
    found = [p for p in PROPERTIES if not key or key in p.name.casefold() or key in p.id.casefold()]
    return _json(request, {"result": [{"id": p.id, "name": p.name} for p in found]})


@router.get("/preview", summary="A small HTML card for an entity (OpenRefine shows it in a pop-up)")
def preview(request: Request, id: str) -> Response:
    entity = _reconciler(request).describe(id)
    if entity is None:
        return HTMLResponse(f"<p>No entity {escape(id[:200])} in this dataset.</p>", status_code=404)
    href = escape(local_href(entity.id, settings_of(request).base_iri))
    html = (f'<!doctype html><meta charset="utf-8"><div style="font:14px sans-serif">'
            f'<p><a href="{href}" target="_blank"><strong>{escape(entity.name)}</strong></a> '
            f'<small>{escape(entity.type.name)}</small></p><p>{escape(entity.description)}</p>'
            f'<p><code>{escape(entity.id)}</code></p></div>')
    return HTMLResponse(html)


@router.get("/view", summary="Redirect to the entity's page")
def view(request: Request, id: str) -> Response:
    base = settings_of(request).base_iri
    if not id.startswith(base):
        raise ProtocolError(f"id must be an IRI under {base}")
    return RedirectResponse(local_href(id, base), status_code=303)
