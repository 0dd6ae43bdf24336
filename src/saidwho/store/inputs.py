"""What `saidwho ingest` reads: record files (JSON Lines as `saidwho extract` writes them, optionally gzipped, or
a JSON array), and raw pages (text, HTML, JSONL of articles), which are extracted first.

A file is a record file when its first non-blank line is a JSON object with a ``schema`` field (or it is a JSON
array); anything else goes through the same reading and extraction as `saidwho extract`. Yields records (dicts)
and ``Rejected`` items for lines that are not JSON, so that ``Store.ingest`` counts every line.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
from collections.abc import Callable, Iterator
from typing import IO, Any

from ..errors import InputNotFound, MissingExtra, ModelNotInstalled, SaidwhoError
from ..ingest import DEFAULT_MAX_BYTES, EXTENSIONS, IngestFailure, iter_documents
from ..ingest.failure import Stats, bump
from ..ingest.files import unreadable_directory, walk_directory
from ..ingest.jsonl import iter_jsonl
from ..model import Article, error_record
from .records import NOT_JSON, Rejected, refusal

Item = dict[str, Any] | Rejected
Extractor = Callable[[Article], dict[str, Any]]
# read in a directory: the page extensions `saidwho extract` reads, and gzipped JSON Lines
DIRECTORY_SUFFIXES = (*EXTENSIONS, ".jsonl.gz", ".json")
PAGES = "pages extracted"
FATAL = {ModelNotInstalled.code: ModelNotInstalled, MissingExtra.code: MissingExtra}


def iter_inputs(
    paths: list[str],
    *,
    stdin: IO[bytes] | None = None,
    extract: Extractor | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stats: Stats | None = None,
) -> Iterator[Item]:
    """Records from ``paths`` (files, directories read recursively, ``-`` for ``stdin``), in order. Pages are
    turned into records by ``extract`` (default ``saidwho.pipeline.extract_article``); a page that cannot be read
    or extracted becomes a ``Rejected`` item under ``error record SWnnn``. ``stats`` counts files, pages
    extracted and files skipped in directories (``skipped_hidden``, ``skipped_unsupported_extension``)."""
    extract = extract or _default_extract
    for arg in map(os.fspath, paths):
        if arg == "-":
            stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", sys.stdin)
            yield from _stream(stream, "stdin", "-", extract, max_bytes, stats, plain=True)
        elif os.path.isdir(arg):
            yield from _directory(arg, extract, max_bytes, stats)
        elif os.path.isfile(arg):
            yield from _file(arg, arg, extract, max_bytes, stats)
        else:
            yield Rejected(f"error record {InputNotFound.code}", arg)


def _default_extract(article: Article) -> dict[str, Any]:
    from ..pipeline import extract_article

    return extract_article(article)


def _directory(root: str, extract: Extractor, max_bytes: int, stats: Stats | None) -> Iterator[Item]:
    listing = walk_directory(root, lambda name: name.lower().endswith(DIRECTORY_SUFFIXES))
    bump(stats, "skipped_hidden", listing.hidden)
    bump(stats, "skipped_unsupported_extension", listing.unwanted)
    for exc in listing.errors:  # a subdirectory that cannot be read is counted, not passed over in silence
        err = unreadable_directory(exc, root)
        yield Rejected(f"error record {err.code}", err.message)
    for doc_id, path in listing.files:
        yield from _file(path, doc_id, extract, max_bytes, stats)


def _file(path: str, doc_id: str, extract: Extractor, max_bytes: int, stats: Stats | None) -> Iterator[Item]:
    bump(stats, "files")
    gz = path.lower().endswith(".gz")
    try:
        stream: IO[bytes] = gzip.open(path, "rb") if gz else open(path, "rb")
    except OSError as exc:
        yield Rejected(f"error record {InputNotFound.code}", f"{path}: {exc.strerror or exc}")
        return
    with stream:
        try:
            yield from _stream(stream, doc_id.removesuffix(".gz"), path, extract, max_bytes, stats, plain=not gz)
        except (OSError, EOFError) as exc:  # a corrupt gzip file: what was read is kept, the rest is counted
            yield Rejected(f"unreadable file ({type(exc).__name__})", path)


def _stream(
    stream: IO[bytes], doc_id: str, path: str, extract: Extractor, max_bytes: int, stats: Stats | None, *, plain: bool
) -> Iterator[Item]:
    head: list[bytes] = []
    for line in stream:
        head.append(line)
        if line.strip():
            break
    first = head[-1].strip() if head else b""
    if first.startswith(b"["):  # a JSON array of records (`saidwho extract --format json`)
        yield from _array(b"".join(head) + stream.read(), path)
    elif _is_record_line(first):
        yield from _record_line(first, f"{path}:{len(head)}")
        for lineno, line in enumerate(stream, start=len(head) + 1):
            if line.strip():
                yield from _record_line(line, f"{path}:{lineno}")
    elif plain and path != "-":
        stream.close()  # a page file: read it as `saidwho extract` does
        yield from _pages(iter_documents([path], max_bytes=max_bytes), extract, stats)
    else:
        data = b"".join(head) + stream.read(max_bytes + 1)
        if _is_json_object(first):
            items: Iterator[Article | IngestFailure] = iter_jsonl(io.BytesIO(data), doc_id, path=path, max_bytes=max_bytes)
        else:
            items = iter_documents(["-"], max_bytes=max_bytes, stdin=io.BytesIO(data))
            if doc_id != "stdin":
                items = (_renamed(item, doc_id, path) for item in items)
        yield from _pages(items, extract, stats)


def _renamed(item: Article | IngestFailure, doc_id: str, path: str) -> Article | IngestFailure:
    item.id, item.path = doc_id, path
    return item


def _json_object(data: bytes) -> dict[str, Any] | None:
    """``data`` as a JSON object, or None when it is not one."""
    if not data.startswith(b"{"):
        return None
    try:
        obj = json.loads(data)
    except (ValueError, RecursionError):
        return None
    return obj if isinstance(obj, dict) else None


def _is_json_object(line: bytes) -> bool:
    return _json_object(line) is not None


def _is_record_line(line: bytes) -> bool:
    obj = _json_object(line)
    return obj is not None and "schema" in obj


def records_of(data: bytes, where: str) -> Iterator[Item]:
    """The records in one body of bytes (a web request): a JSON array, one JSON object however it is laid out, or
    JSON Lines. A line that is not JSON is a ``Rejected`` item, so that the store counts it."""
    body = data.strip()
    if body.startswith(b"["):
        yield from _array(body, where)
        return
    whole = _json_object(body)
    if whole is not None:
        yield whole
        return
    for lineno, line in enumerate(data.splitlines(), start=1):
        if line.strip():
            yield from _record_line(line, f"{where} line {lineno}")


def _record_line(line: bytes, where: str) -> Iterator[Item]:
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError):
        yield Rejected(NOT_JSON, where)
        return
    reason = refusal(obj)  # checked here too, so that the count names the file and line
    yield Rejected(reason, where) if reason else obj


def _array(data: bytes, where: str) -> Iterator[Item]:
    try:
        items = json.loads(data)
    except (ValueError, RecursionError):
        yield Rejected(NOT_JSON, where)
        return
    if not isinstance(items, list):
        yield Rejected(NOT_JSON, where)
        return
    yield from items


def _pages(items: Iterator[Article | IngestFailure], extract: Extractor, stats: Stats | None) -> Iterator[Item]:
    for item in items:
        if isinstance(item, IngestFailure):
            rec = error_record(item.id, item.error.code, item.error.message, path=item.path, fmt=item.format or "text")
        else:
            try:
                rec = extract(item)
            except SaidwhoError as exc:
                rec = error_record(item.id, exc.code, exc.message, path=item.path, fmt=item.format)
            bump(stats, PAGES)
        err = rec.get("error")
        if err and err.get("code") in FATAL:  # would fail every page alike: stop, as `saidwho extract` does
            raise FATAL[err["code"]](err["message"])
        yield rec
