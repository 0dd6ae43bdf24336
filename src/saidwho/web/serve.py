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
READ_ONLY_ENV, MAX_UPLOAD_ENV, READERS_ENV = "SAIDWHO_READ_ONLY", "SAIDWHO_MAX_UPLOAD", "SAIDWHO_READERS"


def readers_per_worker(workers: int, cores: int | None = None) -> int:
    """Reader slots (searches at once) for each of ``workers`` processes when ``serve --readers`` is not given.

    One process: two per core, so that one thread's Python overlaps another's time in SQLite or PostgreSQL (on the
    2-core benchmark machine 4 slots made 533 searches/s against 473 with 2). Several: the cores shared among them,
    at least one each, as each process keeps a core busy on its own and more slots only make its requests share it:
    with two workers on two cores, one slot each gave PostgreSQL's search p95 70-93 ms against 88-101 ms with two,
    SQLite's the same with either (docs/benchmarks.md)."""
    cores = cores or os.cpu_count() or 1
    return 2 * cores if workers <= 1 else max(1, cores // workers)


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
    readers: int | None = None,
    access_log: bool = False,
    log_level: str = "info",
) -> int:
    import uvicorn

    from ..store import open_store
    from . import create_app

    readers = readers or readers_per_worker(workers)
    tmp = None
    if example and db is None:  # a throwaway store for the bundled pages, removed when the server stops
        tmp = tempfile.TemporaryDirectory(prefix="saidwho-example-")
        db = str(Path(tmp.name) / "example.db")
    try:
        with open_store(db, readers=readers) as store:
            if example:
                print("saidwho serve: extracting the bundled example pages…", file=sys.stderr)
                report = store.ingest(example_records())
                print(f"saidwho serve: {report.summary()}", file=sys.stderr)
            mode = " (read-only)" if read_only else ""
            many = f" with {workers} worker processes" if workers > 1 else ""
            many += f", {readers} search{'es' if readers != 1 else ''} at once" + (" in each" if workers > 1 else "")
            print(f"saidwho serve: {store.address.shown}{mode} at http://{host}:{port}/{many}  (Ctrl-C to stop)", file=sys.stderr)
            if workers > 1:  # each worker process imports saidwho.web.asgi, which opens the store from these
                os.environ["SAIDWHO_DB"] = store.address.target
                os.environ[READ_ONLY_ENV] = "1" if read_only else ""
                os.environ[MAX_UPLOAD_ENV] = str(max_upload / 1_000_000)
                os.environ[READERS_ENV] = str(readers)
                import socket

                if not hasattr(socket, "send_fds"):  # no descriptor passing (Windows): uvicorn's shared socket
                    uvicorn.run("saidwho.web.asgi:app", host=host, port=port, workers=workers, log_level=log_level,
                                access_log=access_log)
                    return 0
                from . import balance

                return balance.run(
                    "saidwho.web.asgi:app", host=host, port=port, workers=workers, log_level=log_level, access_log=access_log
                )
            else:
                app = create_app(store, read_only=read_only, max_upload=max_upload)
                uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=access_log)
    finally:
        if tmp is not None:
            tmp.cleanup()
    return 0
