"""saidwho's web app: search, articles with highlighted quotes, speakers, analyze, and a JSON API (extra ``web``).

    saidwho serve [--db URL] [--host 127.0.0.1] [--port 8000] [--read-only]

or from Python: ``create_app(open_store(url))`` gives an ASGI app for any ASGI server.
"""

from __future__ import annotations

from typing import Any

from ..errors import MissingExtra


def require_web() -> None:
    """Raise MissingExtra (SW202) with the install hint when the web extra is not installed."""
    from importlib.util import find_spec

    missing = [name for name in ("fastapi", "jinja2", "uvicorn") if find_spec(name) is None]
    if find_spec("python_multipart") is None and find_spec("multipart") is None:  # form posts and uploads
        missing.append("python-multipart")
    if missing:
        raise MissingExtra(
            f"the web app needs FastAPI, Jinja2, python-multipart and uvicorn ({', '.join(missing)} missing): "
            "pip install 'saidwho[web]'"
        )


def create_app(store: Any, *, read_only: bool = False, max_upload: int | None = None) -> Any:
    """The ASGI app over an open Store (see app.create_app)."""
    require_web()
    from .app import DEFAULT_MAX_UPLOAD
    from .app import create_app as build

    return build(store, read_only=read_only, max_upload=max_upload or DEFAULT_MAX_UPLOAD)
