"""Every result of a fixed set of searches, as JSON Lines, so that two versions of the store's code can be compared
on the same store: same hits in the same order, totals, ranks, snippets and facets.

    .venv/bin/python benchmarks/search_dump.py --db /tmp/wb/web-100000.db > new.jsonl
    (cd OLD_CHECKOUT && .venv/bin/python benchmarks/search_dump.py --db /tmp/wb/web-100000.db) > old.jsonl
    cmp old.jsonl new.jsonl

(An older checkout without this script: copy it into that checkout's benchmarks/, which imports that checkout's
code.) The searches: the query mix of benchmarks/store_bench.py for two seeds (400 each), a page with facets for
each, every fourth also as a page alone and as facets alone, and a few edge cases (empty and unmatched queries,
stop words, unbalanced quotes, deep pages of a capped match, rare words, filters alone).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from store_bench import FACETS, query_mix  # noqa: E402  (puts this checkout's src first on the path)

from saidwho.store import SearchQuery, open_store  # noqa: E402

EDGE = [
    SearchQuery(""), SearchQuery("the"), SearchQuery("zzzqqq"), SearchQuery('"river'), SearchQuery('harbour "'),
    SearchQuery("river", limit=20, offset=980), SearchQuery("river", limit=20, offset=1000),
    SearchQuery("river talks treaty harbour"), SearchQuery("", since="2026-06", until="2026-06-30"),
    SearchQuery("", source="com"), SearchQuery("tariff", until="2025-01-15"), SearchQuery("budget", limit=0),
    SearchQuery('"minister will"', limit=50), SearchQuery("the of", since="2026-12"),
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True, help="an existing store")
    ap.add_argument("--sql-facets", action="store_true", help="count facets in SQL, not from columns in memory")
    args = ap.parse_args(argv)
    with open_store(args.db, create=False, readers=1, facet_columns=not args.sql_facets) as store:
        with store._read() as cur:
            cur.execute("SELECT DISTINCT source FROM articles")
            domains = sorted(r[0] for r in cur.fetchall())
            cur.execute("SELECT registry_id FROM quotes WHERE registry_id IS NOT NULL ORDER BY id LIMIT 1")
            speaker = cur.fetchone()
        queries = query_mix(random.Random(1), 400, domains) + query_mix(random.Random(2), 400, domains) + EDGE
        if speaker:
            queries += [SearchQuery("", speaker=speaker[0]), SearchQuery("said", speaker=speaker[0])]
        for k, q in enumerate(queries):
            out = {"query": [q.text, q.speaker, q.source, q.since, q.until, q.limit, q.offset],
                   "page": store.search(q, facets=FACETS).to_json()}
            if k % 4 == 0:
                out["alone"] = store.search(q).to_json()
                out["facets"] = store.facets(q, limit=FACETS).to_json()
            sys.stdout.write(json.dumps(out, ensure_ascii=False, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
