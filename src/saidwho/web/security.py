"""What every response carries and what every request may weigh: security headers and the body-size limit.

Both are plain ASGI middleware, so they hold for every route, static files and errors included.
"""

from __future__ import annotations

import json
from typing import Any, Awaitable, Callable

# Scripts, styles, images and forms from this server only: no inline script or style can run, so text from a
# scraped page that slipped into the markup still could not execute. The API docs page (/docs) gets the same policy
# except that Swagger UI sets inline styles.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
CSP_DOCS = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class SecurityHeaders:
    """Adds the Content-Security-Policy and the other headers above to every HTTP response."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = CSP_DOCS if scope.get("path", "") == "/docs" else CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"content-security-policy"]
                headers.append((b"content-security-policy", policy.encode()))
                headers.extend(HEADERS)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Answers 413 (SW602) to a request whose body is over ``limit`` bytes: at once when its Content-Length says
    so, else as soon as the streamed body passes the limit, before the route reads it all."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracking_send)
        except _TooLarge:
            if not started:
                await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        megabytes = self.limit / 1_000_000
        message = (
            f"the request body is over this server's limit of {megabytes:g} MB; send a smaller page, or start the "
            "server with a larger --max-upload"
        )
        if scope.get("path", "").startswith("/api/"):
            body = json.dumps({"error": {"code": "SW602", "message": message, "status": 413}}).encode()
            ctype = b"application/json"
        else:
            body = (
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Too large</title>"
                "<link rel=\"stylesheet\" href=\"/static/style.css\"></head><body><main class=\"error\">"
                f"<h1>413: too large</h1><p>[SW602] {message}</p><p><a href=\"/analyze\">Back</a></p></main></body></html>"
            ).encode()
            ctype = b"text/html; charset=utf-8"
        await send({
            "type": "http.response.start", "status": 413,
            "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode()), (b"connection", b"close")],
        })
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass
