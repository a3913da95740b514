"""HTTP caching and client presence, shared by every route that answers from the published dataset.

The data changes only when a build (or an update) replaces it, so every answer is validated by an
ETag and Last-Modified derived from the dataset version; conditional requests get 304.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any, TypeVar

from fastapi import Request

from hrcgraph.graph.errors import ClientLeft
from hrcgraph.graph.published import PublishedDataset

T = TypeVar("T")


def dataset_headers(dataset: PublishedDataset, etag: str) -> dict[str, str]:
    """The validators and cache headers of an answer computed from the dataset."""
    return {
        "ETag": etag,
        "Last-Modified": format_datetime(dataset.last_modified, usegmt=True),
        "Cache-Control": "public, no-cache",
        "Vary": "Accept",
        "X-HRC-Dataset-Version": dataset.version,
    }


def not_modified(request: Request, etag: str, last_modified: datetime | None) -> bool:
    """Whether a GET or HEAD may be answered 304 (RFC 9110: If-None-Match, with weak comparison,
    takes precedence over If-Modified-Since)."""
    if request.method not in ("GET", "HEAD"):
        return False
    inm = request.headers.get("if-none-match")
    if inm is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or etag.removeprefix("W/") in tags
    ims = request.headers.get("if-modified-since")
    if ims and last_modified is not None:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return last_modified.replace(microsecond=0) <= since
    return False


async def unless_client_leaves(request: Request, work: Coroutine[Any, Any, T]) -> T:
    """Await ``work``, but cancel it when the client disconnects meanwhile: a query nobody waits for
    is stopped (its worker is killed and replaced) instead of running on to the time limit."""
    task = asyncio.ensure_future(work)
    if task.done():
        return task.result()
    watcher = asyncio.ensure_future(_disconnected(request))
    try:
        await asyncio.wait({task, watcher}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        if not task.done() and watcher.done():
            task.cancel()
        watcher.cancel()
    if task.cancelled() or not task.done():
        with contextlib.suppress(asyncio.CancelledError):
            await task
        raise ClientLeft("the client closed the connection before the answer was ready")
    return task.result()


async def _disconnected(request: Request) -> None:
    while (await request.receive())["type"] != "http.disconnect":
        pass
