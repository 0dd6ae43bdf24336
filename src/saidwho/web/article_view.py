"""An article as the browser shows it: paragraphs of plain text pieces, each marked as the author's voice, a
quotation in its speaker's colour, a cue or a source mention, with page chrome left out.

This module builds data, never HTML: the templates render every piece with Jinja2's autoescaping, so nothing in a
scraped page or a speaker's name can become markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

PALETTE_SIZE = 10  # speaker colours sp-0 … sp-9 in style.css; more speakers than that reuse them in turn
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


@dataclass(slots=True)
class SpeakerKey:
    """One speaker of the article, as the legend shows it."""

    sid: str
    name: str | None
    label: str  # the name, or "unnamed: <mention>"
    colour: int | None  # index into the palette; None for the author's own voice
    quotes: int
    registry_id: str | None = None
    is_author: bool = False


@dataclass(slots=True)
class Piece:
    """A run of text with one role: ``author`` (the author's own words), ``quote`` (reported words), ``cue`` or
    ``mention`` (inside the author's words), or ``plain`` (body text when the page has no known author)."""

    text: str
    role: str
    quote_id: str | None = None
    speaker: str | None = None  # the record's speaker id, for quote, cue and mention pieces
    colour: int | None = None  # the speaker's colour, for quote, cue and mention pieces
    unattributed: bool = False
    author_quote: bool = False  # a quote in the author's own first person
    tip: str | None = None  # shown on hover and keyboard focus
    first: bool = False  # the first piece of its quotation: carries the anchor q-<id>


@dataclass(slots=True)
class ArticleView:
    title: str | None
    url: str | None
    authors: list[str]
    published: str | None
    paragraphs: list[list[Piece]]
    speakers: list[SpeakerKey]
    author: str | None
    author_share: float | None
    unattributed_share: float | None
    chrome_chars: int  # characters of page chrome left out
    quotes: int
    error: dict[str, Any] | None = None
    kinds: dict[str, int] = field(default_factory=dict)


def _speaker_label(sp: dict[str, Any] | None, ref: dict[str, Any] | None, text: str) -> str:
    if sp is not None and sp.get("name"):
        return str(sp["name"])
    if ref is not None and ref.get("mention"):
        words = " ".join(text[s:e] for s, e in ref["mention"])
        return f"unnamed: {' '.join(words.split())}"
    return "unattributed"


def build_view(rec: dict[str, Any], registry: dict[str, str | None] | None = None) -> ArticleView:
    """The view of one saidwho/2 record; ``registry`` maps the record's speaker ids to registry ids (stored
    articles), so the legend can link to speaker pages."""
    text: str = rec.get("text") or ""
    registry = registry or {}
    voice = rec.get("voice") or {}
    author_sid = voice.get("author_speaker")
    speakers = {s["id"]: s for s in rec.get("speakers") or []}
    quotes = rec.get("quotes") or []

    keys: dict[str, SpeakerKey] = {}
    colours = 0
    for q in quotes:
        ref = q.get("speaker")
        sid = ref.get("id") if ref else None
        if sid is None or sid in keys:
            if sid is not None:
                keys[sid].quotes += 1
            continue
        is_author = sid == author_sid
        sp = speakers.get(sid)
        keys[sid] = SpeakerKey(
            sid=sid, name=sp.get("name") if sp else None, label=_speaker_label(sp, ref, text),
            colour=None if is_author else colours % PALETTE_SIZE, quotes=1, registry_id=registry.get(sid),
            is_author=is_author,
        )
        if not is_author:
            colours += 1

    # the role of every character: quote content first, then cue and mention marks outside quotes
    owner: list[int | None] = [None] * len(text)  # index into quotes
    mark: list[tuple[str, int] | None] = [None] * len(text)
    for k, q in enumerate(quotes):
        for s, e in q.get("content") or []:
            for i in range(max(0, s), min(e, len(text))):
                if owner[i] is None:
                    owner[i] = k
    for k, q in enumerate(quotes):
        ref = q.get("speaker") or {}
        for role, spans in (("cue", q.get("cue") or []), ("mention", ref.get("mention") or [])):
            for s, e in spans:
                for i in range(max(0, s), min(e, len(text))):
                    if owner[i] is None and mark[i] is None:
                        mark[i] = (role, k)

    body = [(int(s), int(e)) for s, e in rec.get("body") or []] or [(0, len(text))]
    in_body = [False] * len(text)
    for s, e in body:
        for i in range(max(0, s), min(e, len(text))):
            in_body[i] = True
    chrome = sum(1 for i, ch in enumerate(text) if not in_body[i] and not ch.isspace())

    author = voice.get("author")
    seen_first: set[int] = set()

    def piece(start: int, end: int) -> Piece:
        k = owner[start]
        if k is not None:
            q = quotes[k]
            ref = q.get("speaker")
            key = keys.get(ref["id"]) if ref and ref.get("id") else None
            who = key.label if key is not None else "unattributed"
            p = Piece(
                text[start:end], "quote", quote_id=q["id"], speaker=key.sid if key else None,
                colour=key.colour if key else None,
                unattributed=key is None, author_quote=bool(key and key.is_author),
                tip=f"{who} · {q.get('kind', 'quote')}", first=k not in seen_first,
            )
            seen_first.add(k)
            return p
        m = mark[start]
        if m is not None:
            role, k = m
            ref = quotes[k].get("speaker")
            key = keys.get(ref["id"]) if ref and ref.get("id") else None
            who = key.label if key is not None else "unattributed"
            tip = f"cue of {who}'s {quotes[k].get('kind', 'quote')}" if role == "cue" else f"source: {who}"
            return Piece(
                text[start:end], role, quote_id=quotes[k]["id"], speaker=key.sid if key else None,
                colour=key.colour if key else None, tip=tip,
            )
        return Piece(text[start:end], "author" if author else "plain")

    def state(i: int) -> tuple[Any, ...]:
        return (owner[i], mark[i])

    paragraphs: list[list[Piece]] = []
    for ps, pe in _paragraphs(text):
        pieces: list[Piece] = []
        i = ps
        while i < pe:
            if not in_body[i]:
                i += 1
                continue
            j = i + 1
            while j < pe and in_body[j] and state(j) == state(i):
                j += 1
            pieces.append(piece(i, j))
            i = j
        if any(p.text.strip() for p in pieces):
            paragraphs.append(_trim(pieces))

    kinds: dict[str, int] = {}
    for q in quotes:
        kinds[q.get("kind", "?")] = kinds.get(q.get("kind", "?"), 0) + 1
    legend = sorted(keys.values(), key=lambda k: (k.is_author, -k.quotes, k.label.lower()))
    return ArticleView(
        title=rec.get("title"), url=rec.get("url"), authors=list(rec.get("authors") or []),
        published=rec.get("published"), paragraphs=paragraphs, speakers=legend, author=author,
        author_share=voice.get("author_share"), unattributed_share=voice.get("unattributed_share"),
        chrome_chars=chrome, quotes=len(quotes), error=rec.get("error"), kinds=kinds,
    )


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def _trim(pieces: list[Piece]) -> list[Piece]:
    """A paragraph's pieces without the white space at its two ends."""
    while pieces and not pieces[0].text.strip():
        pieces.pop(0)
    while pieces and not pieces[-1].text.strip():
        pieces.pop()
    if pieces:
        pieces[0].text = pieces[0].text.lstrip()
        pieces[-1].text = pieces[-1].text.rstrip()
    return pieces
