"""From per-token B/I/O probabilities to attributions: spans for each layer, then each cue gathers the
content and source spans of its sentence (content on both sides of a cue that interrupts it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

LAYERS = ("source", "cue", "content")


@dataclass(slots=True)
class TokSpan:
    start: int  # token index in the piece
    end: int  # exclusive
    score: float


@dataclass(slots=True)
class Found:
    cue: TokSpan
    content: list[TokSpan] = field(default_factory=list)
    source: TokSpan | None = None


def spans_from_probs(p: np.ndarray) -> list[list[TokSpan]]:
    """BIO decoding per layer; an I after O starts a span (lenient), a B always does."""
    out: list[list[TokSpan]] = []
    tags = p.argmax(-1)  # [n, 3]
    for li in range(len(LAYERS)):
        spans: list[TokSpan] = []
        cur: list[int] | None = None
        for i, t in enumerate(tags[:, li]):
            if t == 1 or (t == 2 and cur is None):
                if cur is not None:
                    spans.append(_span(cur, p, li))
                cur = [i, i + 1]
            elif t == 2:
                cur[1] = i + 1
            else:
                if cur is not None:
                    spans.append(_span(cur, p, li))
                cur = None
        if cur is not None:
            spans.append(_span(cur, p, li))
        out.append(spans)
    return out


def _span(se: list[int], p: np.ndarray, li: int) -> TokSpan:
    s, e = se
    return TokSpan(s, e, float(1.0 - p[s:e, li, 0].mean()))


def group(doc: Any, layers: list[list[TokSpan]]) -> list[Found]:
    """Attach every content and source span to the nearest cue in its sentence (or, failing that, in the
    piece); cues left with no content are dropped."""
    sources, cues, contents = layers
    if not cues:
        return []
    sent_of = _sentence_ids(doc)
    found = [Found(c) for c in cues]

    def same_sentence(span: TokSpan) -> list[Found]:
        return [f for f in found if sent_of[f.cue.start] in (sent_of[span.start], sent_of[max(span.start, span.end - 1)])]

    # a cue inside an aside that holds its content ("-- which X called 'Y' --") takes no content from outside
    # it; one whose aside holds none ("would argue -- and Y believes -- that …") takes what follows
    asides = {id(f): _aside(doc, sent_of, f.cue) for f in found}
    for f in found:
        lo_hi = asides[id(f)]
        if lo_hi is not None and not any(_within(span, lo_hi) for span in contents):
            asides[id(f)] = None

    def admits(f: Found, span: TokSpan) -> bool:
        lo_hi = asides[id(f)]
        return lo_hi is None or _within(span, lo_hi)

    orphans = []
    for span in contents:
        same = [f for f in same_sentence(span) if admits(f, span)]
        if same:
            min(same, key=lambda f: _gap(f.cue, span)).content.append(span)
        else:
            orphans.append(span)
    # content in a sentence with no cue belongs to a cue only as a continuation of that cue's content
    for span in orphans:
        for f in found:
            if admits(f, span) and any(_gap(c, span) <= 1 for c in f.content):
                f.content.append(span)
                break
    for span in sources:
        pool = same_sentence(span) or found
        f = min(pool, key=lambda f: _gap(f.cue, span))
        if f.source is None or _gap(f.cue, span) < _gap(f.cue, f.source):
            f.source = span
    return [f for f in found if f.content]


_DASHES = frozenset({"--", "\u2014", "\u2013"})


def _aside(doc: Any, sent_of: list[int], cue: TokSpan) -> tuple[int, int] | None:
    """The token range of the aside that holds the cue within its sentence, between a pair of dashes or in
    parentheses (the closing mark included), or None when the cue is not in one that closes."""
    sent = sent_of[cue.start]
    first = cue.start
    while first > 0 and sent_of[first - 1] == sent:
        first -= 1
    last = cue.end
    while last < len(doc) and sent_of[last] == sent:
        last += 1
    dashes = [i for i in range(first, cue.start) if doc[i].text in _DASHES]
    opened = [i for i in range(first, cue.start) if doc[i].text == "("]
    closed = sum(1 for i in range(first, cue.start) if doc[i].text == ")")
    if len(opened) > closed:
        lo, close = opened[-1], ")"
    elif len(dashes) % 2:
        lo, close = dashes[-1], None
    else:
        return None
    for hi in range(cue.end, last):
        if doc[hi].text == close if close else doc[hi].text in _DASHES:
            return lo + 1, hi + 1
    return None


def _within(span: TokSpan, lo_hi: tuple[int, int]) -> bool:
    return lo_hi[0] <= span.start and span.end <= lo_hi[1]


def _gap(a: TokSpan, b: TokSpan) -> int:
    if a.end <= b.start:
        return b.start - a.end
    if b.end <= a.start:
        return a.start - b.end
    return 0


def _sentence_ids(doc: Any) -> list[int]:
    ids = []
    k = -1
    for tok in doc:
        if tok.is_sent_start or tok.i == 0:
            k += 1
        ids.append(k)
    return ids
