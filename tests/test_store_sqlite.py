"""SQLite specifics: WAL, readers beside a writer, two writers on one file, and files that are not stores."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from storekit import make_record

from saidwho.errors import StoreSchemaMismatch, StoreUnavailable
from saidwho.store import open_store


def pages(prefix: str, n: int) -> list[dict]:
    return [
        make_record(f"{prefix}{i}", [("Oona Brekke", f"the harbour plan number {i} is sound", "direct"),
                                     ("Teodor Vasquel", f"we will sign item {i}", "indirect")],
                    url=f"https://example.org/{i}", published="2026-01-02")
        for i in range(n)
    ]


def test_wal_mode(tmp_path: Path):
    with open_store(tmp_path / "s.db") as store:
        assert store.journal_mode() == "wal"
    with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        assert store.counts()["articles"] == 0


def test_a_large_ingest_leaves_the_full_text_index_in_one_segment(tmp_path: Path, monkeypatch):
    from saidwho.store import writer

    records = pages("p", 8)
    monkeypatch.setattr(writer, "ANALYZE_AFTER", 10**9)
    with open_store(tmp_path / "plain.db") as plain:
        plain.ingest(records, batch_size=1)  # a segment per transaction, and the speaker merge's
        assert plain.fts_segments() > 1
        expected = [plain.search(q, limit=20, facets=5) for q in ("harbour plan", '"item 3"', "sign", "")]
    with open_store(tmp_path / "s.db") as store:
        store.ingest(records[:6], batch_size=1)
        monkeypatch.setattr(writer, "ANALYZE_AFTER", 2)
        store.ingest(records[6:], batch_size=1)
        assert store.fts_segments() == 1
        assert [store.search(q, limit=20, facets=5) for q in ("harbour plan", '"item 3"', "sign", "")] == expected


def test_readers_work_while_a_writer_ingests(tmp_path: Path):
    path = tmp_path / "s.db"
    records = pages("p", 300)
    errors: list[BaseException] = []
    totals: dict[int, list[int]] = {k: [] for k in range(4)}
    with open_store(path) as store:
        store.ingest(records[:10])
        done = threading.Event()

        def read(k: int) -> None:
            try:
                while not done.is_set():
                    totals[k].append(store.search("harbour").total)
            except BaseException as exc:  # collected and re-raised in the main thread
                errors.append(exc)

        readers = [threading.Thread(target=read, args=(k,)) for k in range(4)]
        for t in readers:
            t.start()
        with open_store(path) as writer:  # a second Store on the same file, as another process would be
            report = writer.ingest(records, batch_size=20)
        done.set()
        for t in readers:
            t.join()
        assert not errors
        assert report.added == 290 and report.unchanged == 10
        seen = [n for k in totals for n in totals[k]]
        assert seen and set(seen) <= {10, *range(20, 301, 20)}  # whole batches of 20 appear, never part of one
        for k in totals:
            assert totals[k] == sorted(totals[k])  # and a reader never sees a count go back
        assert store.search("harbour").total == 300


def test_two_writers_on_one_file_make_no_duplicates(tmp_path: Path):
    path = tmp_path / "s.db"
    records = pages("p", 120)
    open_store(path).close()
    reports = []

    def write() -> None:
        with open_store(path) as store:
            reports.append(store.ingest(records, batch_size=7))

    threads = [threading.Thread(target=write) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r.added for r in reports) == 120 and sum(r.unchanged for r in reports) == 240
    with open_store(path) as store:
        assert store.counts() == {"articles": 120, "quotes": 240, "speakers": 2}


def test_not_a_database(tmp_path: Path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreUnavailable) as exc:
        open_store(path)
    assert exc.value.code == "SW502" and "not a SQLite database" in exc.value.message


def test_missing_directory(tmp_path: Path):
    with pytest.raises(StoreUnavailable) as exc:
        open_store(tmp_path / "no" / "such" / "dir" / "s.db")
    assert "directory exists" in exc.value.message


def test_another_apps_database(tmp_path: Path):
    path = tmp_path / "app.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, body TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreSchemaMismatch) as exc:
        open_store(path)
    assert "articles" in exc.value.message


def test_a_long_write_lock_is_reported(tmp_path: Path, monkeypatch):
    from saidwho.store import sqlite as backend

    path = tmp_path / "s.db"
    open_store(path).close()
    monkeypatch.setattr(backend, "BUSY_SECONDS", 0.2)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with open_store(path) as store:
            with pytest.raises(StoreUnavailable) as exc:
                store.ingest(pages("p", 1))
        assert "write lock" in exc.value.message
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
