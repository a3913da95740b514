"""Admission control: a cap on the queries one client runs at once (429 with Retry-After past it).

A client is its connection's address, or, behind a trusted proxy, the value of a header the proxy
sets (``client_header``, e.g. ``X-Forwarded-For``: its first address). The bounded wait for a free
worker (503 with Retry-After past it) is the pool's (``worker_wait_s``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from starlette.requests import Request

from hrcgraph.graph.errors import TooManyQueries


def client_of(request: Request, header: str | None) -> str | None:
    """Who sends the request: the trusted proxy's header when one is configured, else the address."""
    if header:
        value = request.headers.get(header)
        if value:
            return value.split(",")[0].strip()
    return request.client.host if request.client else None


class ClientLimiter:
    """Counts each client's queries in progress; ``limit`` 0 turns the cap off."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.running: Counter[str] = Counter()
        self.refused = 0

    @contextmanager
    def admit(self, client: str | None) -> Iterator[None]:
        if client is None or self.limit <= 0:
            yield
            return
        if self.running[client] >= self.limit:
            self.refused += 1
            raise TooManyQueries(
                f"this client already runs {self.limit} queries at once, the most one client may; "
                "send the next when one has answered", retry_after=1)
        self.running[client] += 1
        try:
            yield
        finally:
            self.running[client] -= 1
            if self.running[client] <= 0:
                del self.running[client]
