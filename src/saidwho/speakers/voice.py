"""The author's voice: who wrote the page, and how much of its body is theirs and how much is reported.

Author
    The page's own metadata first (HTML author meta tags, a JSONL ``author``/``authors`` field), else a byline in
    the text: "By Jane Doe" or "Written by Jane Doe" on its own line near the top or the bottom, or a blog's
    "Posted on <date> by Jane Doe" / "– Home – Jane Doe" line. The ``source`` says which.

Shares (of the body's non-space characters; the whole text when no body spans were computed)
    * each speaker's share: characters inside the content of that speaker's attributions (direct, mixed and
      indirect alike: all of it is the speaker's claim as the author reports it);
    * ``unattributed``: characters of quotations that the author attributes to nobody; they are not the author's;
    * ``author``: everything else in the body. Where two attributions overlap, a character counts once, for the
      earlier one.
    The shares add up to 1 (up to rounding to four decimals).
"""

from __future__ import annotations

import re
from array import array
from typing import Any

from ..model import Article, Quote, Speaker

_NAME = r"[A-Z][\w.'\u2019-]*(?:\s+(?:[A-Z][\w.'\u2019-]*|de|van|von|der|da|di|la|le|bin|al)){1,4}"
_BYLINES = [
    re.compile(rf"^\s*(?:written\s+|words\s+|story\s+)?by:?\s+(?P<name>{_NAME})(?:\s*(?:,|\||–|—|-)\s*.{{0,60}})?\s*$", re.I),
    re.compile(rf"^\s*(?:posted|published)\s+(?:on\s+.{{3,40}}?\s+)?by\s+(?P<name>{_NAME})\b.{{0,40}}$", re.I),
    re.compile(rf"^\s*[–—-]\s*home\s*[–—-]\s*(?P<name>{_NAME})\s*$", re.I),
    re.compile(rf"^\s*author:\s*(?P<name>{_NAME})\s*$", re.I),
]
_LINES_AT_EDGES = 8  # a byline sits within the first (or last) lines of the page


def clean_author(value: str) -> str:
    """An author name as metadata gives it, made a name: "By JAMES B. STEWART" -> "James B. Stewart"; contact
    details and a second author after "and" are dropped."""
    s = " ".join(value.split())
    s = re.sub(r"^(?:written\s+)?by:?\s+", "", s, flags=re.I)
    s = re.sub(r"^by(?=[A-Z][a-z])", "", s)  # "byYlan Q. Mui": a byline glued to its name
    s = re.split(r"\s*(?:[|,;]|\.\s+(?:email|twitter|follow)\b|\s(?:email|twitter):|\sand\s|\s&\s)", s, maxsplit=1, flags=re.I)[0]
    s = s.strip(" .:-")
    if s.isupper() and len(s.split()) >= 2:  # "JAMES B. STEWART", not "AP"
        s = " ".join(w if len(w.rstrip(".")) <= 1 else w.capitalize() for w in s.split())
        s = re.sub(r"\b(Mc|Mac|O')([a-z])", lambda m: m.group(1) + m.group(2).upper(), s)
    return s or value.strip()


def find_author(article: Article) -> tuple[str | None, str | None, tuple[int, int] | None]:
    """(name, source, span): source is "metadata" or "byline" (span = the name's characters), or all None."""
    if article.authors:
        return clean_author(article.authors[0]), "metadata", None
    lines = []
    pos = 0
    for line in article.text.split("\n"):
        if line.strip():
            lines.append((pos, line))
        pos += len(line) + 1
    edges = lines[:_LINES_AT_EDGES] + lines[-3:]
    for start, line in edges:
        if len(line) > 160:
            continue
        for pattern in _BYLINES:
            m = pattern.match(line)
            if m:
                name = m.group("name").strip().rstrip(".")
                if name.split()[0].lower() in ("the", "staff", "our", "reuters", "ap"):
                    continue
                return name, "byline", (start + m.start("name"), start + m.start("name") + len(name))
    return None, None, None


def voice_shares(
    article: Article, quotes: list[Quote], author: str | None, source: str | None, speakers: list[Speaker] | None = None
) -> dict[str, Any]:
    """The record's ``voice`` object (see the module docstring). A speaker who is the author ("I think …" in
    the author's own column, resolved to the byline) speaks in the author's voice."""
    text = article.text
    own = {sp.id for sp in speakers or [] if author and sp.name and _same_person(sp.name, author)}
    body = article.body or [(0, len(text))]
    code_of: dict[str | None, int] = {None: 1}  # per character: 0 = the author's, 1 = unattributed, 2.. = speakers
    owner = bytearray(len(text)) if len(quotes) < 250 else None
    owner_big = array("i", bytes(4 * len(text))) if owner is None else None
    for q in quotes:
        sid = q.speaker.id if q.speaker is not None else None
        if sid in own:
            continue
        if sid not in code_of:
            code_of[sid] = len(code_of) + 1
        code = code_of[sid]
        table = owner if owner is not None else owner_big
        for s, e in q.content:
            for i in range(max(0, s), min(e, len(text))):
                if not table[i]:
                    table[i] = code
    table = owner if owner is not None else owner_big
    total = 0
    by_code: dict[int, int] = {}
    for s, e in body:
        for i in range(max(0, s), min(e, len(text))):
            if text[i].isspace():
                continue
            total += 1
            c = table[i]
            if c:
                by_code[c] = by_code.get(c, 0) + 1
    sid_of = {c: sid for sid, c in code_of.items()}
    counts: dict[str | None, int] = {sid_of[c]: n for c, n in by_code.items()}
    reported = sum(counts.values())
    share = (lambda n: round(n / total, 4)) if total else (lambda n: 0.0)
    speakers = sorted(((sid, n) for sid, n in counts.items() if sid is not None), key=lambda x: (-x[1], x[0]))
    return {
        "author": author,
        "author_source": source,
        "body_chars": total,
        "author_share": share(total - reported),
        "unattributed_share": share(counts.get(None, 0)),
        "unattributed": [q.id for q in quotes if q.speaker is None or q.speaker.id is None],
        "author_speaker": sorted(own)[0] if own else None,
        "speakers": [{"id": sid, "share": share(n)} for sid, n in speakers],
    }


def _same_person(a: str, b: str) -> bool:
    wa, wb = a.lower().split(), b.lower().split()
    return wa == wb or (len(wa) >= 2 and len(wb) >= 2 and wa[0] == wb[0] and wa[-1] == wb[-1])
