"""``saidwho serve``: open the store, optionally load the bundled example pages, and run the app with uvicorn."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

EXAMPLE_FILES = ("opinion-blog.txt", "pages.jsonl")
# how `serve --workers N` hands its settings to the worker processes (saidwho.web.asgi reads them)
READ_ONLY_ENV, MAX_UPLOAD_ENV = "SAIDWHO_READ_ONLY", "SAIDWHO_MAX_UPLOAD"


def example_records() -> Iterator[dict[str, Any]]:
    """saidwho records of the bundled example pages (extracted now: the first one loads the spaCy model)."""
    from ..ingest.failure import IngestFailure
    from ..ingest.files import iter_documents
    from ..model import error_record
    from ..pipeline import extract_article

    base = resources.files("saidwho") / "examples"
    for name in EXAMPLE_FILES:
        with resources.as_file(base / name) as path:
            for item in iter_documents([str(path)]):
                if isinstance(item, IngestFailure):  # cannot happen with the bundled files; counted if it does
                    yield error_record(item.id, item.error.code, item.error.message, path=item.path, fmt=item.format)
                else:
                    if not name.endswith(".jsonl"):
                        item.id = f"examples/{name}"
                    yield extract_article(item)


def serve(
    db: str | None,
    *,
    host: str,
    port: int,
    read_only: bool,
    max_upload: int,
    example: bool,
    workers: int = 1,
    access_log: bool = False,
    log_level: str = "info",
) -> int:
    import uvicorn

    from ..store import open_store
    from . import create_app

    tmp = None
    if example and db is None:  # a throwaway store for the bundled pages, removed when the server stops
        tmp = tempfile.TemporaryDirectory(prefix="saidwho-example-")
        db = str(Path(tmp.name) / "example.db")
    try:
        with open_store(db) as store:
            if example:
                print("saidwho serve: extracting the bundled example pages…", file=sys.stderr)
                report = store.ingest(example_records())
                print(f"saidwho serve: {report.summary()}", file=sys.stderr)
            mode = " (read-only)" if read_only else ""
            many = f" with {workers} worker processes" if workers > 1 else ""
            print(f"saidwho serve: {store.address.shown}{mode} at http://{host}:{port}/{many}  (Ctrl-C to stop)", file=sys.stderr)
            if workers > 1:  # each worker process imports saidwho.web.asgi, which opens the store from these
                os.environ["SAIDWHO_DB"] = store.address.target
                os.environ[READ_ONLY_ENV] = "1" if read_only else ""
                os.environ[MAX_UPLOAD_ENV] = str(max_upload / 1_000_000)
                uvicorn.run(
                    "saidwho.web.asgi:app", host=host, port=port, workers=workers, log_level=log_level, access_log=access_log
                )
            else:
                app = create_app(store, read_only=read_only, max_upload=max_upload)
                uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=access_log)
    finally:
        if tmp is not None:
            tmp.cleanup()
    return 0
