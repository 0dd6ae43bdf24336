"""The HTML pages: search, article, speaker and analyze, rendered on the server (templates/)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import quote_plus

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from ..errors import BadRequest
from . import services
from .article_view import build_view

router = APIRouter(include_in_schema=False)


def _render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    templates = request.app.state.web.templates
    return templates.TemplateResponse(request, template, context, status_code=status)


def _link(path: str, **params: Any) -> str:
    """``path`` with the non-empty ``params`` as its query string."""
    kept = "&".join(p for p in (_pair(k, v) for k, v in params.items()) if p)
    return f"{path}?{kept}" if kept else path


class _Links:
    """``_link(path, **{**fields, "page": None, **change})`` for the many links of one page (a search page has about
    fifty: facets, filters, pages), with the page's own fields encoded once instead of in every link."""

    __slots__ = ("path", "fields", "encoded", "around")

    def __init__(self, path: str, fields: dict[str, Any]):
        self.path = path
        self.fields = {**fields, "page": None}
        self.encoded = {k: _pair(k, v) for k, v in self.fields.items()}
        # for a link that changes one field (most of them: each facet, each page): the encoded fields before it and
        # after it, joined once
        pairs = list(self.encoded.values())
        self.around = {
            k: ("&".join(p for p in pairs[:i] if p), "&".join(p for p in pairs[i + 1 :] if p))
            for i, k in enumerate(self.fields)
        }

    def __call__(self, **change: Any) -> str:
        if len(change) == 1:
            ((key, value),) = change.items()
            if key in self.around:
                head, tail = self.around[key]
                kept = "&".join(p for p in (head, _pair(key, value), tail) if p)
                return f"{self.path}?{kept}" if kept else self.path
        pairs = [
            (_pair(k, change[k]) if k in change else self.encoded[k]) for k in self.fields
        ] + [_pair(k, v) for k, v in change.items() if k not in self.fields]
        kept = "&".join(p for p in pairs if p)
        return f"{self.path}?{kept}" if kept else self.path


@lru_cache(maxsize=8192)
def _pair(key: str, value: Any) -> str:
    """``key=value`` as urlencode writes it, or "" for a value ``_link`` leaves out. Remembered: the same facet
    values (speaker ids, sources, months) and page numbers come back page after page."""
    return "" if value in (None, "", 0) else f"{quote_plus(key)}={quote_plus(str(value))}"


def _facet_rows(facets: Any, link: _Links) -> dict[str, list[tuple[str, str, int]]] | None:
    """The facets as the page lists them, (link, label, count) each, months newest first: made here rather than in
    the template, where each of the forty-odd links cost a template call."""
    if not facets:
        return None
    return {
        "speakers": [(link(speaker=s["id"]), s["name"] or s["id"], s["count"]) for s in facets.speakers],
        "sources": [(link(source=s["source"]), s["source"], s["count"]) for s in facets.sources],
        "months": [(link(since=m["month"], until=m["month"]), m["month"], m["count"]) for m in reversed(facets.months)],
    }


@router.get("/", response_class=HTMLResponse)
async def search_page(
    request: Request,
    q: str = Query("", max_length=500),
    speaker: str = Query("", max_length=200),
    source: str = Query("", max_length=200),
    since: str = Query("", max_length=10),
    until: str = Query("", max_length=10),
    page: int = Query(1, ge=1, le=5000),
) -> HTMLResponse:
    state = request.app.state.web

    def work() -> HTMLResponse:  # the search and the page's rendering, in one turn at a reader slot
        size = services.PAGE_SIZE
        query, found, facets = services.search(
            state, q, speaker=speaker, source=source, since=since, until=until, limit=size, offset=(page - 1) * size
        )
        fields = {"q": q, "speaker": speaker, "source": source, "since": since, "until": until}
        pages = max(1, -(-found.total // size))
        # what the store holds, on the landing page only (three full counts cost time); for an empty result, only
        # whether the store itself is empty
        counts = state.store.counts() if not any(fields.values()) else None
        empty_store = counts["quotes"] == 0 if counts is not None else (not found.total and state.store.is_empty())
        links = _Links("/", fields)
        return _render(
            request, "search.html", fields=fields, page=found, facets=facets, number=page, pages=pages,
            hits=[(h, services.hit_parts(h)) for h in found.hits], counts=counts, empty_store=empty_store,
            link=links, facet_rows=_facet_rows(facets, links),
            api_link=_link("/api/search", **fields, offset=(page - 1) * size),
        )

    return await services.in_turn(state, work)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
async def article_page(request: Request, article_id: int) -> HTMLResponse:
    state = request.app.state.web

    def work() -> HTMLResponse:
        found = services.article(state, article_id)
        view = build_view(found["record"], found["speaker_ids"])
        return _render(
            request, "article.html", view=view, article=found, saved=request.query_params.get("saved") == "1",
            api_link=f"/api/articles/{article_id}",
        )

    return await services.in_turn(state, work)


@router.get("/speakers/{speaker_id}", response_class=HTMLResponse)
async def speaker_page(request: Request, speaker_id: str, page: int = Query(1, ge=1, le=5000)) -> HTMLResponse:
    state = request.app.state.web

    def work() -> HTMLResponse:
        detail = services.speaker(state, speaker_id)
        size = services.PAGE_SIZE
        _, found, _ = services.search(state, speaker=speaker_id, limit=size, offset=(page - 1) * size, facets=False)
        bars, width = services.month_bars(detail.months)
        return _render(
            request, "speaker.html", speaker=detail, page=found, number=page, pages=max(1, -(-found.total // size)),
            hits=[(h, services.hit_parts(h)) for h in found.hits], bars=bars, bar_width=width,
            chart_width=max(width * len(bars), 1), chart_height=services.CHART_HEIGHT,
            link=lambda **change: _link(f"/speakers/{speaker_id}", **change),
            api_link=f"/api/speakers/{speaker_id}",
        )

    return await services.in_turn(state, work)


@router.get("/analyze", response_class=HTMLResponse)
def analyze_form(request: Request) -> HTMLResponse:
    return _render(request, "analyze.html", text="", fmt="auto", url="", max_upload=request.app.state.web.max_upload)


@router.post("/analyze", response_class=HTMLResponse)
async def analyze_page(
    request: Request,
    text: str = Form(""),
    format: str = Form("auto"),
    url: str = Form("", max_length=2000),
    save: str = Form(""),
    file: UploadFile | None = File(None),
) -> Any:
    state = request.app.state.web
    data: str | bytes = text
    if file is not None and file.filename:
        data = await file.read(state.max_upload + 1)
        if not data:
            raise BadRequest(f"the file {file.filename!r} is empty")
    from starlette.concurrency import run_in_threadpool

    result = await run_in_threadpool(services.analyze, state, data, fmt=format, url=url or None, save=bool(save))
    if result.saved and result.article_id is not None:
        return RedirectResponse(f"/articles/{result.article_id}?saved=1", status_code=303)
    view = build_view(result.record)
    return _render(
        request, "article.html", view=view, article=None, analyzed=True,
        text=text if not (file is not None and file.filename) else "", fmt=format, url=url,
    )
