"""The benchmark harness: score a system file, or run an extractor over the gold texts and time it."""

from __future__ import annotations

import inspect
import json
import sys
import time
from collections.abc import Callable
from os import PathLike
from pathlib import Path
from typing import Any

from ..errors import BadJSONLine, ExtractionFailed, InputNotFound
from ..model import error_record
from .gold import load_gold
from .scorer import score
from .speakers import score_speakers

ExtractFn = Callable[..., dict[str, Any]]


def read_utf8(path: Path, what: str) -> str:
    """A UTF-8 JSON Lines file's text. Raises InputNotFound (SW107) when it is missing and BadJSONLine (SW106)
    when it cannot be read or decoded, naming ``what`` and the path."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputNotFound(f"{what} file not found: check the path", source=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadJSONLine(f"cannot read {what} ({exc}): expected UTF-8 JSON Lines", source=str(path)) from None


def load_records(path: str | PathLike[str]) -> list[dict[str, Any]]:
    """Read system records (saidwho/2 JSON Lines). Blank lines are skipped.

    Raises InputNotFound (SW107) for a missing file and BadJSONLine (SW106), naming the line, for a line that
    is not a JSON object."""
    p = Path(path)
    content = read_utf8(p, "system records")
    records = []
    for lineno, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadJSONLine(
                f"line {lineno}: not valid JSON ({exc.msg}): expected one record per line", source=str(p)
            ) from None
        if not isinstance(obj, dict):
            raise BadJSONLine(f"line {lineno}: expected a JSON object (a saidwho/2 record)", source=str(p))
        records.append(obj)
    return records


def peak_rss_mb() -> float | None:
    """Peak resident set size of this process in MB (None where the resource module is missing)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


def _caller(extract_fn: ExtractFn) -> Callable[[str, str, list[str]], Any]:
    """Call ``extract_fn(text, id)``, passing the id by keyword when the function has an ``id`` parameter
    (``saidwho.extract`` takes it keyword-only) and positionally otherwise; and the gold article's
    ``meta.author`` as ``authors=[…]`` when the function takes ``authors`` (as a page's metadata would give it)."""
    try:
        params = inspect.signature(extract_fn).parameters
    except (TypeError, ValueError):
        params = {}
    var_kw = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    by_keyword = "id" in params or var_kw
    with_authors = "authors" in params or var_kw
    if by_keyword and with_authors:
        return lambda text, doc_id, authors: extract_fn(text, id=doc_id, authors=authors)
    if by_keyword:
        return lambda text, doc_id, authors: extract_fn(text, id=doc_id)
    return lambda text, doc_id, authors: extract_fn(text, doc_id)


def extract_all(gold_docs: list[dict[str, Any]], extract_fn: ExtractFn) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Run ``extract_fn`` on every gold text; returns the records and the ``speed`` figures. An exception or a
    non-record return becomes an error record (SW301) for that document: counted, never fatal."""
    call = _caller(extract_fn)
    records = []
    seconds = 0.0
    chars = 0
    for doc in gold_docs:
        text, doc_id = doc["text"], doc["id"]
        chars += len(text)
        t0 = time.perf_counter()
        try:
            author = (doc.get("meta") or {}).get("author")
            rec = call(text, doc_id, [author] if isinstance(author, str) and author.strip() else [])
            if not isinstance(rec, dict):
                raise TypeError(f"extractor returned {type(rec).__name__}, not a record")
        except Exception as exc:
            err = ExtractionFailed(f"extraction failed: {type(exc).__name__}: {exc}", source=doc_id)
            rec = error_record(doc_id, err.code, err.message)
        seconds += time.perf_counter() - t0
        records.append(rec)
    speed = {
        "documents": len(gold_docs),
        "chars": chars,
        "seconds": seconds,
        "chars_per_s": chars / seconds if seconds > 0 else None,
        "docs_per_s": len(gold_docs) / seconds if seconds > 0 else None,
        "peak_rss_mb": peak_rss_mb(),
    }
    return records, speed


def run_eval(
    gold_path: str | PathLike[str],
    system_path: str | PathLike[str] | None = None,
    *,
    extract_fn: ExtractFn | None = None,
    per_document: bool = False,
    speaker_labels: dict[str, dict[str, Any]] | None = None,
    speaker_errors: bool = False,
) -> dict[str, Any]:
    """Score a gold file against system records read from ``system_path``, or, when ``system_path`` is None,
    against the records ``extract_fn(text, id)`` returns for each gold text, timed: the result then has a
    ``speed`` entry {documents, chars, seconds, chars_per_s, docs_per_s, peak_rss_mb}. Exactly one of
    ``system_path`` and ``extract_fn`` must be given. The result also names its ``inputs``. With
    ``speaker_labels`` (:func:`saidwho.eval.speakers.load_labels`) it has a ``speakers`` entry too:
    canonical-speaker accuracy (:mod:`saidwho.eval.speakers`)."""
    if (system_path is None) == (extract_fn is None):
        raise ValueError("run_eval needs exactly one of system_path (a records file) and extract_fn (an extractor)")
    gold = load_gold(gold_path)
    speed = None
    if system_path is not None:
        records = load_records(system_path)
    else:
        records, speed = extract_all(gold, extract_fn)  # type: ignore[arg-type]
    result = score(gold, records, per_document=per_document)
    result["inputs"] = {"gold": str(gold_path), "system": None if system_path is None else str(system_path)}
    if speed is not None:
        result["speed"] = speed
    if speaker_labels is not None:
        result["speakers"] = score_speakers(gold, records, speaker_labels, errors=speaker_errors)
    return result
