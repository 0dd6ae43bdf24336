"""Span normalisation and arithmetic for scoring.

A role (content, source or cue) is a list of ``[start, end)`` code-point spans into a text. Before spans are
compared they are normalised, so that a system is not penalised for where it puts quotation marks, a closing
comma or a stray space:

1. each span is clipped to the text and trimmed, repeatedly at both ends, of white space (and zero-width
   characters), quotation marks (``" ' “ ” ‘ ’ « » „ ‚ ‹ ›`` and any other Unicode initial/final quote)
   and edge punctuation (``. , ; : ! ? … - – — ‒ ― ‐ ‑``);
2. spans left empty are dropped -- except for source and cue spans (``keep_bare=True``): a cue that is only
   punctuation (a colon or a dash introducing a quotation) is then trimmed of white space only and kept;
3. spans are sorted, and spans that overlap, touch, or are separated only by such characters are merged.

The result is a tuple of disjoint, sorted ``(start, end)`` pairs: equal tuples are an exact match, and the
characters they cover are the basis of overlap measures.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

Spans = tuple[tuple[int, int], ...]

_QUOTES = "\"'`´„‚«»‹›“”‘’‛‟″′〝〞〟＂＇「」『』"
_PUNCT = ".,;:!?…-–—‒―‐‑⁃"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def _is_trimmable(ch: str) -> bool:
    return (
        ch.isspace()
        or ch in _QUOTES
        or ch in _PUNCT
        or ch in _INVISIBLE
        or unicodedata.category(ch) in ("Pi", "Pf")
    )


class _TrimTable(dict):
    """char -> is trimmable, computed once per distinct character."""

    def __missing__(self, ch: str) -> bool:
        value = self[ch] = _is_trimmable(ch)
        return value


_TRIM = _TrimTable()


def is_trimmable(ch: str) -> bool:
    """Whether ``ch`` is white space, a quotation mark or edge punctuation (removed from span edges)."""
    return _TRIM[ch]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past trimmable characters at both ends; returns an empty span if nothing is left."""
    trimmable = _TRIM
    while start < end and trimmable[text[start]]:
        start += 1
    while end > start and trimmable[text[end - 1]]:
        end -= 1
    return start, end


def normalise(text: str, spans: Iterable[Sequence[int]] | None, *, keep_bare: bool = False) -> Spans:
    """Normalise a role's spans (see the module docstring). Malformed spans (not two integers, or end before
    start) are ignored; spans are clipped to ``text``. With ``keep_bare``, a span made only of quotation marks
    and punctuation is kept, trimmed of white space only."""
    n = len(text)
    pieces: list[tuple[int, int]] = []
    for span in spans or ():
        try:
            s, e = span
            s, e = int(s), int(e)
        except (TypeError, ValueError):
            continue
        s, e = max(0, s), min(n, e)
        if s >= e:
            continue
        ts, te = trim(text, s, e)
        if ts >= te and keep_bare:
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            ts, te = s, e
        if ts < te:
            pieces.append((ts, te))
    if len(pieces) <= 1:
        return tuple(pieces)
    pieces.sort()
    merged = [pieces[0]]
    trimmable = _TRIM
    for s, e in pieces[1:]:
        ps, pe = merged[-1]
        if s <= pe or all(trimmable[c] for c in text[pe:s]):
            merged[-1] = (ps, max(pe, e))
        else:
            merged.append((s, e))
    return tuple(merged)


def length(spans: Spans) -> int:
    """Number of characters covered by disjoint spans."""
    return sum(e - s for s, e in spans)


def intersection(a: Spans, b: Spans) -> int:
    """Number of characters covered by both of two sorted, disjoint span tuples."""
    i = j = total = 0
    while i < len(a) and j < len(b):
        s = max(a[i][0], b[j][0])
        e = min(a[i][1], b[j][1])
        if s < e:
            total += e - s
        if a[i][1] <= b[j][1]:
            i += 1
        else:
            j += 1
    return total


def jaccard(a: Spans, b: Spans) -> float:
    """Character Jaccard similarity of two normalised span tuples (0.0 when either is empty)."""
    if not a or not b:
        return 0.0
    inter = intersection(a, b)
    if not inter:
        return 0.0
    return inter / (length(a) + length(b) - inter)


def inside(spans: Spans, region: Spans) -> bool:
    """Whether every character of ``spans`` lies inside ``region`` (both normalised, non-empty spans)."""
    return bool(spans) and bool(region) and intersection(spans, region) == length(spans)


def union(spans: Iterable[Sequence[int]]) -> Spans:
    """Sort and merge raw spans into a disjoint tuple, without trimming (used for discard regions)."""
    pieces = sorted((int(s), int(e)) for s, e in spans if int(s) < int(e))
    merged: list[tuple[int, int]] = []
    for s, e in pieces:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return tuple(merged)
