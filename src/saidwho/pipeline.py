"""extract(article) -> record: the one per-document function every interface and runner calls."""

from __future__ import annotations

from typing import Any

from .errors import ExtractionFailed, SaidwhoError
from .model import Article, error_record, record


def extract_article(article: Article) -> dict[str, Any]:
    """Run attribution on one Article and return its output record. Never raises for document content:
    an unexpected failure becomes an error record (code SW301) so a batch keeps going."""
    from .attribution.extractor import attribute  # heavy: loads spaCy on first use

    try:
        quotes, speakers = attribute(article)
    except SaidwhoError as exc:
        return error_record(article.id, exc.code, exc.message, path=article.path, fmt=article.format)
    except Exception as exc:  # a bug must not lose the run: record it, with the input named
        err = ExtractionFailed(f"extraction failed: {type(exc).__name__}: {exc}", source=article.id)
        return error_record(article.id, err.code, err.message, path=article.path, fmt=article.format)
    return record(article, quotes, speakers)


def extract(text_or_html: str | bytes, *, id: str = "doc", format: str | None = None, url: str | None = None) -> dict[str, Any]:
    """Extract quotations from one page given as text or HTML (detected unless ``format`` is
    "text" or "html"). Returns the same record as ``saidwho extract`` prints; bad input gives a
    record whose ``error`` is set rather than an exception."""
    from .ingest import article_from_input

    try:
        article = article_from_input(text_or_html, id=id, format=format, url=url)
    except SaidwhoError as exc:
        return error_record(id, exc.code, exc.message, fmt=format or "text")
    return extract_article(article)
