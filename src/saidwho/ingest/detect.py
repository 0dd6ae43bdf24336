"""Telling an HTML document from plain text."""

from __future__ import annotations

import re

_SAMPLE = 65536
_LEADING = re.compile(
    r"\A(?:\ufeff)?\s*(?:<!--.*?-->\s*)*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    r"(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(
    r"</?(?:p|div|body|head|html|br|span|a|li|ul|ol|table|tr|td|article|section|header|footer|nav|main|"
    r"h[1-6]|meta|link|script|style|title|img|blockquote|strong|em|b|i|figure|iframe|form|input)\b[^<>]{0,2000}>",
    re.IGNORECASE,
)


def looks_like_html(text: str) -> bool:
    """True for an HTML document (``<!doctype html``, ``<html>``, ``<head>``, ``<body>`` at the start) or text
    where common HTML tags, closing ones among them, make up a substantial share (a fragment such as
    ``<p>…</p><p>…</p>``)."""
    sample = text[:_SAMPLE]
    if _LEADING.match(sample[:4096]):
        return True
    tags = _TAG.findall(sample)
    if len(tags) < 3:
        return False
    if not any(t.startswith("</") for t in tags):  # prose that mentions "<p>" has no closing tags
        return False
    markup = sum(len(t) for t in tags)
    visible = len(sample.strip())
    starts_with_tag = _TAG.match(sample.lstrip()) is not None
    return markup >= 0.05 * visible or (starts_with_tag and markup >= 0.01 * visible)
