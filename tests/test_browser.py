"""The web app in a real browser: uvicorn on 127.0.0.1 serving a SQLite store, Debian's Chromium driven by Playwright.

Chromium is found on PATH (`.ci/run` installs Debian's package); Playwright never downloads a browser. Without
Chromium or Playwright these tests are skipped with the reason shown, except under CI, where that is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web app needs the web extra: pip install -e '.[web]'")
from storekit import make_record  # noqa: E402

from saidwho.store import open_store  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",  # this machine has no network: no calls home
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
XSS_TEXT = "<script>window.__xss = 'text'</script>"
XSS_NAME = "<img src=x onerror=\"window.__xss = 'name'\">"
PAGE = (
    "Harbour levy splits Kessa\n\n"
    "“The levy pays for the breakwater,” Mayor Ilka Marwick said on Monday.\n\n"
    "Fisherman Anton Saric disagreed. “It will empty the harbour by spring,” he said.\n"
)


def _need(what: str, reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {what} is missing: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        _need("chromium", "browser tests need Debian's chromium on PATH (apt-get install chromium; .ci/run does)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        _need("playwright", "browser tests need playwright: pip install -e '.[browser]'")
    return path


def _records() -> list[dict[str, Any]]:
    talks = make_record(
        "herald-1", [("Teodor Vasquel", "the river dispute is all but settled", "direct"),
                     ("Oona Brekke", "a handshake is not a treaty", "direct"),
                     ("Teodor Vasquel", "the commission is a question of weeks", "indirect")],
        url="https://herald.example/river", published="2026-03-01", title="River talks end",
    )
    evil = make_record(
        "evil-2", [(XSS_NAME, f"we shall {XSS_TEXT} prevail", "direct")],
        url="https://evil.example/page", published="2026-03-02", title=f"Evil {XSS_TEXT} page",
    )
    evil["text"] += f"\n\n{XSS_TEXT} More author text, {XSS_NAME}."
    evil["body"] = [[0, len(evil["text"])]]
    return [talks, evil]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from saidwho.web import create_app

    db = tmp_path_factory.mktemp("browser") / "store.db"
    store = open_store(db)
    store.ingest(_records())
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    pg = context.new_page()
    pg.dialogs = []  # any alert() would land here
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def test_search_then_filter_by_a_speaker_facet(server, page):
    page.goto(server + "/")
    page.fill("input[name=q]", "river")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/?q=river*")
    hits = page.locator("li.hit")
    assert hits.count() == 1
    assert "the river dispute is all but settled" in hits.first.locator("mark.quote").inner_text()
    page.goto(server + "/")
    page.locator("aside.facets a", has_text="Oona Brekke").click()
    page.wait_for_url("**speaker=*")
    assert page.locator("li.hit").count() == 1
    assert "a handshake is not a treaty" in page.locator("li.hit").inner_text()
    assert not page.errors


def test_article_highlights_quotes_in_speaker_colours(server, page):
    page.goto(server + "/?q=handshake")
    page.locator("li.hit .hit-meta a").first.click()
    page.wait_for_url("**/articles/*#q-*")
    quotes = page.locator(".body .q")
    assert quotes.count() == 3
    colour = {q.inner_text(): q.evaluate("e => getComputedStyle(e).backgroundColor") for q in quotes.all()}
    vasquel = colour["the river dispute is all but settled"]
    assert vasquel == colour["the commission is a question of weeks"]  # one speaker, one colour
    assert vasquel != colour["a handshake is not a treaty"]  # two speakers, two colours
    assert "rgba(0, 0, 0, 0)" not in colour.values()  # every quote is highlighted
    # speaker and kind on keyboard focus (the tooltip is the ::after of the focused quote)
    first = quotes.first
    first.focus()
    tip = first.evaluate("e => getComputedStyle(e, '::after').content")
    assert "Teodor Vasquel" in tip and "direct" in tip
    # the legend: pressing a speaker's swatch leaves only that speaker's quotes highlighted
    page.locator(".legend button.swatch").first.click()
    assert page.locator(".body.filtered").count() == 1
    assert page.locator(".body .q.on").count() == 2
    assert not page.errors


def test_analyze_a_pasted_page_then_save_it(server, page):
    page.goto(server + "/analyze")
    page.fill("textarea[name=text]", PAGE)
    page.locator("form.analyze button[type=submit]").click()
    page.wait_for_selector(".body .q")
    assert "Analyzed, not saved" in page.inner_text(".notice")
    tips = [q.get_attribute("data-tip") for q in page.locator(".body .q").all()]
    assert "Ilka Marwick · direct" in tips
    assert any(t.startswith("Anton Saric") for t in tips)
    page.locator("#save button").click()
    page.wait_for_url("**/articles/*?saved=1")
    assert page.locator(".body .q").count() >= 2
    page.goto(server + "/?q=breakwater")
    assert page.locator("li.hit").count() == 1
    assert not page.errors


def test_script_in_text_or_a_speaker_name_never_runs(server, page):
    page.goto(server + "/?q=prevail")
    sid_link = page.locator("li.hit a.speaker")
    assert sid_link.count() == 1
    speaker_url = sid_link.get_attribute("href")
    article_url = page.locator("li.hit .hit-meta a").get_attribute("href")
    for path in ("/?q=prevail", article_url, speaker_url, "/", "/?speaker=" + XSS_NAME):
        page.goto(server + path)
        page.wait_for_load_state("load")
        assert page.evaluate("() => window.__xss") is None, path
        assert page.locator("img[src=x]").count() == 0, path
    page.goto(server + article_url)
    assert XSS_TEXT in page.locator(".body p").last.inner_text()  # shown as text, not parsed as markup
    assert XSS_NAME in page.locator(".body p").last.inner_text()
    assert XSS_NAME in page.inner_text(".legend")
    assert page.dialogs == [] and not page.errors


def test_pages_obey_their_content_security_policy(server, page):
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    for path in ("/", "/?q=river", "/analyze", "/docs"):
        page.goto(server + path)
        page.wait_for_load_state("load")
    page.wait_for_selector("#swagger-ui .info")  # the API docs render from local files
    assert violations == []
