"""Reading a store: search pages, facets, speaker details, articles and quote rows for export.

All SQL here is shared by both backends: filters are parameterised conditions on the quotes table (aliased ``q``),
and the backend adds only its full-text clause (``Store.full_text``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
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
# A words search ranks at most this many matches, the most recently stored (highest quote ids); totals count up
# to it and facets count those same quotes. See docs/store.md ("Large matches").
CANDIDATES = 1000

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


@dataclass(frozen=True, slots=True)
class Selection:
    """What a query selects, as SQL over the quotes table (aliased ``q``): a join that brings in the full-text index
    (or nothing), the WHERE clause and its parameters; with words, the rank expression (lower is better) and the
    quote id as the index orders it (the candidates are the highest ids)."""

    join: str
    where: str
    params: list[Any]
    rank: str | None
    order_id: str


# The registry ids a --speaker value selects: the id itself, or the entries with that name or alias.
_SPEAKER_IDS = "(SELECT id FROM speakers WHERE id = ? UNION SELECT speaker_id FROM speaker_names WHERE name_key = ?)"
# The stored sources a --source value selects: itself and its subdomains. The distinct sources are read by skipping
# through the articles_source index (one seek per source), not by scanning every article's row in it (SQLite
# measured 0.1 ms against 3 ms at 20,000 articles and 40 sources).
_SOURCES = (
    "(WITH RECURSIVE s (x) AS (SELECT MIN(source) FROM articles UNION ALL "
    "SELECT (SELECT MIN(source) FROM articles WHERE source > s.x) FROM s WHERE s.x IS NOT NULL) "
    "SELECT x FROM s WHERE x = ? OR x LIKE ? ESCAPE '\\')"
)


def conditions(store: Store, query: SearchQuery) -> Selection:
    """The SQL that selects ``query``'s quotes: its words and filters, in one statement."""
    join, where, params, rank, order_id = "", ["1 = 1"], [], None, "q.id"
    if query.terms:
        names = _speaker_names(store, query.speaker) if query.speaker and store.names_prefilter else None
        ft: FullText = store.full_text(query.terms, names)
        join, rank, order_id = ft.join, ft.rank, ft.order_id
        where.append(ft.where)
        params.extend(ft.params)
    # With words to match, the full-text index drives and the filters are checked on its matches: its cost follows
    # the words' matches, while checking the words on every quote of a large source costs more (SQLite measured
    # 140 ms against 6 ms). Without words, the filters' indexes serve.
    plain = store.unindexed if query.terms else (lambda column: column)
    if query.speaker:
        where.append(f"{plain('q.registry_id')} IN {_SPEAKER_IDS}")
        params.extend((query.speaker, name_key(query.speaker)))
    if query.source:
        where.append(f"{plain('q.source')} IN {_SOURCES}")
        params.extend((query.source, "%." + _like_escape(query.source)))
    if query.since_day:
        where.append(f"{plain('q.published_date')} >= ?")
        params.append(query.since_day)
    if query.until_day:
        where.append(f"{plain('q.published_date')} <= ?")
        params.append(query.until_day)
    return Selection(join, " AND ".join(where), params, rank, order_id)


def _speaker_names(store: Store, speaker: str) -> list[str] | None:
    """The registry names of the entries a ``--speaker`` value selects, for a backend that narrows its full-text
    matches by them first; None when one has no name (then nothing is narrowed)."""
    with store._read() as cur:
        cur.execute(store.sql(f"SELECT name FROM speakers WHERE id IN {_SPEAKER_IDS}"), (speaker, name_key(speaker)))
        names = [r[0] for r in cur.fetchall()]
    return None if any(not name for name in names) else names


def candidates(sel: Selection, columns: str) -> str:
    """The ``CANDIDATES + 1`` most recently stored quotes of the selection (highest ids first), with ``columns``.
    One more than the cap is read to tell whether the cap was reached."""
    return (
        f"SELECT {columns} FROM quotes q {sel.join} WHERE {sel.where} "
        f"ORDER BY {sel.order_id} DESC LIMIT {CANDIDATES + 1}"
    )


# newest first among equal ranks; (article_id, position) is unique, so the order is total
ORDER = ("published_date DESC NULLS LAST", "article_id DESC", "position")


def search(store: Store, query: SearchQuery) -> SearchPage:
    """One statement, one row back: the count (up to CANDIDATES) and the page's hits as one JSON array.

    The ids of the page are chosen first (with words: ranked among at most CANDIDATES matches; without: newest first
    through the filters' indexes), and only those ≤ limit quotes get their display columns and snippet. Returning
    one value instead of a row per hit matters for threads: Python's sqlite3 releases and retakes the GIL for each
    row and each column it reads, and 32 threads contending for it ran at one core's speed."""
    sel = conditions(store, query)
    ctes, params = _ranked_page(sel, query) if sel.rank is not None else _listed_page(sel, query)
    statement = (
        f"WITH {ctes} SELECT (SELECT count(*) FROM m), "
        f"(SELECT {store.json_rows(f'p.n, p.r, {HIT_COLUMNS}, {SNIPPET_COLUMNS}')} "
        "FROM p JOIN quotes q ON q.id = p.id JOIN articles a ON a.id = q.article_id)"
    )
    with store._read() as cur:
        cur.execute(store.sql(statement), params)
        n, rows = cur.fetchone()
    rows = sorted(store.json_value(rows), key=lambda row: row[0])
    return SearchPage([_hit(row) for row in rows], min(int(n), CANDIDATES), query.limit, query.offset, n > CANDIDATES)


def _count_cte(sel: Selection) -> str:
    """``m``: the selection's quotes, at most one more than CANDIDATES (so a count of m tells whether the cap was
    reached)."""
    return f"m AS (SELECT 1 AS one FROM quotes q {sel.join} WHERE {sel.where} LIMIT {CANDIDATES + 1})"


def _listed_page(sel: Selection, query: SearchQuery) -> tuple[str, list[Any]]:
    """A page without words, newest first: every page can be reached, only the count stops at CANDIDATES.
    ``p``: (id, rank, place on the page)."""
    order = ", ".join(f"q.{key}" for key in ORDER)
    ctes = (
        f"{_count_cte(sel)}, "
        f"p AS (SELECT id, NULL AS r, row_number() OVER (ORDER BY {', '.join(ORDER)}) AS n FROM ("
        f"SELECT q.id AS id, q.published_date AS published_date, q.article_id AS article_id, q.position AS position "
        f"FROM quotes q WHERE {sel.where} ORDER BY {order} LIMIT ? OFFSET ?) x)"
    )
    return ctes, [*sel.params, *sel.params, query.limit, query.offset]


def _ranked_page(sel: Selection, query: SearchQuery) -> tuple[str, list[Any]]:
    """A page of a words query: ``m``, the candidates with their rank (one more than the cap, to count them);
    ``c``, the capped set; ``k``, the rank of the page's last place; ``p``, the candidates that can reach the page
    (rank at most k's, so ties are kept), ordered by rank then newest first, with their place."""
    order = ", ".join(f"q.{key}" for key in ORDER)
    ctes = (
        f"m AS ({candidates(sel, f'{sel.order_id} AS id, {sel.rank} AS r')}), "
        f"c AS (SELECT id, r FROM m ORDER BY id DESC LIMIT {CANDIDATES}), "
        "k AS (SELECT MAX(r) AS r FROM (SELECT r FROM c ORDER BY r LIMIT ?) top), "
        f"p AS (SELECT id, r, n FROM (SELECT c.id AS id, c.r AS r, row_number() OVER (ORDER BY c.r, {order}) AS n "
        "FROM c JOIN quotes q ON q.id = c.id WHERE c.r <= (SELECT r FROM k)) x ORDER BY n LIMIT ? OFFSET ?)"
    )
    return ctes, [*sel.params, query.offset + query.limit, query.limit, query.offset]


def _hit(row: list[Any]) -> Hit:
    (_, rank, pk, aid, rid, url, source, title, published, pdate, qid, kind, text, content, spk_id, spk_name, mention,
     via, conf, ctx_start, start, end, ctx) = row
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
    """Counts by speaker, source and month over the same candidates a search ranks (every match when there are at
    most ``CANDIDATES``), in one statement that reads them once and returns one row."""
    sel = conditions(store, query)
    columns = "q.id AS id, q.registry_id AS registry_id, q.registry_name AS registry_name, q.source AS source, " \
              "substr(q.published_date, 1, 7) AS month"
    statement = (
        f"WITH m AS ({candidates(sel, columns)}), c AS (SELECT * FROM m ORDER BY id DESC LIMIT {CANDIDATES}) "
        "SELECT (SELECT count(*) FROM m), "
        f"(SELECT {store.json_rows('registry_id, name, n')} FROM (SELECT registry_id, MAX(registry_name) AS name, "
        "count(*) AS n FROM c WHERE registry_id IS NOT NULL GROUP BY registry_id ORDER BY n DESC, registry_id "
        "LIMIT ?) s), "
        f"(SELECT {store.json_rows('source, n')} FROM (SELECT source, count(*) AS n FROM c WHERE source IS NOT NULL "
        "GROUP BY source ORDER BY n DESC, source LIMIT ?) o), "
        f"(SELECT {store.json_rows('month, n')} FROM (SELECT month, count(*) AS n FROM c WHERE month IS NOT NULL "
        "GROUP BY month) t)"
    )
    with store._read() as cur:
        cur.execute(store.sql(statement), [*sel.params, limit, limit])
        n, speakers, sources, months = cur.fetchone()
    return Facets(
        min(int(n), CANDIDATES),
        sorted(({"id": i, "name": name, "count": int(c)} for i, name, c in store.json_value(speakers)),
               key=lambda s: (-s["count"], s["id"])),
        sorted(({"source": s, "count": int(c)} for s, c in store.json_value(sources)),
               key=lambda s: (-s["count"], s["source"])),
        sorted(({"month": m, "count": int(c)} for m, c in store.json_value(months)), key=lambda m: m["month"]),
        n > CANDIDATES,
    )


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
    sel = conditions(store, query)
    join, where, params = sel.join, sel.where, sel.params
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
