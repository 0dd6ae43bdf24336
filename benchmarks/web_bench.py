"""Search latency of the web app over HTTP on loopback: a store of N synthetic quotes, `saidwho serve` in front of it,
and wrk holding 32 connections open, each sending its next request as soon as the last one is answered.

    .venv/bin/python benchmarks/web_bench.py [--quotes 100000] [--pg URL] [--clients 32] [--duration 20]
                                             [--workers 2] [--keep DIR]

The store is the synthetic corpus of benchmarks/store_bench.py (invented pages: speakers with spelling variants,
40 source domains, two years of dates). The request mix is that benchmark's query mix — words, phrases, speaker,
source and date filters, filters alone, pages 2 and 3 — sent as the search page's JSON twin with its facets
(`/api/search?…`, what the page itself computes) and as the HTML page (`/?…`), each run for --duration seconds.
Prints latency p50/p95/p99 and requests per second for each, for SQLite and (with --pg) PostgreSQL. Needs wrk
(Debian: apt-get install wrk). The client shares the machine's cores with the server, as on a one-box deployment.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from store_bench import query_mix, synthetic_records, temporary_schema  # noqa: E402

from saidwho.store import SearchQuery, open_store  # noqa: E402

LUA = r"""
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%d %%.3f %%.3f %%.3f %%.3f\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def params_of(q: SearchQuery) -> dict[str, Any]:
    out: dict[str, Any] = {"q": q.text}
    for key, value in q.filters().items():
        if value:
            out[key] = value
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(base: str, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server stopped (exit {proc.returncode})")
        try:
            with urllib.request.urlopen(base + "/api/stats", timeout=2) as r:
                json.load(r)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the server did not answer within a minute")


def run_wrk(base: str, paths: list[str], clients: int, duration: int, work: Path) -> dict[str, float]:
    listing = work / f"paths-{uuid.uuid4().hex[:6]}.txt"
    listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
    script = work / "mix.lua"
    script.write_text(LUA % {"paths": str(listing)}, encoding="utf-8")
    out = subprocess.run(
        ["wrk", "-t2", f"-c{clients}", f"-d{duration}s", "--timeout", "10s", "-s", str(script), base],
        capture_output=True, text=True, check=True,
    ).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("RESULT "))
    n, errors, micros, p50, p95, p99, worst = line.split()[1:]
    seconds = int(micros) / 1e6
    return {"requests": int(n), "errors": int(errors), "rps": int(n) / seconds, "p50": float(p50), "p95": float(p95),
            "p99": float(p99), "max": float(worst)}


def bench(url: str, label: str, records: list[dict[str, Any]], args: argparse.Namespace, work: Path) -> None:
    t = time.perf_counter()
    with open_store(url) as store:
        if store.counts()["quotes"] == 0:
            store.ingest(records)
        counts = store.counts()
        domains = sorted({r["url"].split("/")[2] for r in records})
    print(f"{label}: {counts['quotes']:,} quotes in {counts['articles']:,} articles ready in {time.perf_counter() - t:.1f} s")
    queries = query_mix(random.Random(args.seed), 2000, domains)
    api = ["/api/search?" + urlencode({**params_of(q), "limit": q.limit, "offset": q.offset}, quote_via=quote) for q in queries]
    html = ["/?" + urlencode({**params_of(q), "page": q.offset // 20 + 1}, quote_via=quote) for q in queries]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "saidwho", "serve", "--db", url, "--port", str(port), "--workers", str(args.workers)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        wait_up(base, proc)
        run_wrk(base, api[:200], args.clients, 3, work)  # warm-up: connections, page cache, prepared statements
        for name, paths in (("JSON /api/search (with facets)", api), ("HTML search page /", html)):
            r = run_wrk(base, paths, args.clients, args.duration, work)
            print(f"  {name}: {r['requests']:,} requests in {args.duration} s = {r['rps']:,.0f}/s, {r['errors']} errors; "
                  f"latency p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, p99 {r['p99']:.1f} ms, max {r['max']:.0f} ms")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quotes", type=int, default=100_000)
    ap.add_argument("--pg", metavar="URL", help="also measure a PostgreSQL store (a new schema, dropped afterwards)")
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--duration", type=int, default=20, help="seconds per run (default 20)")
    ap.add_argument("--workers", type=int, default=2, help="server worker processes (default 2, one per core here)")
    ap.add_argument("--keep", metavar="DIR", help="keep (or reuse) the SQLite store in DIR")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("web_bench needs wrk: apt-get install wrk")
    print(f"web_bench: {os.cpu_count()} cores, {args.clients} clients, {args.workers} server workers, {args.duration} s a run")
    records = synthetic_records(args.quotes, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        where = Path(args.keep) if args.keep else work
        where.mkdir(parents=True, exist_ok=True)
        bench(str(where / f"web-{args.quotes}.db"), "SQLite", records, args, work)
        if args.pg:
            with temporary_schema(args.pg, "webbench") as url:
                bench(url, "PostgreSQL", records, args, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
