"""The one per-document function every batch engine calls (local processes, Ray tasks, Spark partitions):
an Item -> its output record, or an error record. Never raises for a document, and never runs past the time limit.

The time limit is a real-time interval timer (SIGALRM) armed around reading and extraction, so it works the same in
a local worker process, a Ray worker and a Spark Python worker, all of which call this from their main thread. In
any other thread no timer can be armed, and the document runs without a limit (``time_limit_supported``).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..errors import ExtractionFailed, ExtractionTimeout, SaidwhoError
from ..ingest import DEFAULT_MAX_BYTES, IngestFailure, article_from_input
from ..ingest.jsonl import document_from_line
from ..model import Article, error_record
from ..pipeline import DEFAULT_MAX_CHARS, extract_article
from .items import Item

DEFAULT_TIME_LIMIT = 120.0  # seconds per document; a 1,000,000-character text takes about 60 s on one core


@dataclass(frozen=True, slots=True)
class Options:
    """What every worker needs to turn an Item into a record: the same for every engine."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_chars: int = DEFAULT_MAX_CHARS
    rules_only: bool = False
    time_limit: float = DEFAULT_TIME_LIMIT  # seconds; 0 for none


class _Deadline(BaseException):
    """Raised by the timer: a BaseException, so that no ``except Exception`` in a library swallows it."""


def process_item(item: Item, options: Options) -> dict[str, Any]:
    """The record for one Item: extracted, or an error record (the reader's failure, a coded input error, SW301 for
    a bug, SW302 when the time limit passed)."""
    if item.kind == "failure":
        return error_record(item.id, item.code, item.message, path=item.path, fmt=item.format or "text")
    started = time.perf_counter()
    try:
        with time_limit(options.time_limit):
            article = _article(item, options)
            if isinstance(article, IngestFailure):
                err = article.error
                return error_record(article.id, err.code, err.message, path=article.path, fmt=article.format)
            return extract_article(article, max_chars=options.max_chars, rules_only=options.rules_only)
    except _Deadline:
        spent = time.perf_counter() - started
        err = ExtractionTimeout(
            f"stopped after {spent:.1f} s, over the time limit of {options.time_limit:g} s per document; raise it "
            "with --time-limit, or split the document",
            source=item.id,
        )
        return error_record(item.id, err.code, err.message, path=item.path, fmt=_fmt(item))
    except SaidwhoError as exc:
        return error_record(item.id, exc.code, exc.message, path=item.path, fmt=_fmt(item))
    except Exception as exc:  # a bug in reading must not lose the run: record it
        err = ExtractionFailed(f"reading failed: {type(exc).__name__}: {exc}", source=item.id)
        return error_record(item.id, err.code, err.message, path=item.path, fmt=_fmt(item))


def _fmt(item: Item) -> str:
    return "jsonl" if item.kind == "jsonl" else item.format or "text"


def _article(item: Item, options: Options) -> Article | IngestFailure:
    if item.kind == "jsonl":
        return document_from_line(item.data, item.lineno, item.name, path=item.path, max_bytes=options.max_bytes)
    data: str | bytes = item.data
    if item.charset:
        try:
            data = item.data.decode(item.charset)
        except (UnicodeDecodeError, LookupError):
            data = item.data  # the header lied: decode like any page (meta charset, UTF-8, a guess)
    return article_from_input(data, id=item.id, format=item.format, url=item.url, max_bytes=options.max_bytes, path=item.path)


def time_limit_supported() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise _Deadline in this thread after ``seconds`` (and again each second until the block ends, in case a
    library catches it). No limit when ``seconds`` is 0 or no timer can be armed here."""
    if not seconds or not time_limit_supported():
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise _Deadline()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
