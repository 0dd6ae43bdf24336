"""What one search page costs the store, in CPU time or, under valgrind, in instructions: the query mix of
benchmarks/store_bench.py run through ``Store.search(q, facets=10)`` (what the web app's search page asks) on an
existing store, one thread, nothing else running in the process.

    .venv/bin/python benchmarks/search_cost.py --db /tmp/wb/web-100000.db [--n 400] [--reps 3] [--sql-facets]
    .venv/bin/python benchmarks/search_cost.py --db 'postgresql://…?options=-csearch_path%3Dwebbench_keep_100000'

Use a store that web_bench.py --keep made (its SQLite file, or its PostgreSQL schema). Prints CPU milliseconds per
search: this process's (thread time) and, for a PostgreSQL server on this machine, its backend's (from
/proc/PID/schedstat), the lowest of --reps passes over the first --n queries. ``--sql-facets`` counts the facets in
SQL instead of in memory (``open_store(..., facet_columns=False)``).

CPU time moves with whatever else the machine runs; instructions do not. For those, run it twice under callgrind
and subtract, which leaves the searches alone (startup, the warm-up and loading the facet columns cancel out):

    valgrind --tool=callgrind --callgrind-out-file=/dev/null .venv/bin/python benchmarks/search_cost.py --db D --n 0 --reps 1
    valgrind --tool=callgrind --callgrind-out-file=/dev/null .venv/bin/python benchmarks/search_cost.py --db D --n 80 --reps 1

and divide the difference of the "Collected" totals by 80. (PostgreSQL's backend is another process: this counts
only the client's side there.)
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from store_bench import FACETS, query_mix  # noqa: E402

from saidwho.store import open_store  # noqa: E402

WARM = 20  # searches before timing: connections, statement caches, the facet columns


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True, help="an existing store (a web_bench.py --keep store)")
    ap.add_argument("--n", type=int, default=400, help="searches per pass (default 400)")
    ap.add_argument("--reps", type=int, default=3, help="passes; the lowest is shown (default 3)")
    ap.add_argument("--sql-facets", action="store_true", help="count facets in SQL, not from columns in memory")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    with open_store(args.db, create=False, readers=1, facet_columns=not args.sql_facets) as store:
        with store._read() as cur:
            cur.execute("SELECT DISTINCT source FROM articles")
            domains = sorted(r[0] for r in cur.fetchall())
            backend = None
            if store.backend == "postgres":
                cur.execute("SELECT pg_backend_pid()")
                backend = int(cur.fetchone()[0])
        queries = query_mix(random.Random(args.seed), 2000, domains)
        for q in queries[:WARM]:
            store.search(q, facets=FACETS)
        queries = queries[: args.n]
        best: tuple[float, float] | None = None
        for _ in range(args.reps):
            pg0, own0 = _schedstat(backend), time.thread_time_ns()
            for q in queries:
                store.search(q, facets=FACETS)
            own, pg = time.thread_time_ns() - own0, _schedstat(backend) - pg0
            if queries and (best is None or own + pg < sum(best)):
                best = (own / len(queries) / 1e6, pg / len(queries) / 1e6)
    if best:
        where = f", PostgreSQL backend {best[1]:.2f} ms" if backend else ""
        print(f"{store.backend}, facets {'in SQL' if args.sql_facets else 'in memory'}: {args.n} searches, CPU per search: "
              f"this process {best[0]:.2f} ms{where} (lowest of {args.reps})")
    return 0


def _schedstat(pid: int | None) -> int:
    """Nanoseconds process ``pid`` has run so far (0 when there is none, or it is not on this machine)."""
    if pid is None:
        return 0
    try:
        with open(f"/proc/{pid}/schedstat") as fh:
            return int(fh.read().split()[0])
    except OSError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
