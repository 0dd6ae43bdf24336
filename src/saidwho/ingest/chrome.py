"""Finding the article body in scraped plain text: a line- and paragraph-level classifier that drops page
chrome (comment forms, share widgets, menus, cookie notices, post metadata, a repeated headline, trailing
book promotions and author bios) and keeps everything else.

Conservative by design: a line with quotation marks and a cue verb is never dropped by a heuristic, long prose
is only dropped inside a comment section or a trailing promotion, and if everything looks like chrome the
whole text is the body.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import chrome_patterns as P

Span = tuple[int, int]

PROMO_UNIT_WORDS = 150  # a trailing paragraph up to this long is judged whole; longer ones line by line
RELATED_MAX_LINES = 15


@dataclass(slots=True)
class Line:
    """One non-blank line: its trimmed span, paragraph number, and what it looks like."""

    start: int
    end: int
    para: int
    text: str
    words: int
    speech: bool  # quotation marks and a cue verb: article text, never dropped by heuristics
    prose: bool  # a long sentence
    navlike: bool  # a menu item: at most three words, no sentence punctuation
    headline: bool  # a link or post title: short, no final period
    chrome: bool  # matched a chrome pattern


def body_spans(text: str) -> list[Span]:
    """``[start, end)`` spans of the article body in ``text``: kept lines, with adjacent kept lines merged into
    one span, edges trimmed of white space. Empty only when the text is blank."""
    lines = split_lines(text)
    if not lines:
        return []
    drop = classify(lines)
    spans: list[Span] = []
    run_start: int | None = None
    prev_end = 0
    for line, dropped in zip(lines, drop):
        if dropped:
            if run_start is not None:
                spans.append((run_start, prev_end))
                run_start = None
            continue
        if run_start is None:
            run_start = line.start
        prev_end = line.end
    if run_start is not None:
        spans.append((run_start, prev_end))
    if not spans:  # everything looked like chrome: do not lose the document
        spans = [(lines[0].start, lines[-1].end)]
    return spans


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of ``text`` with trimmed offsets; a blank line starts a new paragraph."""
    out: list[Line] = []
    para = 0
    blank_before = False
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        raw = text[pos:end]
        body = raw.strip()
        if body:
            if blank_before and out:
                para += 1
            blank_before = False
            start = pos + (len(raw) - len(raw.lstrip()))
            out.append(_line(body, start, start + len(body), para))
        else:
            blank_before = True
        if nl < 0:
            break
        pos = nl + 1
    return out


def _line(t: str, start: int, end: int, para: int) -> Line:
    words = len(t.split()) if len(t) < 20000 else 20000
    ends = P.SENTENCE_END.search(t[-12:]) is not None
    has_quote = P.QUOTE_MARK.search(t) is not None
    speech = has_quote and P.CUE.search(t) is not None
    prose = (words >= 12 and ends) or words >= 25
    chrome = False
    if len(t) <= P.MAX_CHROME_CHARS and not speech:
        sentence = (words >= 6 and ends) or words >= 15
        chrome = bool(
            P.CHROME_HARD.match(t)
            or (not sentence and P.CHROME_SOFT.match(t))
            or (words <= 80 and P.COOKIE_WORD.search(t) and P.COOKIE_CONTEXT.search(t))
        )
    navlike = words <= 3 and len(t) <= 30 and not has_quote and t[-1] not in ".!?,;"
    headline = words <= 20 and not speech and (not t.endswith(".") or t.endswith("..."))
    return Line(start, end, para, t, words, speech, prose, navlike, headline, chrome)


def classify(lines: list[Line]) -> list[bool]:
    """For each line, True when it is chrome."""
    drop = [line.chrome for line in lines]
    prose_idx = [i for i, line in enumerate(lines) if line.prose]
    first_prose = prose_idx[0] if prose_idx else None
    last_prose = prose_idx[-1] if prose_idx else None
    _comment_section(lines, drop, first_prose)
    _repeated_headlines(lines, drop)
    _related_lists(lines, drop)
    _absorb_after_chrome(lines, drop)
    if first_prose is not None and last_prose is not None:
        _edges(lines, drop, first_prose, last_prose)
    _nav_runs(lines, drop, first_prose, last_prose)
    _trailing_promotion(lines, drop, first_prose)
    return drop


def _comment_section(lines: list[Line], drop: list[bool], first_prose: int | None) -> None:
    """From a comment-section header that follows article prose to the end, everything is comments."""
    if first_prose is None:
        return
    for i in range(first_prose + 1, len(lines)):
        t = lines[i].text
        if len(t) <= P.MAX_CHROME_CHARS and P.COMMENT_SECTION.match(t):
            for j in range(i, len(lines)):
                drop[j] = True
            return


def _key(t: str) -> str:
    return " ".join(t.split()).casefold()


def _repeated_headlines(lines: list[Line], drop: list[bool]) -> None:
    """The first line (the title) or a headline-like line seen before is dropped when it comes again; a
    repeated sentence (a live blog's recurring line) is article text and stays."""
    seen: set[str] = set()
    title = _key(lines[0].text) if lines else ""
    for i, line in enumerate(lines):
        if not (3 <= line.words <= 30) or line.prose or P.QUOTE_MARK.search(line.text):
            continue
        key = _key(line.text)
        if key in seen and (line.headline or key == title):
            drop[i] = True
        seen.add(key)


def _is_list_item(line: Line) -> bool:
    t = line.text
    return (
        line.chrome
        or line.navlike
        or line.headline
        or bool(P.DATE_LINE.match(t) or P.CATEGORY_LINE.match(t) or P.WITH_COMMENTS.match(t))
    )


def _related_lists(lines: list[Line], drop: list[bool]) -> None:
    """A "Related" header and the link titles, dates and categories listed under it."""
    for i, line in enumerate(lines):
        if line.speech or len(line.text) > 80 or not P.RELATED_HEAD.match(line.text):
            continue
        drop[i] = True
        for j in range(i + 1, min(len(lines), i + 1 + RELATED_MAX_LINES)):
            nxt = lines[j]
            if nxt.speech or nxt.prose or not _is_list_item(nxt):
                break
            drop[j] = True


def _absorb_after_chrome(lines: list[Line], drop: list[bool]) -> None:
    """Button labels and dates right after a chrome line ("Share this:", then "Mastodon") are chrome too."""
    for i in range(1, len(lines)):
        line = lines[i]
        if drop[i] or not drop[i - 1] or line.speech:
            continue
        if line.navlike or P.DATE_LINE.match(line.text):
            drop[i] = True


def _edges(lines: list[Line], drop: list[bool], first_prose: int, last_prose: int) -> None:
    """Before the first and after the last prose line: bylines and bare dates."""
    for i in list(range(first_prose)) + list(range(last_prose + 1, len(lines))):
        t = lines[i].text
        if lines[i].speech or len(t) > 200:
            continue
        if P.DATE_LINE.match(t) or (lines[i].words <= 12 and P.BYLINE.match(t)):
            drop[i] = True


def _nav_runs(lines: list[Line], drop: list[bool], first_prose: int | None, last_prose: int | None) -> None:
    """Runs of three or more menu-like lines: dropped before the first or after the last prose line, and in
    the middle of the text when the run touches other chrome."""
    i = 0
    n = len(lines)
    while i < n:
        if not (lines[i].navlike or drop[i]):
            i += 1
            continue
        j = i
        while j < n and (lines[j].navlike or drop[j]) and not lines[j].speech:
            j += 1
        group = range(i, j)
        nav = sum(1 for k in group if lines[k].navlike and not drop[k])
        chrome = sum(1 for k in group if drop[k])
        at_edge = first_prose is None or j <= first_prose or i > (last_prose if last_prose is not None else -1)
        if nav and nav + chrome >= 3 and (at_edge or chrome):
            for k in group:
                drop[k] = True
        i = max(j, i + 1)


def _trailing_promotion(lines: list[Line], drop: list[bool], first_prose: int | None) -> None:
    """Walking back from the end: book promotions and author bios after the article are dropped; a short
    title line between two promotions goes with them. Stops at the first paragraph of anything else."""
    paras: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        paras.setdefault(line.para, []).append(i)
    pending: list[int] = []
    for p in sorted(paras, reverse=True):
        idx = [i for i in paras[p] if not drop[i]]
        if not idx:
            continue
        if first_prose is not None and idx[0] <= first_prose:
            return
        if any(lines[i].speech for i in idx):
            return
        words = sum(lines[i].words for i in idx)
        if words <= PROMO_UNIT_WORDS:
            if any(P.PROMO.search(lines[i].text) for i in idx):
                for i in idx + pending:
                    drop[i] = True
                pending = []
                continue
            if len(idx) == 1 and lines[idx[0]].headline and lines[idx[0]].words <= 12:
                pending.append(idx[0])
                continue
            return
        for i in reversed(idx):  # a long paragraph: only its final promotional lines
            if P.PROMO.search(lines[i].text):
                drop[i] = True
            else:
                return
