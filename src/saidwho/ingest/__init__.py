"""The input layer: text, HTML and JSON Lines, from strings, files, directories or stdin -> Article.

Plain text stays verbatim (output offsets index it); HTML goes through trafilatura. Bad inputs raise coded
errors from ``article_from_input`` and become ``IngestFailure`` items from ``iter_documents``.
"""

from __future__ import annotations

from .chrome import body_spans
from .decode import decode_bytes
from .detect import looks_like_html
from .failure import IngestFailure, Stats
from .files import EXTENSIONS, iter_documents
from .html import article_from_html
from .source import DEFAULT_MAX_BYTES, article_from_input
from .text import article_from_text

__all__ = [
    "DEFAULT_MAX_BYTES",
    "EXTENSIONS",
    "IngestFailure",
    "Stats",
    "article_from_html",
    "article_from_input",
    "article_from_text",
    "body_spans",
    "decode_bytes",
    "iter_documents",
    "looks_like_html",
]
