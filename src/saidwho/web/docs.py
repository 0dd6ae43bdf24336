"""API docs at /docs: Swagger UI over /openapi.json, its files served from the fastapi-offline package (no CDN: the
page works offline and under the same Content-Security-Policy as the rest, inline styles apart)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>saidwho API</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="/docs-assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs-assets/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script>
</body></html>
"""


def mount(app: Any) -> None:
    from fastapi.responses import HTMLResponse
    from fastapi.staticfiles import StaticFiles

    try:
        import fastapi_offline
    except ImportError:  # the web extra brings it; without it /docs says how to get it
        assets = None
    else:
        assets = Path(fastapi_offline.__file__).parent / "static"
        app.mount("/docs-assets", StaticFiles(directory=str(assets)), name="docs-assets")

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs_page() -> HTMLResponse:
        if assets is None:
            return HTMLResponse(
                "<!doctype html><title>saidwho API</title><p>The API is described at "
                "<a href=\"/openapi.json\">/openapi.json</a>; install the web extra "
                "(pip install 'saidwho[web]') for the browsable docs.</p>"
            )
        return HTMLResponse(PAGE)
