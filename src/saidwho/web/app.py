"""The FastAPI application: pages, their JSON twins under /api/, error handling, static files and API docs.

``create_app(store)`` builds it around an open Store; ``saidwho serve`` runs it with uvicorn. Pages are rendered on
the server with Jinja2 (autoescaping every value) and a little JavaScript; every page has a JSON twin:

    /                    /api/search          full-text search with facets
    /articles/{id}       /api/articles/{id}   an article with its quotes highlighted
    /speakers/{id}       /api/speakers/{id}   a speaker: names, roles, counts, quotes over time, quotes
    /analyze             /api/analyze         extract a pasted or uploaded page, saved only on request
                         /api/ingest          store saidwho records (not with --read-only)
                         /api/stats           what the store holds
    /docs                /openapi.json        the API, described
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import (
    BadRequest,
    BadSearchQuery,
    NotFound,
    ReadOnlyServer,
    RequestTooLarge,
    SaidwhoError,
    StoreUnavailable,
)
from ..store import Store
from .security import BodyLimit, SecurityHeaders

HERE = Path(__file__).resolve().parent
DEFAULT_MAX_UPLOAD = 5_000_000  # bytes of a paste, upload or API body
STATUS = {
    BadSearchQuery: 400,
    BadRequest: 400,
    NotFound: 404,
    ReadOnlyServer: 403,
    RequestTooLarge: 413,
    StoreUnavailable: 503,
}


@dataclass
class WebState:
    """What the routes share: the store, the server's mode and limits, the templates."""

    store: Store
    read_only: bool = False
    max_upload: int = DEFAULT_MAX_UPLOAD
    templates: Any = None
    extract_lock: threading.Lock = field(default_factory=threading.Lock)  # one extraction at a time: spaCy is shared


def status_of(exc: SaidwhoError) -> int:
    for cls, status in STATUS.items():
        if isinstance(exc, cls):
            return status
    return 500


def create_app(store: Store, *, read_only: bool = False, max_upload: int = DEFAULT_MAX_UPLOAD) -> Any:
    """The web app over ``store``. ``read_only`` refuses every write (ingest, analyze with save); ``max_upload``
    caps request bodies in bytes (larger ones get 413)."""
    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse
    from fastapi.staticfiles import StaticFiles
    from fastapi.templating import Jinja2Templates
    from starlette.exceptions import HTTPException as StarletteHTTPException

    from .. import __version__
    from . import api, docs, pages

    app = FastAPI(
        title="saidwho",
        version=__version__,
        description="Who said what: search quotations by words, speaker, source and date; read an article with each "
        "quote in its speaker's colour; analyze a page. Every page of the web app has a JSON twin here.",
        docs_url=None,
        redoc_url=None,
    )
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    # the package's templates do not change while it runs: no stat() of each template and its parents per page
    templates.env.auto_reload = False
    templates.env.globals["read_only"] = read_only
    templates.env.globals["version"] = __version__
    state = WebState(store=store, read_only=read_only, max_upload=max_upload, templates=templates)
    app.state.web = state

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    docs.mount(app)
    app.include_router(api.router)
    app.include_router(pages.router)

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"

    def error_response(request: Request, status: int, code: str, message: str, details: Any = None) -> Any:
        if wants_json(request):
            body: dict[str, Any] = {"code": code, "message": message, "status": status}
            if details is not None:
                body["details"] = details
            return JSONResponse({"error": body}, status_code=status)
        return templates.TemplateResponse(
            request, "error.html", {"status": status, "code": code, "message": message}, status_code=status
        )

    @app.exception_handler(SaidwhoError)
    async def saidwho_error(request: Request, exc: SaidwhoError) -> Any:
        return error_response(request, status_of(exc), exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Any:
        details = [
            {"field": ".".join(str(p) for p in e.get("loc", ()) if p != "body"), "problem": e.get("msg", "")}
            for e in exc.errors()
        ]
        message = "; ".join(f"{d['field'] or 'body'}: {d['problem']}" for d in details) or "the request does not validate"
        return error_response(request, 422, BadRequest.code, message, details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Any:
        if exc.status_code == 404:
            return error_response(request, 404, NotFound.code, f"no page at {request.url.path}")
        code = RequestTooLarge.code if exc.status_code == 413 else BadRequest.code
        return error_response(request, exc.status_code, code, str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Any:  # a bug: say so, without a stack trace
        return error_response(request, 500, "SW000", f"internal error: {type(exc).__name__}")

    return _wrap(app, max_upload)


def _wrap(app: Any, max_upload: int) -> Any:
    """The app inside its middleware (outermost first: security headers, then the body limit), keeping FastAPI's
    attributes reachable for tests and uvicorn."""
    app.add_middleware(BodyLimit, limit=max_upload)
    app.add_middleware(SecurityHeaders)
    return app
