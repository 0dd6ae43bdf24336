"""The store's behaviour, the same on SQLite and PostgreSQL: ingest rules, search, filters, facets, details, export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from storekit import make_record

from saidwho.errors import BadSearchQuery, StoreNotFound, StoreSchemaMismatch
from saidwho.store import SCHEMA_VERSION, Rejected, SearchQuery, open_store
from saidwho.store import export as export_mod


def corpus() -> list[dict]:
    """Four pages from three sources over three months, with two spellings of one speaker."""
    return [
        make_record(
            "talks", [("Sergei Lavrov", "the river talks will resume in April", "indirect"),
                      ("Oona Brekke", "Nobody should mistake a handshake for a treaty", "direct")],
            url="https://www.example.org/talks", published="2026-01-15T09:00:00Z", title="Talks resume",
        ),
        make_record(
            "harbour", [("Sergey Lavrov", "We will not sign in a hurry", "direct"),
                        (None, "no date had been agreed for the commission", "indirect")],
            url="https://news.example.org/harbour", published="2026-02-03", title="Harbour deal",
        ),
        make_record(
            "fish", [("Teodor Vasquel", "The fishermen will feel the difference before the lawyers do", "direct"),
                     ("Oona Brekke", "the talks were useful but not decisive", "indirect")],
            url="https://other.net/fish", published="2026-03-20", title="Fishermen wait",
        ),
        make_record(
            "cafe", [("François Léger", "the café on the river warns its customers", "indirect")],
            url="https://other.net/cafe", published="March 2026", title="Café",
        ),
    ]


def texts(page) -> list[str]:
    return [h.text for h in page.hits]


# ------------------------------------------------------------------------------------------------ ingest


def test_records_are_valid(validate_record):
    for rec in corpus():
        validate_record(rec)


def test_ingest_is_idempotent(store):
    first = store.ingest(corpus())
    assert (first.added, first.unchanged, first.replaced, sum(first.skipped.values())) == (4, 0, 0, 0)
    assert first.quotes == 7
    counts = store.counts()
    assert counts["articles"] == 4 and counts["quotes"] == 7
    again = store.ingest(corpus())
    assert (again.added, again.unchanged, again.replaced, again.quotes) == (0, 4, 0, 0)
    assert store.counts() == counts
    assert store.search("lawyers").total == 1


def test_changed_page_replaces_its_old_version(store):
    store.ingest(corpus())
    old = store.search("fishermen").hits[0]
    changed = make_record(
        "fish-v2", [("Teodor Vasquel", "The anglers will feel the difference", "direct")],
        url="https://other.net/fish", published="2026-03-21", title="Anglers wait",
    )
    report = store.ingest([changed])
    assert (report.added, report.unchanged, report.replaced) == (0, 0, 1)
    assert store.search("fishermen").total == 0
    assert store.search("decisive").total == 0  # the old version's other quote went too
    new = store.search("anglers").hits[0]
    assert new.article_id == old.article_id and new.title == "Anglers wait" and new.record_id == "fish-v2"
    assert store.counts()["articles"] == 4 and store.counts()["quotes"] == 6
    assert store.article(old.article_id)["record"] == changed


def test_page_identity_is_the_record_id_when_there_is_no_url(store):
    a = make_record("page-1", [("Oona Brekke", "we keep our word", "direct")])
    b = make_record("page-1", [("Oona Brekke", "we keep our promises", "direct")])
    c = make_record("page-1", [("Oona Brekke", "we keep our word", "direct")], url="https://example.org/p1")
    assert store.ingest([a]).added == 1
    assert store.ingest([b]).replaced == 1
    assert store.ingest([c]).added == 1  # a url makes it another page
    assert store.counts()["articles"] == 2
    assert store.search("promises").total == 1 and store.search("word").total == 1


def test_skipped_items_are_counted_by_reason(store):
    good = corpus()[0]
    bad_span = make_record("bad", [("Oona Brekke", "words", "direct")])
    bad_span["quotes"][0]["content"] = [[0, 10_000]]
    error = {**make_record("err", []), "text": "", "error": {"code": "SW102", "message": "binary"}}
    items = [
        good,
        error,
        bad_span,
        {"schema": "saidwho/1", "id": "old"},
        {"id": "x", "text": "an article, not a record"},
        "a string",
        Rejected("not JSON", "file.jsonl:7"),
    ]
    report = store.ingest(items)
    assert report.added == 1
    assert dict(report.skipped) == {
        "error record SW102": 1,
        "malformed record": 1,
        "unsupported schema saidwho/1": 1,
        "not a saidwho/2 record": 2,
        "not JSON": 1,
    }
    assert report.total == len(items)
    assert report.examples["not JSON"] == ["file.jsonl:7"] and report.examples["error record SW102"] == ["err"]
    assert store.counts()["articles"] == 1


def test_batches_commit_independently(store):
    records = [make_record(f"d{i}", [("Oona Brekke", f"statement number {i}", "direct")]) for i in range(7)]
    report = store.ingest(records, batch_size=3)
    assert report.added == 7 and store.counts()["quotes"] == 7


# ------------------------------------------------------------------------------------------------ speakers


def test_speakers_merge_across_documents(store):
    store.ingest(corpus())
    hits = store.search("Lavrov").hits
    assert len(hits) == 2
    assert {h.speaker_id for h in hits} == {"p:sergei-lavrov"}
    assert len({h.speaker_name for h in hits}) == 1
    for name in ("Sergey Lavrov", "sergei lavrov", "p:sergei-lavrov", "SERGEY  LAVROV"):
        assert store.search(speaker=name).total == 2, name
    detail = store.speaker("p:sergei-lavrov")
    assert {"Sergei Lavrov", "Sergey Lavrov"} <= set(detail.aliases)
    assert (detail.quotes, detail.articles) == (2, 2)
    assert store.facets("Lavrov").speakers == [{"id": "p:sergei-lavrov", "name": detail.name, "count": 2}]


def _facet_names_follow_the_registry(store) -> list[str]:
    """Every speaker a facet shows carries its registry entry's name, which is also the name its quotes show; returns
    the ids shown."""
    shown = []
    for q in ("", "Lavrov", "river", "talks"):
        for s in store.facets(q).speakers:
            detail = store.speaker(s["id"])
            assert detail is not None and s["name"] == detail.name, (q, s)
            assert {h.speaker_name for h in store.search(speaker=s["id"], limit=100).hits} == {detail.name}
            shown.append(s["id"])
    return shown


def test_facet_speaker_names_stay_right_through_replace_and_deferred_refresh(store):
    """The facets read the names of the speakers they show from the registry (not from each quote): they must match
    the quotes' names after an ingest, a replaced page, and quotes whose speakers are not merged yet."""
    store.ingest(corpus())
    assert "p:sergei-lavrov" in _facet_names_follow_the_registry(store)
    changed = corpus()
    changed[0] = make_record(  # the same page (url), now quoting the other spelling first: replaced
        "talks", [("Sergey Lavrov", "the river talks will resume in May", "indirect"),
                  ("Oona Brekke", "Nobody should mistake a handshake for a treaty", "direct")],
        url="https://www.example.org/talks", published="2026-01-15T09:00:00Z", title="Talks resume",
    )
    assert store.ingest(changed).replaced == 1
    _facet_names_follow_the_registry(store)
    late = make_record("late", [("Ivan Petrov", "the river will not wait", "direct")], url="https://other.net/late",
                       published="2026-04-01")
    store.ingest([late], refresh_speakers=False)
    assert "p:ivan-petrov" not in _facet_names_follow_the_registry(store)  # no registry entry yet: not counted
    store.refresh_speakers()
    assert "p:ivan-petrov" in _facet_names_follow_the_registry(store)


def test_registry_ids_do_not_depend_on_ingest_order(store_url, tmp_path):
    records = corpus()
    with open_store(store_url) as one:
        for rec in reversed(records):  # one page at a time, in reverse
            one.ingest([rec])
        ids_one = {h.text: h.speaker_id for h in one.search(limit=50).hits}
    with open_store(tmp_path / "all-at-once.db") as other:
        other.ingest(records)
        ids_other = {h.text: h.speaker_id for h in other.search(limit=50).hits}
    assert ids_one == ids_other
    assert None not in {ids_one[t] for t in ids_one if "spokesman" not in t and "date" not in t}


def test_deferred_speaker_refresh(store):
    report = store.ingest(corpus(), refresh_speakers=False)
    assert report.speakers_seconds == 0.0
    assert store.search(speaker="Sergey Lavrov").total == 0  # no registry yet
    store.refresh_speakers()
    assert store.search(speaker="Sergey Lavrov").total == 2


# ------------------------------------------------------------------------------------------------ search


def test_words_phrases_stems_and_accents(store):
    store.ingest(corpus())
    assert texts(store.search("treaty handshake")) == ["Nobody should mistake a handshake for a treaty"]
    assert store.search('"handshake for a treaty"').total == 1
    assert store.search('"treaty for a handshake"').total == 0
    assert store.search("warned").total == 1  # stem of "warns"
    assert store.search("cafe").total == 1 and store.search("café").total == 1
    assert store.search("francois").total == 1  # the speaker's name, accents folded
    assert store.search("Vasquel").hits[0].speaker_name == "Teodor Vasquel"
    assert store.search("spokesman").total == 1  # an unnamed speaker's words are searchable too


HOSTILE = [
    '"', '""', 'AND(', 'OR', 'NOT', 'NEAR(river talks, 2)', '*', 'river*', '-river', 'text:river', "'", "\\",
    "%", "_", ")(", "^river", '"unbalanced river', "river AND OR NOT", "{text}: river", "ünïcödé ✓ 中文",
    "x" * 5000, " ".join(["river"] * 500), "'; DROP TABLE quotes; --", "\x00",
]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_never_fail(store, query):
    store.ingest(corpus())
    page = store.search(query)
    assert page.total >= 0
    store.facets(query)
    assert store.counts()["quotes"] == 7


def test_operators_are_plain_words(store):
    store.ingest(corpus())
    assert store.search("river AND(").total == store.search("river and").total
    assert store.search('"unbalanced river').total == 0  # an open quote is a phrase to the end
    assert store.search("river*").total == store.search("river").total == 2


@pytest.mark.parametrize("columns_loaded", [False, True])
def test_filters(store, columns_loaded):
    store.ingest(corpus())
    if columns_loaded:  # a search with facets loads the facet columns; a --source value's sources then come from them
        store.search("", facets=10)
        assert store.facet_columns.sources_matching("example.org") is not None
    assert store.search(source="example.org").total == 4  # with its subdomain news.example.org
    assert store.search(source="www.news.example.org").total == 2
    assert store.search(source="%").total == 0 and store.search(source="_xample.org").total == 0
    assert store.search(since="2026-02").total == 4  # February and March; "March 2026" has no parsable date
    assert store.search(until="2026-02").total == 4
    assert store.search(since="2026-02-01", until="2026-02-28").total == 2
    assert store.search(since="2026").total == 6
    assert store.search("talks", source="other.net").total == 1
    assert store.search("talks", speaker="Oona Brekke", until="2026-01").total == 0
    assert store.search(speaker="nobody at all").total == 0
    with pytest.raises(BadSearchQuery):
        store.search(since="2026-02-30")
    with pytest.raises(BadSearchQuery):
        store.search(limit=-1)


def test_empty_query_lists_newest_first(store):
    store.ingest(corpus())
    page = store.search(limit=50)
    assert page.total == 7
    dates = [h.published_date for h in page.hits]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True)
    assert dates[-1] is None  # no parsable date: last
    assert page.hits[0].rank is None
    paged = [h.quote_pk for o in range(0, 8, 2) for h in store.search(limit=2, offset=o).hits]
    assert paged == [h.quote_pk for h in page.hits]  # pages of 2 across the dated/undated boundary
    assert [h.quote_pk for h in store.search(limit=3, offset=5).hits] == paged[5:]


def test_rank_then_newest(store):
    older = make_record("old", [("Oona Brekke", "the bridge will open", "direct")], url="https://a.org/1", published="2025-05-01")
    newer = make_record("new", [("Oona Brekke", "the bridge will open", "direct")], url="https://a.org/2", published="2026-05-01")
    weaker = make_record(
        "weak", [("Oona Brekke", "the long and winding report says a bridge may one day open somewhere else", "direct")],
        url="https://a.org/3", published="2027-01-01",
    )
    store.ingest([older, weaker, newer])
    page = store.search("bridge open")
    assert [h.record_id for h in page.hits] == ["new", "old", "weak"]
    assert page.hits[0].rank <= page.hits[2].rank


def test_pagination(store):
    store.ingest([
        make_record(f"p{i}", [("Oona Brekke", f"budget item {i}", "direct")], url=f"https://x.org/{i}",
                    published=f"2026-01-{i + 1:02d}")
        for i in range(25)
    ])
    pages = [store.search("budget", limit=10, offset=o) for o in (0, 10, 20)]
    assert [len(p.hits) for p in pages] == [10, 10, 5]
    assert all(p.total == 25 for p in pages)
    seen = [h.quote_pk for p in pages for h in p.hits]
    assert len(set(seen)) == 25
    assert store.search("budget", limit=10, offset=30).hits == []
    assert SearchQuery("budget", limit=5).page(5, 10).offset == 10


def test_hit_fields_and_snippet(store):
    store.ingest(corpus())
    hit = store.search("hurry").hits[0]
    assert (hit.url, hit.source, hit.title, hit.published_date) == (
        "https://news.example.org/harbour", "news.example.org", "Harbour deal", "2026-02-03")
    assert hit.kind == "direct" and hit.speaker_mention == "Sergey Lavrov" and hit.speaker_via == "name"
    assert "We will not sign in a hurry" in hit.snippet and "Sergey Lavrov said" in hit.snippet
    rec = store.article(hit.article_id)["record"]
    s, e = hit.content[0]
    assert rec["text"][s:e] == hit.text
    unnamed = store.search("commission").hits[0]
    assert unnamed.speaker_id is None and unnamed.speaker_label == "(unnamed: a spokesman)"
    assert json.loads(json.dumps(store.search("hurry").to_json()))["hits"][0]["quote_id"] == "q1"


def test_ties_are_newest_first_across_pages(store):
    """Equal quotes rank equally; the page boundary must not split or repeat them: newest first, then by page."""
    store.ingest([
        make_record(f"same{i}", [("Oona Brekke", "the ferry will run", "direct")], url=f"https://f.org/{i}",
                    published=f"2026-02-{i + 1:02d}")
        for i in range(7)
    ])
    pages = [store.search("ferry", limit=3, offset=o) for o in (0, 3, 6)]
    seen = [h.record_id for p in pages for h in p.hits]
    assert seen == [f"same{i}" for i in range(6, -1, -1)]
    assert len({h.rank for p in pages for h in p.hits}) == 1


def test_speaker_filter_beside_words(store):
    """By id, by an alias that is not the registry's name, and not a namesake's quotes."""
    store.ingest([
        *corpus(),
        make_record("namesake", [("Oona Brekkestad", "the talks on the river will resume", "direct")],
                    url="https://x.net/1", published="2026-03-01"),
        make_record("irish", [("Seán O'Brien", "the talks were useful", "direct")], url="https://x.net/2"),
    ])
    assert texts(store.search("hurry", speaker="Sergey Lavrov")) == ["We will not sign in a hurry"]
    assert texts(store.search("river", speaker="p:sergei-lavrov")) == ["the river talks will resume in April"]
    assert store.search("talks", speaker="Oona Brekke").total == 1
    assert store.search("talks", speaker="oona brekkestad").total == 1
    assert store.search("talks", speaker="Sean O'Brien").total == 1
    assert store.search("talks", speaker="nobody").total == 0


@pytest.fixture
def small_cap(monkeypatch):
    """CANDIDATES made small, so that a handful of quotes reaches it."""
    from saidwho.store import search as search_mod

    monkeypatch.setattr(search_mod, "CANDIDATES", 4)
    return 4


def capped_corpus() -> list[dict]:
    """Eight quotes on one word, stored in the order of their numbers; quote 1 is the best match (the word thrice)."""
    return [
        make_record(f"c{i}", [("Oona Brekke" if i % 2 else "Teodor Vasquel",
                               "harbour, harbour, harbour" if i == 1 else f"the harbour plan number {i} will be long and slow", "direct")],
                    url=f"https://{'a.org' if i < 5 else 'b.org'}/{i}", published=f"2026-0{1 + i % 3}-01")
        for i in range(1, 9)
    ]


def test_large_matches_are_capped(store, small_cap):
    store.ingest(capped_corpus())
    page = store.search("harbour", limit=10)
    assert (page.total, page.capped) == (small_cap, True)
    # ranked among the 4 most recently stored matches (c5 … c8): the best match, c1, stored first, is not among them
    assert sorted(h.record_id for h in page.hits) == ["c5", "c6", "c7", "c8"]
    assert store.search("harbour", limit=2, offset=4).hits == []
    assert page.to_json()["capped"] is True
    under = store.search("harbour", source="a.org")
    assert (under.total, under.capped) == (4, False) and under.hits[0].record_id == "c1"
    few = store.search('"number 7"')
    assert (few.total, few.capped) == (1, False)


def test_listing_without_words_counts_to_the_cap_and_pages_on(store, small_cap):
    store.ingest(capped_corpus())
    page = store.search(limit=3, offset=5)
    assert (page.total, page.capped) == (small_cap, True)
    assert len(page.hits) == 3  # every quote can still be listed; only the count stops
    everything = [h.record_id for o in (0, 3, 6) for h in store.search(limit=3, offset=o).hits]
    assert len(everything) == len(set(everything)) == 8


def test_facets_of_large_matches_are_a_sample(store, small_cap):
    store.ingest(capped_corpus())
    f = store.facets("harbour")
    assert (f.total, f.capped) == (small_cap, True)
    assert f.sources == [{"source": "b.org", "count": 4}]  # c5 … c8
    assert sum(s["count"] for s in f.speakers) == 4 and sum(m["count"] for m in f.months) == 4
    assert f.to_json()["capped"] is True
    exact = store.facets("harbour", source="a.org")
    assert (exact.total, exact.capped) == (4, False) and exact.sources == [{"source": "a.org", "count": 4}]
    assert store.facets().capped and not store.facets(speaker="Oona Brekke", source="a.org").capped
    assert store.search("harbour", facets=20).facets == f


def test_counts_and_facets_at_the_cap(store_url, small_cap):
    """A words search holds at most the cap and asks for one match more only when full; a listing holds one more
    than the cap and its facets leave that oldest quote out. In memory as in SQL."""
    with open_store(store_url) as store, open_store(store_url, facet_columns=False) as sql:
        store.ingest(capped_corpus()[:4] + capped_corpus()[5:])  # c1 … c4 (a.org), c6 … c8 (b.org)
        for s in (store, sql):
            at = s.search("harbour", source="a.org", facets=5)  # exactly the cap, with more matches of the word below
            assert (at.total, at.capped, at.facets.capped) == (4, False, False)
            over = s.search("harbour", facets=5)
            assert (over.total, over.capped) == (4, True)
            assert over.facets.sources == [{"source": "b.org", "count": 3}, {"source": "a.org", "count": 1}]  # c4, c6 … c8
            listed = s.search(facets=5)
            assert (listed.total, listed.capped, listed.facets.total) == (4, True, 4)
            assert listed.facets.sources == over.facets.sources  # the newest 4 quotes, not the fifth
        assert store.search("harbour", facets=5) == sql.search("harbour", facets=5)
        assert store.facets() == sql.facets()


# ------------------------------------------------------------------------------------------------ facets and details


def test_facets(store):
    store.ingest(corpus())
    f = store.facets()
    assert f.total == 7
    assert f.sources == [
        {"source": "other.net", "count": 3}, {"source": "example.org", "count": 2},
        {"source": "news.example.org", "count": 2},
    ]
    assert f.months == [{"month": "2026-01", "count": 2}, {"month": "2026-02", "count": 2}, {"month": "2026-03", "count": 2}]
    assert f.speakers[0]["count"] == 2 and {s["id"] for s in f.speakers[:2]} == {"p:sergei-lavrov", "p:oona-brekke"}
    talks = store.facets("talks")
    assert talks.total == 2 and talks.sources == [{"source": "example.org", "count": 1}, {"source": "other.net", "count": 1}]
    # ties (one quote each) in id order, cut at the limit
    assert store.facets(source="other.net", limit=1).speakers == [{"id": "p:francois-leger", "name": "François Léger", "count": 1}]


@pytest.mark.parametrize("text, filters", [("talks", {}), ("", {}), ("river", {"speaker": "Sergey Lavrov"}),
                                            ("", {"source": "example.org", "since": "2026-02"}), ("zeppelin", {})])
def test_search_with_facets_in_one_call(store, text, filters):
    store.ingest(corpus())
    page = store.search(text, facets=2, limit=1, **filters)
    alone = store.search(text, limit=1, **filters)
    assert page.facets == store.facets(text, limit=2, **filters)
    assert (page.hits, page.total, page.capped) == (alone.hits, alone.total, alone.capped) and alone.facets is None
    assert page.to_json()["facets"] == page.facets.to_json() and "facets" not in alone.to_json()


FACET_QUERIES = [("", {}), ("river", {}), ("talks", {}), ("said", {}), ("zeppelin", {}), ("", {"source": "other.net"}),
                 ("river", {"since": "2026-02"}), ("", {"speaker": "Sergey Lavrov"})]


def _facets_as_sql_counts_them(store, sql) -> None:
    """``store`` counts facets from its columns in memory; ``sql`` (the same store, facet_columns=False) in SQL."""
    assert sql.facet_columns is None
    for text, filters in FACET_QUERIES:
        assert store.facets(text, **filters) == sql.facets(text, **filters), (text, filters)
        assert store.facets(text, limit=1, **filters) == sql.facets(text, limit=1, **filters), (text, filters)
        assert store.search(text, facets=2, **filters) == sql.search(text, facets=2, **filters), (text, filters)


def _generation(store) -> int:
    return int(store.meta().get("generation", 0))


def test_facet_columns_follow_writes_made_elsewhere(store_url):
    """The facet columns a reading process keeps in memory must follow what another writes: an ingest, a page
    replaced with other speakers (SQLite gives its new quotes the ids the old ones had), quotes ingested without the
    speaker merge, then the merge. Each write moves the store's generation on; the reader's columns are reloaded
    (not skipped for the SQL fallback) and count what SQL counts."""
    with open_store(store_url) as reader, open_store(store_url, facet_columns=False) as writer:
        assert reader.facets().total == 0
        writer.ingest(corpus())
        _facets_as_sql_counts_them(reader, writer)
        replaced = corpus()[3]
        replaced["quotes"][0]["speaker"]["name"] = replaced["speakers"][0]["name"] = "Oona Brekke"
        replaced["speakers"][0]["aliases"] = ["Oona Brekke"]
        assert writer.ingest([replaced]).replaced == 1
        _facets_as_sql_counts_them(reader, writer)
        assert reader.facets("café").speakers == [{"id": "p:oona-brekke", "name": "Oona Brekke", "count": 1}]
        late = make_record("late", [("Ivan Petrov", "the river will not wait", "direct")], url="https://other.net/late",
                           published="2026-04-01")
        writer.ingest([late], refresh_speakers=False)
        _facets_as_sql_counts_them(reader, writer)
        writer.refresh_speakers()
        _facets_as_sql_counts_them(reader, writer)
        assert {"id": "p:ivan-petrov", "name": "Ivan Petrov", "count": 1} in reader.facets("river").speakers
        assert reader.facet_columns._snapshot.generation == _generation(writer) > 0


def test_generation_moves_with_writes_that_change_quotes_or_speakers(store):
    assert _generation(store) == 0
    store.ingest(corpus(), batch_size=2)
    assert _generation(store) == 3  # two batches, then the speaker merge
    store.ingest(corpus())
    assert _generation(store) == 3  # nothing changed: the columns in memory stay valid
    store.refresh_speakers()
    assert _generation(store) == 4


def test_facet_columns_are_loaded_from_one_generation(store_url, monkeypatch):
    """Loading the columns takes several statements, and PostgreSQL reads each in a snapshot of its own: a write
    committed between them must not give columns of one generation labelled with another."""
    from contextlib import contextmanager

    from saidwho.store import columns

    with open_store(store_url) as store, open_store(store_url, facet_columns=False) as writer:
        writer.ingest(corpus()[:2])  # 4 quotes, generation 2
        changed = corpus()  # the first page replaced (its quotes get new ids), two added: 7 quotes
        changed[0]["title"] = "Talks resumed"
        read, wrote = store._read, []

        @contextmanager
        def read_then_write(single=False):
            with read(single) as cur:
                class Cursor:
                    def execute(self, sql, params=()):
                        if "GROUP BY" in sql and not wrote:  # after the generation was read
                            wrote.append(writer.ingest(changed))  # generation 4
                        return cur.execute(sql, params)

                    def __getattr__(self, name):
                        return getattr(cur, name)

                yield Cursor()

        monkeypatch.setattr(store, "_read", read_then_write)
        loaded = columns.load(store)
        assert wrote
        assert (loaded.generation, int((loaded.source >= 0).sum())) in {(2, 4), (4, 7)}  # SQLite, PostgreSQL


def test_facets_are_counted_in_sql_when_the_columns_are_newer_than_the_search(store):
    """A search that read an older generation than the columns in memory (the store was written in between) counts
    its facets in SQL: columns of another snapshot could count quotes it does not have."""
    import dataclasses

    store.ingest(corpus())
    expected = store.search("river", facets=5)
    columns = store.facet_columns._snapshot
    newer = dataclasses.replace(columns, generation=columns.generation + 1, source=columns.source * 0)
    store.facet_columns._snapshot = newer
    assert store.search("river", facets=5) == expected
    assert store.facet_columns._snapshot is newer  # not reloaded: a later search may read that generation


def test_facets_are_counted_in_sql_for_quotes_the_columns_do_not_hold(store):
    """Columns that claim the statement's generation but end before one of its quotes (added by a writer that did not
    move the generation on: an older saidwho) are not used for that search."""
    store.ingest(corpus()[:2])
    store.facets()
    with open_store(store.address.target, facet_columns=False) as other:
        other.ingest(corpus()[2:])
        with other._write() as cur:  # undo the generation steps, as a writer that knows nothing of them
            cur.execute("UPDATE meta SET value = '2' WHERE key = 'generation'")
        assert store.facets() == other.facets() and store.facets().total == 7


def test_speaker_detail(store):
    store.ingest(corpus())
    d = store.speaker("p:oona-brekke")
    assert (d.name, d.type, d.quotes, d.articles) == ("Oona Brekke", "person", 2, 2)
    assert (d.first, d.last) == ("2026-01-15", "2026-03-20")
    assert d.months == [{"month": "2026-01", "count": 1}, {"month": "2026-03", "count": 1}]
    assert d.sources == [{"source": "example.org", "count": 1}, {"source": "other.net", "count": 1}]
    assert store.speaker("p:nobody") is None
    assert d.to_json()["aliases"] == ["Oona Brekke"]


def test_article_by_id(store):
    records = corpus()
    store.ingest(records)
    hit = store.search("hurry").hits[0]
    art = store.article(hit.article_id)
    assert art["record"] == records[1] and art["record_id"] == "harbour" and art["source"] == "news.example.org"
    assert art["published"] == "2026-02-03" and art["n_quotes"] == 2 and len(art["content_hash"]) == 64
    assert art["speaker_ids"]["s1"] == "p:sergei-lavrov" and art["speaker_ids"]["s2"] is None
    assert store.article(10_000) is None


# ------------------------------------------------------------------------------------------------ export


def test_export_round_trips(store, tmp_path: Path):
    store.ingest(corpus())
    rows = list(store.iter_quotes())
    assert len(rows) == 7 and tuple(rows[0]) == export_mod.COLUMNS
    assert {r["speaker_id"] for r in rows if r["speaker_name"] == "Sergei Lavrov" or r["speaker_name"] == "Sergey Lavrov"} == {"p:sergei-lavrov"}

    buf = io.StringIO()
    assert export_mod.write_jsonl(store.iter_quotes(), buf) == 7
    assert [json.loads(line) for line in buf.getvalue().splitlines()] == rows

    buf = io.StringIO()
    export_mod.write_csv(store.iter_quotes(), buf)
    back = [export_mod.read_csv_row(r) for r in csv.DictReader(io.StringIO(buf.getvalue()))]
    assert back == rows

    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "q.parquet"
    assert export_mod.write_parquet(store.iter_quotes(), str(path)) == 7
    table = pq.read_table(path)
    assert table.schema == export_mod.parquet_schema()
    assert table.to_pylist() == rows


def test_export_filters_and_batches(store, monkeypatch):
    from saidwho.store import search as search_mod

    monkeypatch.setattr(search_mod, "EXPORT_BATCH", 2)
    store.ingest(corpus())
    assert len(list(store.iter_quotes())) == 7
    assert [r["text"] for r in store.iter_quotes("lawyers")] == [
        "The fishermen will feel the difference before the lawyers do"]
    assert len(list(store.iter_quotes(source="other.net"))) == 3
    assert len(list(store.iter_quotes(speaker="Sergey Lavrov", since="2026-02"))) == 1


def test_empty_parquet_export_has_the_schema(store, tmp_path: Path):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "empty.parquet"
    assert export_mod.write_parquet(store.iter_quotes(), str(path)) == 0
    assert pq.read_table(path).schema == export_mod.parquet_schema()


# ------------------------------------------------------------------------------------------------ opening


def test_schema_version_is_checked(store_url):
    with open_store(store_url) as s:
        assert s.meta()["schema_version"] == str(SCHEMA_VERSION)
        with s._write() as cur:
            cur.execute(s.sql("UPDATE meta SET value = ? WHERE key = ?"), ("999", "schema_version"))
    with pytest.raises(StoreSchemaMismatch) as exc:
        open_store(store_url)
    assert exc.value.code == "SW504" and "999" in exc.value.message


def test_reading_commands_do_not_create_a_store(store_url):
    with pytest.raises(StoreNotFound) as exc:
        open_store(store_url, create=False)
    assert exc.value.code == "SW503"
    with open_store(store_url) as s:
        s.ingest(corpus()[:1])
    with open_store(store_url, create=False) as s:
        assert s.counts()["articles"] == 1


def test_threads_share_a_store(store):
    from concurrent.futures import ThreadPoolExecutor

    store.ingest(corpus())
    with ThreadPoolExecutor(8) as pool:
        totals = list(pool.map(lambda q: store.search(q).total, ["river", "Lavrov", "treaty", ""] * 8))
    assert totals == [2, 2, 1, 7] * 8


def test_one_reader_slot_serves_many_threads(store_url):
    from concurrent.futures import ThreadPoolExecutor

    with open_store(store_url, readers=1) as store:
        store.ingest(corpus())
        with ThreadPoolExecutor(8) as pool:
            found = list(pool.map(lambda q: (store.search(q, speaker="Sergey Lavrov").total, store.facets(q).total),
                                  ["river", "hurry", ""] * 8))
        assert found == [(1, 2), (1, 1), (2, 7)] * 8


def test_query_objects_and_keywords(store):
    store.ingest(corpus())
    q = SearchQuery("talks", source="example.org")
    assert store.search(q).total == store.search("talks", source="example.org").total == 1
    assert store.facets(q).total == 1 and len(list(store.iter_quotes(q))) == 1
    with pytest.raises(TypeError):
        store.search(q, speaker="Oona Brekke")


def test_a_source_added_by_another_process_is_found_at_once(store_url):
    """A --source value's stored sources come from the facet columns loaded at an earlier search; a new subdomain
    written since by another process (another Store) is still found: the statement's generation shows the list is
    stale, and the search runs again with the sources found in SQL."""
    with open_store(store_url) as reader, open_store(store_url) as writer:
        writer.ingest([make_record("h-1", [("Oona Brekke", "the river dispute is settled", "direct")],
                                   url="https://herald.example/a", published="2026-03-01")])
        assert reader.search("", facets=10).total == 1  # loads the columns: one source, herald.example
        writer.ingest([make_record("h-2", [("Oona Brekke", "the river dispute is back", "direct")],
                                   url="https://news.herald.example/b", published="2026-03-02")])
        assert reader.search(source="herald.example").total == 2
        assert reader.search("river", source="herald.example", facets=10).facets.sources[0]["source"] == "herald.example"
        assert {h.source for h in reader.search("river", source="herald.example").hits} == {
            "herald.example", "news.herald.example"}
