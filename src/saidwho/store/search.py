"""Reading a store: search pages, facets, speaker details, articles and quote rows for export.

All SQL here is shared by both backends: filters are parameterised conditions on the quotes table (aliased ``q``),
and the backend adds its full-text clause (``Store.full_text``), its JSON aggregate (``Store.json_rows``) and three
flags on how its indexes behave (``names_prefilter``, ``undated_first_in_index``, ``facet_columns_in_scan``).

A search page or its facets is one statement that returns one row: the candidates (at most ``CANDIDATES``, the
newest matches), their count, then the page's hits or the facet counts as JSON. See ``search``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import jsonio
from .columns import GENERATION, generation_of
from .export import COLUMNS
from .query import SearchQuery
from .results import Facets, Hit, SearchPage, SpeakerDetail
from .writer import name_key

if TYPE_CHECKING:
    from .base import FullText, Store

EXPORT_BATCH = 1000
# A words search ranks at most this many matches, the most recently stored (highest quote ids); totals count up
# to it and facets count those same quotes. See docs/store.md ("Large matches").
CANDIDATES = 1000

HIT_COLUMNS = (
    "q.id, q.article_id, a.record_id, a.url, q.source, a.title, a.published, q.published_date, q.quote_id, q.kind, "
    "q.text, q.content, q.registry_id, COALESCE(q.registry_name, q.speaker_name), q.mention_text, q.speaker_via, "
    "q.confidence, q.snippet"
)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True, slots=True)
class Selection:
    """What a query selects, as SQL over the quotes table (aliased ``q``): ``tables``, the FROM clause (quotes, and
    the full-text index when there are words), the WHERE clause and its parameters; with words, the rank expression
    (lower is better), the quote id as the index orders it (the candidates are the highest ids), and
    ``index_alone``, a FROM clause of the index alone when no filter needs the quotes' columns (or None)."""

    tables: str
    where: str
    params: list[Any]
    rank: str | None = None
    order_id: str = "q.id"
    index_alone: str | None = None
    generation: int | None = None  # the generation of the facet columns whose sources it lists, if it does


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


def conditions(store: Store, query: SearchQuery, cur: Any = None, *, listed: bool = True) -> Selection:
    """The SQL that selects ``query``'s quotes: its words and filters, in one statement. ``cur``: a cursor for the
    look-up some backends make first (the speaker's names). ``listed``: a ``--source`` value's stored sources may
    come from the facet columns' list (then the Selection carries that list's generation, which the statement's
    must match); else they are found in SQL."""
    where: list[str] = []
    params: list[Any] = []
    generation = None
    ft: FullText | None = None
    if query.terms:
        names = _speaker_names(store, cur, query.speaker) if query.speaker and store.names_prefilter else None
        ft = store.full_text(query.terms, names)
        where.append(ft.where)
        params.extend(ft.params)
    # With words to match, the full-text index drives and the filters are checked on its matches: its cost follows
    # the words' matches, while checking the words on every quote of a large source costs more (SQLite measured
    # 140 ms against 6 ms). Without words, the filters' indexes serve.
    plain = store.unindexed if query.terms else (lambda column: column)
    if query.speaker:
        where.append(f"{plain('q.registry_id')} IN {_SPEAKER_IDS}")
        params.extend((query.speaker, name_key(query.speaker)))
    listing = None
    if query.source and listed and store.facet_columns is not None:
        listing = store.facet_columns.sources_matching(query.source)
    if listing is not None:
        # the sources as a list of values: the planner then sees which they are (a source since a date: PostgreSQL
        # read 1,562 quotes by date to find a page of 20 of one source, and found the distinct sources three times)
        generation, sources = listing
        where.append(f"{plain('q.source')} IN ({', '.join('?' * len(sources))})" if sources else "1 = 0")
        params.extend(sources)
    elif query.source:
        where.append(f"{plain('q.source')} IN {_SOURCES}")
        params.extend((query.source, "%." + _like_escape(query.source)))
    if query.since_day:
        where.append(f"{plain('q.published_date')} >= ?")
        params.append(query.since_day)
    if query.until_day:
        where.append(f"{plain('q.published_date')} <= ?")
        params.append(query.until_day)
    if ft is None:
        return Selection("quotes q", " AND ".join(where) or "1 = 1", params, generation=generation)
    filtered = len(where) > 1
    return Selection(f"quotes q {ft.join}", " AND ".join(where), params, ft.rank, ft.order_id,
                     None if filtered else ft.alone, generation)


def _speaker_names(store: Store, cur: Any, speaker: str) -> list[str] | None:
    """The registry names of the entries a ``--speaker`` value selects, for a backend that narrows its full-text
    matches by them first; None when one has no name (then nothing is narrowed)."""
    cur.execute(store.sql(f"SELECT name FROM speakers WHERE id IN {_SPEAKER_IDS}"), (speaker, name_key(speaker)))
    names = [r[0] for r in cur.fetchall()]
    return None if any(not name for name in names) else names


def candidates(sel: Selection, columns: str, *, index_alone: bool = False, newest: bool = True, limit: int | None = None,
               below: str | None = None) -> str:
    """The ``limit`` (default ``CANDIDATES + 1``) most recently stored quotes of the selection (highest ids first),
    with ``columns`` (which must not name ``q`` when ``index_alone`` is asked); any of them with ``newest=False`` (to
    count); with ``below``, only those whose id is lower than that SQL expression. One more than the cap is read to
    tell whether the cap was reached."""
    tables = sel.index_alone if index_alone and sel.index_alone else sel.tables
    order = f"ORDER BY {sel.order_id} DESC " if newest else ""
    where = f"{sel.where} AND {sel.order_id} < {below}" if below else sel.where
    return f"SELECT {columns} FROM {tables} WHERE {where} {order}LIMIT {CANDIDATES + 1 if limit is None else limit}"


# newest first among equal ranks; (article_id, position) is unique, so the order is total
ORDER = ("published_date DESC NULLS LAST", "article_id DESC", "position")
# a speaker's name is not among them: the facets look it up in the registry for the few speakers they show (every
# quote's registry_name is its registry entry's name, both written by the same refresh_speakers transaction)
FACET_COLUMNS = "q.registry_id AS registry_id, q.source AS source, substr(q.published_date, 1, 7) AS month"


def search(store: Store, query: SearchQuery, *, facets: int | None = None) -> SearchPage:
    """One statement, one row back: the count (up to CANDIDATES), the page's hits as one JSON array, and with
    ``facets`` (their size) the facets of the same candidates, which are then read once for both.

    The ids of the page are chosen first (with words: ranked among at most CANDIDATES matches; without: newest first
    through the filters' indexes), and only those <= limit quotes get their display columns and snippet. Returning
    one value instead of a row per hit matters for threads: Python's sqlite3 gives up and retakes the GIL for each
    row and each column it reads."""
    return _run(store, query, page=True, facet_limit=facets)


def facets(store: Store, query: SearchQuery, *, limit: int) -> Facets:
    """Counts by speaker, source and month over the same candidates a search ranks (every match when there are at
    most ``CANDIDATES``; no ranking needed here), in one statement that reads them once and returns one row."""
    found = _run(store, query, page=False, facet_limit=limit).facets
    assert found is not None
    return found


def _run(store: Store, query: SearchQuery, *, page: bool, facet_limit: int | None, in_sql: bool = False,
         listed: bool = True) -> SearchPage:
    """With facets, the statement counts them itself (``in_sql``, or when the store keeps no facet columns), or
    returns the candidates' ids and the store's generation for ``store.facet_columns`` to count; when those columns
    cannot match the statement's generation (the store was written meanwhile), the statement runs again with the
    facets in SQL. Likewise when the selection listed a source's stored sources from columns of another generation
    than the statement's: it runs again with them found in SQL."""
    columns = store.facet_columns if facet_limit is not None and not in_sql else None
    sql_facets = facet_limit is not None and columns is None
    single = not (query.terms and query.speaker and store.names_prefilter)  # else a look-up comes first
    with store._read(single=single) as cur:
        sel = conditions(store, query, cur, listed=listed)
        ranked = page and sel.rank is not None
        cand = _candidates_ctes(sel, ranked=ranked, newest=ranked or facet_limit is not None, facets=sql_facets,
                                scan_facets=store.facet_columns_in_scan, look_beyond=store.look_beyond)
        ctes, params = cand.ctes, list(cand.params)
        select = [cand.count]
        if page:
            if sel.rank is None:
                more, page_params = _listed_page(sel, query, split=store.undated_first_in_index)
            else:
                more, page_params = _ranked_page(sel, query, cand.name)
            ctes += more
            params += page_params
            select.append(
                f"(SELECT {store.json_rows(f'p.n, p.r, {HIT_COLUMNS}')} "
                "FROM p JOIN quotes q ON q.id = p.id JOIN articles a ON a.id = q.article_id)"
            )
        params += cand.count_params
        if sql_facets:
            select += _facet_selects(store, cand.name)
            params += [facet_limit, facet_limit]
        elif columns is not None:
            select += [f"(SELECT {store.id_list('id')} FROM {cand.name})", GENERATION]
        if sel.generation is not None and columns is None:  # (the facet columns' ids end with it already)
            select.append(GENERATION)
        row = list(store.fetch_row(cur, store.sql(f"WITH {ctes} SELECT {', '.join(select)}"), params))
    if sel.generation is not None:
        generation = row[-1] if columns is not None else row.pop()
        if generation_of(generation) != sel.generation:  # the store moved on since the sources were listed
            return _run(store, query, page=page, facet_limit=facet_limit, in_sql=in_sql, listed=False)
    n = int(row.pop(0))
    total, capped = min(n, CANDIDATES), n > CANDIDATES
    hits = [_hit(h) for h in sorted(store.json_value(row.pop(0)), key=lambda h: h[0])] if page else []
    found = None
    if sql_facets:
        found = _facets(store, total, capped, *row)
    elif columns is not None:
        ids, generation = store.id_array(row[0]), row[1]
        if cand.over and capped:  # the ids of m, which holds one more than the cap: its oldest is not a candidate
            ids = ids[ids != ids.min()]
        found = columns.facets(generation, ids, total, capped, facet_limit)
        if found is None:
            return _run(store, query, page=page, facet_limit=facet_limit, in_sql=True)
    return SearchPage(hits, total, query.limit, query.offset, capped, found)


@dataclass(frozen=True, slots=True)
class _Candidates:
    """The candidates' common table expressions (``ctes``, with their ``params``); ``name``, the one that holds the
    capped set; ``count``, a scalar subquery of how many quotes match up to one more than the cap (with
    ``count_params``, which follow the page's); ``over``: ``name`` may hold one row more than the cap (its lowest id),
    which whoever reads its ids drops."""

    ctes: str
    params: list[Any]
    name: str
    count: str
    count_params: list[Any]
    over: bool = False


def _candidates_ctes(sel: Selection, *, ranked: bool, newest: bool, facets: bool, scan_facets: bool,
                     look_beyond: bool) -> _Candidates:
    """``m``: the candidates' ids (with their rank when ranked; the newest ones when ``newest``).

    With words and ``look_beyond`` (SQLite), m holds at most CANDIDATES, the capped set itself, and whether more
    match is asked only when m is full: one more match below m's lowest id, from the same index (the newest-first
    scan goes on where m stopped). Reading one more than the cap into m instead, and a second table ``c`` of m less
    its oldest row for the ranking, page and facets, cost SQLite 2.0 M instructions more for a common word (16.7 M
    against 14.7 M for the statement: the extra row's ``bm25``, copying c, and finding m's lowest id three times).
    PostgreSQL does the latter (the second look's planning cost its backend more than it saved: 2.80-2.95 against
    2.96-2.99 ms of CPU a search page).

    Without words (a listing by filters, whose page is chosen apart), m holds one more than the cap, to count; the
    facets' ids are m's, less its lowest id when it is over the cap (``over``), and ``c`` is made only when facets
    are counted in SQL.

    ``c`` with facets counted in SQL: the capped set with the facet columns. With ``scan_facets`` (PostgreSQL) m
    reads them as it goes; otherwise (SQLite) c looks them up for its quotes only (reading them for every row m
    looked at cost SQLite 2 ms more for a 2,500-quote source, and m can come from the full-text index alone). The
    facets count c itself: a third table of the facet columns, as SQLite filled it, cost 15% of a 1,000-candidate
    search."""
    columns = f"{sel.order_id} AS id" + (f", {sel.rank} AS r" if ranked else "")
    in_scan = facets and scan_facets
    if in_scan:
        columns += f", {FACET_COLUMNS}"
    words = sel.rank is not None
    if words and look_beyond:
        assert newest, "a words search's candidates are its newest matches"
        m = candidates(sel, columns, index_alone=not in_scan, limit=CANDIDATES)
        beyond = candidates(sel, "1", index_alone=True, limit=1, below="(SELECT MIN(id) FROM m)")
        count = (f"(SELECT CASE WHEN count(*) < {CANDIDATES} THEN count(*) "
                 f"ELSE {CANDIDATES} + (SELECT count(*) FROM ({beyond}) beyond) END FROM m)")
        ctes, count_params = f"m AS ({m})", list(sel.params)
        capped = None
    else:
        m = candidates(sel, columns, index_alone=not in_scan, newest=newest)
        ctes, count, count_params = f"m AS ({m})", "(SELECT count(*) FROM m)", []
        # m less its oldest row when it holds one more than the cap. As a newest-first LIMIT instead of a filter
        # "m's count is within the cap or its id is above m's lowest" (two more subqueries to plan and run),
        # PostgreSQL's backend CPU over the query mix, search pages with facets: 2.85 -> 2.49 ms a statement.
        capped = f"SELECT * FROM m ORDER BY id DESC LIMIT {CANDIDATES}"
    if not facets and not (words and capped):
        return _Candidates(ctes, list(sel.params), "m", count, count_params, over=not words)
    if not facets:  # words without look_beyond: the ranking and the ids read the capped set
        return _Candidates(f"{ctes}, c AS ({capped})", list(sel.params), "c", count, count_params)
    if in_scan:
        c = capped
    else:
        c = f"SELECT m.*, {FACET_COLUMNS} FROM {f'({capped})' if capped else 'm'} m JOIN quotes q ON q.id = m.id"
    if c is None:
        return _Candidates(ctes, list(sel.params), "m", count, count_params)
    return _Candidates(f"{ctes}, c AS ({c})", list(sel.params), "c", count, count_params)


def _listed_page(sel: Selection, query: SearchQuery, *, split: bool) -> tuple[str, list[Any]]:
    """A page without words, newest first, through the filters' indexes: every page can be reached (only the count
    stops at CANDIDATES). ``p``: (id, rank, place on the page).

    ``split`` (PostgreSQL): an index read backwards gives dates newest first with undated rows first, while the
    page wants them last, so "ORDER BY date DESC NULLS LAST" in one go sorted the whole store (55 ms against
    1.3 ms). Then ``a`` takes the dated quotes up to the page's end from the index in order, and ``b`` the undated
    ones after them, read only when ``a`` falls short of the page."""
    columns = "q.id AS id, q.published_date AS published_date, q.article_id AS article_id, q.position AS position"
    if not split:
        order = ", ".join(f"q.{key}" for key in ORDER)
        ctes = (
            f", p AS (SELECT id, NULL AS r, row_number() OVER (ORDER BY {', '.join(ORDER)}) AS n FROM ("
            f"SELECT {columns} FROM quotes q WHERE {sel.where} ORDER BY {order} LIMIT ? OFFSET ?) x)"
        )
        return ctes, [*sel.params, query.limit, query.offset]
    ctes = (
        f", a AS (SELECT {columns} FROM quotes q WHERE {sel.where} AND q.published_date IS NOT NULL "
        "ORDER BY q.published_date DESC, q.article_id DESC, q.position LIMIT ?), "
        f"b AS (SELECT {columns} FROM quotes q WHERE {sel.where} AND q.published_date IS NULL "
        "AND (SELECT count(*) FROM a) < ? ORDER BY q.article_id DESC, q.position LIMIT ?), "
        f"p AS (SELECT id, NULL AS r, n FROM (SELECT id, row_number() OVER (ORDER BY {', '.join(ORDER)}) AS n "
        "FROM (SELECT * FROM a UNION ALL SELECT * FROM b) u) x WHERE n > ? ORDER BY n LIMIT ?)"
    )
    end = query.offset + query.limit
    return ctes, [*sel.params, end, *sel.params, end, end, query.offset, query.limit]


def _ranked_page(sel: Selection, query: SearchQuery, c: str) -> tuple[str, list[Any]]:
    """A page of a words query, from the ranked candidates (the common table expression named ``c``): ``k``, the
    rank of the page's last place; ``p``, the candidates that can reach the page (rank at most k's, so ties are kept;
    only these are looked up for the tie-break), ordered by rank then newest first, with their place."""
    order = ", ".join(f"q.{key}" for key in ORDER)
    ctes = (
        f", k AS (SELECT MAX(r) AS r FROM (SELECT r FROM {c} ORDER BY r LIMIT ?) top), "
        f"p AS (SELECT id, r, n FROM (SELECT c.id AS id, c.r AS r, row_number() OVER (ORDER BY c.r, {order}) AS n "
        f"FROM {c} c JOIN quotes q ON q.id = c.id WHERE c.r <= (SELECT r FROM k)) x ORDER BY n LIMIT ? OFFSET ?)"
    )
    return ctes, [query.offset + query.limit, query.limit, query.offset]


def _facet_selects(store: Store, c: str) -> list[str]:
    """Speakers and sources (the ``limit`` largest of each, two parameters) and months of the candidates (the common
    table expression named ``c``), each as one JSON value; a speaker's name is read from the registry for the
    ``limit`` speakers shown."""
    return [
        f"(SELECT {store.json_rows('registry_id, (SELECT name FROM speakers WHERE id = s.registry_id), n')} FROM "
        f"(SELECT registry_id, count(*) AS n FROM {c} WHERE registry_id IS NOT NULL GROUP BY registry_id "
        "ORDER BY n DESC, registry_id LIMIT ?) s)",
        f"(SELECT {store.json_rows('source, n')} FROM (SELECT source, count(*) AS n FROM {c} WHERE source IS NOT NULL "
        "GROUP BY source ORDER BY n DESC, source LIMIT ?) o)",
        f"(SELECT {store.json_rows('month, n')} FROM (SELECT month, count(*) AS n FROM {c} WHERE month IS NOT NULL "
        "GROUP BY month) t)",
    ]


def _facets(store: Store, total: int, capped: bool, speakers: Any, sources: Any, months: Any) -> Facets:
    return Facets(
        total,
        sorted(({"id": i, "name": name, "count": int(n)} for i, name, n in store.json_value(speakers)),
               key=lambda s: (-s["count"], s["id"])),
        sorted(({"source": s, "count": int(n)} for s, n in store.json_value(sources)),
               key=lambda s: (-s["count"], s["source"])),
        sorted(({"month": m, "count": int(n)} for m, n in store.json_value(months)), key=lambda m: m["month"]),
        capped,
    )


def _hit(row: list[Any]) -> Hit:
    (_, rank, pk, aid, rid, url, source, title, published, pdate, qid, kind, text, content, spk_id, spk_name, mention,
     via, conf, snippet) = row
    return Hit(
        quote_pk=int(pk), article_id=int(aid), record_id=rid, url=url, source=source, title=title,
        published=published, published_date=pdate, quote_id=qid, kind=kind, text=text, content=jsonio.loads(content),
        speaker_id=spk_id, speaker_name=spk_name, speaker_mention=mention, speaker_via=via,
        confidence=float(conf), snippet=snippet,
        rank=float(rank) if rank is not None else None,
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
    with store._read() as cur:
        sel = conditions(store, query, cur, listed=False)  # exactly what SQL finds, whatever the columns say
    statement = store.sql(
        f"SELECT {EXPORT_SELECT} FROM {sel.tables} JOIN articles a ON a.id = q.article_id "
        f"WHERE {sel.where} AND q.id > ? ORDER BY q.id LIMIT ?"
    )
    params = sel.params
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
