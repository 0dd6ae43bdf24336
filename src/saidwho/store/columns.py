"""Facet columns held in memory ("doc values", as search engines keep them): each quote's speaker, source and month
as integer codes in arrays indexed by quote id, so that a search's facets are counted over its candidates' ids in
NumPy instead of by SQL.

Why: counting the facets in SQL looked up each of up to 1,000 candidates in the quotes table and ran three GROUP BYs,
a third of a search page's cost (SQLite 9.7 M instructions of 28.4 M over the query mix). Here the statement
returns the candidates' ids as one value and the counting takes about 0.1 ms.

Staying in step: every write transaction that changes quotes or the speaker registry (``writer``) increments the
store's ``generation`` (a row of ``meta``), and the search statement reads it along with the ids, from the same
snapshot. The columns are (re)loaded when a statement shows a generation other than theirs; if the store moved on
again meanwhile (the load saw a newer generation than the statement), that search counts its facets in SQL instead,
so facets are always those of the statement's own snapshot. A write thus costs each process one reload (about
0.1 s at 100,000 quotes) at its next search with facets.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .results import Facets

if TYPE_CHECKING:
    import numpy as np

    from .base import Store

GENERATION_KEY = "generation"
# the statement that ends every write transaction that changed quotes or speakers (both backends accept it)
BUMP_GENERATION = (
    f"INSERT INTO meta (key, value) VALUES ('{GENERATION_KEY}', '1') "
    "ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(meta.value AS BIGINT) + 1 AS TEXT)"
)
# the store's generation as a scalar subquery (NULL before the first write: generation 0)
GENERATION = f"(SELECT value FROM meta WHERE key = '{GENERATION_KEY}')"
NONE = -1  # the code of no value (and of ids that no quote has)
LOAD_TRIES = 3
LISTED_SOURCES = 64  # a --source value matching more stored sources than this is resolved in SQL


def generation_of(value: Any) -> int:
    return int(value) if value is not None else 0


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The facet columns of one generation of the store. Codes number each column's distinct values in sorted
    order, so that ordering by code is ordering by value (the tie-break the facets use)."""

    generation: int
    speaker: np.ndarray  # int32 per quote id: its code in speaker_ids, or NONE
    source: np.ndarray
    month: np.ndarray
    speaker_ids: list[str]
    speaker_names: list[str | None]  # the registry's name of each speaker id (None if it has no entry)
    sources: list[str]
    months: list[str]

    def facets(self, ids: np.ndarray, total: int, capped: bool, limit: int) -> Facets | None:
        """The facets of the quotes ``ids``, the ``limit`` largest speakers and sources and every month, as the SQL
        of ``search._facet_selects`` counts them; None if an id lies beyond this snapshot's (a quote added by a
        writer that did not move the generation on)."""
        import numpy as np

        if ids.size and int(ids.max()) >= self.speaker.size:
            return None
        speakers = [
            {"id": self.speaker_ids[c], "name": self.speaker_names[c], "count": n}
            for c, n in _largest(np, self.speaker[ids], limit)
        ]
        sources = [{"source": self.sources[c], "count": n} for c, n in _largest(np, self.source[ids], limit)]
        months = [{"month": self.months[c], "count": n} for c, n in _largest(np, self.month[ids], None, by_count=False)]
        return Facets(total, speakers, sources, months, capped)


def _largest(np: Any, codes: np.ndarray, limit: int | None, *, by_count: bool = True) -> list[tuple[int, int]]:
    """(code, count) of the values among ``codes`` (NONE left out): most frequent first, then by value, at most
    ``limit``; with ``by_count=False`` all of them by value. (``np.bincount`` took a fifth of the time of
    ``np.unique``, which sorts, for 1,000 codes.)"""
    codes = codes[codes >= 0]
    if not codes.size:
        return []
    counts = np.bincount(codes)
    values = np.flatnonzero(counts)  # by code, that is by value
    counts = counts[values]
    if by_count:
        order = np.lexsort((values, -counts))[:limit]
        values, counts = values[order], counts[order]
    return list(zip(values.tolist(), counts.tolist()))


class FacetColumns:
    """A Store's facet columns: the snapshot loaded last, replaced when a search shows another generation. Shared by
    the Store's threads; one of them loads while the others that need the new generation wait for it."""

    def __init__(self, store: Store):
        self._store = store
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None

    def facets(self, generation: Any, ids: Any, total: int, capped: bool, limit: int) -> Facets | None:
        """The facets of the candidates ``ids`` (an array, as the backend's ``id_array`` reads them) of a statement
        that read ``generation``; None when the columns cannot match that generation (then count them in SQL)."""
        generation = generation_of(generation)
        snapshot = self._snapshot
        if snapshot is None or snapshot.generation != generation:
            snapshot = self._for(generation)
            if snapshot is None:
                return None
        return snapshot.facets(ids, total, capped, limit)

    def sources_matching(self, source: str) -> tuple[int, list[str]] | None:
        """The stored sources a ``--source`` value selects (itself and its subdomains) as the last loaded snapshot
        lists them, with its generation; None when there is no snapshot yet or more than ``LISTED_SOURCES`` match.
        A search that uses them checks its statement's generation against this one (``search._run``)."""
        snapshot = self._snapshot
        if snapshot is None or snapshot.generation < 0:
            return None
        tail = "." + source
        found = [s for s in snapshot.sources if s == source or s.endswith(tail)]
        return (snapshot.generation, found) if len(found) <= LISTED_SOURCES else None

    def _for(self, generation: int) -> Snapshot | None:
        with self._lock:
            snapshot = self._snapshot
            if snapshot is None or snapshot.generation < generation:
                snapshot = self._snapshot = load(self._store)
            return snapshot if snapshot.generation == generation else None


def load(store: Store) -> Snapshot:
    """The facet columns as the store holds them now: per column, the ids of each value, grouped in SQL (110 ms at
    100,000 quotes in SQLite, against 300 ms for reading every quote's row and coding its values in Python). The
    generation is read before and after: a write committed between the statements (PostgreSQL reads each statement
    in a snapshot of its own) makes it read again, and after ``LOAD_TRIES`` it gives up with generation -1, which no
    search matches (their facets are then counted in SQL)."""
    for _ in range(LOAD_TRIES):
        with store._read() as cur:
            cur.execute(f"SELECT {GENERATION}, (SELECT MAX(id) FROM quotes)")
            before, top = cur.fetchone()
            speaker, speaker_ids = _column(store, cur, "registry_id", top)
            source, sources = _column(store, cur, "source", top)
            month, months = _column(store, cur, "published_date", top, key=lambda day: day[:7])
            cur.execute("SELECT id, name FROM speakers")
            names = dict(cur.fetchall())
            cur.execute(f"SELECT {GENERATION}")
            after = cur.fetchone()[0]
        if before == after:
            generation = generation_of(before)
            break
    else:
        generation = -1
    return Snapshot(generation, speaker, source, month, speaker_ids, [names.get(i) for i in speaker_ids], sources,
                    months)


def _column(store: Store, cur: Any, column: str, top: int | None,
            key: Callable[[str], str] | None = None) -> tuple[np.ndarray, list[str]]:
    """The code of each quote's value of ``column`` (``key`` of it), in an array indexed by quote id up to ``top``,
    and the values in code order."""
    import numpy as np

    groups: dict[str, list[Any]] = {}
    # quotes beyond top were added after it was read: left out here, and the generation read afterwards differs
    cur.execute(store.sql(f"SELECT {column}, {store.id_list('id')} FROM quotes WHERE {column} IS NOT NULL AND id <= ? "
                          f"GROUP BY {column}"), (top or 0,))
    for value, ids in cur.fetchall():
        groups.setdefault(key(value) if key else value, []).append(ids)
    values = sorted(groups)
    out = np.full((top or 0) + 1, NONE, dtype=np.int32)
    for code, value in enumerate(values):
        for ids in groups[value]:
            out[store.id_array(ids)] = code
    return out, values
