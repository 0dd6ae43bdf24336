"""JSON Lines input: one document per line, ``{"text": ...}`` or ``{"html": ...}`` with optional ``id``,
``url``, ``title``, ``published`` (or ``date``: the publication date as the corpus gives it) and ``author`` (a
string) or ``authors`` (a list). A bad line is a failure (SW106) and the file goes on; blank lines are skipped."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..errors import BadJSONLine, ExtractionFailed, SaidwhoError
from ..model import Article
from .failure import BLANK_LINES, DOCUMENTS, FAILURES, IngestFailure, Stats, bump
from .source import article_from_input, too_large


def iter_jsonl(
    stream: BinaryIO, name: str, *, path: str | None, max_bytes: int, stats: Stats | None = None
) -> Iterator[Article | IngestFailure]:
    """Documents from an open binary JSONL stream. ``name`` is the file's document-id prefix: a line without
    an ``id`` gets ``<name>:<line number>``. ``max_bytes`` limits each line, not the file."""
    for lineno, raw in enumerate(_lines(stream, max_bytes), start=1):
        where = f"{name}:{lineno}"
        if raw is None:
            item: Article | IngestFailure = _failure(where, path, too_large(None, max_bytes, where))
        elif not raw.strip():
            bump(stats, BLANK_LINES)
            continue
        else:
            item = _document(raw, lineno, where, path, max_bytes)
        bump(stats, FAILURES if isinstance(item, IngestFailure) else DOCUMENTS)
        yield item


def document_from_line(raw: bytes, lineno: int, name: str, *, path: str | None, max_bytes: int) -> Article | IngestFailure:
    """One raw line (bytes, not blank) of a JSONL file named ``name`` -> an Article or an IngestFailure: what
    ``iter_jsonl`` yields for it. Batch runners read lines in one process and parse them in another."""
    where = f"{name}:{lineno}"
    if len(raw) > max_bytes + 2:
        return _failure(where, path, too_large(None, max_bytes, where))
    return _document(raw, lineno, where, path, max_bytes)


def _lines(stream: BinaryIO, max_bytes: int) -> Iterator[bytes | None]:
    """The lines of ``stream``; None for a line longer than ``max_bytes`` (read past, never held whole)."""
    limit = max_bytes + 2  # the line itself plus "\r\n"
    while True:
        line = stream.readline(limit)
        if not line:
            return
        if len(line) >= limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(1 << 20)
            yield None
            continue
        yield line


def _document(raw: bytes, lineno: int, where: str, path: str | None, max_bytes: int) -> Article | IngestFailure:
    doc_id = where
    try:
        obj = _parse(raw, lineno, where)
        doc_id = _id(obj, where)
        kind, content = _content(obj, where)
        article = article_from_input(
            content,
            id=doc_id,
            format=kind,
            url=_optional_str(obj, "url", where),
            title=_optional_str(obj, "title", where),
            max_bytes=max_bytes,
            path=f"{path}:{lineno}" if path else where,
        )
        authors = _authors(obj, where)
        if authors:
            article.authors = authors  # the line's own metadata wins over what the HTML says
        published = _optional_str(obj, "published", where) or _optional_str(obj, "date", where)
        if published:
            article.published = published.strip()
    except SaidwhoError as exc:
        return _failure(doc_id, path, exc)
    except Exception as exc:  # a bug in a reader must not end the run: record it
        return _failure(doc_id, path, ExtractionFailed(f"reading failed: {type(exc).__name__}: {exc}", source=where))
    if article.format == "text":
        article.format = "jsonl"
    return article


def _authors(obj: dict[str, Any], where: str) -> list[str]:
    """The optional ``author`` (a string) or ``authors`` (a string or a list of strings) field."""
    value = obj.get("authors", obj.get("author"))
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadJSONLine("'author' must be a string and 'authors' a list of strings", source=where)
    return [" ".join(v.split()) for v in value if v.strip()]


def _parse(raw: bytes, lineno: int, where: str) -> dict[str, Any]:
    if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadJSONLine(f"not UTF-8 (byte {exc.start}); JSON Lines files must be UTF-8", source=where) from None
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        detail = f"{exc.msg.removesuffix(' at')} at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
        raise BadJSONLine(f"invalid JSON ({detail}); each line must be one JSON object", source=where) from None
    if not isinstance(obj, dict):
        raise BadJSONLine(
            f"a JSON {type(obj).__name__} where an object was expected; each line must be like "
            '{"id": "...", "text": "..."}',
            source=where,
        )
    return obj


def _id(obj: dict[str, Any], where: str) -> str:
    value = obj.get("id")
    if value is None:
        return where
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise BadJSONLine(f'"id" must be a string or an integer, not {type(value).__name__}', source=where)
    return str(value) if str(value).strip() else where


def _content(obj: dict[str, Any], where: str) -> tuple[str, str]:
    """("text", text) or ("html", html); "text" wins when a line has both."""
    for key in ("text", "html"):
        value = obj.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise BadJSONLine(f'"{key}" must be a string, not {type(value).__name__}', source=where)
        return key, value
    raise BadJSONLine('no "text" or "html" field; each line needs one of them', source=where)


def _optional_str(obj: dict[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is None or isinstance(value, str):
        return value or None
    raise BadJSONLine(f'"{key}" must be a string or null, not {type(value).__name__}', source=where)


def _failure(doc_id: str, path: str | None, error: SaidwhoError) -> IngestFailure:
    return IngestFailure(id=doc_id, path=path, format="jsonl", error=error)
