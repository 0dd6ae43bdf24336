"""Reading gold attributions in the PolNeAR JSON Lines format (one article per line).

Each line: ``{"id": str, "text": str, "attributions": [{"source": [[s, e]...], "cue": [[s, e]...],
"content": [[s, e]...], "kind": "direct"|"mixed"|"indirect"}, ...], "meta": {"discard": [[s, e]...], ...}}``.
Offsets are code points into ``text``, end exclusive. Any problem raises :class:`BadGoldFile` naming the file
and line, so a broken gold file is never scored silently.
"""

from __future__ import annotations

import json
from os import PathLike
from pathlib import Path
from typing import Any

from ..errors import BadGoldFile
from ..model import KINDS


def _check_spans(value: Any, text_len: int, what: str) -> list[list[int]]:
    if not isinstance(value, list):
        raise ValueError(f"{what} must be a list of [start, end] pairs, got {type(value).__name__}")
    spans = []
    for span in value:
        if (
            not isinstance(span, (list, tuple))
            or len(span) != 2
            or not all(isinstance(x, int) and not isinstance(x, bool) for x in span)
        ):
            raise ValueError(f"{what} has a malformed span {span!r}: expected [start, end] integers")
        s, e = span
        if not 0 <= s <= e <= text_len:
            raise ValueError(f"{what} span [{s}, {e}] is outside the text (length {text_len})")
        spans.append([s, e])
    return spans


def check_gold_doc(doc: Any) -> dict[str, Any]:
    """Validate one gold article and return it with defaults filled in; raises ValueError saying what is wrong."""
    if not isinstance(doc, dict):
        raise ValueError(f"expected a JSON object, got {type(doc).__name__}")
    doc_id = doc.get("id")
    if not isinstance(doc_id, str) or not doc_id:
        raise ValueError('missing or empty "id" (a string)')
    text = doc.get("text")
    if not isinstance(text, str):
        raise ValueError(f'article {doc_id!r}: missing "text" (a string)')
    attributions = doc.get("attributions", [])
    if not isinstance(attributions, list):
        raise ValueError(f'article {doc_id!r}: "attributions" must be a list')
    meta = doc.get("meta") or {}
    if not isinstance(meta, dict):
        raise ValueError(f'article {doc_id!r}: "meta" must be an object')
    meta = dict(meta)
    meta["discard"] = _check_spans(meta.get("discard") or [], len(text), f"article {doc_id!r}: meta.discard")
    checked = []
    for i, att in enumerate(attributions):
        where = f"article {doc_id!r}, attribution {i}"
        if not isinstance(att, dict):
            raise ValueError(f"{where}: expected an object")
        if "content" not in att:
            raise ValueError(f'{where}: missing "content"')
        kind = att.get("kind")
        if kind not in KINDS:
            raise ValueError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
        checked.append(
            {
                **att,
                "content": _check_spans(att["content"], len(text), f"{where}: content"),
                "source": _check_spans(att.get("source") or [], len(text), f"{where}: source"),
                "cue": _check_spans(att.get("cue") or [], len(text), f"{where}: cue"),
                "kind": kind,
            }
        )
    return {**doc, "attributions": checked, "meta": meta}


def load_gold(path: str | PathLike[str]) -> list[dict[str, Any]]:
    """Read a PolNeAR-format gold file. Blank lines are skipped; ids must be unique.

    Raises BadGoldFile (SW401) with the path and line number for an unreadable file, a line that is not JSON,
    a missing field, an offset outside the text, an unknown kind, or a repeated id.
    """
    p = Path(path)
    source = str(p)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise BadGoldFile("gold file not found: check the path", source=source) from None
    except OSError as exc:
        raise BadGoldFile(
            f"cannot read the gold file ({exc.strerror or exc}): check the path and permissions", source=source
        ) from None
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BadGoldFile(f"line {line}: not UTF-8: save the gold file as UTF-8 JSON Lines", source=source) from None
    docs: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for lineno, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadGoldFile(
                f"line {lineno}: not valid JSON ({exc.msg} at column {exc.colno}): each line must be one JSON object",
                source=source,
            ) from None
        try:
            doc = check_gold_doc(obj)
        except ValueError as exc:
            raise BadGoldFile(f"line {lineno}: {exc}: fix or remove this line", source=source) from None
        if doc["id"] in seen:
            raise BadGoldFile(
                f"line {lineno}: id {doc['id']!r} already used on line {seen[doc['id']]}: ids must be unique",
                source=source,
            )
        seen[doc["id"]] = lineno
        docs.append(doc)
    if not docs:
        raise BadGoldFile("the gold file holds no articles: expected one JSON object per line", source=source)
    return docs
