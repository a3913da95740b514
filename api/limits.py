"""A cap on the size of requests: bodies (413 past it) and query strings (414), before any route runs.

A declared Content-Length over the cap is refused at once; a body without one (chunked) is read
up to the cap and refused as soon as it passes it, so a client cannot make the server buffer an
unbounded body.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hrcgraph.api.errors import error_response


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        if len(scope.get("query_string") or b"") > self.max_bytes:
            await self._refuse(scope, receive, send, headers, status=414, what="the URL's query string")
            return
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_bytes
            except ValueError:
                too_big = False
            if too_big:
                await self._refuse(scope, receive, send, headers)
                return
        messages: list[Message] = []
        received = 0
        more = scope["method"] not in ("GET", "HEAD") or declared is not None
        while more:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                await self._refuse(scope, receive, send, headers)
                return
            more = bool(message.get("more_body"))

        async def replay() -> Message:
            if messages:
                return messages.pop(0)
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, headers: dict[bytes, bytes], *,
                      status: int = 413, what: str = "the request body") -> None:
        accept = headers.get(b"accept", b"").decode("latin-1") or None
        response = error_response(
            accept, status, "payload-too-large" if status == 413 else "uri-too-long",
            f"{what} is larger than this server accepts ({self.max_bytes} bytes); "
            + ("send long queries by POST" if status == 414 else "shorten the request"),
        )
        response.headers["Connection"] = "close"
        await response(scope, receive, send)
