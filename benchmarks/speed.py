"""Throughput and memory of the extractor, in one process.

    .venv/bin/python benchmarks/speed.py [PATH] [--limit N]

PATH is a JSON Lines file with a "text" (and optionally "id") field per line; by default the PolNeAR dev split at
../shared/benchmarks/polnear/dev.jsonl (not in the repository; cite Newell, Margolin and Ruths, LREC 2018, when
reporting figures on it). Model loading is timed separately from extraction. Prints a summary and a markdown
table row:

    | corpus | docs | chars | load s | extract s | chars/s | docs/s | peak RSS MB | errors |
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATH = ROOT.parent / "shared" / "benchmarks" / "polnear" / "dev.jsonl"
HEADER = "| corpus | docs | chars | load s | extract s | chars/s | docs/s | peak RSS MB | errors |"


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


def load_docs(path: Path, limit: int | None) -> list[tuple[str, str]]:
    docs = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            obj = json.loads(line)
            docs.append((str(obj.get("id", f"line-{lineno}")), obj["text"]))
            if limit is not None and len(docs) >= limit:
                break
    return docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure saidwho's extraction speed and memory.")
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH, help="JSONL with a text field per line")
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="only the first N documents")
    args = parser.parse_args(argv)
    if not args.path.is_file():
        print(f"speed.py: {args.path} not found (the benchmark corpus is not in a fresh clone; pass a JSONL path)",
              file=sys.stderr)
        return 1

    docs = load_docs(args.path, args.limit)
    rss_before = peak_rss_mb()

    # Model load (and the first call's one-off set-up), timed apart from extraction.
    t0 = time.perf_counter()
    import saidwho
    from saidwho.nlp import get_nlp

    get_nlp()
    saidwho.extract("Warm-up, the benchmark said.", id="warm-up", format="text")
    load_s = time.perf_counter() - t0

    chars = sum(len(text) for _, text in docs)
    errors = 0
    quotes = 0
    t0 = time.perf_counter()
    for doc_id, text in docs:
        rec = saidwho.extract(text, id=doc_id, format="text")
        if rec["error"]:
            errors += 1
        quotes += len(rec["quotes"])
    extract_s = time.perf_counter() - t0
    rss = peak_rss_mb()

    cps = chars / extract_s if extract_s else float("nan")
    dps = len(docs) / extract_s if extract_s else float("nan")
    print(f"saidwho {saidwho.__version__}, Python {platform.python_version()}, {platform.machine()}", file=sys.stderr)
    print(f"{len(docs)} documents, {chars:,} chars, {quotes} quotes, {errors} errors", file=sys.stderr)
    print(f"model load {load_s:.2f} s; extraction {extract_s:.2f} s: {cps:,.0f} chars/s, {dps:.2f} docs/s", file=sys.stderr)
    print(f"peak RSS {rss:.0f} MB ({rss_before:.0f} MB before loading)", file=sys.stderr)
    print(HEADER)
    print("|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {args.path.name} | {len(docs)} | {chars} | {load_s:.2f} | {extract_s:.2f} | {cps:,.0f} | {dps:.2f} "
        f"| {rss:.0f} | {errors} |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
