"""The dumps of the published build at ``/dumps/``: an index for people and tools, checksums, downloads.

``/dumps/`` lists each dump with its size and SHA-256 (from the build manifest), as HTML or, for
``Accept: application/json`` or ``/dumps/index.json``, as JSON. ``/dumps/SHA256SUMS`` is in the format
``sha256sum -c`` reads. Each file is served with a strong ETag (its SHA-256), Last-Modified (the
build's time), ``Accept-Ranges: bytes`` and single-range requests (206; a range past the end is 416
with ``Content-Range: bytes */size``). Gzip files are downloads of type ``application/gzip``: they
carry no ``Content-Encoding``, which would make clients unpack them on the fly.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response

from hrcgraph.api.conditional import not_modified
from hrcgraph.api.linked_data import published, render
from hrcgraph.api.negotiation import best_match
from hrcgraph.graph.dumps import DumpFile
from hrcgraph.graph.exports import ExportFile, file_title
from hrcgraph.graph.formats import content_type
from hrcgraph.graph.manifest import BuildManifest

router = APIRouter(tags=["dumps"])


def _dumps(request: Request) -> tuple[list[dict[str, Any]], BuildManifest]:
    data = published(request)
    return [d.as_dict() for d in data.manifest.files], data.manifest


def _file(manifest: BuildManifest, name: str) -> DumpFile | ExportFile | None:
    """The RDF dump or tabular export (CSV, or its CSV on the Web metadata) of a build named ``name``."""
    return next((d for d in manifest.files if d.name == name), None)


def _listing(request: Request) -> list[dict[str, Any]]:
    listing = []
    for f in published(request).manifest.files:
        d = f.as_dict()
        d["url"] = f"/dumps/{f.name}"
        d["label"] = file_title(f)
        d["download_type"] = "application/gzip" if f.encoding == "gzip" else f.media_type
        listing.append(d)
    return listing


@router.get("/dumps", include_in_schema=False)
def dumps_root() -> Response:
    return RedirectResponse("/dumps/", status_code=308)


@router.get("/dumps/", summary="The dumps of the published build (HTML, or JSON for Accept: application/json)")
def dumps_index(request: Request) -> Response:
    choice = best_match(request.headers.get("accept"), ["text/html", "application/json"])
    if choice == "application/json":
        return dumps_json(request)
    _, manifest = _dumps(request)
    return render(request, "dumps.html", dumps=_listing(request), manifest=manifest,
                  headers={"Vary": "Accept"})


@router.get("/dumps/index.json", summary="The dumps as JSON: name, media type, encoding, size, SHA-256, URL")
def dumps_json(request: Request) -> Response:
    _, manifest = _dumps(request)
    body = {"version": manifest.version, "built_at": manifest.built_at,
            "checksums": "/dumps/SHA256SUMS", "description": "/.well-known/void",
            "dumps": [{k: d[k] for k in ("name", "url", "media_type", "encoding", "format", "size", "sha256",
                                         "download_type")} for d in _listing(request)]}
    return JSONResponse(body, headers={"Vary": "Accept"})


@router.get("/dumps/SHA256SUMS", summary="Checksums of the dumps, as sha256sum writes them")
def checksums(request: Request) -> Response:
    dumps, _ = _dumps(request)
    text = "".join(f"{d['sha256']}  {d['name']}\n" for d in dumps)
    return PlainTextResponse(text, headers={"Content-Disposition": 'inline; filename="SHA256SUMS"'})


@router.get("/dumps/{name}", summary="Download one dump (ranges supported)")
@router.head("/dumps/{name}", include_in_schema=False)
def dump_file(name: str, request: Request) -> Response:
    data = published(request)
    entry = _file(data.manifest, name)
    path = data.dumps_path / name
    if entry is None or not path.is_file():
        known = ", ".join(d.name for d in data.manifest.files)
        return PlainTextResponse(f"404 Not Found: no dump named {name[:100]!r}; the dumps are: {known} "
                                 "(see /dumps/)\n", status_code=404)
    etag = f'"{entry.sha256}"'
    modified = _built_at(data.manifest)
    headers = {"ETag": etag, "Last-Modified": format_datetime(modified, usegmt=True),
               "Cache-Control": "public, max-age=3600", "Accept-Ranges": "bytes"}
    if not_modified(request, etag, modified):
        return Response(status_code=304, headers=headers)
    gzip = entry.encoding == "gzip"
    media_type = "application/gzip" if gzip else content_type(entry.media_type)
    return FileResponse(path, media_type=media_type, filename=name, headers=headers,
                        content_disposition_type="attachment")


def _built_at(manifest: BuildManifest) -> datetime:
    value = manifest.built_at
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return datetime(1970, 1, 1, tzinfo=UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
