"""Search latency of the web app over HTTP on loopback: a store of N synthetic quotes, `saidwho serve` in front of it,
and wrk holding 32 connections open, each sending its next request as soon as the last one is answered.

    .venv/bin/python benchmarks/web_bench.py [--quotes 100000] [--pg URL] [--clients 32] [--duration 20]
                                             [--workers 2] [--readers N] [--keep DIR] [--pg-schema NAME] [--runs N]
                                             [--only sqlite|pg] [--what json|html]

The store is the synthetic corpus of benchmarks/store_bench.py (invented pages: speakers with spelling variants,
40 source domains, two years of dates). The request mix is that benchmark's query mix — words, phrases, speaker,
source and date filters, filters alone, pages 2 and 3 — sent as the search page's JSON twin with its facets
(`/api/search?…`, what the page itself computes) and as the HTML page (`/?…`), each run for --duration seconds.
Prints latency p50/p95/p99 and requests per second for each, for SQLite and (with --pg) PostgreSQL, and the CPU
time each request cost: the server's worker processes, the PostgreSQL backends (every process named postgres) and
wrk, from /proc and the kernel's accounting, which is steadier than latency on a shared machine; "other" is what
the rest of the machine used meanwhile (another job on the cores makes the latency figures worse), and "steal" the
time a virtual machine's cores waited for its host (a busy host makes them slower without any load showing). Needs wrk
(Debian: apt-get install wrk). The client shares the machine's cores with the server, as on a one-box deployment.
With --keep DIR the SQLite store is kept in DIR and the PostgreSQL one in schema ``webbench_keep_N`` (N quotes) of
the --pg database (or --pg-schema NAME), and both are reused by the next run.
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

from saidwho.errors import StoreSchemaMismatch  # noqa: E402
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


def run_wrk(base: str, paths: list[str], clients: int, duration: int, work: Path, server: int) -> dict[str, float]:
    listing = work / f"paths-{uuid.uuid4().hex[:6]}.txt"
    listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
    script = work / "mix.lua"
    script.write_text(LUA % {"paths": str(listing)}, encoding="utf-8")
    out_file = work / "wrk.out"
    before = cpu_snapshot(server)
    with open(out_file, "w") as fh:
        proc = subprocess.Popen(
            ["wrk", "-t2", f"-c{clients}", f"-d{duration}s", "--timeout", "10s", "-s", str(script), base], stdout=fh,
        )
        _, status, usage = os.wait4(proc.pid, 0)
    after = cpu_snapshot(server)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"wrk failed (exit {os.waitstatus_to_exitcode(status)})")
    out = out_file.read_text()
    line = next(ln for ln in out.splitlines() if ln.startswith("RESULT "))
    n, errors, micros, p50, p95, p99, worst = line.split()[1:]
    seconds = int(micros) / 1e6
    requests = max(int(n), 1)
    server_s, pg_s = after["server"] - before["server"], after["postgres"] - before["postgres"]
    wrk_s = usage.ru_utime + usage.ru_stime
    other_s = (after["machine"] - before["machine"]) - server_s - pg_s - wrk_s
    return {"requests": int(n), "errors": int(errors), "rps": int(n) / seconds, "p50": float(p50), "p95": float(p95),
            "p99": float(p99), "max": float(worst), "server_ms": 1000 * server_s / requests,
            "server_sys_ms": 1000 * (after["server_sys"] - before["server_sys"]) / requests,
            "pg_ms": 1000 * pg_s / requests, "wrk_ms": 1000 * wrk_s / requests, "other_cores": other_s / seconds,
            "steal_cores": (after["steal"] - before["steal"]) / seconds}


TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_snapshot(server: int) -> dict[str, float]:
    """CPU seconds used so far by the server's process group (``server``: its id; also its system time alone), by
    every process named postgres, and by the whole machine (busy time, all cores; and ``steal``, the time a virtual
    machine's cores waited for the host, which counts as busy in none of these)."""
    out = {"server": 0.0, "server_sys": 0.0, "postgres": 0.0, "machine": 0.0, "steal": 0.0}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as fh:
                stat = fh.read()
        except OSError:  # the process ended meanwhile
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        used = (int(fields[11]) + int(fields[12])) / TICK  # utime, stime
        if int(fields[2]) == server:  # process group
            out["server"] += used
            out["server_sys"] += int(fields[12]) / TICK
        elif name.startswith("postgres"):
            out["postgres"] += used
    with open("/proc/stat") as fh:
        values = [int(v) for v in fh.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal guest guest_nice; guest time is counted in user and nice too
    steal = values[7] if len(values) > 7 else 0
    out["machine"] = (sum(values[:7]) - values[3] - values[4]) / TICK
    out["steal"] = steal / TICK
    return out


def bench(url: str, label: str, records: list[dict[str, Any]], args: argparse.Namespace, work: Path) -> None:
    t = time.perf_counter()
    try:
        store = open_store(url)
    except StoreSchemaMismatch as exc:  # a store kept by a saidwho of other tables
        raise SystemExit(f"web_bench: {exc.message}; with --keep, delete that store or keep another (a new --keep "
                         "DIR, or --pg-schema NAME)") from None
    with store:
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
    # this checkout's code first, then whatever the caller's PYTHONPATH adds (packages installed apart, say)
    paths = (str(HERE.parent / "src"), os.environ.get("PYTHONPATH", ""))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "saidwho", "serve", "--db", url, "--port", str(port), "--workers", str(args.workers),
         *(["--readers", str(args.readers)] if args.readers else [])],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        wait_up(base, proc)
        run_wrk(base, api[:200], args.clients, 3, work, proc.pid)  # warm-up: connections, page cache, statements
        mixes = {"json": ("JSON /api/search (with facets)", api), "html": ("HTML search page /", html)}
        for what in args.what or ("json", "html"):
            name, paths = mixes[what]
            for _ in range(args.runs):
                r = run_wrk(base, paths, args.clients, args.duration, work, proc.pid)
                print(f"  {name}: {r['requests']:,} requests in {args.duration} s = {r['rps']:,.0f}/s, {r['errors']} "
                      f"errors; latency p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, p99 {r['p99']:.1f} ms, max "
                      f"{r['max']:.0f} ms; CPU per request: server {r['server_ms']:.2f} ms (system "
                      f"{r['server_sys_ms']:.2f}), PostgreSQL {r['pg_ms']:.2f} ms, wrk {r['wrk_ms']:.2f} ms; other load {r['other_cores']:.2f} cores, "
                      f"steal {r['steal_cores']:.2f} cores",
                      flush=True)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def kept_schema(pg_url: str, schema: str) -> str:
    """The address of schema ``schema`` in the PostgreSQL database at ``pg_url``, created if missing and kept."""
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    sep = "&" if "?" in pg_url else "?"
    return f"{pg_url}{sep}options=-csearch_path%3D{schema}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quotes", type=int, default=100_000)
    ap.add_argument("--pg", metavar="URL", help="also measure a PostgreSQL store (a new schema, dropped afterwards)")
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--duration", type=int, default=20, help="seconds per run (default 20)")
    ap.add_argument("--workers", type=int, default=2, help="server worker processes (default 2, one per core here)")
    ap.add_argument("--readers", type=int, help="searches each worker runs at once (default: saidwho serve's)")
    ap.add_argument("--keep", metavar="DIR", help="keep (or reuse) the SQLite store in DIR, and the PostgreSQL one "
                    "in schema webbench_keep_N of the --pg database")
    ap.add_argument("--pg-schema", metavar="NAME", help="with --keep, the PostgreSQL schema to keep (or reuse) the store "
                    "in, instead of webbench_keep_N (a store made before a change of its tables' layout)")
    ap.add_argument("--runs", type=int, default=1, help="wrk runs per request kind (default 1)")
    ap.add_argument("--only", choices=("sqlite", "pg"), help="measure one backend only")
    ap.add_argument("--what", choices=("json", "html"), action="append", help="measure only this request kind "
                    "(repeatable; default both)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("web_bench needs wrk: apt-get install wrk")
    print(f"web_bench: {os.cpu_count()} cores, {args.clients} clients, {args.workers} server workers, {args.duration} s a run")
    records = synthetic_records(args.quotes, args.seed)  # also when reusing a store: the query mix needs the domains
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        where = Path(args.keep) if args.keep else work
        where.mkdir(parents=True, exist_ok=True)
        if args.only != "pg":
            bench(str(where / f"web-{args.quotes}.db"), "SQLite", records, args, work)
        if args.pg and args.only != "sqlite":
            if args.keep:
                bench(kept_schema(args.pg, args.pg_schema or f"webbench_keep_{args.quotes}"), "PostgreSQL", records, args, work)
            else:
                with temporary_schema(args.pg, "webbench") as url:
                    bench(url, "PostgreSQL", records, args, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
