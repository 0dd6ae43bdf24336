"""Throughput of `saidwho batch`: 1 and 2 local workers (scaling efficiency), local versus Ray, peak memory per
worker, and the per-core figures a CC-NEWS month projection needs.

    .venv/bin/python benchmarks/batch_bench.py [--corpus JSONL] [--repeat 3] [--no-ray] [--json]

The corpus is a JSONL file of articles ({"id", "text"} per line), repeated ``--repeat`` times with new ids; by
default the PolNeAR dev split in ../shared/benchmarks/polnear/ (real news, ~4,600 characters an article), else
generated pages (tests/corpusgen.py; short and regular, so faster than real news). Each run is a fresh
`run_batch` into a temporary directory, timed on the wall clock from start to summary: worker start and model
loading included. Nothing is downloaded.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])  # Ray's workers too
POLNEAR_DEV = ROOT.parent / "shared" / "benchmarks" / "polnear" / "dev.jsonl"


def make_corpus(src: Path | None, repeat: int, out: Path) -> tuple[int, int, str]:
    """Write the benchmark corpus to ``out``; returns (documents, characters, description)."""
    if src is not None:
        lines = [json.loads(line) for line in src.read_text(encoding="utf-8").splitlines() if line.strip()]
        docs = [{"id": f"{d.get('id', i)}#{r}", "text": d["text"]} for r in range(repeat) for i, d in enumerate(lines)]
        what = f"{src.name} x{repeat}"
    else:
        sys.path.insert(0, str(ROOT / "tests"))
        from corpusgen import page

        docs = [page(k) for k in range(200 * repeat)]
        what = f"generated pages ({len(docs)})"
    with open(out, "w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    return len(docs), sum(len(d["text"]) for d in docs), what


def run(corpus: Path, engine: str, workers: int, shard_size: int) -> dict:
    from saidwho.runners.batch import BatchConfig, run_batch

    with tempfile.TemporaryDirectory() as out:
        t = time.perf_counter()
        summary = run_batch(BatchConfig(inputs=[str(corpus)], out=out, engine=engine, workers=workers, shard_size=shard_size))
        wall = time.perf_counter() - t
        rss: dict[int, float] = {}
        for marker in Path(out).glob("part-*.done"):
            m = json.loads(marker.read_text())
            rss[m["worker_pid"]] = max(rss.get(m["worker_pid"], 0), m["worker_peak_rss_mb"])
            summary["worker_cpu_seconds"] = summary.get("worker_cpu_seconds", 0.0) + m["cpu_seconds"]
    assert summary["adds_up"] and summary["failed"] == 0, summary
    return {
        "engine": engine,
        "workers": workers,
        "documents": summary["processed"],
        "quotes": summary["quotes"],
        "wall_seconds": round(wall, 2),
        "docs_per_second": round(summary["processed"] / wall, 2),
        "cpu_seconds_per_doc": round(summary["worker_cpu_seconds"] / summary["processed"], 4),  # model loading excluded
        "worker_peak_rss_mb": sorted(rss.values()),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=POLNEAR_DEV if POLNEAR_DEV.exists() else None)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--shard-size", type=int, default=12)
    ap.add_argument("--no-ray", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        n, chars, what = make_corpus(args.corpus, args.repeat, corpus)
        runs = [run(corpus, "local", 1, args.shard_size), run(corpus, "local", 2, args.shard_size)]
        if not args.no_ray:
            runs.append(run(corpus, "ray", 2, args.shard_size))
    one, two = runs[0], runs[1]
    speedup = two["docs_per_second"] / one["docs_per_second"]
    per_core = one["docs_per_second"]
    result = {
        "corpus": what,
        "documents": n,
        "characters": chars,
        "machine": f"{os.cpu_count()} cores, {platform.platform()}, CPython {platform.python_version()}",
        "runs": runs,
        "speedup_2_vs_1": round(speedup, 3),
        "scaling_efficiency": round(speedup / 2, 3),
        "projection_inputs": {
            "docs_per_second_per_core": per_core,
            "cpu_seconds_per_doc_in_worker": one["cpu_seconds_per_doc"],
            "cpu_hours_per_million_docs_wall": round(1e6 / per_core / 3600, 1),
            "cpu_hours_per_million_docs_cpu_time": round(1e6 * one["cpu_seconds_per_doc"] / 3600, 1),
        },
    }
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(f"corpus: {what}, {n:,} documents, {chars:,} characters; machine: {result['machine']}")
    print(f"{'engine':8} {'workers':>7} {'wall s':>8} {'docs/s':>8} {'cpu s/doc':>10}  peak RSS per worker (MB)")
    for r in runs:
        print(f"{r['engine']:8} {r['workers']:>7} {r['wall_seconds']:>8} {r['docs_per_second']:>8} {r['cpu_seconds_per_doc']:>10}  {r['worker_peak_rss_mb']}")
    print(f"2 workers vs 1: {speedup:.2f}x (scaling efficiency {speedup / 2:.0%})")
    p = result["projection_inputs"]
    print(
        f"projection inputs: {p['docs_per_second_per_core']} docs/s per core (wall); {p['cpu_seconds_per_doc_in_worker']} CPU s "
        f"per document; CPU-hours per million documents: {p['cpu_hours_per_million_docs_wall']} (wall), "
        f"{p['cpu_hours_per_million_docs_cpu_time']} (CPU time)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
