"""The web app as a module-level ASGI app, for servers that start several worker processes:

    SAIDWHO_DB=postgresql://reader@db/quotes SAIDWHO_READ_ONLY=1 uvicorn saidwho.web.asgi:app --workers 4

Settings come from the environment: ``SAIDWHO_DB`` (the store; default ``saidwho.db``), ``SAIDWHO_READ_ONLY``
(``1`` refuses writes), ``SAIDWHO_MAX_UPLOAD`` (megabytes, default 5) and ``SAIDWHO_READERS`` (searches at once in
this process; default twice the number of cores). ``saidwho serve --workers N`` runs this.
"""

from __future__ import annotations

import os

from ..store import open_store
from . import create_app
from .serve import MAX_UPLOAD_ENV, READ_ONLY_ENV, READERS_ENV

app = create_app(
    open_store(os.environ.get("SAIDWHO_DB") or None, readers=int(os.environ.get(READERS_ENV) or 0) or None),
    read_only=os.environ.get(READ_ONLY_ENV, "") in ("1", "true", "yes"),
    max_upload=int(float(os.environ.get(MAX_UPLOAD_ENV) or 5) * 1_000_000),
)
