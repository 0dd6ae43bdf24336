"""The store's pure parts, no database: addresses, query parsing, dates, and what a record becomes."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from storekit import make_record

from saidwho.errors import BadSearchQuery, BadStoreURL, MissingExtra
from saidwho.store import SearchQuery, parse_store_url
from saidwho.store.query import MAX_TERMS, fts5_expression, parse_day, parse_terms
from saidwho.store.records import (
    CONTEXT, LONGEST, content_hash, identity, normalise_date, record_rows, refusal, snippet, source_domain,
)


@pytest.mark.parametrize(
    "url, backend, target",
    [
        ("saidwho.db", "sqlite", "saidwho.db"),
        ("/data/quotes.db", "sqlite", "/data/quotes.db"),
        ("sqlite:///rel/q.db", "sqlite", "rel/q.db"),
        ("sqlite:////abs/q.db", "sqlite", "/abs/q.db"),
        ("postgresql://u@127.0.0.1:5432/db", "postgres", "postgresql://u@127.0.0.1:5432/db"),
        ("postgres://u@h/db?sslmode=require", "postgres", "postgres://u@h/db?sslmode=require"),
    ],
)
def test_store_addresses(url, backend, target):
    address = parse_store_url(url)
    assert (address.backend, address.target) == (backend, target)


@pytest.mark.parametrize("url", ["mysql://u@h/db", "sqlite://", "sqlite:///", ":memory:", "sqlite:///:memory:", "http://x"])
def test_bad_store_addresses(url):
    with pytest.raises(BadStoreURL) as exc:
        parse_store_url(url)
    assert exc.value.code == "SW501"


def test_passwords_are_not_shown():
    address = parse_store_url("postgresql://alice:s3cret@db.example:6543/quotes")
    assert "s3cret" not in address.shown and address.shown == "postgresql://alice:***@db.example:6543/quotes"
    assert address.target.endswith(":s3cret@db.example:6543/quotes")


def test_default_address(monkeypatch):
    monkeypatch.delenv("SAIDWHO_DB", raising=False)
    assert parse_store_url(None).target == "saidwho.db"
    monkeypatch.setenv("SAIDWHO_DB", "postgresql://u@h/d")
    assert parse_store_url(None).backend == "postgres"
    assert parse_store_url("x.db").target == "x.db"


def test_missing_driver_gives_the_install_hint(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now raises ImportError
    from saidwho.store import open_store

    with pytest.raises(MissingExtra) as exc:
        open_store("postgresql://u@127.0.0.1:1/db")
    assert exc.value.code == "SW202" and "saidwho[postgres]" in exc.value.message


def test_terms():
    t = parse_terms('Brekke "handshake for a  Treaty" river, AND( Café "')
    assert t.words == ("brekke", "river", "and", "cafe")
    assert t.phrases == (("handshake", "for", "a", "treaty"),)
    assert fts5_expression(t) == '"brekke" "river" "and" "cafe" "handshake for a treaty"'
    assert not parse_terms('" ( ) * - : ^')
    assert parse_terms("“curly quotes” too").phrases == (("curly", "quotes"),)
    assert len(parse_terms(" ".join(f"w{i}" for i in range(100))).words) == MAX_TERMS


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_fts5_expressions_always_parse(text):
    import sqlite3

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(a, b, tokenize='porter unicode61 remove_diacritics 2')")
    conn.execute("INSERT INTO f VALUES ('the river talks', 'oona brekke')")
    expr = fts5_expression(parse_terms(text))
    if expr:
        conn.execute("SELECT count(*) FROM f WHERE f MATCH ?", (expr,)).fetchone()


@pytest.mark.parametrize(
    "value, end, day",
    [("2026", False, "2026-01-01"), ("2026", True, "2026-12-31"), ("2024-02", True, "2024-02-29"),
     ("2026-03-05", True, "2026-03-05"), (None, False, None), ("", True, None)],
)
def test_days(value, end, day):
    assert parse_day(value, end=end) == day


@pytest.mark.parametrize("value", ["2026-13", "2026-02-30", "March", "26-01-01", "2026/01/01"])
def test_bad_days(value):
    with pytest.raises(BadSearchQuery) as exc:
        parse_day(value, end=False)
    assert exc.value.code == "SW505"


def test_query_checks_its_filters():
    q = SearchQuery(" river ", source="WWW.Example.org", speaker="  ", since="2026-02")
    assert q.source == "example.org" and q.speaker is None and q.since_day == "2026-02-01"
    for bad in ({"limit": 5000}, {"offset": -1}, {"until": "soon"}):
        with pytest.raises(BadSearchQuery):
            SearchQuery("x", **bad)


@pytest.mark.parametrize(
    "url, domain",
    [("https://www.Example.org/a?b", "example.org"), ("http://news.example.org:8080/", "news.example.org"),
     ("not a url", None), (None, None), ("https://[::1/", None)],
)
def test_source_domain(url, domain):
    assert source_domain(url) == domain


@pytest.mark.parametrize(
    "value, day",
    [("2026-03-03", "2026-03-03"), ("2026-03-03T10:00:00+02:00", "2026-03-03"), ("2026-03-03T10:00:00Z", "2026-03-03"),
     ("March 3, 2026", None), ("2026", None), (None, None), ("2026-99-99", None)],
)
def test_published_dates(value, day):
    assert normalise_date(value) == day


def test_identity_and_hash():
    a = make_record("a", [("Oona Brekke", "we agree", "direct")])
    assert identity(a) == "id:a" and identity({**a, "url": " https://x.org/1 "}) == "url:https://x.org/1"
    assert content_hash(a) == content_hash(dict(reversed(list(a.items()))))  # key order does not matter
    assert content_hash(a) != content_hash({**a, "title": "another"})


def test_refusals():
    good = make_record("a", [("Oona Brekke", "we agree", "direct")])
    assert refusal(good) is None
    assert refusal({**good, "error": {"code": "SW104", "message": "big"}}) == "error record SW104"
    assert refusal({**good, "schema": "saidwho/3"}) == "unsupported schema saidwho/3"
    assert refusal([good]) == "not a saidwho/2 record"
    for broken in (
        {**good, "text": None},
        {**good, "id": 7},
        {**good, "quotes": [{**good["quotes"][0], "content": []}]},
        {**good, "quotes": [{**good["quotes"][0], "cue": [[5, 2]]}]},
        {**good, "quotes": [{**good["quotes"][0], "confidence": "high"}]},
        {**good, "quotes": [{**good["quotes"][0], "speaker": {"mention": [[0, 999]]}}]},
        {**good, "url": 5},
    ):
        assert refusal(broken) == "malformed record"


def test_rows_of_a_record():
    rec = make_record("a", [(None, "the vote is delayed", "indirect"), ("Zoë Çelik", "Ça va", "direct")],
                      url="https://www.example.org/x", published="2026-03-03T08:00:00Z")
    rows = record_rows(rec)
    assert rows.ident == "url:https://www.example.org/x" and rows.article["source"] == "example.org"
    assert rows.article["published_date"] == "2026-03-03"
    first, second = rows.quotes
    assert first["speaker_name"] is None and first["mention_text"] == "a spokesman" and first["search_names"] == "a spokesman"
    assert second["search_names"] == "zoe celik" and second["text_folded"] == "ca va"
    assert first["text_folded"] is None  # folding changes nothing but case
    assert (second["content_start"], second["content_end"]) == tuple(rec["quotes"][1]["content"][0])
    assert "the vote is delayed" in first["snippet"] and second["snippet"].count("Ça va") == 1


def test_snippets_are_cut_at_words():
    """The quote whole, up to CONTEXT characters either side cut back to a word boundary with … where the text goes
    on, white space collapsed; a quote over LONGEST characters cut at a word with … after it."""
    before, after = "word " * 40, " next" * 40
    quote = "We will   not\nsign in a hurry"
    text = before + quote + after
    start = len(before)
    cut = snippet(text, start, start + len(quote))
    assert cut.startswith("… word ") and cut.endswith(" next…") and "We will not sign in a hurry" in cut
    assert len(cut) <= 2 * CONTEXT + len(quote) + 2
    assert snippet("He said: yes.", 9, 12) == "He said: yes."  # nothing cut
    long = " ".join(f"w{i}" for i in range(300))
    cut = snippet("Intro. " + long + " Outro.", 7, 7 + len(long))
    assert cut.startswith("Intro. w0 ") and cut.endswith(" …") and "Outro" not in cut
    assert len(cut) <= len("Intro. ") + LONGEST + 2


def test_results_to_json_is_what_asdict_gives():
    """Hit and Facets write their JSON by hand (asdict was slow); it must stay field for field what asdict gives,
    as copies: changing the JSON must not change the result."""
    from dataclasses import asdict

    from saidwho.store import Facets, Hit, SearchPage

    hit = Hit(quote_pk=7, article_id=3, record_id="r1", url="https://x.example/a", source="x.example", title="T",
              published="2026-03-01T10:00", published_date="2026-03-01", quote_id="q1", kind="direct",
              text="we will win", content=[[10, 21]], speaker_id="p:oona-brekke", speaker_name="Oona Brekke",
              speaker_mention="Brekke", speaker_via="name", confidence=0.75, snippet="… we will win …", rank=-1.5)
    facets = Facets(1, [{"id": "p:oona-brekke", "name": "Oona Brekke", "count": 1}],
                    [{"source": "x.example", "count": 1}], [{"month": "2026-03", "count": 1}], capped=False)
    assert hit.to_json() == asdict(hit)
    assert facets.to_json() == asdict(facets)
    page = SearchPage([hit], 1, 20, 0, False, facets)
    out = page.to_json()
    assert out["hits"] == [asdict(hit)] and out["facets"] == asdict(facets)
    out["hits"][0]["content"][0][0] = 99
    out["facets"]["speakers"][0]["count"] = 99
    assert hit.content == [[10, 21]] and facets.speakers[0]["count"] == 1


@pytest.mark.parametrize("fast", [True, False])
def test_search_json_reads_the_same_values_either_way(monkeypatch, fast):
    from saidwho.store import jsonio

    if fast and jsonio._fast_loads is None:
        pytest.skip("orjson is not installed (the web extra has it)")
    if not fast:
        monkeypatch.setattr(jsonio, "_fast_loads", None)
    text = '[[1, -0.30396354, 7, "Zoë “quoted”", null, [[3, 14]], 1e-06, 0.1, true]]'
    assert jsonio.loads(text) == jsonio.loads(text.encode("utf-8")) == json.loads(text)
