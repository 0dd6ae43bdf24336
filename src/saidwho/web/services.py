"""What the pages and their JSON twins both do: run a search, fetch an article or a speaker, analyze a paste.

The routes in ``pages`` and ``api`` stay thin: they read parameters, call these, and render HTML or JSON.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import BadRequest, NotFound, ReadOnlyServer
from ..model import PART_GAP
from ..store import Facets, Hit, SearchPage, SearchQuery, SpeakerDetail

if TYPE_CHECKING:
    from .app import WebState

T = TypeVar("T")

PAGE_SIZE = 20
FACET_SIZE = 10
FORMATS = ("auto", "text", "html")


async def in_turn(state: WebState, work: Callable[[], T]) -> T:
    """``work()`` (a page's reads and its rendering) in one turn at a reader slot (``Store.turn``).

    With one reader slot in the process, as ``serve --workers N`` gives each worker on N cores, reads run one at a
    time anyway, so the work runs right here on the event loop. Handing each request to a worker thread and back
    took three thread wake-ups a request (the thread pool's queue, the reader slot, the loop), which this virtual
    machine made dear. With more slots, it runs in a worker thread, and the slots' queue orders the turns."""
    store = state.store
    if store.readers == 1:
        return _turn_of(store, work)
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(_turn_of, store, work)


def _turn_of(store: Any, work: Callable[[], T]) -> T:
    with store.turn():
        return work()


def search(
    state: WebState,
    q: str = "",
    *,
    speaker: str | None = None,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = PAGE_SIZE,
    offset: int = 0,
    facets: bool = True,
) -> tuple[SearchQuery, SearchPage, Facets | None]:
    """One page of results (and the facets of the whole match) for the search form's fields; empty fields are no
    filter. A bad date or limit raises BadSearchQuery (400)."""
    query = SearchQuery(
        text=q or "", speaker=speaker or None, source=source or None, since=since or None, until=until or None,
        limit=limit, offset=offset,
    )
    page = state.store.search(query, facets=FACET_SIZE if facets else None)  # one statement for both
    return query, page, page.facets


def article(state: WebState, article_id: int) -> dict[str, Any]:
    found = state.store.article(article_id)
    if found is None:
        raise NotFound(f"no article {article_id} in this store")
    return found


def speaker(state: WebState, speaker_id: str) -> SpeakerDetail:
    found = state.store.speaker(speaker_id)
    if found is None:
        raise NotFound(f"no speaker {speaker_id!r} in this store")
    return found


@dataclass(slots=True)
class Analysis:
    record: dict[str, Any]
    saved: bool = False
    article_id: int | None = None


def analyze(
    state: WebState, data: str | bytes, *, fmt: str = "auto", url: str | None = None, save: bool = False
) -> Analysis:
    """Extract one pasted or uploaded page. Saved to the store only when ``save`` is asked (never on a read-only
    server); the id is derived from the content, so saving the same page twice stores it once."""
    import saidwho

    if fmt not in FORMATS:
        raise BadRequest(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if save and state.read_only:
        raise ReadOnlyServer("this server is read-only: it analyzes pages but does not save them")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if not raw.strip():
        raise BadRequest("nothing to analyze: paste a page's text or HTML, or choose a file")
    doc_id = "analyze:" + hashlib.sha256(raw).hexdigest()[:16]
    with state.extract_lock:
        rec = saidwho.extract(data, id=doc_id, format=None if fmt == "auto" else fmt, url=url or None)
    out = Analysis(rec)
    if save and rec.get("error") is None:
        state.store.ingest([rec])
        out.saved = True
        out.article_id = state.store.article_id(rec)
    return out


def hit_parts(hit: Hit) -> list[tuple[str, bool]]:
    """The hit's snippet as (text, is_quote) segments, so a page can mark the quote within its context. A quote in
    several parts (its text joined by " … ", the cue between them in the article) has each part marked on its own,
    not the cue between; a part the snippet does not hold (the end of a long quote is cut) is left out, and a quote
    the snippet does not hold at all leaves it unmarked rather than marked whole."""
    snippet = hit.snippet
    out: list[tuple[str, bool]] = []
    pos = 0
    for part in hit.text.split(PART_GAP) if hit.text else ():
        part = " ".join(part.split())
        if not part:
            continue
        probe = part[:200]
        at = snippet.find(probe, pos)
        if at < 0:
            break
        end = at + len(part) if snippet.startswith(part, at) else at + len(probe)
        if at > pos:
            out.append((snippet[pos:at], False))
        out.append((snippet[at:end], True))
        pos = end
    if pos < len(snippet):
        out.append((snippet[pos:], False))
    return out


@dataclass(slots=True)
class Bar:
    x: int
    y: int
    height: int
    month: str
    count: int


CHART_WIDTH, CHART_HEIGHT = 640, 160


def month_bars(months: list[dict[str, Any]]) -> tuple[list[Bar], int]:
    """Bars for a quotes-per-month chart drawn as SVG by the template (no script), and the bar width."""
    if not months:
        return [], 0
    top = max(m["count"] for m in months) or 1
    width = max(4, min(48, CHART_WIDTH // len(months)))
    bars = []
    for k, m in enumerate(months):
        h = max(2, round(m["count"] / top * (CHART_HEIGHT - 20)))
        bars.append(Bar(x=k * width, y=CHART_HEIGHT - h, height=h, month=m["month"], count=m["count"]))
    return bars, width
