"""A tiny ASGI app for the tests of ``saidwho serve --workers``: answers every request with the process id that
served it, and fails its startup when ``PIDAPP_FAIL`` is set."""

from __future__ import annotations

import json
import os


async def app(scope, receive, send):  # type: ignore[no-untyped-def]
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                if os.environ.get("PIDAPP_FAIL"):
                    await send({"type": "lifespan.startup.failed", "message": "told to fail"})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    body = json.dumps({"pid": os.getpid()}).encode()
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
