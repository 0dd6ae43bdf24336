"""The input layer: verbatim text, chrome detection, HTML through trafilatura, JSONL, directories, stdin and
bad inputs. Fast: no spaCy model is loaded. Fixtures under fixtures/ingest/ are hand-written."""

from __future__ import annotations

import io
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saidwho.errors import SaidwhoError
from saidwho.ingest import (
    DEFAULT_MAX_BYTES,
    IngestFailure,
    article_from_html,
    article_from_input,
    article_from_text,
    body_spans,
    decode_bytes,
    iter_documents,
    looks_like_html,
)
from saidwho.model import Article

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def locate(text: str, snippet: str) -> tuple[int, int]:
    start = text.find(snippet)
    assert start >= 0, f"{snippet!r} not in the text"
    return start, start + len(snippet)


def in_body(article: Article, snippet: str) -> bool:
    s, e = locate(article.text, snippet)
    return any(bs <= s and e <= be for bs, be in article.body)


def outside_body(article: Article, snippet: str) -> bool:
    s, e = locate(article.text, snippet)
    return all(e <= bs or be <= s for bs, be in article.body)


def check_spans(spans: list[tuple[int, int]], text: str) -> None:
    prev_end = 0
    for start, end in spans:
        assert 0 <= prev_end <= start < end <= len(text), spans
        assert not text[start].isspace() and not text[end - 1].isspace()
        prev_end = end


def code_of(exc_info: pytest.ExceptionInfo[SaidwhoError]) -> str:
    return exc_info.value.code


# --- plain text is verbatim -------------------------------------------------------------------------------

CHROME_AND_PROSE = [
    "", " ", "\t", "\r", "Home", "Share this:", "Twitter", "Like this:", "Like Loading...", "Related",
    "Leave a Reply", "Post Comment", "%d bloggers like this:", "Subscribe", "Follow", "By Ana Lidd",
    "March 3, 2021", "Powered by WordPress", "Buy the book on Amazon.", "Ana Lidd is a writer.",
    '"We will rebuild," said Mayor Quill.', "The council met on Tuesday and argued about the bridge for hours.",
    "A Headline In Title Case", "3 thoughts on \u201cA Headline\u201d", "\u00a0", "caf\u00e9 \u2014 \u201cok\u201d",
]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text_is_kept_verbatim_with_valid_body_spans(text: str) -> None:
    article = article_from_text(text, "doc")
    assert article.text == text
    assert article.format == "text"
    check_spans(article.body, text)
    assert bool(article.body) == bool(text.strip())


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(CHROME_AND_PROSE), max_size=40), st.sampled_from(["\n", "\n\n", "\r\n", "\n \n"]))
def test_chrome_like_text_is_kept_verbatim_with_valid_body_spans(lines: list[str], sep: str) -> None:
    text = sep.join(lines)
    article = article_from_text(text, "doc")
    assert article.text == text
    check_spans(article.body, text)
    if text.strip():
        assert article.body, "a non-blank text always has a body"


_HTMLISH = st.lists(
    st.one_of(
        st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<blockquote>", "</blockquote>", "<br>", "<html>",
                         "<body>", "<!doctype html>", "<script>", "</script>", "<li>", "<h1>", "</h1>", "&amp;",
                         "<?xml version='1.0' encoding='utf-8'?>", "\x00", "\x1f", "Share this:", "\n\n"]),
        st.text(max_size=20),
    ),
    max_size=25,
).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_HTMLISH, st.binary(max_size=200), _HTMLISH.map(lambda s: s.encode("utf-8", "surrogatepass"))))
def test_any_input_gives_an_article_or_a_coded_error(data: str | bytes) -> None:
    try:
        article = article_from_input(data, id="fuzz")
    except SaidwhoError as exc:
        assert exc.code.startswith("SW1")
        return
    for start, end in article.body + article.blockquotes:
        assert 0 <= start < end <= len(article.text)


def test_input_text_keeps_crlf_bom_and_spacing() -> None:
    text = "\ufeff  Bridge Vote Delayed \r\n\r\n\"Not yet,\" said Quill.\t\r\n"
    article = article_from_input(text, id="t")
    assert article.text == text
    assert article.format == "text"
    check_spans(article.body, text)
    assert in_body(article, '"Not yet," said Quill.')


def test_no_chrome_means_one_body_span_over_the_trimmed_text() -> None:
    text = read("article_no_chrome.txt")
    article = article_from_text(text, "plain")
    start = len(text) - len(text.lstrip())
    assert article.body == [(start, len(text.rstrip()))]
    assert article.title == "Ferry Workers Vote to Strike"


# --- chrome in scraped blogs ------------------------------------------------------------------------------

CHROME_CASES = {
    "blog_wordpress_comments.txt": (
        [
            "Council Delays Vote on the Old Toll Bridge",
            "The Port Elling city council postponed its vote",
            '"We are not going to rush a forty-million-dollar decision',
            "A new vote is expected in April.",
        ],
        [
            "Share this:", "Twitter", "Like this:", "Like Loading...", "Related\n",
            "Ferry Schedule Changes for the Summer", 'In "Waterfront"', "Leave a Reply Cancel reply",
            "Enter your comment here...", "Notify me of new posts via email.", "Post Comment",
            "Blog at WordPress.com.", "March 14, 2022",
        ],
    ),
    "blog_share_widgets.txt": (
        [
            "The Night the Orchard Flooded",
            "Nobody in Tessley remembers a spring like this one.",
            '"You plant a tree for your grandchildren," he said',
            "Varga said he would apply anyway.",
        ],
        [
            "Home\nAbout\nArchive\nContact", "Skip to content", "By Marta Feld", "%d bloggers like this:",
            "Click to share on Twitter (Opens in new window)", "Loading...", "Posted in Rural Life",
            "Privacy & Cookies: This site uses cookies.", "Cookie Policy",
        ],
    ),
    "blog_book_promo.txt": (
        [
            "Small Towns Are Not Museums",
            '"People want somewhere that feels real," the latest consultant',
            "Nobody ever put those on a slide.",
        ],
        [
            "Orla Penhallow is a columnist and the author of the new book",
            "She lives in Port Elling with two cats",
            "The Quiet Harbor is available on Amazon", "Order your copy today!", "VISIT MY WEBSITE",
            "Subscribe", "\nFollow",
        ],
    ),
    "blog_repeated_title.txt": (
        [
            "The Tessley Public Library will stay open until 8 p.m.",
            '"Saturday is the only day a lot of working families can come in," Ostrowska said.',
            "according to the board's treasurer, Pim Adeyemi.",
        ],
        [
            "Menu\nNews\nSports\nOpinion", "Posted on September 9, 2023 by ledgerstaff", "Advertisement",
            "Related articles", "Pool Reopens After Two-Year Repair", "Powered by WordPress",
            "\u00a9 2023 The Tessley Ledger. All rights reserved.",
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(CHROME_CASES))
def test_chrome_is_outside_the_body_and_the_article_inside(name: str) -> None:
    article = article_from_text(read(name), name)
    kept, dropped = CHROME_CASES[name]
    for snippet in kept:
        assert in_body(article, snippet), f"article text dropped: {snippet!r}"
    for snippet in dropped:
        assert outside_body(article, snippet), f"chrome kept in the body: {snippet!r}"


def test_a_repeated_title_line_is_dropped_the_second_time_only() -> None:
    text = read("blog_repeated_title.txt")
    article = article_from_text(text, "ledger")
    title = "Library Board Approves Longer Weekend Hours"
    first = text.find(title)
    second = text.find(title, first + 1)
    assert second > first >= 0
    assert any(s <= first < e for s, e in article.body)
    assert all(not (s <= second < e) for s, e in article.body)
    assert article.title == title


def test_speech_that_looks_like_chrome_is_kept() -> None:
    text = (
        "Cyclists Rally at City Hall\n\n"
        '"Share the road," said cyclist Ben Ortolan.\n'
        '"Subscribe to safety, not to speed," she told the crowd.\n'
        "Follow the money, the treasurer said, and you find the bridge.\n\n"
        "The rally ended at noon after the mayor promised a protected lane on the new bridge next spring."
    )
    article = article_from_text(text, "rally")
    assert article.body == [(0, len(text))]


def test_a_trailing_bio_stops_at_article_speech() -> None:
    text = (
        "The vote is set for May.\n\n"
        '"I wrote the book on this bridge," engineer Tomas Greve said, "and it is available on Amazon."\n\n'
        "Dana Orwell is a freelance writer in Port Elling."
    )
    article = article_from_text(text, "bio")
    assert in_body(article, "available on Amazon")
    assert outside_body(article, "Dana Orwell is a freelance writer")


def test_body_spans_of_blank_text_is_empty() -> None:
    assert body_spans("") == []
    assert body_spans(" \n\t\n") == []


# --- HTML ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def news_page() -> Article:
    return article_from_input((FIXTURES / "page_news.html").read_bytes(), id="page_news.html")


def test_html_metadata(news_page: Article) -> None:
    assert news_page.format == "html"
    assert news_page.title == "Port Elling Votes to Rebuild Toll Bridge"
    assert news_page.authors == ["Dana Orwell", "Pat Lind"]
    assert news_page.published == "2022-04-12"
    assert news_page.url == "https://gazette.example/news/toll-bridge-vote"


def test_html_title_comes_first_once_and_is_part_of_the_body(news_page: Article) -> None:
    text = news_page.text
    title = "Port Elling Votes to Rebuild Toll Bridge"
    assert text.startswith(title + "\n\n")
    assert text.count(title) == 1, "the page's own <h1> is not repeated after the prepended title"
    check_spans(news_page.body, text)
    assert news_page.body[0][0] == 0, "the headline is body text, as for plain text (it names speakers)"
    assert in_body(news_page, '"We have patched this bridge for twenty years')
    assert in_body(news_page, "the design would include one.")


def test_html_drops_navigation_sidebar_comments_and_footer(news_page: Article) -> None:
    for chrome in ("Front Page", "Tide Tables", "Most Read", "Lighthouse keeper retires", "Gus Harrow",
                   "Leave a Reply", "Your email address", "All rights reserved", "Privacy Policy",
                   "window.dataLayer", "font-family"):
        assert chrome not in news_page.text, chrome


def test_html_keeps_blockquote_as_its_own_paragraph(news_page: Article) -> None:
    quote = '"A bridge is a promise that the other side is still part of your town."'
    assert len(news_page.blockquotes) == 1
    s, e = news_page.blockquotes[0]
    assert news_page.text[s:e] == quote
    assert in_body(news_page, quote)


def test_html_falls_back_to_visible_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("saidwho.ingest.html._extract_xml", lambda html, url: None)
    page = (
        "<html><head><title>T</title><style>p{}</style></head><body><script>var x = 1;</script>"
        "<div>First paragraph, said Quill.</div><p>Second<br>line</p></body></html>"
    )
    article = article_from_html(page, "fallback")
    assert article.text == "First paragraph, said Quill.\n\nSecond\nline"
    assert article.format == "html"


def test_html_fragment_is_detected_and_extracted() -> None:
    page = '<p>"We will rebuild," said Mayor Quill.</p><p>The council voted on Tuesday.</p><p>Work starts in May.</p>'
    article = article_from_input(page, id="frag")
    assert article.format == "html"
    assert '"We will rebuild," said Mayor Quill.' in article.text
    assert "<p>" not in article.text


def test_html_without_text_is_sw105() -> None:
    with pytest.raises(SaidwhoError) as exc_info:
        article_from_input("<html><body><script>var a = 1;</script></body></html>", id="shell.html")
    assert code_of(exc_info) == "SW105"
    assert "shell.html" in str(exc_info.value)


@pytest.mark.parametrize("closed", [True, False])
def test_deeply_nested_html_gives_a_result_or_sw105(closed: bool) -> None:
    n = 100_000
    page = "<html><body>" + "<div>" * n + "<p>Deep text, said the mayor.</p>" + ("</div>" * n if closed else "")
    try:
        article = article_from_input(page, id="deep.html")
    except SaidwhoError as exc:
        assert exc.code == "SW105"
    else:
        assert "Deep text, said the mayor." in article.text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", True),
        ("\n  <html lang='en'><p>x</p></html>", True),
        ("<!-- saved page --><html><body>x</body></html>", True),
        ("<div><p>One.</p><p>Two.</p></div>", True),
        ("He typed <p> into the box, once, and the page broke. " * 3, False),
        ("Plain text about a bridge.\n\nAnother paragraph.", False),
        ("Use a < b and c > d in the formula, she said.", False),
    ],
)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected


# --- decoding and bad inputs -------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n "])
def test_empty_and_whitespace_are_sw101(data: bytes) -> None:
    with pytest.raises(SaidwhoError) as exc_info:
        article_from_input(data, id="blank.txt")
    assert code_of(exc_info) == "SW101"
    assert "blank.txt" in str(exc_info.value)


def test_whitespace_str_is_sw101() -> None:
    with pytest.raises(SaidwhoError) as exc_info:
        article_from_input(" \n ", id="blank")
    assert code_of(exc_info) == "SW101"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"text then \x00\x00\x00 binary",
        bytes(range(1, 9)) * 100,
    ],
)
def test_binary_is_sw102(data: bytes) -> None:
    with pytest.raises(SaidwhoError) as exc_info:
        article_from_input(data, id="image.png")
    assert code_of(exc_info) == "SW102"
    assert "image.png" in str(exc_info.value)


@pytest.mark.parametrize(
    "text, codec",
    [
        ("\u201cWe will rebuild,\u201d said Mayor Quill. It\u2019s a promise \u2014 not a plan.", "cp1252"),
        ("Caf\u00e9 owner Ren\u00e9e said the cr\u00e8me br\u00fbl\u00e9e sold out.", "latin-1"),
        ("Gr\u00f6\u00dfe und Stra\u00dfe, sagte der B\u00fcrgermeister.", "latin-1"),
    ],
)
def test_legacy_western_encodings_decode(text: str, codec: str) -> None:
    assert decode_bytes(text.encode(codec), "old.txt") == text
    assert article_from_input(text.encode(codec)).text == text


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_byte_order_marks(codec: str) -> None:
    text = "\u201cHello,\u201d she said in Port Elling. \u00c5ngstr\u00f6m."
    data = text.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    assert decode_bytes(data, "bom.txt") == text


def test_utf16_without_bom_decodes() -> None:
    text = "The ferry left at noon, the harbor master said."
    assert decode_bytes(text.encode("utf-16-le"), "u16.txt") == text


def test_bad_bytes_after_a_bom_are_sw103() -> None:
    with pytest.raises(SaidwhoError) as exc_info:
        decode_bytes(b"\xff\xfeA\x00B", "odd.txt")  # UTF-16 mark, odd number of bytes
    assert code_of(exc_info) == "SW103"


def test_declared_charset_is_used() -> None:
    cyrillic = "\u041f\u0440\u0438\u0432\u0435\u0442, \u0441\u043a\u0430\u0437\u0430\u043b \u043e\u043d."
    page = f'<html><head><meta charset="windows-1251"></head><body><p>{cyrillic}</p></body></html>'
    assert decode_bytes(page.encode("cp1251"), "ru.html") == page


def test_five_megabyte_text_works() -> None:
    para = "The council argued about the bridge for another hour, and nobody changed their mind. " * 8
    text = "\n\n".join([para] * (5_000_000 // len(para) + 1))
    assert len(text) > 5_000_000
    article = article_from_input(text.encode("utf-8"), id="big.txt")
    assert article.text == text
    assert article.body == [(0, len(text.rstrip()))]


def test_two_megabyte_single_line_works() -> None:
    text = "word " * 420_000
    article = article_from_input(text, id="line.txt")
    assert article.text == text
    assert article.body == [(0, len(text) - 1)]


@pytest.mark.parametrize("data", [b"x" * 101, "x" * 101, "\u00e9" * 51])
def test_over_the_limit_is_sw104_with_a_fix(data: str | bytes) -> None:
    with pytest.raises(SaidwhoError) as exc_info:
        article_from_input(data, id="huge.txt", max_bytes=100)
    assert code_of(exc_info) == "SW104"
    assert "--max-bytes" in str(exc_info.value) and "huge.txt" in str(exc_info.value)


def test_default_limit() -> None:
    assert DEFAULT_MAX_BYTES == 20_000_000


def test_unknown_format_is_sw108() -> None:
    with pytest.raises(SaidwhoError) as exc_info:
        article_from_input("text", format="pdf")
    assert code_of(exc_info) == "SW108"


# --- JSONL, directories, stdin -----------------------------------------------------------------------------


def test_jsonl_lines_become_documents_and_failures() -> None:
    stats: Counter[str] = Counter()
    path = str(FIXTURES / "docs.jsonl")
    items = list(iter_documents([path], stats=stats))
    by_id = {item.id: item for item in items}
    assert [item.id for item in items] == [
        "ferry-1", f"{path}:2", f"{path}:4", "no-content", "page-1", "7", f"{path}:8", "42",
    ]

    ferry = by_id["ferry-1"]
    assert isinstance(ferry, Article)
    assert ferry.text.startswith("Ferry Fares Rise\n\n")
    assert (ferry.title, ferry.url, ferry.format) == ("Ferry Fares Rise", "https://ledger.example/ferry", "jsonl")

    page = by_id["page-1"]
    assert isinstance(page, Article) and page.format == "html"
    assert page.title == "Tide Gauge Fixed"
    assert [page.text[s:e] for s, e in page.blockquotes] == ['"Trust the gauge again," the notice read.']

    for doc_id, line in [(f"{path}:4", 4), ("no-content", 5), ("7", 7), (f"{path}:8", 8)]:
        failure = by_id[doc_id]
        assert isinstance(failure, IngestFailure), doc_id
        assert failure.error.code == "SW106"
        assert f"docs.jsonl:{line}" in failure.error.message
        assert failure.format == "jsonl" and failure.path == path
    assert stats["documents"] == 4 and stats["failures"] == 4 and stats["files"] == 1
    assert stats["blank_jsonl_lines"] == 1


def test_jsonl_line_over_the_limit_is_a_failure_and_the_file_goes_on(tmp_path: Path) -> None:
    f = tmp_path / "mixed.jsonl"
    f.write_text('{"text": "' + "x" * 500 + '"}\n{"text": "Short one, she said."}\n', encoding="utf-8")
    items = list(iter_documents([str(f)], max_bytes=100))
    assert isinstance(items[0], IngestFailure) and items[0].error.code == "SW104"
    assert isinstance(items[1], Article) and items[1].text == "Short one, she said."
    assert items[1].id == f"{f}:2"


def test_directory_walk_is_recursive_sorted_and_counts_skips(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "b" / "deep").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "a.txt").write_text("First article text, said the clerk.", encoding="utf-8")
    (root / "b" / "deep" / "c.htm").write_text("<html><body><p>Nested page text, said the pilot.</p></body></html>")
    (root / "b" / "page.HTML").write_text("<html><body><p>Upper-case extension page text.</p></body></html>")
    shutil.copy(FIXTURES / "docs.jsonl", root / "b" / "docs.jsonl")
    (root / "b" / "notes.md").write_text("# not read")
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (root / "empty.txt").write_text("")
    (root / ".hidden.txt").write_text("hidden")
    (root / ".git" / "config.txt").write_text("never read")

    stats: dict[str, int] = {}
    items = list(iter_documents([str(root)], stats=stats))
    jsonl = ["ferry-1", "b/docs.jsonl:2", "b/docs.jsonl:4", "no-content", "page-1", "7", "b/docs.jsonl:8", "42"]
    assert [item.id for item in items] == ["a.txt", "b/deep/c.htm", *jsonl, "b/page.HTML", "empty.txt"]
    assert stats["skipped_unsupported_extension"] == 2
    assert stats["skipped_hidden"] == 2
    assert stats["files"] == 5
    empty = next(item for item in items if item.id == "empty.txt")
    assert isinstance(empty, IngestFailure) and empty.error.code == "SW101"
    nested = next(item for item in items if item.id == "b/deep/c.htm")
    assert isinstance(nested, Article) and nested.format == "html" and nested.path == str(root / "b" / "deep" / "c.htm")


def test_file_argument_keeps_its_path_as_id_and_detects_format(tmp_path: Path) -> None:
    f = tmp_path / "page"
    f.write_text("<!doctype html><html><body><p>A page with no extension, said the editor.</p></body></html>")
    (item,) = iter_documents([str(f)])
    assert isinstance(item, Article) and item.id == str(f) and item.format == "html"


def test_file_over_the_limit_is_sw104(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_text("y" * 200)
    (item,) = iter_documents([str(f)], max_bytes=100)
    assert isinstance(item, IngestFailure) and item.error.code == "SW104"


def test_missing_path_is_sw107_and_the_run_goes_on(tmp_path: Path) -> None:
    ok = tmp_path / "ok.txt"
    ok.write_text("Still read, said the clerk.")
    stats: Counter[str] = Counter()
    missing, found = iter_documents([str(tmp_path / "nope.txt"), str(ok)], stats=stats)
    assert isinstance(missing, IngestFailure) and missing.error.code == "SW107"
    assert str(tmp_path / "nope.txt") in missing.error.message
    assert isinstance(found, Article)
    assert stats["failures"] == 1 and stats["documents"] == 1


@pytest.mark.parametrize(
    "data, fmt",
    [
        (b"Ferry Fares Rise\n\nThe operator said fares would rise.", "text"),
        (b"<!doctype html><html><body><p>The operator said fares would rise.</p></body></html>", "html"),
    ],
)
def test_stdin_is_read_as_bytes_and_detected(data: bytes, fmt: str) -> None:
    (item,) = iter_documents(["-"], stdin=io.BytesIO(data))
    assert isinstance(item, Article)
    assert item.id == "stdin" and item.format == fmt
    assert "The operator said fares would rise." in item.text


def test_stdin_over_the_limit_and_empty() -> None:
    (big,) = iter_documents(["-"], stdin=io.BytesIO(b"z" * 50), max_bytes=10)
    (empty,) = iter_documents(["-"], stdin=io.BytesIO(b""))
    assert isinstance(big, IngestFailure) and big.error.code == "SW104"
    assert isinstance(empty, IngestFailure) and empty.error.code == "SW101" and empty.id == "stdin"
