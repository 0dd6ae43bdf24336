"""extract(article) -> record: the one per-document function every interface and runner calls."""

from __future__ import annotations

from typing import Any

from .errors import ExtractionFailed, InputTooLarge, SaidwhoError
from .model import Article, error_record, record

# Extraction time and memory grow with a document's length (about 60 s and 700 MB for 1,000,000
# characters on one core, see docs/benchmarks.md), so longer texts are refused with SW104 unless the
# caller raises the limit.
DEFAULT_MAX_CHARS = 1_000_000


def extract_article(article: Article, *, max_chars: int = DEFAULT_MAX_CHARS, rules_only: bool = False) -> dict[str, Any]:
    """Run attribution on one Article and return its output record. Never raises for document content:
    a text over ``max_chars`` characters becomes an SW104 error record, and an unexpected failure an
    SW301 error record, so a batch keeps going."""
    from .attribution.extractor import attribute  # heavy: loads spaCy on first use

    if max_chars and len(article.text) > max_chars:
        err = InputTooLarge(
            f"the document's text has {len(article.text):,} characters, over the limit of {max_chars:,}; "
            "raise it with --max-chars (CLI) or max_chars= (Python)",
            source=article.id,
        )
        return error_record(article.id, err.code, err.message, path=article.path, fmt=article.format)
    from .speakers.voice import find_author, voice_shares

    try:
        author, source, _ = find_author(article)
        if author is not None:  # first-person statements in the author's voice are theirs
            article.authors = [author] + article.authors[1:]
        quotes, speakers = attribute(article, rules_only=rules_only)
        voice = voice_shares(article, quotes, author, source, speakers)
    except SaidwhoError as exc:
        return error_record(article.id, exc.code, exc.message, path=article.path, fmt=article.format)
    except Exception as exc:  # a bug must not lose the run: record it, with the input named
        err = ExtractionFailed(f"extraction failed: {type(exc).__name__}: {exc}", source=article.id)
        return error_record(article.id, err.code, err.message, path=article.path, fmt=article.format)
    return record(article, quotes, speakers, voice=voice)


def extract(
    text_or_html: str | bytes,
    *,
    id: str = "doc",
    format: str | None = None,
    url: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    rules_only: bool = False,
    authors: list[str] | None = None,
) -> dict[str, Any]:
    """Extract quotations from one page given as text or HTML (detected unless ``format`` is
    "text" or "html"). Returns the same record as ``saidwho extract`` prints; bad input gives a
    record whose ``error`` is set rather than an exception. ``rules_only=True`` skips the learned
    tagger: quotations (direct and mixed) only, no indirect speech, about 1.4x faster. ``authors`` names the
    page's authors when the caller knows them (they win over a byline found in the text)."""
    from .ingest import article_from_input

    try:
        article = article_from_input(text_or_html, id=id, format=format, url=url)
    except SaidwhoError as exc:
        return error_record(id, exc.code, exc.message, fmt=format or "text")
    if authors:
        article.authors = [a for a in authors if a]
    return extract_article(article, max_chars=max_chars, rules_only=rules_only)
