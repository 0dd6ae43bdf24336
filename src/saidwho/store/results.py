"""What the store returns: plain dataclasses with ``to_json()``, for the CLI, the web app and Python callers."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from typing import Any

EXAMPLES_KEPT = 20  # places remembered per skip reason, for messages


@dataclass(slots=True)
class IngestReport:
    """What one ``Store.ingest`` call did. Every input item is counted exactly once: added, unchanged, replaced or
    skipped under a reason."""

    added: int = 0
    unchanged: int = 0
    replaced: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)  # reason -> first places it was seen
    quotes: int = 0  # quotes written (of added and replaced articles)
    seconds: float = 0.0
    speakers_seconds: float = 0.0  # of which: merging speakers across the store

    def skip(self, reason: str, where: str) -> None:
        self.skipped[reason] += 1
        seen = self.examples.setdefault(reason, [])
        if len(seen) < EXAMPLES_KEPT:
            seen.append(where)

    def merge(self, other: IngestReport) -> None:
        self.added += other.added
        self.unchanged += other.unchanged
        self.replaced += other.replaced
        self.quotes += other.quotes
        for reason, n in other.skipped.items():
            self.skipped[reason] += n
            seen = self.examples.setdefault(reason, [])
            seen.extend(other.examples.get(reason, [])[: EXAMPLES_KEPT - len(seen)])

    @property
    def stored(self) -> int:
        """Records now in the store as given: added, replaced or already there."""
        return self.added + self.unchanged + self.replaced

    @property
    def total(self) -> int:
        return self.stored + sum(self.skipped.values())

    def summary(self) -> str:
        """``12 records: 9 added, 2 unchanged, 1 replaced, 1 skipped (error record SW102: 1); 40 quotes``."""
        skipped = sum(self.skipped.values())
        line = (
            f"{self.total} records: {self.added} added, {self.unchanged} unchanged, {self.replaced} replaced, "
            f"{skipped} skipped"
        )
        if skipped:
            line += " (" + ", ".join(f"{why}: {n}" for why, n in sorted(self.skipped.items())) + ")"
        return line + f"; {self.quotes} quotes written in {self.seconds:.2f} s"

    def to_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "unchanged": self.unchanged,
            "replaced": self.replaced,
            "skipped": dict(self.skipped),
            "examples": self.examples,
            "quotes": self.quotes,
            "seconds": round(self.seconds, 3),
            "speakers_seconds": round(self.speakers_seconds, 3),
        }


@dataclass(slots=True)
class Hit:
    """One quote found: the quote, its speaker, its article, and the article text around it."""

    quote_pk: int  # the store's id of the quote
    article_id: int  # the store's id of the article (Store.article(article_id))
    record_id: str
    url: str | None
    source: str | None
    title: str | None
    published: str | None  # as the record gave it
    published_date: str | None  # YYYY-MM-DD when it could be read
    quote_id: str
    kind: str
    text: str
    content: list[list[int]]
    speaker_id: str | None  # registry id, None for unnamed or unresolved speakers
    speaker_name: str | None  # registry name, else the record's name
    speaker_mention: str | None  # the words the text uses for the speaker
    speaker_via: str | None
    confidence: float
    snippet: str  # the quote with some article text either side, for reading
    rank: float | None = None  # backend score, lower is better (None when listing by filters)

    @property
    def speaker_label(self) -> str:
        """The name, else ``(unnamed: mention)``, else ``(no speaker)``."""
        if self.speaker_name:
            return self.speaker_name
        if self.speaker_mention:
            return f"(unnamed: {self.speaker_mention})"
        return "(no speaker)"

    def to_json(self) -> dict[str, Any]:
        # by hand rather than dataclasses.asdict, which walks and deep-copies every value: a search page's 20 hits
        # through asdict were a fifth of the web app's Python time per request
        out = {name: getattr(self, name) for name in _HIT_FIELDS}
        out["content"] = [list(span) for span in self.content]
        return out


@dataclass(slots=True)
class SearchPage:
    """One page of results and how many quotes match in all: ``total`` is counted up to
    ``saidwho.store.search.CANDIDATES`` (1,000); when more match, ``total`` is that number and ``capped`` is True
    (show "1,000+"), and a words search ranked only the 1,000 most recently stored matches."""

    hits: list[Hit]
    total: int
    limit: int
    offset: int
    capped: bool = False
    facets: Facets | None = None  # with Store.search(..., facets=N): the facets of the same query

    def to_json(self) -> dict[str, Any]:
        out = {"total": self.total, "capped": self.capped, "limit": self.limit, "offset": self.offset,
               "hits": [h.to_json() for h in self.hits]}
        if self.facets is not None:
            out["facets"] = self.facets.to_json()
        return out


@dataclass(slots=True)
class Facets:
    """Counts of matching quotes by speaker, source domain and month (``YYYY-MM``), largest first (months in
    order). When more than ``saidwho.store.search.CANDIDATES`` (1,000) quotes match, ``capped`` is True and the
    counts are of the 1,000 most recently stored matches only (``total`` is 1,000): a sample, not the whole."""

    total: int
    speakers: list[dict[str, Any]]  # {"id", "name", "count"}
    sources: list[dict[str, Any]]  # {"source", "count"}
    months: list[dict[str, Any]]  # {"month", "count"}, oldest first; quotes with no date are not counted
    capped: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"total": self.total, "speakers": [dict(s) for s in self.speakers],
                "sources": [dict(s) for s in self.sources], "months": [dict(m) for m in self.months],
                "capped": self.capped}


@dataclass(slots=True)
class SpeakerDetail:
    """One registry entry and what the store holds of it."""

    id: str
    name: str | None
    type: str
    aliases: list[str]
    roles: list[str]
    descriptions: list[str]
    quotes: int
    articles: int
    first: str | None  # first and last publication dates of its quotes
    last: str | None
    months: list[dict[str, Any]]  # {"month", "count"}, oldest first
    sources: list[dict[str, Any]]  # {"source", "count"}, most first

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


_HIT_FIELDS = tuple(f.name for f in fields(Hit))
