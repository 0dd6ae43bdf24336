"""Generated test corpora for the batch runner: invented news pages (seeded, so the same every time) written as
HTML, JSON Lines and WARC files. The WARC writer is written here, by hand, to the WARC/1.0 format, so that the
test can also write what a crawler sometimes leaves: request and revisit records, non-HTML responses, a charset the
header names wrongly, a 404, a warcinfo record, a record cut short by the end of the file."""

from __future__ import annotations

import gzip
import json
import random
import uuid
from pathlib import Path

FIRST = ["Anna", "Tomas", "Leila", "Marek", "Sofia", "Oren", "Ines", "Pavel", "Greta", "Hugo", "Nadia", "Emil"]
LAST = ["Varga", "Lindqvist", "Okafor", "Brennan", "Castell", "Moreau", "Halvorsen", "Petrescu", "Quinn", "Adair"]
ROLES = ["the mayor", "a union leader", "the finance minister", "the club's coach", "a hospital spokeswoman"]
TOPICS = ["the harbour bridge", "the new tram line", "school budgets", "the river flood defences", "the stadium deal"]
SAYS = ["said", "told reporters", "added", "insisted"]
LINES = [
    "We will finish this before the winter",
    "Nobody asked the people who live here",
    "The numbers simply do not add up",
    "This is the best outcome we could have hoped for",
    "We are not going to give up now",
]


def page(n: int) -> dict[str, str]:
    """The n-th invented article: id, url, title and a short text with two direct quotations and a reported one."""
    rng = random.Random(n)
    a, b = f"{rng.choice(FIRST)} {rng.choice(LAST)}", f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    topic = rng.choice(TOPICS)
    title = f"Row over {topic} deepens ({n})"
    paras = [
        f"The council met on Tuesday to discuss {topic}, story number {n}.",
        f"\u201c{rng.choice(LINES)},\u201d {a}, {rng.choice(ROLES)}, {rng.choice(SAYS)}.",
        f"{b} disagreed. \u201c{rng.choice(LINES)}. {rng.choice(LINES)},\u201d {b.split()[1]} said.",
        f"{a.split()[1]} said that a decision on {topic} would come next month.",
    ]
    return {"id": f"doc-{n:05d}", "url": f"https://news.example/{n}", "title": title, "text": "\n\n".join(paras)}


def html(p: dict[str, str], charset: str = "utf-8") -> str:
    body = "".join(f"<p>{para}</p>" for para in p["text"].split("\n\n"))
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{p["title"]}</title></head>'
        f"<body><nav>Home | World | Sport</nav><article><h1>{p['title']}</h1>{body}</article>"
        "<footer>Copyright News Example</footer></body></html>"
    )


def write_jsonl(path: Path, pages: list[dict[str, str]], *, gz: bool = False) -> None:
    data = "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pages).encode("utf-8")
    path.write_bytes(gzip.compress(data, mtime=0) if gz else data)


# ------------------------------------------------------------------------------------------------ WARC


def warc_record(wtype: str, uri: str | None, block: bytes, *, rid: str | None = None, http: bool = True) -> bytes:
    headers = [
        "WARC/1.0",
        f"WARC-Type: {wtype}",
        f"WARC-Record-ID: <urn:uuid:{rid or uuid.uuid4()}>",
        "WARC-Date: 2026-11-01T12:00:00Z",
    ]
    if uri:
        headers.append(f"WARC-Target-URI: {uri}")
    if http and wtype in ("response", "revisit"):
        headers.append("Content-Type: application/http; msgtype=response")
    elif http and wtype == "request":
        headers.append("Content-Type: application/http; msgtype=request")
    else:
        headers.append("Content-Type: application/warc-fields")
    headers.append(f"Content-Length: {len(block)}")
    return ("\r\n".join(headers) + "\r\n\r\n").encode("ascii") + block + b"\r\n\r\n"


def http_response(body: bytes, content_type: str, status: str = "200 OK") -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode("ascii") + body


def response(p: dict[str, str], n: int) -> bytes:
    return warc_record("response", p["url"], http_response(html(p).encode("utf-8"), "text/html; charset=UTF-8"), rid=_rid(n))


def _rid(n: int) -> str:
    return str(uuid.UUID(int=n + 1))


def build_warc(path: Path, pages: int, *, start: int = 0, extras: bool = True, gz: bool = True) -> dict[str, int]:
    """A WARC (gzipped record by record, as Common Crawl's are) with ``pages`` HTML responses, each preceded by its
    request record; with ``extras``, also a warcinfo record, a PDF, a JSON response, a 404, a revisit, a
    Windows-1252 page whose header names an unknown charset, and a final record cut short. Returns what a reader
    should count: pages (HTML responses to process) and each skip reason."""
    records = []
    expect = {"pages": 0, "warc_request": 0}
    if extras:
        records.append(warc_record("warcinfo", None, b"software: saidwho-tests\r\n", http=False))
        expect["warc_other_record_type"] = 1
    for i in range(start, start + pages):
        p = page(i)
        records.append(warc_record("request", p["url"], f"GET /{i} HTTP/1.1\r\nHost: news.example\r\n\r\n".encode()))
        records.append(response(p, i))
        expect["pages"] += 1
        expect["warc_request"] += 1
        if extras and i % 500 == 7:
            records.append(warc_record("response", p["url"] + ".pdf", http_response(b"%PDF-1.7 ...", "application/pdf")))
            records.append(warc_record("response", p["url"] + ".json", http_response(b'{"a": 1}', "application/json")))
            records.append(warc_record("response", p["url"] + "/gone", http_response(b"<html>gone</html>", "text/html", "404 Not Found")))
            records.append(warc_record("revisit", p["url"], b"HTTP/1.1 200 OK\r\n\r\n"))
            expect["not_html"] = expect.get("not_html", 0) + 2
            expect["http_status_not_200"] = expect.get("http_status_not_200", 0) + 1
            expect["warc_revisit"] = expect.get("warc_revisit", 0) + 1
    if extras:
        q = page(10**6)
        latin = html(q, "windows-1252").replace("council", "conseil d\u00e9partemental").encode("cp1252")
        records.append(warc_record("response", q["url"], http_response(latin, "text/html; charset=x-no-such-charset"), rid=_rid(10**6)))
        expect["pages"] += 1
        cut = warc_record("response", "https://news.example/cut", http_response(html(page(10**6 + 1)).encode(), "text/html"))
        records.append(cut[: len(cut) // 2])
        expect["truncated_record"] = 1
    with open(path, "wb") as fh:
        for rec in records:
            fh.write(gzip.compress(rec, mtime=0) if gz else rec)
    return expect
