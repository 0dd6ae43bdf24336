"""The batch reader: files, directories, JSONL (plain or .gz) and WARC (plain or .gz) -> Items, in a fixed order.

The order is what makes shards deterministic: arguments in the order given, directories walked in sorted order,
lines and records in file order. Every unit looked at is counted under ``read`` (a file, a JSONL line, a WARC
record, a file skipped in a directory); each one that yields no Item is counted under a ``skipped_<reason>`` key,
so that read = items + skipped.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterator
from pathlib import PurePath

from ..errors import InputNotFound, SaidwhoError
from ..ingest.failure import Stats, bump
from ..ingest.files import EXTENSIONS, read_bounded, unreadable_directory, unreadable_error, walk_directory
from ..ingest.source import too_large
from ..ingest.warc import is_warc, iter_warc
from .items import Item

READ = "read"
BYTES = "input_bytes_read"  # bytes of the input files read so far (compressed bytes for .gz), for the ETA
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
# read when walking a directory (a file named on the command line is read whatever its name)
DIRECTORY_SUFFIXES = (*EXTENSIONS, ".jsonl.gz", ".warc", ".warc.gz")
SKIP_EXTENSION = "skipped_unsupported_extension"
SKIP_HIDDEN = "skipped_hidden"
SKIP_BLANK = "skipped_blank_jsonl_line"


def read_items(paths: list[str], *, max_bytes: int, stats: Stats | None = None) -> Iterator[Item]:
    """Items from ``paths`` in a deterministic order; never raises for one bad input (it becomes a failure Item),
    except MissingExtra (SW202) for a WARC file without fastwarc."""
    for arg in map(os.fspath, paths):
        if os.path.isdir(arg):
            yield from _directory(arg, max_bytes, stats)
        elif os.path.exists(arg):
            yield from _file(arg, arg, max_bytes, stats)
        else:
            bump(stats, READ)
            yield _failure(arg, arg, InputNotFound("no such file or directory; check the path", source=arg))


def _directory(root: str, max_bytes: int, stats: Stats | None) -> Iterator[Item]:
    listing = walk_directory(root, lambda name: name.lower().endswith(DIRECTORY_SUFFIXES))
    bump(stats, READ, listing.hidden + listing.unwanted)
    bump(stats, SKIP_HIDDEN, listing.hidden)
    bump(stats, SKIP_EXTENSION, listing.unwanted)
    for exc in listing.errors:  # a subdirectory that cannot be read is a failure, not passed over in silence
        err = unreadable_directory(exc, root)
        bump(stats, READ)
        yield _failure(str(err.source), str(err.source), err)
    for doc_id, full in listing.files:
        yield from _file(full, doc_id, max_bytes, stats)


def _file(path: str, doc_id: str, max_bytes: int, stats: Stats | None) -> Iterator[Item]:
    low = path.lower()
    if is_warc(low):
        yield from _warc(path, doc_id, max_bytes, stats)
    elif low.endswith(JSONL_SUFFIXES):
        yield from _jsonl(path, doc_id, max_bytes, stats)
    else:
        bump(stats, READ)
        item = _page(path, doc_id, max_bytes)
        bump(stats, BYTES, _size(path))
        yield item


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _at(stats: Stats | None, base: int, raw: object) -> None:
    """Record how far into the input the reader is: ``base`` bytes of earlier files plus the position in this one."""
    if stats is not None:
        try:
            stats[BYTES] = base + raw.tell()  # type: ignore[attr-defined]
        except (OSError, ValueError, AttributeError):
            pass


def _page(path: str, doc_id: str, max_bytes: int) -> Item:
    fmt = EXTENSIONS.get(PurePath(path).suffix.lower())
    try:
        data = read_bounded(path, doc_id, max_bytes)
    except SaidwhoError as exc:
        return _failure(doc_id, path, exc, fmt)
    except OSError as exc:
        return _failure(doc_id, path, unreadable_error(doc_id, exc), fmt)
    return Item(id=doc_id, kind="page", data=data, format=fmt, path=path)


def _jsonl(path: str, name: str, max_bytes: int, stats: Stats | None) -> Iterator[Item]:
    base = (stats or {}).get(BYTES, 0)
    try:
        raw = open(path, "rb")
    except OSError as exc:
        bump(stats, READ)
        yield _failure(name, path, unreadable_error(name, exc), "jsonl")
        return
    fh = gzip.GzipFile(fileobj=raw, mode="rb") if path.lower().endswith(".gz") else raw
    limit = max_bytes + 2
    lineno = 0
    with raw, fh:
        while True:
            _at(stats, base, raw)
            try:
                line = fh.readline(limit)
            except (OSError, EOFError) as exc:  # a damaged .gz: what was read is kept
                bump(stats, READ)
                yield _failure(f"{name}:{lineno + 1}", path, unreadable_error(name, exc), "jsonl")
                return
            if not line:
                break
            lineno += 1
            bump(stats, READ)
            if len(line) >= limit and not line.endswith(b"\n"):
                while line and not line.endswith(b"\n"):
                    line = fh.readline(1 << 20)
                where = f"{name}:{lineno}"
                yield _failure(where, path, too_large(None, max_bytes, where), "jsonl")
            elif not line.strip():
                bump(stats, SKIP_BLANK)
            else:
                yield Item(id=f"{name}:{lineno}", kind="jsonl", data=line, path=path, lineno=lineno, name=name)
    if stats is not None:
        stats[BYTES] = base + _size(path)


def _warc(path: str, name: str, max_bytes: int, stats: Stats | None) -> Iterator[Item]:
    counts: dict[str, int] = {}
    base = (stats or {}).get(BYTES, 0)
    try:
        for page in iter_warc(path, max_bytes=max_bytes, stats=counts, position=lambda raw: _at(stats, base, raw)):
            yield Item(id=page.record_id, kind="page", data=page.payload, format="html", path=path, url=page.url, charset=page.charset)
    except OSError as exc:
        counts["warc_records"] = counts.get("warc_records", 0) + 1
        yield _failure(name, path, unreadable_error(name, exc), "html")
    finally:
        for key, n in counts.items():
            bump(stats, READ if key == "warc_records" else key, n)
        if stats is not None:
            stats[BYTES] = base + _size(path)


def _failure(doc_id: str, path: str | None, err: SaidwhoError, fmt: str | None = None) -> Item:
    return Item(id=doc_id, kind="failure", path=path, format=fmt or "text", code=err.code, message=err.message)


