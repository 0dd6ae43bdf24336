"""What a batch run hands from its reader to its workers: one raw input item per document, small and picklable.

The reader only splits inputs into items (files, JSONL lines, WARC responses); decoding, HTML extraction and
attribution all happen in the per-document function (``runners.document.process_item``), on the workers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Item:
    """One document to process. ``kind`` is "page" (``data`` is a whole text or HTML page; ``format`` "text",
    "html" or None to detect), "jsonl" (``data`` is one JSON Lines line, ``lineno`` its number in the file named
    ``name``), or "failure" (the reader could not read it: ``code`` and ``message`` say why)."""

    id: str
    kind: str
    data: bytes = b""
    format: str | None = None
    path: str | None = None
    url: str | None = None
    charset: str | None = None  # a codec name the input declared (a WARC response's HTTP header)
    lineno: int = 0
    name: str = ""
    code: str = ""
    message: str = ""
