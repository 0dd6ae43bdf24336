"""The Store: one interface over SQLite and PostgreSQL for ingesting records, searching quotes and reading facets.

A backend supplies connections, its DDL, transactions and its full-text clause (``FullText``); everything else
(what a record becomes, idempotence, the speaker registry, filters, paging) is shared here and in ``writer`` and
``search``, written once in SQL that both databases accept. Each thread gets its own connection, so one Store can
serve a threaded web app; writers are serialised by the database (SQLite's write lock, a PostgreSQL advisory lock).
"""

from __future__ import annotations

import json
import os
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any

from .. import __version__
from ..errors import StoreNotFound, StoreSchemaMismatch
from . import jsonio, search, writer
from .columns import FacetColumns
from .gate import FairGate
from .query import SearchQuery, Terms
from .records import Rejected, identity
from .results import Facets, IngestReport, SearchPage, SpeakerDetail
from .url import StoreAddress

SCHEMA_VERSION = 2  # of the store's tables; a mismatch stops with SW504 (no migrations yet). 2: quotes.snippet
TABLES = ("meta", "articles", "article_speakers", "speakers", "speaker_names", "quotes")
BATCH_SIZE = 500  # records per write transaction


@dataclass(frozen=True, slots=True)
class FullText:
    """A backend's full-text clause: a join that brings in the index, a condition, its parameters, a rank
    expression where lower is better, and the quote id as the index can return it newest first."""

    join: str
    where: str
    params: tuple[Any, ...]
    rank: str
    order_id: str = "q.id"
    alone: str | None = None  # a FROM clause of the index alone, usable when no filter needs the quotes table


class Store(ABC):
    """A saidwho store. Open one with ``saidwho.store.open_store(url)``; close it (or use ``with``) when done."""

    backend = "?"

    def __init__(self, address: StoreAddress, *, create: bool = True, readers: int | None = None,
                 facet_columns: bool = True):
        self.address = address
        # the facets' columns kept in memory (see columns.py), loaded at the first search with facets; None: facets
        # are counted in SQL
        self.facet_columns = FacetColumns(self) if facet_columns else None
        # at most `readers` threads read at once, each through the connection of its slot; the others queue in
        # arrival order (see gate.py). Writers use their thread's own connection.
        self._gate = FairGate(readers or default_readers())
        self._readers: list[Any] = [None] * self._gate.size
        self._local = threading.local()
        self._conns: list[Any] = []
        self._conns_lock = threading.Lock()
        self._open(create)

    # ------------------------------------------------------------------------------------- backend hooks

    @abstractmethod
    def _connect(self) -> Any:
        """A new connection (autocommit; transactions are explicit)."""

    @abstractmethod
    def _exists(self) -> bool:
        """Whether the database itself exists (a SQLite file); a server database always does."""

    @abstractmethod
    def _ddl(self) -> list[str]:
        """The statements that create the schema."""

    @abstractmethod
    def _write(self) -> AbstractContextManager[Any]:
        """A cursor in a write transaction that no other writer runs beside; committed on success."""

    @abstractmethod
    def _read(self, single: bool = False) -> AbstractContextManager[Any]:
        """A cursor in a read transaction (one snapshot for several statements), taken through ``_gated``.
        ``single=True``: for one statement, which is its own snapshot: no BEGIN and COMMIT around it."""

    @contextmanager
    def _gated(self, transaction: Callable[[Any], AbstractContextManager[Any]]) -> Iterator[Any]:
        """The cursor of ``transaction(connection)`` on a reader slot's connection, once this thread has a slot;
        the slot is given back with it."""
        with self._gate as slot:
            conn = self._readers[slot]
            if conn is None:
                conn = self._connect()
                self._reader_session(conn)
                self._readers[slot] = conn
                with self._conns_lock:
                    self._conns.append(conn)
            with transaction(conn) as cur:
                yield cur

    @abstractmethod
    def _table_names(self, cur: Any) -> set[str]:
        """The names of the tables in the database."""

    names_prefilter = False  # whether full_text() uses speaker names (see there)
    # whether an index read backwards (newest first) gives rows without a date first: then a listing reads the dated
    # and the undated quotes apart (search._listed_page)
    undated_first_in_index = False
    facet_columns_in_scan = False  # whether facets read their columns in the candidates' scan (search._candidates_ctes)
    # whether a words search reads at most the cap and looks for one more match only when full (search._candidates_ctes)
    look_beyond = False

    @abstractmethod
    def full_text(self, terms: Terms, names: list[str] | None = None) -> FullText:
        """The clause that restricts quotes (aliased ``q``) to those matching ``terms``. With ``names_prefilter``
        and a speaker filter, ``names`` are the registry names of the speakers asked for: the backend may keep only
        matches whose speaker words hold one of them (a cheap superset; the speaker filter is applied as well)."""

    def sql(self, statement: str) -> str:
        """``statement`` with ``?`` placeholders in this backend's parameter style."""
        return statement

    @abstractmethod
    def json_rows(self, columns: str) -> str:
        """An aggregate that makes the rows of ``columns`` (SQL expressions) one JSON array of arrays, in no set order
        (``json_value`` reads it back; an aggregate over no rows may give NULL)."""

    def json_value(self, value: Any) -> list[Any]:
        """What ``json_rows`` returned, as Python lists."""
        return jsonio.loads(value) if isinstance(value, (str, bytes)) else (value or [])

    @abstractmethod
    def id_list(self, column: str) -> str:
        """An aggregate that makes the integers of ``column`` one comma-separated text, in no set order
        (``id_array`` reads it; an aggregate over no rows may give NULL)."""

    def id_array(self, value: Any) -> Any:
        """What ``id_list`` returned, as a NumPy array of int64 (NumPy's parser: 25 µs for 1,000 ids)."""
        import numpy as np

        return np.fromstring(value, dtype=np.int64, sep=",") if value else np.zeros(0, dtype=np.int64)

    def fetch_row(self, cur: Any, statement: str, params: Any) -> Any:
        """The one row of a search statement (``search._run``)."""
        cur.execute(statement, params)
        return cur.fetchone()

    def _after_ingest(self) -> None:
        """Tidy up after a large ingest so that searches run fast at once (planner statistics and the like), where
        the backend needs it."""

    def unindexed(self, column: str) -> str:
        """``column`` written so that the planner does not pick its index (where the backend needs telling)."""
        return column

    # ------------------------------------------------------------------------------------- connections

    def connection(self) -> Any:
        """This thread's connection, made on first use."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            with self._conns_lock:
                self._conns.append(conn)
        return conn

    def _reader_session(self, conn: Any) -> None:
        """Settings for a new reader slot's connection (writers keep the defaults)."""

    def _forget(self, conn: Any) -> None:
        """Stop using ``conn`` (the server closed it): the next use of its thread or reader slot reconnects."""
        if getattr(self._local, "conn", None) is conn:
            self._local.conn = None
        with self._conns_lock:
            for slot, reader in enumerate(self._readers):
                if reader is conn:
                    self._readers[slot] = None
            if conn in self._conns:
                self._conns.remove(conn)

    def close(self) -> None:
        """Close every connection this store opened, in any thread."""
        with self._conns_lock:
            conns, self._conns = self._conns, []
            self._readers[:] = [None] * self._gate.size
        for conn in conns:
            try:
                conn.close()
            except Exception:  # closing is best effort: a connection already broken is closed anyway
                pass
        self._local = threading.local()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------------------------- schema

    def _open(self, create: bool) -> None:
        if not create and not self._exists():
            raise StoreNotFound(f"no store at {self.address.shown}; create it with `saidwho ingest RECORDS.jsonl --db ...`")
        with self._read() as cur:
            tables = self._table_names(cur)
        if "meta" not in tables and not create:
            raise StoreNotFound(f"{self.address.shown} holds no saidwho store; create it with `saidwho ingest`")
        if "meta" not in tables:
            with self._write() as cur:
                tables = self._table_names(cur)  # another process may have created it meanwhile
                if "meta" not in tables:
                    clash = sorted(set(TABLES) & tables)
                    if clash:
                        raise StoreSchemaMismatch(
                            f"{self.address.shown} already has tables named {', '.join(clash)} but no saidwho store; "
                            "use another database or file"
                        )
                    for statement in self._ddl():
                        cur.execute(statement)
                    now = time.strftime("%Y-%m-%dT%H:%M:%S%z")
                    cur.executemany(
                        self.sql("INSERT INTO meta (key, value) VALUES (?, ?)"),
                        [("schema_version", str(SCHEMA_VERSION)), ("created_by", f"saidwho {__version__}"), ("created_at", now)],
                    )
        self._check_version()

    def _check_version(self) -> None:
        with self._read() as cur:
            cur.execute(self.sql("SELECT value FROM meta WHERE key = ?"), ("schema_version",))
            row = cur.fetchone()
        found = row[0] if row else None
        if found != str(SCHEMA_VERSION):
            raise StoreSchemaMismatch(
                f"{self.address.shown} holds a store of schema version {found}, this saidwho reads version "
                f"{SCHEMA_VERSION}; ingest your records into a new store (another --db), or use the saidwho "
                "version that made it"
            )

    def meta(self) -> dict[str, str]:
        """The store's metadata: schema version, what created it and when."""
        with self._read() as cur:
            cur.execute("SELECT key, value FROM meta")
            return {k: v for k, v in cur.fetchall()}

    # ------------------------------------------------------------------------------------- writing

    def ingest(
        self,
        records: Iterable[dict[str, Any] | Rejected],
        *,
        batch_size: int = BATCH_SIZE,
        refresh_speakers: bool = True,
    ) -> IngestReport:
        """Store saidwho/2 records; returns what happened to each (see ``writer.ingest``). Idempotent: a record
        already stored as it is changes nothing; another version of the same page (same url, else same record id)
        replaces the old one. ``Rejected`` items (from ``saidwho.store.inputs``) and records that cannot be
        stored are counted under their reason. Afterwards the speakers of the whole store are merged again,
        unless ``refresh_speakers=False`` (then call ``refresh_speakers()`` once after many small calls)."""
        return writer.ingest(self, records, batch_size=batch_size, refresh_speakers=refresh_speakers)

    def refresh_speakers(self) -> float:
        """Merge the speakers of every stored article into the registry (``build_registry``) and give each quote
        its registry id and name. Returns the seconds it took."""
        return writer.refresh_speakers_of(self)

    # ------------------------------------------------------------------------------------- reading

    def search(self, query: SearchQuery | str = "", *, facets: int | None = None, **filters: Any) -> SearchPage:
        """One page of quotes matching ``query`` (a SearchQuery, or its text with the filters as keywords:
        ``store.search("river", source="example.org", limit=10)``), best match first, then newest. With
        ``facets=N``, ``page.facets`` holds what ``facets(query, limit=N)`` would return, read in the same statement
        (a search page that shows both costs about one search instead of two calls)."""
        return search.search(self, _query(query, filters), facets=facets)

    def facets(self, query: SearchQuery | str = "", *, limit: int = 20, **filters: Any) -> Facets:
        """Counts of the quotes matching ``query`` by speaker, source and month (the ``limit`` largest speakers
        and sources; every month)."""
        return search.facets(self, _query(query, filters), limit=limit)

    def speaker(self, speaker_id: str) -> SpeakerDetail | None:
        """A registry entry with its quote and article counts, quotes per month and sources; None if unknown."""
        return search.speaker_detail(self, speaker_id)

    def article(self, article_id: int) -> dict[str, Any] | None:
        """A stored article by the store's id (``Hit.article_id``): its fields, its whole record, and the
        registry id of each of its speakers; None if there is none."""
        return search.article(self, article_id)

    def article_id(self, rec: dict[str, Any]) -> int | None:
        """The store's id of the page a record is about (the same url, else the same record id), or None."""
        with self._read() as cur:
            cur.execute(self.sql("SELECT id FROM articles WHERE ident = ?"), (identity(rec),))
            row = cur.fetchone()
        return int(row[0]) if row else None

    def iter_quotes(self, query: SearchQuery | str = "", **filters: Any) -> Iterator[dict[str, Any]]:
        """Every quote matching ``query`` (limit and offset ignored), one flat row each (``export.COLUMNS``), in
        the order they were stored; read in batches, so memory stays flat."""
        return search.iter_quotes(self, _query(query, {**filters, "limit": 0}))

    @property
    def readers(self) -> int:
        """How many threads may read at once (the reader slots)."""
        return self._gate.size

    def turn(self) -> AbstractContextManager[int]:
        """Hold a reader slot for this thread until the block ends: the reads inside it use the slot without
        queuing again, and the work between and after them (a web page rendered from the results, say) is part of
        the same turn. So requests are served first come first served through all their work, not only their
        statements, and a page's rendering does not share the process with the next request's search."""
        return self._gate

    def is_empty(self) -> bool:
        """Whether the store holds no quote at all (one index probe, unlike ``counts``)."""
        with self._read() as cur:
            cur.execute("SELECT 1 FROM quotes LIMIT 1")
            return cur.fetchone() is None

    def counts(self) -> dict[str, int]:
        """How many articles, quotes and registry speakers the store holds."""
        out = {}
        with self._read() as cur:
            for table in ("articles", "quotes", "speakers"):
                cur.execute(f"SELECT count(*) FROM {table}")  # table names are constants, not input
                out[table] = int(cur.fetchone()[0])
        return out


def default_readers() -> int:
    """Reader slots when ``open_store`` is not told: twice the number of cores. On the 2-core benchmark machine, 32
    threads made 473 searches/s with 2 slots, 533 with 4, fewer again with 8 (SQLite; PostgreSQL on the same
    machine alike). With a PostgreSQL server on a larger machine of its own, give more."""
    return 2 * (os.cpu_count() or 1)


def _query(query: SearchQuery | str, filters: dict[str, Any]) -> SearchQuery:
    """``query`` as a SearchQuery: a given one as it is (``limit=0`` alone, from ``iter_quotes``, lifts its paging),
    or one built from the text and the filters."""
    if isinstance(query, SearchQuery):
        extra = {k for k in filters if k != "limit"}
        if extra:
            raise TypeError(f"give the filters in the SearchQuery, not beside it: {', '.join(sorted(extra))}")
        return query.page(0, 0) if filters.get("limit") == 0 else query
    return SearchQuery(text=query or "", **filters)


def loads(value: str | None, default: Any) -> Any:
    """A JSON column's value (the store keeps lists as JSON text in both backends)."""
    return json.loads(value) if value else default
