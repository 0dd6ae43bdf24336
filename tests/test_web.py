"""The web app through its HTTP interface (FastAPI's TestClient), over SQLite and PostgreSQL stores: pages and their
JSON twins, errors, the size limit, read-only mode, and hostile text that must never become markup."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("fastapi", reason="the web app needs the web extra: pip install -e '.[web]'")
from fastapi.testclient import TestClient  # noqa: E402
from storekit import make_record  # noqa: E402

from saidwho.store import Store  # noqa: E402
from saidwho.web import create_app  # noqa: E402
from saidwho.web.security import CSP  # noqa: E402

HOSTILE = '<script>alert("x")</script>'
HOSTILE_NAME = "<img src=x onerror=alert(1)>"
VASQUEL = ("Teodor Vasquel", "Teodór Vasquel")  # one registry entry: either spelling may be its canonical name


def records() -> list[dict[str, Any]]:
    a = make_record(
        "herald-1", [("Teodor Vasquel", "the river dispute is all but settled", "direct"),
                     ("Oona Brekke", "a handshake is not a treaty", "direct"),
                     (None, "no date has been agreed", "indirect")],
        url="https://herald.example/2026/03/01/river", published="2026-03-01", title="River talks end",
    )
    b = make_record(
        "daily-2", [("Teodór Vasquel", "the commission is a question of weeks", "direct")],
        url="https://news.daily.example/vasquel", published="2026-04-12", title="Vasquel on the commission",
    )
    hostile = make_record(
        "evil-3", [(HOSTILE_NAME, f"we will {HOSTILE} win", "direct")],
        url="https://evil.example/x", published="2026-04-20", title=f"Title {HOSTILE}",
    )
    # the author's own voice: text outside quotes, with the author known
    a["voice"] = {"author": "Greta Halloway", "author_source": "metadata", "body_chars": len(a["text"]),
                  "author_share": 0.4, "unattributed_share": 0.1, "unattributed": [], "author_speaker": None,
                  "speakers": []}
    a["authors"] = ["Greta Halloway"]
    return [a, b, hostile]


@pytest.fixture
def client(store: Store) -> TestClient:
    store.ingest(records())
    return TestClient(create_app(store))


def article_id(client: TestClient, q: str) -> int:
    hits = client.get("/api/search", params={"q": q}).json()["hits"]
    assert hits, q
    return int(hits[0]["article_id"])


# ----------------------------------------------------------------------------------------------- search


def test_search_page_and_its_json_twin_agree(client):
    page = client.get("/", params={"q": "river"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "the river dispute is all but settled" in page.text
    api = client.get("/api/search", params={"q": "river"}).json()
    assert api["total"] == 1 and api["hits"][0]["speaker_name"] in VASQUEL
    assert api["facets"]["speakers"][0]["name"] in VASQUEL
    assert 'href="/api/search?q=river"' in page.text  # the page links its twin


def test_a_page_is_rendered_in_its_searchs_reader_turn(client, store, monkeypatch):
    """The search and the page (or JSON) made from it are one turn at a reader slot, so under load requests are
    served first come first served through all their work, and a page's rendering does not share the process with
    the next request's search."""
    from saidwho.web import api, services

    held: list[tuple[str, bool]] = []
    hit_parts, render = services.hit_parts, api.PageJSON.render
    monkeypatch.setattr(services, "hit_parts", lambda hit: held.append(("html", store._gate.held())) or hit_parts(hit))
    monkeypatch.setattr(api.PageJSON, "render", lambda self, c: held.append(("json", store._gate.held())) or render(self, c))
    vasquel = client.get("/api/search", params={"q": "river"}).json()["hits"][0]["speaker_id"]
    for url in ("/?q=river", f"/speakers/{vasquel}"):
        assert client.get(url).status_code == 200
    assert {kind for kind, _ in held} == {"html", "json"}
    assert all(inside for _, inside in held), held
    assert not store._gate.held()


@pytest.mark.parametrize("readers", [1, 3])
def test_with_one_reader_slot_a_search_runs_on_the_event_loop(store_url, readers, monkeypatch):
    """One reader slot (each worker of serve --workers N on N cores): searches run one at a time anyway, so the
    search and its page run on the event loop instead of going to a worker thread and back; with more slots, in a
    worker thread. Either way in a reader turn, and with the same answer."""
    import threading

    from saidwho.store import open_store
    from saidwho.web import services

    with open_store(store_url, readers=readers) as store:
        store.ingest(records())
        client = TestClient(create_app(store))
        loop_thread: list[str] = []
        threads: list[tuple[str, bool]] = []
        real = services.search
        monkeypatch.setattr(services, "search", lambda *a, **k: threads.append(
            (threading.current_thread().name, store._gate.held())) or real(*a, **k))
        with client:
            loop_thread.append(client.portal.call(lambda: threading.current_thread().name))
            assert client.get("/api/search", params={"q": "river"}).json()["total"] == 1
            assert "the river dispute is all but settled" in client.get("/", params={"q": "river"}).text
    assert len(threads) == 2 and all(held for _, held in threads)
    on_loop = [name in loop_thread for name, _ in threads]
    assert all(on_loop) if readers == 1 else not any(on_loop), (threads, loop_thread)


def test_spelling_variants_are_one_speaker_across_articles(client):
    api = client.get("/api/search", params={"speaker": "Teodor Vasquel"}).json()
    assert {h["record_id"] for h in api["hits"]} == {"herald-1", "daily-2"}
    assert len({h["speaker_id"] for h in api["hits"]}) == 1


def test_filters_and_facets(client):
    page = client.get("/", params={"source": "daily.example"})
    assert "the commission is a question of weeks" in page.text
    assert "a handshake is not a treaty" not in page.text
    api = client.get("/api/search", params={"since": "2026-04", "until": "2026-04-30"}).json()
    assert {h["record_id"] for h in api["hits"]} == {"daily-2", "evil-3"}
    months = {m["month"]: m["count"] for m in client.get("/api/search").json()["facets"]["months"]}
    assert months == {"2026-03": 3, "2026-04": 2}


def test_pagination(client):
    first = client.get("/api/search", params={"limit": 2}).json()
    second = client.get("/api/search", params={"limit": 2, "offset": 2}).json()
    assert first["total"] == 5 and len(first["hits"]) == 2 and len(second["hits"]) == 2
    assert not {h["quote_pk"] for h in first["hits"]} & {h["quote_pk"] for h in second["hits"]}
    html = client.get("/", params={"page": 1}).text
    assert "page 1 of 1" not in html  # 5 quotes fit one page of 20: no pager


def test_hostile_queries_never_fail(client):
    for q in ['"', 'AND(', "NOT", "*", "river OR", "quotes_fts:x", "'; DROP TABLE quotes; --", "ü" * 300]:
        assert client.get("/api/search", params={"q": q}).status_code == 200, q
        assert client.get("/", params={"q": q}).status_code == 200, q


def test_bad_filter_is_a_structured_400(client):
    r = client.get("/api/search", params={"since": "2026-02-30"})
    assert r.status_code == 400
    err = r.json()["error"]
    assert err["code"] == "SW505" and "2026-02-30" in err["message"] and err["status"] == 400
    html = client.get("/", params={"since": "yesterday"})
    assert html.status_code == 400 and "SW505" in html.text and "text/html" in html.headers["content-type"]


def test_invalid_parameters_are_a_structured_422(client):
    r = client.get("/api/search", params={"limit": "many"})
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "SW604" and err["details"][0]["field"].endswith("limit")


# ----------------------------------------------------------------------------------------------- articles


def test_article_page_highlights_quotes_in_speaker_colours(client):
    aid = article_id(client, "river")
    html = client.get(f"/articles/{aid}").text
    quotes = re.findall(r'<span class="q ([^"]*)"[^>]*data-tip="([^"]*)"[^>]*>([^<]*)</span>', html)
    by_text = {t: (cls, tip) for cls, tip, t in quotes}
    vasquel = by_text["the river dispute is all but settled"]
    brekke = by_text["a handshake is not a treaty"]
    assert vasquel[0].startswith("sp-") and brekke[0].startswith("sp-") and vasquel[0] != brekke[0]
    assert vasquel[1] == "Teodor Vasquel · direct"  # the article's own name for the speaker
    assert 'id="q-q1"' in html and 'tabindex="0"' in html  # anchors for search results, keyboard focus
    assert '<span class="cue' in html and '<span class="mention' in html
    assert '<span class="author">' in html and "(the author's own words)" in html  # the author's voice is set apart
    assert 'href="https://herald.example/2026/03/01/river"' in html and 'rel="noopener noreferrer nofollow"' in html


def test_article_json_twin(client):
    aid = article_id(client, "river")
    data = client.get(f"/api/articles/{aid}").json()
    assert data["record"]["id"] == "herald-1" and data["url"] == "https://herald.example/2026/03/01/river"
    assert set(data["speaker_ids"]) == {"s1", "s2", "s3"}


def test_missing_article_and_speaker_are_404_with_a_code(client):
    assert client.get("/api/articles/999999").json()["error"]["code"] == "SW603"
    r = client.get("/articles/999999")
    assert r.status_code == 404 and "SW603" in r.text
    assert client.get("/api/speakers/p:nobody").status_code == 404
    assert client.get("/no/such/page").status_code == 404
    assert client.get("/api/articles/not-a-number").status_code == 422


# ----------------------------------------------------------------------------------------------- speakers


def test_speaker_page_and_twin(client):
    sid = client.get("/api/search", params={"q": "commission"}).json()["hits"][0]["speaker_id"]
    data = client.get(f"/api/speakers/{sid}").json()
    assert data["quotes"] == 2 and data["articles"] == 2
    assert {m["month"] for m in data["months"]} == {"2026-03", "2026-04"}
    assert data["quotes_page"]["total"] == 2
    html = client.get(f"/speakers/{sid}").text
    assert html.count("<rect ") == 2 and "Quotes per month" in html
    assert "Teodór Vasquel" in html and "Teodor Vasquel" in html  # the aliases


# ----------------------------------------------------------------------------------------------- security


def test_hostile_text_and_names_are_escaped_everywhere(client):
    aid = article_id(client, "win")
    sid = client.get("/api/search", params={"q": "win"}).json()["hits"][0]["speaker_id"]
    for path in ("/", "/?q=win", f"/articles/{aid}", f"/speakers/{sid}", "/?speaker=" + HOSTILE_NAME):
        html = client.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html, path
    html = client.get(f"/articles/{aid}").text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_every_response_carries_the_security_headers(client):
    for path in ("/", "/api/search", "/static/style.css", "/no/such/page", "/api/articles/0", "/docs"):
        r = client.get(path)
        assert "script-src 'self'" in r.headers["content-security-policy"], path
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
    assert client.get("/").headers["content-security-policy"] == CSP
    assert "unsafe-inline" not in client.get("/").headers["content-security-policy"]


def test_no_inline_script_or_style_in_pages(client):
    aid = article_id(client, "river")
    for path in ("/", f"/articles/{aid}", "/analyze"):
        html = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert " style=" not in html and "<style" not in html, path


# ----------------------------------------------------------------------------------------------- writes


def test_ingest_api_counts_what_it_skips(client):
    body = "\n".join([json.dumps(records()[1]), "{not json", json.dumps({"schema": "other"})])
    r = client.post("/api/ingest", content=body, headers={"content-type": "application/x-ndjson"})
    assert r.status_code == 200
    report = r.json()
    assert report["unchanged"] == 1 and sum(report["skipped"].values()) == 2
    assert client.post("/api/ingest", content=b"").json()["error"]["code"] == "SW604"
    assert client.post("/api/ingest", json=records()[:2]).json()["unchanged"] == 2  # a JSON array
    pretty = json.dumps(records()[0], indent=2).encode()  # one record over many lines
    assert client.post("/api/ingest", content=pretty).json()["unchanged"] == 1


def test_body_over_the_limit_is_413(store: Store):
    client = TestClient(create_app(store, max_upload=1000))
    r = client.post("/api/analyze", json={"text": "x" * 5000})
    assert r.status_code == 413 and r.json()["error"]["code"] == "SW602"
    r = client.post("/analyze", data={"text": "x" * 5000})
    assert r.status_code == 413 and "SW602" in r.text
    r = client.post("/api/ingest", content=iter([b"[", b" " * 2000, b"]"]))  # streamed, no Content-Length
    assert r.status_code == 413


def test_read_only_refuses_writes(store: Store):
    store.ingest(records())
    client = TestClient(create_app(store, read_only=True))
    r = client.post("/api/ingest", json=records())
    assert r.status_code == 403 and r.json()["error"]["code"] == "SW601"
    r = client.post("/api/analyze", json={"text": "Hello.", "save": True})
    assert r.status_code == 403 and r.json()["error"]["code"] == "SW601"
    assert "read-only" in client.get("/").text
    assert 'name="save"' not in client.get("/analyze").text


def test_analyze_validates_its_input(client):
    assert client.post("/api/analyze", json={}).json()["error"]["code"] == "SW604"
    assert client.post("/api/analyze", json={"text": "x", "format": "pdf"}).status_code == 422
    r = client.post("/analyze", data={"text": "   "})
    assert r.status_code == 400 and "SW604" in r.text


@pytest.mark.slow
def test_analyze_shows_at_once_and_saves_only_on_request(client):
    page = "Harbour levy\n\n“The levy pays for the breakwater,” Mayor Ilka Marwick said on Monday.\n"
    before = client.get("/api/stats").json()["counts"]["articles"]
    r = client.post("/analyze", data={"text": page})
    assert r.status_code == 200 and "The levy pays for the breakwater" in r.text and "Analyzed, not saved" in r.text
    assert client.get("/api/stats").json()["counts"]["articles"] == before
    api = client.post("/api/analyze", json={"text": page}).json()
    assert api["saved"] is False and api["record"]["quotes"][0]["speaker"]["name"] == "Ilka Marwick"
    r = client.post("/analyze", data={"text": page, "save": "1"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/articles/")
    assert client.get("/api/stats").json()["counts"]["articles"] == before + 1
    again = client.post("/api/analyze", json={"text": page, "save": True}).json()
    assert again["saved"] and again["article_id"] == int(r.headers["location"].split("/")[2].split("?")[0])
    assert client.get("/api/stats").json()["counts"]["articles"] == before + 1  # the same paste is stored once
    upload = client.post("/analyze", files={"file": ("page.html", b"<html><body><p>" + page.encode() + b"</p></body></html>", "text/html")})
    assert upload.status_code == 200 and "The levy pays for the breakwater" in upload.text


# ----------------------------------------------------------------------------------------------- docs


def test_every_page_has_a_json_twin_and_the_api_is_described(client):
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/search", "/api/articles/{article_id}", "/api/speakers/{speaker_id}", "/api/analyze", "/api/ingest",
            "/api/stats"} <= paths
    aid = article_id(client, "river")
    sid = client.get("/api/search", params={"q": "commission"}).json()["hits"][0]["speaker_id"]
    for page, twin in (("/?q=river", "/api/search?q=river"), (f"/articles/{aid}", f"/api/articles/{aid}"),
                       (f"/speakers/{sid}", f"/api/speakers/{sid}")):
        html, data = client.get(page), client.get(twin)
        assert html.status_code == 200 and html.headers["content-type"].startswith("text/html"), page
        assert data.status_code == 200 and data.headers["content-type"] == "application/json", twin
        assert f'href="{twin.replace("&", "&amp;")}"' in html.text, page  # each page links its twin
    assert client.get("/analyze").status_code == 200 and "post" in spec["paths"]["/api/analyze"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/docs-assets/swagger-ui-bundle.js" in docs.text
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200


def test_a_capped_match_says_so(store: Store):
    many = [make_record(f"bulk-{k}", [(f"Speaker {k % 7}", f"harbour levy number {k}", "direct") for k in range(k * 30, k * 30 + 30)],
                        url=f"https://bulk.example/{k}", published="2026-05-01") for k in range(36)]  # 1,080 quotes
    store.ingest(many)
    client = TestClient(create_app(store))
    api = client.get("/api/search", params={"q": "harbour levy"}).json()
    assert api["capped"] is True and api["total"] == 1000 and api["facets"]["capped"] is True
    html = client.get("/", params={"q": "harbour levy"}).text
    assert "1,000+ quotes" in html and "Counted over the newest 1,000 matches." in html


def test_empty_store_and_empty_result_say_different_things(store: Store):
    client = TestClient(create_app(store))
    assert "The store is empty" in client.get("/", params={"q": "river"}).text
    store.ingest(records())
    html = client.get("/", params={"q": "nothing-matches-this"}).text
    assert "No quotes match." in html and "The store is empty" not in html
    assert store.is_empty() is False


_FIELD = st.one_of(st.just(""), st.text(max_size=12))


@settings(max_examples=200, deadline=None)
@given(fields=st.fixed_dictionaries({k: _FIELD for k in ("q", "speaker", "source", "since", "until")}),
       change=st.dictionaries(st.sampled_from(["q", "speaker", "source", "since", "until", "page"]),
                              st.one_of(st.none(), st.text(max_size=12), st.integers(0, 5000)), max_size=3))
def test_page_links_are_what_urlencode_gives(fields, change):
    """The search page builds its ~50 links with pages._Links (the fields encoded once); each must be the link
    that _link (urlencode) gives for the same fields and change."""
    from saidwho.web.pages import _link, _Links

    assert _Links("/", fields)(**change) == _link("/", **{**fields, "page": None, **change})


@pytest.mark.parametrize("fast", [True, False])
def test_search_json_is_the_standard_librarys_bytes(client, monkeypatch, fast):
    """orjson, when installed, writes the search twin: what starlette's encoder writes, byte for byte but for
    numbers under 1e-4 (written otherwise, read back the same)."""
    from saidwho.web import api

    if fast and api.fast_dumps is None:
        pytest.skip("orjson is not installed (the web extra has it)")
    if not fast:
        monkeypatch.setattr(api, "fast_dumps", None)
    body = client.get("/api/search", params={"q": "river"}).content
    content = json.loads(body)
    assert content["hits"] and content["facets"]
    standard = json.dumps(content, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":"))
    assert body == standard.encode("utf-8")
    sample = {"name": "Zoë Çelik “quoted”", "rank": -0.30396354, "big": 12345678901234, "none": None, "no": False}
    assert api.PageJSON(sample).body == json.dumps(sample, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    tiny = {"rank": -1.5e-05, "idf": 1e-06}
    assert json.loads(api.PageJSON(tiny).body) == tiny


def test_a_quote_in_parts_has_each_part_marked_and_not_the_cue_between():
    from types import SimpleNamespace

    from saidwho.web.services import hit_parts

    snippet = '… at least a week. "When the ferry stops, this village stops," she said. "Every family has kin there." The…'
    hit = SimpleNamespace(snippet=snippet, text="When the ferry stops, this village stops … Every family has kin there.")
    parts = hit_parts(hit)
    assert "".join(text for text, _ in parts) == snippet  # nothing lost or added
    assert [text for text, quoted in parts if quoted] == ["When the ferry stops, this village stops",
                                                          "Every family has kin there."]
    assert hit_parts(SimpleNamespace(snippet=snippet, text="words the snippet does not hold")) == [(snippet, False)]
    one = hit_parts(SimpleNamespace(snippet=snippet, text="Every   family has kin there."))
    assert one == [('… at least a week. "When the ferry stops, this village stops," she said. "', False),
                   ("Every family has kin there.", True), ('" The…', False)]
