"""WARC and WARC.gz files (Common Crawl, CC-NEWS) -> raw HTML pages, read with fastwarc (the ``warc`` extra).

Only HTTP responses with status 200 and an HTML content type become pages; everything else is skipped and counted by
reason: request, revisit, metadata and warcinfo records, non-HTML responses (PDFs, images, JSON), other statuses,
records cut short by the end of a damaged file. The page's charset comes from the HTTP ``Content-Type`` header when
Python knows it; otherwise the page is decoded like any other HTML input (byte-order mark, UTF-8, a ``<meta
charset>``, then a guess). Decoding and HTML extraction happen later, in the per-document function, not here.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import MissingExtra
from .failure import Stats, bump

HTML_TYPES = ("text/html", "application/xhtml+xml")
WARC_SUFFIXES = (".warc", ".warc.gz")

# skip reasons, counted under "skipped_<reason>" like the directory walker's
SKIP_REQUEST = "skipped_warc_request"
SKIP_REVISIT = "skipped_warc_revisit"
SKIP_OTHER_TYPE = "skipped_warc_other_record_type"  # warcinfo, metadata, resource, conversion, continuation
SKIP_NOT_HTML = "skipped_not_html"
SKIP_STATUS = "skipped_http_status_not_200"
SKIP_TRUNCATED = "skipped_truncated_record"
SKIP_TOO_LARGE = "skipped_over_max_bytes"
SKIP_UNREADABLE = "skipped_unreadable_warc_rest"  # a damaged file: what follows the damage cannot be read


@dataclass(slots=True)
class WarcPage:
    """One HTML response: its bytes (the HTTP payload), the charset its headers declare (or None), and where it is."""

    record_id: str
    url: str | None
    payload: bytes
    charset: str | None
    date: str | None


def is_warc(path: str) -> bool:
    return path.lower().endswith(WARC_SUFFIXES)


def fastwarc() -> Any:
    try:
        from fastwarc import warc
    except ImportError:
        raise MissingExtra(
            "reading WARC files needs fastwarc; install it with pip install 'saidwho[warc]'"
        ) from None
    return warc


def iter_warc(
    path: str, *, max_bytes: int, stats: Stats | None = None, position: Callable[[Any], None] | None = None
) -> Iterator[WarcPage]:
    """The HTML pages of one WARC file (gzipped or not), in file order. Counts ``warc_records`` (every record
    looked at) and a ``skipped_*`` key for each record that is not a page. Raises OSError if the file cannot be
    opened; damage further on ends the file with SKIP_UNREADABLE counted once. ``position`` is called with the open
    file before each record (for progress)."""
    warc = fastwarc()
    with open(path, "rb") as fh:
        records = iter(warc.ArchiveIterator(fh, parse_http=True))
        while True:
            if position is not None:
                position(fh)
            try:
                rec = next(records)
            except StopIteration:
                return
            except (OSError, ValueError):
                bump(stats, "warc_records")
                bump(stats, SKIP_UNREADABLE)
                return
            bump(stats, "warc_records")
            page, reason = _page(warc, rec, max_bytes)
            if page is None:
                bump(stats, reason)
            else:
                yield page


def _page(warc: Any, rec: Any, max_bytes: int) -> tuple[WarcPage | None, str]:
    rtype = rec.record_type
    if rtype == warc.WarcRecordType.request:
        return None, SKIP_REQUEST
    if rtype == warc.WarcRecordType.revisit:
        return None, SKIP_REVISIT
    if rtype != warc.WarcRecordType.response or not rec.is_http:
        return None, SKIP_OTHER_TYPE
    if rec.http_headers.status_code != 200:
        return None, SKIP_STATUS
    ctype = (rec.http_content_type or "").strip().lower()
    if ctype not in HTML_TYPES:
        return None, SKIP_NOT_HTML
    expected = rec.content_length
    if expected > max_bytes:
        return None, SKIP_TOO_LARGE
    payload = rec.reader.read()
    if len(payload) < expected:
        return None, SKIP_TRUNCATED
    headers = rec.headers
    rid = (headers.get("WARC-Record-ID") or "").strip().strip("<>") or f"warc@{rec.stream_pos}"
    return WarcPage(rid, headers.get("WARC-Target-URI"), payload, known_charset(rec.http_charset), headers.get("WARC-Date")), ""


def known_charset(label: str | None) -> str | None:
    """The Python codec for a declared charset, or None when there is none or Python does not know it."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
        return "cp1252"  # as browsers do (the WHATWG encoding standard)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None
