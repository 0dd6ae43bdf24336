"""Reading a store: search pages, facets, speaker details, articles and quote rows for export.

All SQL here is shared by both backends: filters are parameterised conditions on the quotes table (aliased ``q``),
and the backend adds only its full-text clause (``Store.full_text``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .export import COLUMNS
from .query import SearchQuery
from .results import Facets, Hit, SearchPage, SpeakerDetail
from .writer import name_key

if TYPE_CHECKING:
    from .base import FullText, Store

CONTEXT = 120  # characters of article text shown either side of a quote
LONGEST = 400  # characters of a long quote shown in its snippet
EXPORT_BATCH = 1000

HIT_COLUMNS = (
    "q.id, q.article_id, a.record_id, a.url, q.source, a.title, a.published, q.published_date, q.quote_id, q.kind, "
    "q.text, q.content, q.registry_id, COALESCE(q.registry_name, q.speaker_name), q.mention_text, q.speaker_via, "
    "q.confidence"
)
_CTX_START = f"(CASE WHEN q.content_start > {CONTEXT} THEN q.content_start - {CONTEXT} ELSE 0 END)"
_CTX_END = (
    f"(CASE WHEN q.content_end - q.content_start > {LONGEST} THEN q.content_start + {LONGEST} "
    f"ELSE q.content_end END + {CONTEXT})"
)
SNIPPET_COLUMNS = f"{_CTX_START}, q.content_start, q.content_end, substr(a.text, {_CTX_START} + 1, {_CTX_END} - {_CTX_START})"


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def conditions(store: Store, query: SearchQuery) -> tuple[str, str, list[Any], str | None]:
    """(join, WHERE clause, parameters, rank expression or None) for ``query``'s text and filters."""
    join, where, params, rank = "", ["1 = 1"], [], None
    if query.terms:
        ft: FullText = store.full_text(query.terms)
        join, rank = ft.join, ft.rank
        where.append(ft.where)
        params.extend(ft.params)
    # The speaker and source filters are resolved to exact values first, so that the indexes on quotes can serve
    # them. With words to match, the full-text index drives instead: its cost follows the words' matches, while
    # checking the words on every quote of a large source costs more (SQLite measured 140 ms against 6 ms).
    plain = store.unindexed if query.terms else (lambda column: column)
    if query.speaker:
        _any_of(where, params, plain("q.registry_id"), _speaker_ids(store, query.speaker))
    if query.source:
        _any_of(where, params, plain("q.source"), _sources(store, query.source))
    if query.since_day:
        where.append("q.published_date >= ?")
        params.append(query.since_day)
    if query.until_day:
        where.append("q.published_date <= ?")
        params.append(query.until_day)
    return join, " AND ".join(where), params, rank


def _any_of(where: list[str], params: list[Any], column: str, values: list[str]) -> None:
    if values:
        where.append(f"{column} IN ({', '.join('?' for _ in values)})")
        params.extend(values)
    else:
        where.append("1 = 0")


def _speaker_ids(store: Store, speaker: str) -> list[str]:
    """Registry ids for a ``--speaker`` value: the id itself, or the entries with that name or alias."""
    with store._read() as cur:
        cur.execute(
            store.sql("SELECT id FROM speakers WHERE id = ? UNION SELECT speaker_id FROM speaker_names WHERE name_key = ?"),
            (speaker, name_key(speaker)),
        )
        return sorted(r[0] for r in cur.fetchall())


def _sources(store: Store, domain: str) -> list[str]:
    """The stored source domains a ``--source`` value selects: itself and its subdomains."""
    with store._read() as cur:
        cur.execute(
            store.sql("SELECT DISTINCT source FROM articles WHERE source = ? OR source LIKE ? ESCAPE '\\'"),
            (domain, "%." + _like_escape(domain)),
        )
        return sorted(r[0] for r in cur.fetchall())


def search(store: Store, query: SearchQuery) -> SearchPage:
    join, where, params, rank = conditions(store, query)
    order = f"{rank}, " if rank else ""
    order += "q.published_date DESC NULLS LAST, q.article_id DESC, q.position"
    select = (
        f"SELECT {HIT_COLUMNS}, {SNIPPET_COLUMNS}, {rank or 'NULL'} AS rank "
        f"FROM quotes q JOIN articles a ON a.id = q.article_id {join} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?"
    )
    counter = store.full_text(query.terms).count if query.terms and not any(query.filters().values()) else None
    with store._read() as cur:
        cur.execute(store.sql(counter or f"SELECT count(*) FROM quotes q {join} WHERE {where}"), params)
        total = int(cur.fetchone()[0])
        hits: list[Hit] = []
        if query.limit and query.offset < total:
            cur.execute(store.sql(select), [*params, query.limit, query.offset])
            hits = [_hit(row) for row in cur.fetchall()]
    return SearchPage(hits, total, query.limit, query.offset)


def _hit(row: tuple[Any, ...]) -> Hit:
    (pk, aid, rid, url, source, title, published, pdate, qid, kind, text, content, spk_id, spk_name, mention, via,
     conf, ctx_start, start, end, ctx, rank) = row
    return Hit(
        quote_pk=int(pk), article_id=int(aid), record_id=rid, url=url, source=source, title=title,
        published=published, published_date=pdate, quote_id=qid, kind=kind, text=text, content=json.loads(content),
        speaker_id=spk_id, speaker_name=spk_name, speaker_mention=mention, speaker_via=via,
        confidence=float(conf), snippet=snippet(ctx or "", int(ctx_start), int(start), int(end)),
        rank=float(rank) if rank is not None else None,
    )


def snippet(ctx: str, ctx_start: int, start: int, end: int) -> str:
    """The article text around a quote, cut at word boundaries, white space collapsed, with … where it was cut."""
    before, rest = ctx[: start - ctx_start], ctx[start - ctx_start :]
    if ctx_start > 0 and " " in before:
        before = "…" + before[before.index(" ") :]
    long_quote = end - start > LONGEST
    if long_quote:
        quote, after = rest[:LONGEST], ""
        quote = quote[: quote.rindex(" ")] if " " in quote else quote
        after = " …"
    else:
        quote, after = rest[: end - start], rest[end - start :]
        if len(after) >= CONTEXT and " " in after:  # cut short: the text goes on
            after = after[: after.rindex(" ")] + "…"
    return " ".join((before + quote + after).split())


def facets(store: Store, query: SearchQuery, *, limit: int) -> Facets:
    join, where, params, _ = conditions(store, query)
    base = f"FROM quotes q {join} WHERE {where}"
    with store._read() as cur:
        cur.execute(store.sql(f"SELECT count(*) {base}"), params)
        total = int(cur.fetchone()[0])
        cur.execute(
            store.sql(
                f"SELECT q.registry_id, MAX(q.registry_name), count(*) AS n {base} AND q.registry_id IS NOT NULL "
                "GROUP BY q.registry_id ORDER BY n DESC, q.registry_id LIMIT ?"
            ),
            [*params, limit],
        )
        speakers = [{"id": i, "name": name, "count": int(n)} for i, name, n in cur.fetchall()]
        cur.execute(
            store.sql(
                f"SELECT q.source, count(*) AS n {base} AND q.source IS NOT NULL "
                "GROUP BY q.source ORDER BY n DESC, q.source LIMIT ?"
            ),
            [*params, limit],
        )
        sources = [{"source": s, "count": int(n)} for s, n in cur.fetchall()]
        months = _months(store, cur, base, params)
    return Facets(total, speakers, sources, months)


def _months(store: Store, cur: Any, base: str, params: list[Any]) -> list[dict[str, Any]]:
    cur.execute(
        store.sql(
            f"SELECT substr(q.published_date, 1, 7) AS month, count(*) {base} AND q.published_date IS NOT NULL "
            "GROUP BY substr(q.published_date, 1, 7) ORDER BY month"
        ),
        params,
    )
    return [{"month": m, "count": int(n)} for m, n in cur.fetchall()]


def speaker_detail(store: Store, speaker_id: str) -> SpeakerDetail | None:
    with store._read() as cur:
        cur.execute(
            store.sql("SELECT id, name, type, aliases, roles, descriptions FROM speakers WHERE id = ?"), (speaker_id,)
        )
        row = cur.fetchone()
        if row is None:
            return None
        cur.execute(
            store.sql(
                "SELECT count(*), count(DISTINCT q.article_id), MIN(q.published_date), MAX(q.published_date) "
                "FROM quotes q WHERE q.registry_id = ?"
            ),
            (speaker_id,),
        )
        n_quotes, n_articles, first, last = cur.fetchone()
        base, params = "FROM quotes q WHERE q.registry_id = ?", [speaker_id]
        months = _months(store, cur, base, params)
        cur.execute(
            store.sql(
                f"SELECT q.source, count(*) AS n {base} AND q.source IS NOT NULL GROUP BY q.source "
                "ORDER BY n DESC, q.source"
            ),
            params,
        )
        sources = [{"source": s, "count": int(n)} for s, n in cur.fetchall()]
    sid, name, typ, aliases, roles, descriptions = row
    return SpeakerDetail(
        id=sid, name=name, type=typ, aliases=json.loads(aliases), roles=json.loads(roles),
        descriptions=json.loads(descriptions), quotes=int(n_quotes), articles=int(n_articles), first=first, last=last,
        months=months, sources=sources,
    )


ARTICLE_FIELDS = (
    "id", "record_id", "url", "source", "title", "authors", "published", "published_date", "content_hash",
    "n_quotes", "ingested_at", "record",
)


def article(store: Store, article_id: int) -> dict[str, Any] | None:
    with store._read() as cur:
        cur.execute(store.sql(f"SELECT {', '.join(ARTICLE_FIELDS)} FROM articles WHERE id = ?"), (int(article_id),))
        row = cur.fetchone()
        if row is None:
            return None
        cur.execute(store.sql("SELECT sid, registry_id FROM article_speakers WHERE article_id = ?"), (int(article_id),))
        registry = {sid: rid for sid, rid in cur.fetchall()}
    out = dict(zip(ARTICLE_FIELDS, row))
    out["authors"] = json.loads(out["authors"])
    out["record"] = json.loads(out["record"])
    out["speaker_ids"] = registry  # record speaker id -> registry id (None for unnamed speakers)
    return out


EXPORT_SELECT = (
    "q.id, q.article_id, a.record_id, a.url, q.source, a.title, a.published, q.published_date, q.quote_id, q.kind, "
    "q.text, q.content, q.cue, q.registry_id, COALESCE(q.registry_name, q.speaker_name), q.speaker_sid, "
    "q.mention_text, q.mention, q.speaker_via, q.confidence"
)
EXPORT_NAMES = ("pk", *COLUMNS)  # the order of EXPORT_SELECT
_SPANS = ("content", "cue", "mention")


def iter_quotes(store: Store, query: SearchQuery) -> Iterator[dict[str, Any]]:
    """Matching quotes in store order, read ``EXPORT_BATCH`` at a time by quote id (no cursor held open between
    batches, so the store can be written meanwhile)."""
    join, where, params, _ = conditions(store, query)
    statement = store.sql(
        f"SELECT {EXPORT_SELECT} FROM quotes q JOIN articles a ON a.id = q.article_id {join} "
        f"WHERE {where} AND q.id > ? ORDER BY q.id LIMIT ?"
    )
    after = 0
    while True:
        with store._read() as cur:
            cur.execute(statement, [*params, after, EXPORT_BATCH])
            rows = cur.fetchall()
        for row in rows:
            out = dict(zip(EXPORT_NAMES, row))
            del out["pk"]
            for key in _SPANS:
                out[key] = json.loads(out[key])
            out["confidence"] = float(out["confidence"])
            yield out
        if len(rows) < EXPORT_BATCH:
            return
        after = rows[-1][0]
