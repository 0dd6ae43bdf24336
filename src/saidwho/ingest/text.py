"""Plain text -> Article. The text is kept verbatim (every output offset indexes it); only the body spans and
a guessed title are added."""

from __future__ import annotations

from ..model import Article
from . import chrome_patterns as P
from .chrome import body_spans

TITLE_MAX_WORDS = 25
TITLE_MAX_CHARS = 200


def article_from_text(
    text: str,
    id: str,
    *,
    title: str | None = None,
    url: str | None = None,
    path: str | None = None,
    format: str = "text",
) -> Article:
    """An Article whose ``text`` is ``text`` unchanged, with body spans that leave out page chrome and, unless
    given, a title guessed from the first body line. Never raises for any str."""
    body = body_spans(text)
    if title is None and body:
        title = guess_title(text, body[0])
    return Article(id=id, text=text, title=title, url=url, body=body, format=format, path=path)


def guess_title(text: str, first: tuple[int, int]) -> str | None:
    """The first body line when it reads like a headline: short, not a sentence of reported speech, not
    ending like a clause, followed by more text, and either unpunctuated, Title Case or a short paragraph
    of its own."""
    start, end = first
    nl = text.find("\n", start, end)
    line_end = end if nl < 0 else nl
    line = text[start:line_end].strip()
    words = line.split()
    if not (2 <= len(words) <= TITLE_MAX_WORDS) or len(line) > TITLE_MAX_CHARS:
        return None
    if line[-1] in ":,;-–—" or not any(c.isalpha() for c in line):
        return None
    if not text[line_end:].strip():  # the whole document is one line: not a title
        return None
    if P.QUOTE_MARK.search(line) and P.CUE.search(line) and line.endswith("."):
        return None
    if not line.endswith(".") or _title_case(words):
        return line
    after = text[line_end + 1:line_end + 400]
    own_paragraph = line_end == end or ("\n" in after and not after.split("\n", 1)[0].strip())
    return line if own_paragraph and len(words) <= 14 else None


def _title_case(words: list[str]) -> bool:
    long_words = [w for w in words if len(w) > 3 and w[0].isalpha()]
    if not long_words:
        return False
    return sum(1 for w in long_words if w[0].isupper()) >= 0.6 * len(long_words)
