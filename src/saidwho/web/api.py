"""The JSON API under /api/: one twin for each page, plus ingest and stats. Errors come back as
``{"error": {"code", "message", "status"}}`` (see app.py)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from ..errors import BadRequest, ReadOnlyServer
from ..store.inputs import records_of
from ..store.jsonio import fast_dumps
from . import services

router = APIRouter(prefix="/api", tags=["api"])


class PageJSON(JSONResponse):
    """A search page's JSON, written by orjson when it is installed (the ``web`` extra has it): 0.009 ms for a page
    of 20 hits with facets (16 KB) against 0.134 ms with the standard library. The same JSON, byte for byte but for
    numbers under 1e-4, which orjson writes ``0.000015`` and ``1e-7`` where Python writes ``1.5e-05`` and
    ``1e-07``."""

    def render(self, content: Any) -> bytes:
        if fast_dumps is None:  # installed without the web extra's orjson: the standard library's encoder serves
            return super().render(content)
        return bytes(fast_dumps(content))


def _state(request: Request) -> Any:
    return request.app.state.web


@router.get("/search", summary="Search quotes (the twin of /)")
async def api_search(
    request: Request,
    q: str = Query("", max_length=500, description='words, all of which must match; "quoted phrases" match in order'),
    speaker: str | None = Query(None, max_length=200, description="a registry id (p:…) or a name or alias"),
    source: str | None = Query(None, max_length=200, description="a source domain; its subdomains match too"),
    since: str | None = Query(None, max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD"),
    until: str | None = Query(None, max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD"),
    limit: int = Query(services.PAGE_SIZE, ge=0, le=100),
    offset: int = Query(0, ge=0, le=100_000),
    facets: bool = Query(True, description="also count the matches by speaker, source and month"),
) -> PageJSON:
    state = _state(request)

    def work() -> PageJSON:  # the search and its JSON, in one turn at a reader slot
        query, page, _ = services.search(
            state, q, speaker=speaker, source=source, since=since, until=until, limit=limit, offset=offset,
            facets=facets,
        )
        # already plain JSON types: answered as they are, without FastAPI's generic encoder walking them again
        return PageJSON({"query": {"q": query.text, **query.filters()}, **page.to_json()})

    return await services.in_turn(state, work)


@router.get("/articles/{article_id}", summary="An article with its record (the twin of /articles/{id})")
async def api_article(request: Request, article_id: int) -> dict[str, Any]:
    state = _state(request)
    return await services.in_turn(state, lambda: services.article(state, article_id))


@router.get("/speakers/{speaker_id}", summary="A speaker and its quotes (the twin of /speakers/{id})")
async def api_speaker(
    request: Request,
    speaker_id: str,
    limit: int = Query(services.PAGE_SIZE, ge=0, le=100),
    offset: int = Query(0, ge=0, le=100_000),
) -> dict[str, Any]:
    state = _state(request)

    def work() -> dict[str, Any]:
        detail = services.speaker(state, speaker_id)
        _, page, _ = services.search(state, speaker=speaker_id, limit=limit, offset=offset, facets=False)
        return {**detail.to_json(), "quotes_page": page.to_json()}

    return await services.in_turn(state, work)


class AnalyzeRequest(BaseModel):
    text: str = Field(..., min_length=1, description="the page: plain text or HTML")
    format: Literal["auto", "text", "html"] = "auto"
    url: str | None = Field(None, max_length=2000, description="where the page came from (stored with it)")
    save: bool = Field(False, description="also store it (refused by a --read-only server)")


@router.post("/analyze", summary="Extract who said what from a page (the twin of /analyze)")
def api_analyze(request: Request, body: AnalyzeRequest) -> dict[str, Any]:
    result = services.analyze(_state(request), body.text, fmt=body.format, url=body.url, save=body.save)
    return {"saved": result.saved, "article_id": result.article_id, "record": result.record}


@router.post(
    "/ingest",
    summary="Store saidwho records: a JSON array, or JSON Lines (one record per line)",
    openapi_extra={"requestBody": {"content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
                                               "application/x-ndjson": {"schema": {"type": "string"}}}, "required": True}},
)
async def api_ingest(request: Request) -> dict[str, Any]:
    state = _state(request)
    if state.read_only:
        raise ReadOnlyServer("this server is read-only: ingest records with `saidwho ingest` or on another server")
    raw = await request.body()
    items = _records(raw)
    from starlette.concurrency import run_in_threadpool

    report = await run_in_threadpool(state.store.ingest, items)
    return report.to_json()


def _records(raw: bytes) -> list[Any]:
    """The records of an ingest body (``saidwho.store.inputs.records_of``): a JSON array, one JSON object, or JSON
    Lines. A line that is not JSON is counted by the store as skipped, not a failure of the request."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"the body is not UTF-8 text (byte {exc.start})") from None
    if not raw.strip():
        raise BadRequest("the body is empty: send a JSON array of saidwho records, or JSON Lines")
    return list(records_of(raw, "body"))


@router.get("/stats", summary="How many articles, quotes and speakers the store holds")
def api_stats(request: Request) -> dict[str, Any]:
    state = _state(request)
    return {"counts": state.store.counts(), "backend": state.store.backend, "read_only": state.read_only}
