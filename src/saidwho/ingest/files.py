"""Files, directories and stdin -> a stream of Articles and IngestFailures. Never raises for one bad input."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import IO, Any

from ..errors import ExtractionFailed, InputNotFound, SaidwhoError
from ..model import Article
from .failure import (
    DOCUMENTS,
    FAILURES,
    FILES,
    SKIPPED_EXTENSION,
    SKIPPED_HIDDEN,
    SKIPPED_NOT_FILE,
    IngestFailure,
    Stats,
    bump,
)
from .jsonl import iter_jsonl
from .source import DEFAULT_MAX_BYTES, article_from_input, too_large

# Extensions read when walking a directory, and the format each implies.
EXTENSIONS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
STDIN_ID = "stdin"

Item = Article | IngestFailure


def iter_documents(
    paths: list[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: IO[Any] | None = None,
    stats: Stats | None = None,
) -> Iterator[Item]:
    """Articles (and IngestFailures, one per input that could not be read) from ``paths``, in order.

    - a file: read whatever its name (``.jsonl`` as JSON Lines, ``.txt``/``.text`` as text, ``.html``/``.htm``
      as HTML, anything else detected); its document id is the path as given.
    - a directory: walked recursively in sorted order; files ending .txt .text .html .htm .jsonl are read,
      others are skipped, as are hidden (dot) files and directories; ids are paths relative to the directory.
    - "-": ``stdin`` (default ``sys.stdin``) read as bytes, text or HTML detected; id "stdin".
    - JSONL: one document per line, id from the line's "id" or ``<file id>:<line number>``.

    ``max_bytes`` limits each document (a JSONL file may be larger; each line may not). Pass a dict or
    ``collections.Counter`` as ``stats`` to learn what happened: it is incremented under the keys
    "files", "documents", "failures", "skipped_unsupported_extension", "skipped_hidden",
    "skipped_not_a_file" and "blank_jsonl_lines" (see ``saidwho.ingest.failure``).
    """
    for arg in map(os.fspath, paths):
        if arg == "-":
            yield from _count(_stdin(stdin, max_bytes), stats)
        elif os.path.isdir(arg):
            yield from _directory(arg, max_bytes, stats)
        elif os.path.exists(arg):
            yield from _file(arg, arg, EXTENSIONS.get(_ext(arg)), max_bytes, stats)
        else:
            err = InputNotFound("no such file or directory; check the path", source=arg)
            yield from _count(iter([IngestFailure(arg, arg, EXTENSIONS.get(_ext(arg)) or "text", err)]), stats)


def _ext(path: str) -> str:
    return PurePath(path).suffix.lower()


def _count(items: Iterator[Item], stats: Stats | None) -> Iterator[Item]:
    for item in items:
        bump(stats, FAILURES if isinstance(item, IngestFailure) else DOCUMENTS)
        yield item


@dataclass(slots=True)
class DirectoryListing:
    """What a recursive walk of a directory found: the files to read, as (id relative to the root, path) in sorted
    order, and what it left out: hidden (dot) files and directories, files of names not wanted, and the
    subdirectories that could not be read."""

    files: list[tuple[str, str]] = field(default_factory=list)
    hidden: int = 0
    unwanted: int = 0
    errors: list[OSError] = field(default_factory=list)


def walk_directory(root: str, wanted: Callable[[str], bool]) -> DirectoryListing:
    """Every file under ``root`` whose name ``wanted`` accepts, in sorted order (so that ids and order are the same
    on every run); hidden files and directories are not entered. Each reader of directories (``saidwho extract``,
    ``ingest``, ``batch``) walks with this and counts what was left out under its own names."""
    out = DirectoryListing()
    for dirpath, dirnames, filenames in os.walk(root, onerror=out.errors.append):
        out.hidden += sum(d.startswith(".") for d in dirnames)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.startswith("."):
                out.hidden += 1
            elif not wanted(name):
                out.unwanted += 1
            else:
                full = os.path.join(dirpath, name)
                out.files.append((PurePath(os.path.relpath(full, root)).as_posix(), full))
    out.files.sort()
    return out


def unreadable_directory(exc: OSError, root: str) -> InputNotFound:
    """The error for a subdirectory a walk could not read."""
    where = getattr(exc, "filename", None) or root
    return InputNotFound(f"cannot read this directory ({exc.strerror or exc}); check its permissions", source=str(where))


def _directory(root: str, max_bytes: int, stats: Stats | None) -> Iterator[Item]:
    listing = walk_directory(root, lambda name: _ext(name) in EXTENSIONS)
    bump(stats, SKIPPED_HIDDEN, listing.hidden)
    bump(stats, SKIPPED_EXTENSION, listing.unwanted)
    for exc in listing.errors:
        err = unreadable_directory(exc, root)
        yield from _count(iter([IngestFailure(str(err.source), str(err.source), "text", err)]), stats)
    for doc_id, path in listing.files:
        if not os.path.isfile(path):
            bump(stats, SKIPPED_NOT_FILE)
        else:
            yield from _file(path, doc_id, EXTENSIONS[_ext(path)], max_bytes, stats)


def _file(path: str, doc_id: str, fmt: str | None, max_bytes: int, stats: Stats | None) -> Iterator[Item]:
    bump(stats, FILES)
    if fmt == "jsonl":
        try:
            with open(path, "rb") as fh:
                yield from iter_jsonl(fh, doc_id, path=path, max_bytes=max_bytes, stats=stats)
        except OSError as exc:
            yield from _count(iter([_unreadable(doc_id, path, "jsonl", exc)]), stats)
        return
    yield from _count(iter([_read_one(path, doc_id, fmt, max_bytes)]), stats)


def read_bounded(path: str, doc_id: str, max_bytes: int) -> bytes:
    """A page file's bytes, refused with SW104 when it is over ``max_bytes`` (checked before reading, and read at
    most one byte past the limit). Raises OSError when it cannot be read."""
    size = os.path.getsize(path)
    if size > max_bytes:
        raise too_large(size, max_bytes, doc_id)
    with open(path, "rb") as fh:
        return fh.read(max_bytes + 1)


def unreadable_error(doc_id: str, exc: BaseException) -> InputNotFound:
    """The error for an input that cannot be read (SW107), with the system's reason."""
    why = getattr(exc, "strerror", None) or exc
    return InputNotFound(f"cannot be read ({why}); check that it exists and is readable", source=doc_id)


def _read_one(path: str, doc_id: str, fmt: str | None, max_bytes: int) -> Item:
    try:
        data = read_bounded(path, doc_id, max_bytes)
        return article_from_input(data, id=doc_id, format=fmt, max_bytes=max_bytes, path=path)
    except SaidwhoError as exc:
        return IngestFailure(doc_id, path, fmt or "text", exc)
    except OSError as exc:
        return _unreadable(doc_id, path, fmt or "text", exc)
    except Exception as exc:  # a bug in a reader must not end the run: record it
        return _bug(doc_id, path, fmt or "text", exc)


def _unreadable(doc_id: str, path: str, fmt: str, exc: OSError) -> IngestFailure:
    return IngestFailure(doc_id, path, fmt, unreadable_error(doc_id, exc))


def _bug(doc_id: str, path: str, fmt: str, exc: Exception) -> IngestFailure:
    err = ExtractionFailed(f"reading failed: {type(exc).__name__}: {exc}", source=doc_id)
    return IngestFailure(doc_id, path, fmt, err)


def _stdin(stdin: IO[Any] | None, max_bytes: int) -> Iterator[Item]:
    stream = stdin if stdin is not None else sys.stdin
    try:
        data = getattr(stream, "buffer", stream).read(max_bytes + 1)
        if len(data) > max_bytes:
            raise too_large(None, max_bytes, STDIN_ID)
        yield article_from_input(data, id=STDIN_ID, max_bytes=max_bytes, path="-")
    except SaidwhoError as exc:
        yield IngestFailure(STDIN_ID, "-", "text", exc)
    except OSError as exc:
        yield _unreadable(STDIN_ID, "-", "text", exc)
    except Exception as exc:
        yield _bug(STDIN_ID, "-", "text", exc)
