"""Finding quotations by their marks: every common style, the news continuation convention, and graceful
recovery from unbalanced marks. Pure text in, spans out; no NLP.

A quotation is a list of segments (one per paragraph it covers). Offsets of a segment are those of the text
between its marks; ``open``/``close`` are the offsets of the marks themselves (``close`` is None when the
quotation was never closed in that paragraph).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Opening mark -> the marks that may close it (the last ones are the usual typos).
DOUBLE_PAIRS = {
    "\u201c": "\u201d\u201c\"",  # “ … ” (and “ … “, “ … ")
    "\u201e": "\u201c\u201d\"",  # „ … “ (German), „ … ”
    "\u00ab": "\u00bb",  # « … »
    "\u2039": "\u203a",  # ‹ … ›
    '"': "\"\u201d",  # " … "
    "\u201f": "\u201d",  # ‟ … ”
    "\u301d": "\u301e\u301f",  # 〝 … 〞
}
SINGLE_PAIRS = {
    "\u2018": "\u2019'",  # ‘ … ’
    "'": "'\u2019",
    "\u201a": "\u2018\u2019",  # ‚ … ‘
}
ALL_MARKS = set("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\"\u2018\u2019\u201a'\u301d\u301e\u301f")
QUOTE_CHARS = "".join(sorted(ALL_MARKS))

_PAD = "\x00"  # stands for the second apostrophe of a '' mark (old newspaper archives)
_OPEN_BEFORE = set(" \t\n\r\u00a0([{<\u2014\u2013\u2015-/:;,\u2026") | ALL_MARKS | {_PAD}
_CLOSE_AFTER = set(" \t\n\r\u00a0)]}>.,;:!?\u2014\u2013\u2015-/\u2026*") | ALL_MARKS | {_PAD}
_PARA = re.compile(r"[^\n]+")


@dataclass(slots=True)
class Segment:
    start: int  # first character inside the marks
    end: int  # end (exclusive) of the quoted text
    open: int  # offset of the opening mark
    close: int | None  # offset of the closing mark, None if unclosed in its paragraph
    para: int  # paragraph index


@dataclass(slots=True)
class Quotation:
    segments: list[Segment] = field(default_factory=list)
    level: str = "double"  # double | single
    balanced: bool = True  # every segment closed, or continued by the news convention

    @property
    def start(self) -> int:
        return self.segments[0].start

    @property
    def end(self) -> int:
        return self.segments[-1].end


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Line-based paragraphs: (start, end) of every non-blank line, trimmed of edge white space."""
    out = []
    for m in _PARA.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


_UNAMBIGUOUS = set("\u00ab\u00bb\u2039\u203a\u201e")


def _can_open(text: str, i: int, end: int) -> bool:
    if text[i] in _UNAMBIGUOUS:
        return True
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < end else " "
    return (before in _OPEN_BEFORE or before.isspace()) and not after.isspace()


def _can_close(text: str, i: int, end: int) -> bool:
    if text[i] in _UNAMBIGUOUS:
        return True
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < end else " "
    return not before.isspace() and (after in _CLOSE_AFTER or after.isspace())


def _scan_paragraph(text: str, start: int, end: int, pairs: dict[str, str], masked: list[tuple[int, int]]):
    """Yield (open, close|None, stop) mark offsets for one paragraph at one level, skipping masked ranges."""
    i = start
    mask_i = 0
    pending: tuple[int, str] | None = None  # (offset, closers)
    symmetric = {"'", '"'}
    inner = 0  # curly “ … ” pairs opened inside a straight " quotation: their ” closes them, not it
    while i < end:
        while mask_i < len(masked) and masked[mask_i][1] <= i:
            mask_i += 1
        if mask_i < len(masked) and masked[mask_i][0] <= i < masked[mask_i][1]:
            i = masked[mask_i][1]
            continue
        ch = text[i]
        if pending is None:
            if ch in pairs and _can_open(text, i, end):
                # an apostrophe-like straight single quote inside a word never opens
                pending = (i, pairs[ch])
            i += 1
            continue
        o, closers = pending
        if text[o] == '"' and ch == "\u201c" and _can_open(text, i, end):
            # "PENCE: Well, this is an episode of “Shark Tank.” But …": a quotation inside a straight-quoted one
            inner += 1
        elif inner and ch == "\u201d" and _can_close(text, i, end):
            inner -= 1
        elif ch in closers and _can_close(text, i, end) and i > o + 1:
            if ch in ("'", "\u2019") and i + 1 < end and text[i + 1].isalnum():
                i += 1
                continue
            yield o, i, i
            pending, inner = None, 0
        elif ch in pairs and (ch == text[o] or ch in symmetric) and _can_open(text, i, end) and not _can_close(text, i, end):
            # an opener again before any closer: the earlier mark was never closed
            yield o, None, i
            pending, inner = (i, pairs[ch]), 0
        i += 1
    if pending is not None:
        yield pending[0], None, end


def find_quotations(text: str, paras: list[tuple[int, int]] | None = None) -> list[Quotation]:
    """All quotations in ``text``, in order. Double-level marks first; single-level marks only outside them
    (single quotes nested in a double quotation belong to it). A double quotation left open at the end of a
    paragraph continues when the next paragraph opens with a mark (the news convention); otherwise it ends
    at the paragraph end and is flagged unbalanced."""
    if paras is None:
        paras = paragraphs(text)
    if "''" in text:  # ''quoted'' as a double mark; same length, so offsets hold
        text = re.sub(r"(?<!')''(?!')", '"' + _PAD, text)
    out: list[Quotation] = []
    current: Quotation | None = None  # an open quotation waiting for a continuation paragraph
    doubles_by_para: list[list[tuple[int, int]]] = []
    for p, (ps, pe) in enumerate(paras):
        covered: list[tuple[int, int]] = []
        for o, c, stop in _scan_paragraph(text, ps, pe, DOUBLE_PAIRS, []):
            seg = Segment(o + 1, stop, o, c, p)
            covered.append((o, (c + 1) if c is not None else stop))
            if current is not None:
                if (
                    o == ps and current.segments[-1].para == p - 1 and current.segments[-1].end == paras[p - 1][1]
                    and (text[o] == '"') == (text[current.segments[-1].open] == '"')
                ):
                    # a continuation opens with the mark its quotation opened with: a straight " is not continued
                    # by a curly “ (nor the other way round), which starts a quotation of its own
                    current.segments.append(seg)
                    if c is not None:
                        out.append(current)
                        current = None
                    continue
                current.balanced = False
                out.append(current)
                current = None
            q = Quotation([seg], "double", True)
            if c is None:
                current = q
            else:
                out.append(q)
        if current is not None and current.segments[-1].para != p:
            # open quotation not continued in this paragraph
            current.balanced = False
            out.append(current)
            current = None
        doubles_by_para.append(covered)
    if current is not None:
        current.balanced = False
        out.append(current)
    pending: Quotation | None = None  # British style: ‘ opening a paragraph, continued by the next
    for p, (ps, pe) in enumerate(paras):
        for o, c, stop in _scan_paragraph(text, ps, pe, SINGLE_PAIRS, doubles_by_para[p]):
            seg = Segment(o + 1, c if c is not None else stop, o, c, p)
            if pending is not None and o == ps and pending.segments[-1].para == p - 1:
                pending.segments.append(seg)
                if c is not None:
                    out.append(pending)
                    pending = None
                continue
            if pending is not None:
                pending = None  # never continued: its opening mark was an apostrophe after all
            if c is not None:
                out.append(Quotation([seg], "single", True))
            elif o == ps and stop == pe:
                pending = Quotation([seg], "single", True)
            # any other unpaired single mark is an apostrophe far more often than a quotation
    singles = [(q.segments[0].open, q.segments[-1].end) for q in out if q.level == "single"]
    if singles:  # British style: a double quotation inside a single one belongs to it
        out = [q for q in out if q.level == "single" or not any(o < q.segments[0].open and q.end <= e for o, e in singles)]
    out.sort(key=lambda q: q.start)
    return [q for q in out if any(text[s.start : s.end].strip() for s in q.segments)]


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim white space from both ends of a span."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
