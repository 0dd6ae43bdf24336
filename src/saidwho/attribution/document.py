"""A parsed document: the text, its paragraphs, and spaCy parses of its pieces with global offsets.

Paragraphs are parsed separately (``nlp.pipe``), so memory stays bounded by the longest paragraph and
the parser never joins sentences across paragraphs; an over-long paragraph is cut into pieces at
sentence-like boundaries. Everything downstream works in character offsets of the whole text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

MAX_PIECE = 20_000
_CUT = re.compile(r"[.!?][\"'\u201d\u2019)]*\s+")


@dataclass(slots=True)
class Piece:
    offset: int  # where this piece starts in the text
    doc: Any  # spaCy Doc of text[offset: offset + len(doc.text)]
    para: int


@dataclass(slots=True)
class ParsedDoc:
    text: str
    paras: list[tuple[int, int]]
    pieces: list[Piece] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)  # global start of every token, in order
    _tokens: list[tuple[int, int]] = field(default_factory=list)  # (piece index, token index)
    _by_doc: dict[int, Piece] = field(default_factory=dict)

    def index(self) -> None:
        self._starts = []
        self._tokens = []
        self._by_doc = {id(p.doc): p for p in self.pieces}
        for pi, piece in enumerate(self.pieces):
            for tok in piece.doc:
                self._starts.append(piece.offset + tok.idx)
                self._tokens.append((pi, tok.i))

    def token_at(self, char: int):
        """The token that starts at or before ``char`` (None before the first token)."""
        k = bisect.bisect_right(self._starts, char) - 1
        if k < 0:
            return None
        pi, ti = self._tokens[k]
        return self.pieces[pi].doc[ti]

    def tokens_between(self, start: int, end: int) -> list[Any]:
        """Tokens whose start lies in [start, end)."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        out = []
        for k in range(lo, hi):
            pi, ti = self._tokens[k]
            out.append(self.pieces[pi].doc[ti])
        return out

    def start_of(self, tok: Any) -> int:
        return self.piece_of(tok).offset + tok.idx

    def end_of(self, tok: Any) -> int:
        return self.piece_of(tok).offset + tok.idx + len(tok.text)

    def piece_of(self, tok: Any) -> Piece:
        return self._by_doc[id(tok.doc)]

    def para_of(self, char: int) -> int:
        starts = [s for s, _ in self.paras]
        return max(0, bisect.bisect_right(starts, char) - 1)

    def end_of_paras(self, char: int, n: int) -> int:
        """Where the paragraph ``n`` paragraphs after the one ``char`` lies in ends (the last one's end, if fewer
        follow): the reach of "within the next ``n`` paragraphs"."""
        return self.paras[min(self.para_of(char) + n, len(self.paras) - 1)][1]


def _cut_points(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """Cut [start, end) into pieces of at most MAX_PIECE chars, at sentence ends where possible."""
    s = start
    while end - s > MAX_PIECE:
        window = text[s : s + MAX_PIECE]
        cut = None
        for m in _CUT.finditer(window):
            if m.end() > MAX_PIECE // 4:
                cut = m.end()
        if cut is None:
            sp = window.rfind(" ", MAX_PIECE // 2)
            cut = sp + 1 if sp > 0 else MAX_PIECE
        yield s, s + cut
        s += cut
    if s < end:
        yield s, end


def parse(text: str, paras: list[tuple[int, int]], nlp: Any, batch_size: int = 64) -> ParsedDoc:
    spans: list[tuple[int, int, int]] = []
    for p, (s, e) in enumerate(paras):
        for a, b in _cut_points(text, s, e):
            spans.append((a, b, p))
    pd = ParsedDoc(text, paras)
    docs = nlp.pipe((text[a:b] for a, b, _ in spans), batch_size=batch_size)
    for (a, _b, p), doc in zip(spans, docs):
        pd.pieces.append(Piece(a, doc, p))
    pd.index()
    return pd


def from_doc(doc: Any, paras: list[tuple[int, int]]) -> ParsedDoc:
    """Wrap one already-parsed Doc (the spaCy component's case)."""
    pd = ParsedDoc(doc.text, paras, [Piece(0, doc, 0)])
    pd.index()
    return pd
