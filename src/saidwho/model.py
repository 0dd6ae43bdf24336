"""The records that flow through saidwho: plain, slotted dataclasses that serialise to JSON.

This is the one place the output schema is defined. Parse trees never leak into these records:
every position is a ``[start, end)`` pair of code-point offsets into the record's own ``text``.
The JSON shape is documented in docs/schema.md and validated by ``saidwho/schema/record.schema.json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = "saidwho/2"

Span = tuple[int, int]

KINDS = ("direct", "mixed", "indirect")
PART_GAP = " … "  # joins a quote's content spans in its ``text``: one at each gap (a cue, a paragraph break)
SPEAKER_TYPES = ("person", "organisation", "group", "unknown")


def spans_json(spans: list[Span]) -> list[list[int]]:
    return [[int(s), int(e)] for s, e in spans]


def spans_text(text: str, spans: Any) -> str:
    """The words of ``spans`` in ``text``, ``PART_GAP`` at each gap: a quote's ``text`` from its content spans."""
    return PART_GAP.join(text[s:e] for s, e in spans)


@dataclass(slots=True)
class Article:
    """A document ready for extraction: its text (verbatim for plain text) and what the input said about it."""

    id: str
    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    url: str | None = None
    body: list[Span] = field(default_factory=list)  # article-body spans; empty = not computed yet
    format: str = "text"  # text | html | jsonl
    path: str | None = None  # where it came from, for messages
    # Paragraph offsets of quotations as block quotes in the HTML (trafilatura's <quote>), if any.
    blockquotes: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class SpeakerRef:
    """The speaker of one quotation: which entity, which mention the attribution uses, and how it was found."""

    id: str | None
    name: str | None
    mention: list[Span] = field(default_factory=list)
    via: str = "subject"  # subject | inverted | according-to | colon | dash | pronoun | carried | ...

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "mention": spans_json(self.mention), "via": self.via}


@dataclass(slots=True)
class Quote:
    id: str
    kind: str  # direct | mixed | indirect
    content: list[Span]
    text: str
    cue: list[Span] = field(default_factory=list)
    speaker: SpeakerRef | None = None
    confidence: float = 0.5

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "content": spans_json(self.content),
            "text": self.text,
            "cue": spans_json(self.cue),
            "speaker": self.speaker.to_json() if self.speaker else None,
            "confidence": round(float(self.confidence), 3),
        }


@dataclass(slots=True)
class Speaker:
    id: str
    name: str | None
    type: str = "unknown"  # person | organisation | group | unknown
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)  # role nouns the text gives ("minister", "spokeswoman")
    description: str | None = None  # how the text describes the speaker ("Russia's foreign minister", "a source")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "roles": list(self.roles),
            "description": self.description,
        }


def record(
    article: Article,
    quotes: list[Quote] | None = None,
    speakers: list[Speaker] | None = None,
    error: dict[str, str] | None = None,
    voice: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Build the output record (a JSON-ready dict) for one document."""
    return {
        "schema": SCHEMA_VERSION,
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "authors": list(article.authors),
        "published": article.published,
        "format": article.format,
        "text": article.text,
        "body": spans_json(article.body),
        "quotes": [q.to_json() for q in quotes or []],
        "speakers": [s.to_json() for s in speakers or []],
        "voice": voice,
        "error": error,
    }


def error_record(doc_id: str, code: str, message: str, *, path: str | None = None, fmt: str = "text") -> dict[str, Any]:
    """The record for a document that could not be processed: no text, no quotes, and the coded error."""
    art = Article(id=doc_id, text="", format=fmt, path=path)
    return record(art, error={"code": code, "message": message})
