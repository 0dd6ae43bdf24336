"""Ingest rate and search latency of the store, on a synthetic corpus built here (no data files needed).

    .venv/bin/python benchmarks/store_bench.py [--quotes N] [--pg URL] [--threads 32] [--queries 400] [--seed 1]
                                               [--readers N]

Builds N quotes (default 100,000; about 5 per page) of made-up pages: speakers drawn from a pool of invented names
(some pages spell a name differently or give the surname only, as real pages do), 40 source domains, dates over two
years, sentences from a word list. Ingests them into a new SQLite store in a temporary directory (and into the
PostgreSQL database at URL when --pg is given: the tables go in a new schema, dropped afterwards), then runs a mix
of searches — words, phrases, speaker, source and date filters, filters alone, pages 2 and 3 — three ways, each
from --threads threads at once and then from one thread, calling the Store directly:

- search: ``Store.search(query)`` alone;
- web page, two calls: ``search(query)`` then ``facets(query, limit=10)``, as the web app's search page does;
- web page, one call: ``search(query, facets=10)``, the same page and facets from one statement.

Prints records/s, quotes/s, the speaker-merge time; per way, latency p50/p95/p99 with throughput, and how busy the
machine's cores were meanwhile (the benchmark's own process and anything else: the figures are only comparable
on an otherwise idle machine). Nothing is cached between calls.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from saidwho.model import SCHEMA_VERSION
from saidwho.store import SearchQuery, Store, open_store, search

WORDS = (
    "river talks treaty harbour minister budget election court ruling vote border trade tariff ferry bridge "
    "strike union wages health hospital school teachers police reform climate drought harvest farmers energy "
    "prices inflation bank rates loan debt bonds market shares company merger airline airport railway port "
    "fishing quota ceasefire sanctions embassy summit agreement parliament coalition opposition campaign poll "
    "mayor council housing rents tenants flood storm coast water supply tax spending deficit pension refugees "
    "asylum visa customs smuggling corruption inquiry report audit contract tender defence army navy missile"
).split()
FILLER = "the a of to in on for with will would not has have is was be that this by from its their our".split()
GIVEN = "Oona Teodor Sergei Maria Jonas Amira Khaled Ivan Lucia Pieter Ana Tomasz Greta Nadia Omar Elena Rafael Ines".split()
SURNAMES = [a + b for a in "Brek Vasq Lavr Lind Kov Ferr Mart Hald Ostr Pell Rask Sund Taver Ulm Wend Zar".split()
            for b in ("ke", "uel", "ov", "qvist", "acs", "ante", "inez", "orsen")]
VARIANTS = {"Sergei": "Sergey", "Khaled": "Khalid", "Maria": "Marija", "Ivan": "Iwan"}
ROLES = ["minister", "spokeswoman", "senator", "mayor", "chief executive", "professor"]


def sentence(rnd: random.Random, n: int) -> str:
    words = [rnd.choice(WORDS) if rnd.random() < 0.45 else rnd.choice(FILLER) for _ in range(n)]
    return " ".join(words)


def synthetic_records(n_quotes: int, seed: int) -> list[dict[str, Any]]:
    """Made-up saidwho/2 records with correct offsets, about five quotes each."""
    rnd = random.Random(seed)
    people = [(rnd.choice(GIVEN), rnd.choice(SURNAMES)) for _ in range(3000)]
    domains = [f"{w}-{k}.{tld}" for k, (w, tld) in enumerate(zip(rnd.sample(WORDS, 40), ["org", "com", "net", "co.uk"] * 10))]
    records, made, page = [], 0, 0
    while made < n_quotes:
        k = min(rnd.randint(2, 8), n_quotes - made)
        page += 1
        text, quotes, speakers = f"Report {page}\n\n", [], {}
        for j in range(k):
            given, surname = rnd.choice(people[: 300 if rnd.random() < 0.6 else 3000])  # some people are quoted a lot
            if given in VARIANTS and rnd.random() < 0.3:
                given = VARIANTS[given]
            name = f"{given} {surname}" if rnd.random() < 0.9 else surname
            said = sentence(rnd, rnd.randint(6, 30))
            if rnd.random() < 0.6:
                text += "“"
                s = len(text)
                text += said
                e = len(text)
                text += ",” "
                ms = len(text)
                text += name
                me = len(text)
                text += " said. "
                cue = [me + 1, me + 5]
                kind = "direct"
            else:
                ms = len(text)
                text += name
                me = len(text)
                text += " said that "
                cue = [me + 1, me + 5]
                s = len(text)
                text += said
                e = len(text)
                text += ". "
                kind = "indirect"
            text += sentence(rnd, rnd.randint(10, 40)).capitalize() + ".\n\n"
            if name not in speakers:
                speakers[name] = {"id": f"s{len(speakers) + 1}", "name": name, "type": "person", "aliases": [name],
                                  "roles": [rnd.choice(ROLES)] if rnd.random() < 0.5 else [], "description": None}
            sid = speakers[name]["id"]
            quotes.append({"id": f"q{j + 1}", "kind": kind, "content": [[s, e]], "text": said, "cue": [cue],
                           "speaker": {"id": sid, "name": name, "mention": [[ms, me]], "via": "name"},
                           "confidence": round(rnd.random(), 3)})
        day = rnd.randint(0, 729)
        published = time.strftime("%Y-%m-%d", time.gmtime(1735689600 + day * 86400))
        domain = rnd.choice(domains)
        records.append({
            "schema": SCHEMA_VERSION, "id": f"page-{page}", "url": f"https://{domain}/story/{page}",
            "title": f"Report {page}", "authors": [], "published": published, "format": "text", "text": text,
            "body": [[0, len(text)]], "quotes": quotes, "speakers": list(speakers.values()), "voice": None,
            "error": None,
        })
        made += k
    return records


def query_mix(rnd: random.Random, n: int, domains: list[str]) -> list[SearchQuery]:
    out = []
    for i in range(n):
        kind = i % 8
        w1, w2, w3 = rnd.sample(WORDS, 3)
        if kind == 0:
            q = SearchQuery(w1)
        elif kind == 1:
            q = SearchQuery(f"{w1} {w2}")
        elif kind == 2:
            q = SearchQuery(f'"{w1} {rnd.choice(FILLER)} {w2}"')
        elif kind == 3:
            q = SearchQuery(w1, speaker=f"{rnd.choice(GIVEN)} {rnd.choice(SURNAMES)}")
        elif kind == 4:
            q = SearchQuery(f"{w1} {w2}", source=rnd.choice(domains))
        elif kind == 5:
            month = rnd.randint(1, 12)
            q = SearchQuery(w1, since=f"2025-{month:02d}", until=f"2026-{month:02d}")
        elif kind == 6:
            q = SearchQuery("", source=rnd.choice(domains), since="2026")
        else:
            q = SearchQuery(f"{w1} {w2} {w3}", limit=20, offset=rnd.choice([20, 40]))
        out.append(q)
    return out


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


FACETS = 10  # facet rows per kind, as the web app shows


def machine_busy() -> tuple[int, int] | None:
    """(all, idle) jiffies of the whole machine so far, from /proc/stat (None where there is none)."""
    try:
        with open("/proc/stat") as fh:
            values = [int(v) for v in fh.readline().split()[1:]]
    except OSError:
        return None
    return sum(values), values[3] + values[4]


def timed_run(call: Callable[[SearchQuery], Any], queries: list[SearchQuery], threads: int) -> dict[str, float]:
    """Latencies (ms) of ``call`` over ``queries`` from ``threads`` threads at once, throughput, cores busy."""
    def one(q: SearchQuery) -> float:
        t = time.perf_counter()
        call(q)
        return (time.perf_counter() - t) * 1000

    before, wall = machine_busy(), time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        lat = list(pool.map(one, queries))
    wall, after = time.perf_counter() - wall, machine_busy()
    busy = float("nan")
    if before and after and after[0] > before[0]:
        busy = (os.cpu_count() or 1) * (1 - (after[1] - before[1]) / (after[0] - before[0]))
    return {"qps": len(queries) / wall, "p50": percentile(lat, 50), "p95": percentile(lat, 95),
            "p99": percentile(lat, 99), "mean": statistics.fmean(lat), "busy": busy}


def bench(store: Store, records: list[dict[str, Any]], n_quotes: int, threads: int, n_queries: int, seed: int) -> None:
    start = time.perf_counter()
    report = store.ingest(records)
    seconds = time.perf_counter() - start
    print(f"  ingest: {report.summary()}")
    print(f"  ingest: {len(records) / seconds:,.0f} records/s, {n_quotes / seconds:,.0f} quotes/s "
          f"({seconds:.1f} s, of which speaker merge {report.speakers_seconds:.1f} s); store: {store.counts()}")
    again = time.perf_counter()
    rerun = store.ingest(records)
    print(f"  re-ingest (all unchanged): {time.perf_counter() - again:.1f} s, {rerun.unchanged:,} unchanged")
    domains = sorted({r["url"].split("/")[2] for r in records})
    queries = query_mix(random.Random(seed), n_queries, domains)
    pages = [store.search(q) for q in queries]
    print(f"  queries: {len(queries)}, median total matched {statistics.median(p.total for p in pages):.0f}, "
          f"{sum(p.capped for p in pages)} of them over the {search.CANDIDATES:,}-quote cap")
    ways: list[tuple[str, Callable[[SearchQuery], Any]]] = [
        ("search", lambda q: store.search(q)),
        ("web page, two calls", lambda q: (store.search(q), store.facets(q, limit=FACETS))),
        ("web page, one call", lambda q: store.search(q, facets=FACETS)),
    ]
    for name, call in ways:
        timed_run(call, queries[: 2 * threads], threads)  # warm the connections and the page cache
        many = timed_run(call, queries, threads)
        single = timed_run(call, queries[:100], 1)
        print(f"  {name}: {threads} threads: {many['qps']:,.0f}/s, latency p50 {many['p50']:.1f} ms, "
              f"p95 {many['p95']:.1f} ms, p99 {many['p99']:.1f} ms, mean {many['mean']:.1f} ms "
              f"(cores busy {many['busy']:.1f}); one thread: p50 {single['p50']:.1f} ms, p95 {single['p95']:.1f} ms, "
              f"mean {single['mean']:.1f} ms")
    t = time.perf_counter()
    store.facets(queries[0], limit=FACETS)
    print(f"  facets for {queries[0].text!r}: {1000 * (time.perf_counter() - t):.1f} ms")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quotes", type=int, default=100_000, help="quotes to generate (default 100,000)")
    ap.add_argument("--pg", metavar="URL", help="also benchmark this PostgreSQL database (in a new schema)")
    ap.add_argument("--threads", type=int, default=32, help="concurrent search threads (default 32)")
    ap.add_argument("--queries", type=int, default=400, help="searches to time (default 400)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--readers", type=int, help="reader slots of the Store (default: twice the cores)")
    args = ap.parse_args(argv)
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    print(f"machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}"
          + (f", load average {load[0]:.2f} at start" if load else ""))
    t = time.perf_counter()
    records = synthetic_records(args.quotes, args.seed)
    print(f"corpus: {len(records):,} records, {args.quotes:,} quotes, "
          f"{sum(len(r['text']) for r in records) / 1e6:.1f} M characters (generated in {time.perf_counter() - t:.1f} s)")
    with tempfile.TemporaryDirectory() as tmp:
        print("SQLite:")
        with open_store(os.path.join(tmp, "bench.db"), readers=args.readers) as store:
            bench(store, records, args.quotes, args.threads, args.queries, args.seed)
        print(f"  file size: {os.path.getsize(os.path.join(tmp, 'bench.db')) / 1e6:.0f} MB")
    if args.pg:
        with temporary_schema(args.pg, "bench") as url:
            print("PostgreSQL:")
            with open_store(url, readers=args.readers) as store:
                bench(store, records, args.quotes, args.threads, args.queries, args.seed)
    return 0


@contextmanager
def temporary_schema(pg_url: str, prefix: str) -> Iterator[str]:
    """The address of a new, empty schema in the PostgreSQL database at ``pg_url``, dropped afterwards."""
    import psycopg

    schema = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in pg_url else "?"
    try:
        yield f"{pg_url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


if __name__ == "__main__":
    sys.exit(main())
