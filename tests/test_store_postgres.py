"""PostgreSQL specifics: a server that cannot be reached, and the full-text column."""

from __future__ import annotations

import socket

import pytest
from storekit import make_record

from saidwho.errors import StoreUnavailable
from saidwho.store import open_store


def test_unreachable_server_is_coded():
    pytest.importorskip("psycopg")
    with socket.socket() as s:  # a port with nothing listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(StoreUnavailable) as exc:
        open_store(f"postgresql://nobody:secret@127.0.0.1:{port}/nothing")
    assert exc.value.code == "SW502" and "secret" not in exc.value.message and "server is running" in exc.value.message


@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_tsvector_holds_text_and_speaker(store):
    store.ingest([make_record("a", [("Zoë Çelik", "the ferries are late", "direct")])])
    with store._read() as cur:
        cur.execute("SELECT tsv::text FROM quotes")
        tsv = cur.fetchone()[0]
    assert "'ferri'" in tsv and "'zoe'" in tsv and "'celik'" in tsv


@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_a_large_ingest_is_vacuumed_and_analyzed(store, monkeypatch):
    from saidwho.store import writer

    def analyzed() -> float:
        with store._read() as cur:
            cur.execute("SELECT reltuples FROM pg_class WHERE oid = 'quotes'::regclass")
            return cur.fetchone()[0]

    store.ingest([make_record("a", [("Oona Brekke", "the ferries are late", "direct")])])
    assert analyzed() < 0  # never analyzed: a small ingest leaves it to autovacuum
    monkeypatch.setattr(writer, "ANALYZE_AFTER", 2)
    store.ingest([make_record("b", [("Oona Brekke", "the ferries are late", "direct"), ("Oona Brekke", "so are trains", "direct")])])
    assert analyzed() == 3
    with store._read() as cur:
        cur.execute("SELECT last_vacuum IS NOT NULL, last_analyze IS NOT NULL FROM pg_stat_user_tables "
                    "WHERE relid = 'quotes'::regclass")
        assert cur.fetchone() == (True, True)


@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_readers_plan_each_search_writers_do_not(store):
    settings = ("plan_cache_mode", "jit", "max_parallel_workers_per_gather", "enable_mergejoin", "enable_hashjoin")
    query = f"SELECT {', '.join(f'current_setting({name!r})' for name in settings)}"
    with store._read() as cur:
        cur.execute(query)
        assert cur.fetchone() == ("force_custom_plan", "off", "0", "off", "off")
    with store._write() as cur:
        cur.execute(query)
        assert cur.fetchone()[:1] == ("auto",)


@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_the_quotes_key_carries_the_vector_and_date(store):
    with store._read() as cur:
        cur.execute("SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                    "AND a.attnum = ANY (i.indkey) WHERE i.indrelid = 'quotes'::regclass AND i.indisprimary")
        assert sorted(r[0] for r in cur.fetchall()) == ["id", "published_date", "tsv"]


@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_a_large_ingest_rebuilds_a_bloated_key(store, monkeypatch):
    from saidwho.store import postgres, writer

    def key() -> int:
        with store._read() as cur:
            cur.execute("SELECT indexrelid FROM pg_index WHERE indrelid = 'quotes'::regclass AND indisprimary")
            return cur.fetchone()[0]

    monkeypatch.setattr(writer, "ANALYZE_AFTER", 2)
    pair = [("Oona Brekke", "the ferries are late", "direct"), ("Oona Brekke", "so are trains", "direct")]
    first = key()
    store.ingest([make_record("a", pair)])
    assert key() == first  # a few kilobytes: never worth rebuilding
    monkeypatch.setattr(postgres, "KEY_MIN_BYTES", 0)
    monkeypatch.setattr(postgres, "KEY_SLACK", 0.0)  # any size counts as bloated
    store.ingest([make_record("b", pair)])
    rebuilt = key()
    assert rebuilt != first  # REINDEX CONCURRENTLY builds a new index and drops the old one
    assert store.search("ferries").total == 2


@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_candidate_ids_come_back_as_binary_integers(store):
    # the facets' candidate ids travel as one bytea of big-endian int8s, read in binary: no text to parse
    store.ingest([make_record(f"p{i}", [("Oona Brekke", f"the ferries are late {i}", "direct")]) for i in range(3)])
    with store._read() as cur:
        ids = store.fetch_row(cur, store.sql(f"SELECT {store.id_list('id')} FROM quotes"), [])[0]
        cur.execute("SELECT id FROM quotes")
        expected = sorted(r[0] for r in cur.fetchall())
    assert isinstance(ids, bytes) and len(ids) == 8 * len(expected)
    assert sorted(store.id_array(ids).tolist()) == expected and store.id_array(None).size == 0
    assert store.search("ferries", facets=5).facets.speakers[0]["count"] == 3
