"""The SQLite backend (the default): Python's sqlite3, one file, WAL journal, FTS5 for full-text search.

WAL lets readers (a web app's threads, a `saidwho search`) work while one writer ingests; writers take the
database's write lock at the start of each transaction (BEGIN IMMEDIATE) and wait up to ``BUSY_SECONDS`` for it.
The full-text index is an external-content FTS5 table over ``quotes.text`` and ``quotes.search_names``, kept in
step by triggers, with the Porter stemmer and accents removed.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import StoreUnavailable
from . import schema
from .base import FullText, Store
from .query import Terms, fts5_expression, name_words

BUSY_SECONDS = 60.0
MMAP_BYTES = 1 << 30
TEXT_WEIGHT, NAMES_WEIGHT = 1.0, 2.0  # bm25 column weights: a speaker-name match counts double

FTS = [
    (
        "CREATE VIRTUAL TABLE quotes_fts USING fts5(text, search_names, content='quotes', content_rowid='id', "
        "tokenize='porter unicode61 remove_diacritics 2')"
    ),
    (
        "CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN "
        "INSERT INTO quotes_fts (rowid, text, search_names) VALUES (new.id, new.text, new.search_names); END"
    ),
    (
        "CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN "
        "INSERT INTO quotes_fts (quotes_fts, rowid, text, search_names) "
        "VALUES ('delete', old.id, old.text, old.search_names); END"
    ),
    (
        "CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text, search_names ON quotes BEGIN "
        "INSERT INTO quotes_fts (quotes_fts, rowid, text, search_names) "
        "VALUES ('delete', old.id, old.text, old.search_names); "
        "INSERT INTO quotes_fts (rowid, text, search_names) VALUES (new.id, new.text, new.search_names); END"
    ),
]
# OperationalError messages that mean the database cannot be used, not a bug in a statement
_UNAVAILABLE = ("locked", "busy", "unable to open", "readonly", "disk i/o", "not a database", "malformed", "disk is full")


class SQLiteStore(Store):
    """A store in one SQLite file."""

    backend = "sqlite"

    @property
    def path(self) -> str:
        return self.address.target

    def _exists(self) -> bool:
        return os.path.isfile(self.path)

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
            # reading pages through a memory map instead of read() calls: searches took 35% less CPU at 100,000
            # quotes (a 200 MB file); the map is address space, shared by every connection through the OS cache
            conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        except sqlite3.Error as exc:
            raise self._unavailable(exc) from exc
        return conn

    def _unavailable(self, exc: sqlite3.Error) -> StoreUnavailable:
        hint = ""
        text = str(exc).lower()
        if "unable to open" in text:
            hint = "; check that its directory exists and is writable"
        elif "not a database" in text:
            hint = "; the file is not a SQLite database: give another --db"
        elif "locked" in text or "busy" in text:
            hint = f"; another process held the write lock for over {BUSY_SECONDS:.0f} s, try again"
        return StoreUnavailable(f"cannot use the SQLite store: {exc}{hint}", source=self.address.shown)

    def _ddl(self) -> list[str]:
        return schema.statements(pk="INTEGER PRIMARY KEY", real="REAL") + FTS

    def _table_names(self, cur: Any) -> set[str]:
        cur.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {r[0] for r in cur.fetchall()}

    @contextmanager
    def _transaction(self, begin: str | None, conn: sqlite3.Connection | None = None) -> Iterator[sqlite3.Cursor]:
        """A cursor in a transaction opened with ``begin``; with None, in autocommit (each statement its own)."""
        conn = conn or self.connection()
        try:
            if begin:
                conn.execute(begin)
        except sqlite3.OperationalError as exc:
            raise self._unavailable(exc) from exc
        except sqlite3.DatabaseError as exc:  # "file is not a database"
            raise self._unavailable(exc) from exc
        cur = conn.cursor()
        try:
            yield cur
        except sqlite3.OperationalError as exc:
            if begin:
                conn.execute("ROLLBACK")
            if any(m in str(exc).lower() for m in _UNAVAILABLE):
                raise self._unavailable(exc) from exc
            raise
        except sqlite3.DatabaseError as exc:
            if begin:
                conn.execute("ROLLBACK")
            if "not a database" in str(exc).lower():
                raise self._unavailable(exc) from exc
            raise
        except BaseException:
            if begin:
                conn.execute("ROLLBACK")
            raise
        else:
            if begin:
                conn.execute("COMMIT")
        finally:
            cur.close()

    def _write(self) -> Any:
        return self._transaction("BEGIN IMMEDIATE")

    def _read(self, single: bool = False) -> Any:
        return self._gated(lambda conn: self._transaction(None if single else "BEGIN", conn))

    def json_rows(self, columns: str) -> str:
        return f"json_group_array(json_array({columns}))"

    def id_list(self, column: str) -> str:
        return f"group_concat({column})"  # '3,1,2'

    def unindexed(self, column: str) -> str:
        return f"+{column}"  # SQLite's documented way to keep a term from using an index

    # A speaker filter beside words is checked on every match the index returns (a row read each); asking the index
    # first for the speaker's registry name among the speaker words cuts the matches to those of the speaker and
    # namesakes, by index alone (measured 1 ms against 17 ms for a word with 9,000 matches).
    names_prefilter = True
    look_beyond = True  # see search._candidates_ctes

    def full_text(self, terms: Terms, names: list[str] | None = None) -> FullText:
        expression = fts5_expression(terms)
        phrases = [fts5_expression(Terms(phrases=(words,))) for words in map(name_words, names or []) if words]
        if phrases and len(phrases) == len(names or []):
            expression = f"({expression}) AND search_names : ({' OR '.join(phrases)})"
        return FullText(
            join="JOIN quotes_fts ON quotes_fts.rowid = q.id",
            where="quotes_fts MATCH ?",
            params=(expression,),
            rank=f"bm25(quotes_fts, {TEXT_WEIGHT}, {NAMES_WEIGHT})",
            # ordering by the index's own rowid lets FTS5 return matches newest first and stop at the LIMIT; by q.id
            # it sorts them all (measured 1.8 ms against 17 ms for 1,001 of 9,000 matches)
            order_id="quotes_fts.rowid",
            alone="quotes_fts",
        )

    def _after_ingest(self) -> None:
        # FTS5 writes each transaction's index entries as a segment of their own (the speaker merge's updates add
        # more, with delete markers) and merges segments only now and then: a 100,000-quote store was left with 23
        # segments over 8 levels, and every search reads each word's entries from each of them. 'optimize' merges
        # them into one (0.35 s at 100,000 quotes, rewriting the 6 MB index): the query mix's search pages took 8%
        # fewer instructions (callgrind, statements alone), the same results.
        with self._write() as cur:
            cur.execute("INSERT INTO quotes_fts (quotes_fts) VALUES ('optimize')")

    def fts_segments(self) -> int:
        """How many segments the full-text index holds (read from FTS5's structure record)."""
        with self._read() as cur:
            cur.execute("SELECT block FROM quotes_fts_data WHERE id = 10")
            row = cur.fetchone()
        if row is None:
            return 0
        values, value = [], 0
        for byte in bytes(row[0])[4:]:  # a 4-byte cookie, then varints: levels, segments, ...
            value = (value << 7) | (byte & 0x7F)
            if byte < 0x80:
                values.append(value)
                value = 0
                if len(values) == 2:
                    return values[1]
        return 0

    def journal_mode(self) -> str:
        """The journal mode in force (``wal``)."""
        with self._read() as cur:
            cur.execute("PRAGMA journal_mode")
            return str(cur.fetchone()[0])
