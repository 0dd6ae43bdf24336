"""What a search asks for (``SearchQuery``) and how user text becomes a safe full-text query.

Query syntax, the same for both backends: words, all of which must match (in the quote's text or its speaker's
names), and "quoted phrases", whose words must match in that order. Everything else the user types is only text:
operators (AND, OR, NOT, NEAR), brackets, stars, column names and stray quotation marks are never passed to the
database's query language, so no input can make a query fail. Matching ignores case and accents and uses stems
(``warns`` finds ``warned``).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace
from datetime import date

from ..errors import BadSearchQuery
from .records import fold

MAX_TERMS = 32  # words and phrases; the rest of a very long query is ignored
MAX_LIMIT = 1000
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_WORD = re.compile(r"[\w'’]+")


@dataclass(frozen=True, slots=True)
class Terms:
    """A parsed full-text query: folded words and phrases (each phrase a tuple of words)."""

    words: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)


def parse_terms(text: str | None) -> Terms:
    """Words and "phrases" of a user's query, folded; an unbalanced quotation mark opens a phrase that runs to the
    end. Punctuation only separates words."""
    if not text:
        return Terms()
    words: list[str] = []
    phrases: list[tuple[str, ...]] = []
    for k, part in enumerate(text.replace("“", '"').replace("”", '"').split('"')):
        found = [w.strip("'’") for w in _WORD.findall(fold(part))]
        found = [w for w in found if w and not w.strip("_") == ""]
        if k % 2 == 1 and len(found) > 1:
            phrases.append(tuple(found))
        else:
            words.extend(w for w in found if w not in words)
    n = MAX_TERMS
    phrases = phrases[:n]
    return Terms(tuple(words[: max(0, n - len(phrases))]), tuple(phrases))


def name_words(name: str) -> tuple[str, ...]:
    """A speaker's name as the words the full-text index holds for it (folded, as ``parse_terms`` splits words)."""
    return tuple(w for w in (w.strip("'’") for w in _WORD.findall(fold(name))) if w and w.strip("_"))


def fts5_expression(terms: Terms) -> str:
    """An FTS5 MATCH expression: every word and phrase as a quoted string, joined by implicit AND. A quoted string
    can hold no operator, and the words hold no quotation mark, so the expression always parses."""
    parts = [f'"{w}"' for w in terms.words] + ['"' + " ".join(p) + '"' for p in terms.phrases]
    return " ".join(p.replace("'", " ").replace("’", " ") for p in parts)


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A search or export request. Every field is optional; an empty ``text`` lists quotes by the filters alone.

    ``speaker``: a registry id (``p:sergei-lavrov``) or any name or alias of a registry entry (case and accents
    ignored). ``source``: a domain; its subdomains match too. ``since``/``until``: ``YYYY``, ``YYYY-MM`` or
    ``YYYY-MM-DD``, inclusive (``until=2026-03`` ends on 31 March); quotes of articles with no parsable date are
    left out when either is given.
    """

    text: str = ""
    speaker: str | None = None
    source: str | None = None
    since: str | None = None
    until: str | None = None
    limit: int = 20
    offset: int = 0
    terms: Terms = field(default=Terms(), compare=False)
    since_day: str | None = field(default=None, compare=False)
    until_day: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.limit, int) or not 0 <= self.limit <= MAX_LIMIT:
            raise BadSearchQuery(f"limit must be a whole number from 0 to {MAX_LIMIT}, not {self.limit!r}")
        if not isinstance(self.offset, int) or self.offset < 0:
            raise BadSearchQuery(f"offset must be a whole number, 0 or more, not {self.offset!r}")
        object.__setattr__(self, "terms", parse_terms(self.text))
        object.__setattr__(self, "since_day", parse_day(self.since, end=False))
        object.__setattr__(self, "until_day", parse_day(self.until, end=True))
        for name in ("speaker", "source"):
            value = getattr(self, name)
            object.__setattr__(self, name, value.strip() or None if isinstance(value, str) else None)
        if self.source:
            object.__setattr__(self, "source", self.source.lower().removeprefix("www."))

    def page(self, limit: int, offset: int = 0) -> SearchQuery:
        """The same query and filters, another page."""
        return replace(self, limit=limit, offset=offset)

    def filters(self) -> dict[str, str | None]:
        return {"speaker": self.speaker, "source": self.source, "since": self.since, "until": self.until}


def parse_day(value: str | None, *, end: bool) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as the first (``end=False``) or last day it covers, ISO format.
    Raises BadSearchQuery (SW505) for anything else."""
    if value is None or not str(value).strip():
        return None
    m = _DATE.match(str(value).strip())
    if not m:
        raise BadSearchQuery(f"not a date: {value!r}; use YYYY, YYYY-MM or YYYY-MM-DD (2026, 2026-03, 2026-03-31)")
    year, month, day = int(m[1]), int(m[2] or (12 if end else 1)), m[3]
    try:
        if day is None:
            last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
            d = date(year, month, last if end else 1)
        else:
            d = date(year, month, int(day))
    except ValueError:
        raise BadSearchQuery(f"not a date: {value!r}; the month or day is out of range") from None
    return d.isoformat()
