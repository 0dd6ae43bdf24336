"""From a saidwho/2 record to the rows the store keeps, and why a record is refused.

Pure functions, no database: the backends share them, and they can be tested alone. A record is refused (counted
under a reason, never dropped silently) when it is not a saidwho/2 record, is an error record, or lacks what the
store needs (a text, quotes whose spans lie inside it).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from ..model import SCHEMA_VERSION, spans_text
from ..speakers.names import ascii_fold

CONTEXT = 120  # characters of article text shown either side of a quote in its snippet
LONGEST = 400  # characters of a long quote shown in its snippet

# Skip reasons (IngestReport.skipped keys); error records are counted as "error record SWnnn".
NOT_JSON = "not JSON"
NOT_RECORD = "not a saidwho/2 record"
MALFORMED = "malformed record"


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input item that is not a usable record: the reason it is counted under, and where it was."""

    reason: str
    where: str


@dataclass(slots=True)
class RecordRows:
    """One record as rows: the article, its speakers and its quotes (article ids filled in on insert)."""

    ident: str  # the page's identity: its url, else its record id
    content_hash: str
    article: dict[str, Any]
    speakers: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)


def refusal(rec: Any) -> str | None:
    """Why ``rec`` cannot be stored (a skip reason), or None when it can."""
    if not isinstance(rec, dict):
        return NOT_RECORD
    if rec.get("schema") != SCHEMA_VERSION:
        schema = rec.get("schema")
        return f"unsupported schema {schema}" if isinstance(schema, str) and schema.startswith("saidwho/") else NOT_RECORD
    err = rec.get("error")
    if err is not None:
        code = err.get("code") if isinstance(err, dict) else None
        return f"error record {code}" if isinstance(code, str) and code else "error record"
    text = rec.get("text")
    if not isinstance(text, str) or not isinstance(rec.get("id"), str) or not rec["id"]:
        return MALFORMED
    quotes, speakers = rec.get("quotes"), rec.get("speakers")
    if not isinstance(quotes, list) or not isinstance(speakers, list):
        return MALFORMED
    for sp in speakers:
        if not isinstance(sp, dict) or not isinstance(sp.get("id"), str):
            return MALFORMED
    for q in quotes:
        if not isinstance(q, dict) or not isinstance(q.get("text"), str) or not isinstance(q.get("kind"), str):
            return MALFORMED
        if not _spans_ok(q.get("content"), len(text), nonempty=True) or not _spans_ok(q.get("cue", []), len(text)):
            return MALFORMED
        conf = q.get("confidence", 0.0)
        if isinstance(conf, bool) or not isinstance(conf, (int, float)):
            return MALFORMED
        sp = q.get("speaker")
        if sp is not None and (not isinstance(sp, dict) or not _spans_ok(sp.get("mention", []), len(text))):
            return MALFORMED
    for key in ("url", "title", "published"):
        if rec.get(key) is not None and not isinstance(rec[key], str):
            return MALFORMED
    return None


def _spans_ok(spans: Any, n: int, nonempty: bool = False) -> bool:
    if not isinstance(spans, list) or (nonempty and not spans):
        return False
    for span in spans:
        if not (isinstance(span, list) and len(span) == 2 and all(type(x) is int for x in span)):
            return False
        if not 0 <= span[0] <= span[1] <= n:
            return False
    return True


def identity(rec: dict[str, Any]) -> str:
    """The page a record is about: ``url:`` its url when it has one, else ``id:`` its record id."""
    url = (rec.get("url") or "").strip()
    return f"url:{url}" if url else f"id:{rec['id']}"


def content_hash(rec: dict[str, Any]) -> str:
    """SHA-256 of the whole record as canonical JSON: the same extraction of the same page hashes alike, a changed
    text (or a re-extraction that found other quotes) does not."""
    canon = json.dumps(rec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()


def source_domain(url: str | None) -> str | None:
    """The host of ``url``, lower case, without ``www.``: ``https://www.Example.org/x`` -> ``example.org``."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


def normalise_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` for a published date that starts with an ISO 8601 date (``2026-03-03T10:00:00Z``), else
    None: records keep what the input said, which may be any text."""
    if not value or len(value) < 10:
        return None
    head = value.strip()[:10]
    try:
        return date.fromisoformat(head).isoformat()
    except ValueError:
        try:
            return datetime.fromisoformat(value.strip()).date().isoformat()
        except ValueError:
            return None


def fold(text: str) -> str:
    """Text folded for full-text search: lower case, accents removed ("Sergueï" -> "sergueï" -> "serguei")."""
    return ascii_fold(text)


def search_names(*names: str | None) -> str:
    """The speaker words a quote is found by: its distinct names, folded, one string."""
    seen: list[str] = []
    for name in names:
        if name and fold(name) not in seen:
            seen.append(fold(name))
    return " ".join(seen)


def record_rows(rec: dict[str, Any], *, ingested_at: str | None = None) -> RecordRows:
    """The rows for one record that ``refusal`` accepted."""
    text: str = rec["text"]
    url = (rec.get("url") or "").strip() or None
    source = source_domain(url)
    published_date = normalise_date(rec.get("published"))
    names = {sp["id"]: sp for sp in rec["speakers"]}
    article = {
        "record_id": rec["id"],
        "url": url,
        "source": source,
        "title": rec.get("title"),
        "authors": json.dumps([a for a in rec.get("authors") or [] if isinstance(a, str)], ensure_ascii=False),
        "published": rec.get("published"),
        "published_date": published_date,
        "text": text,
        "record": json.dumps(rec, ensure_ascii=False),
        "n_quotes": len(rec["quotes"]),
        "ingested_at": ingested_at or datetime.now().astimezone().isoformat(timespec="seconds"),
    }
    speakers = [
        {
            "sid": sp["id"],
            "name": sp.get("name") if isinstance(sp.get("name"), str) else None,
            "type": sp.get("type") if isinstance(sp.get("type"), str) else "unknown",
            "aliases": json.dumps([a for a in sp.get("aliases") or [] if isinstance(a, str)], ensure_ascii=False),
            "roles": json.dumps([r for r in sp.get("roles") or [] if isinstance(r, str)], ensure_ascii=False),
            "description": sp.get("description") if isinstance(sp.get("description"), str) else None,
        }
        for sp in rec["speakers"]
    ]
    quotes = []
    for position, q in enumerate(rec["quotes"]):
        sp = q.get("speaker") or {}
        sid = sp.get("id") if isinstance(sp.get("id"), str) else None
        name = sp.get("name") if isinstance(sp.get("name"), str) else None
        mention = sp.get("mention") or []
        mention_text = " ".join(spans_text(text, mention).split()) or None
        unnamed = mention_text if name is None and sp.get("via") == "unnamed" else None
        if name is None and sid in names and isinstance(names[sid].get("name"), str):
            name = names[sid]["name"]
        content = q["content"]
        start, end = min(s for s, _ in content), max(e for _, e in content)
        folded = fold(q["text"])
        quotes.append({
            "position": position,
            "quote_id": str(q.get("id") or f"q{position + 1}"),
            "kind": q["kind"],
            "text": q["text"],
            # the folded text, only where folding changes more than case (PostgreSQL indexes it instead)
            "text_folded": folded if folded != q["text"].lower() else None,
            "content": json.dumps(content),
            "cue": json.dumps(q.get("cue") or []),
            "content_start": start,
            "content_end": end,
            "snippet": snippet(text, start, end),
            "speaker_sid": sid,
            "speaker_name": name,
            "speaker_via": sp.get("via") if isinstance(sp.get("via"), str) else None,
            "mention": json.dumps(mention),
            "mention_text": mention_text,
            "search_names": search_names(name, unnamed),
            "confidence": float(q.get("confidence") or 0.0),
            "published_date": published_date,
            "source": source,
        })
    return RecordRows(identity(rec), content_hash(rec), article, speakers, quotes)


def snippet(text: str, start: int, end: int) -> str:
    """The quote at ``text[start:end]`` with up to ``CONTEXT`` characters of the text either side, cut at word
    boundaries, white space collapsed, with … where it was cut; a quote longer than ``LONGEST`` characters is cut
    after that many. Made once at ingest and stored with the quote (``quotes.snippet``), not cut out of the article's
    text by each search: PostgreSQL's ``substr`` decompresses the text and counts its characters up to the quote,
    22 µs a hit for a quote 3,000 characters into a 5,600-character text against 1 µs for reading a stored snippet,
    and a search page shows twenty."""
    ctx_start = max(start - CONTEXT, 0)
    before, rest = text[ctx_start:start], text[start : min(end, start + LONGEST) + CONTEXT]
    if ctx_start > 0 and " " in before:
        before = "…" + before[before.index(" ") :]
    if end - start > LONGEST:
        quote = rest[:LONGEST]
        quote = quote[: quote.rindex(" ")] if " " in quote else quote
        after = " …"
    else:
        quote, after = rest[: end - start], rest[end - start :]
        if len(after) >= CONTEXT and " " in after:  # cut short: the text goes on
            after = after[: after.rindex(" ")] + "…"
    return " ".join((before + quote + after).split())
