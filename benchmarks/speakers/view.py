"""Show one PolNeAR article with its gold attributions numbered, for labelling speakers.

    python benchmarks/speakers/view.py ARTICLE_ID [--gold ../shared/benchmarks/polnear/dev.jsonl]

Prints the text with paragraph numbers, then each attribution: id, kind, the source mention (or "(none)"),
the cue, and the start of its content, with character offsets. Nothing is written: the labels go into
benchmarks/speakers/polnear_dev/ARTICLE_ID.json by hand (see README.md beside this file).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DEFAULT_GOLD = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "polnear" / "dev.jsonl"


def load(gold: Path, doc_id: str) -> dict:
    with open(gold, encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d["id"] == doc_id:
                return d
    sys.exit(f"{doc_id}: not in {gold}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("id")
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    args = ap.parse_args(argv)
    d = load(args.gold, args.id)
    text = d["text"]
    meta = d.get("meta", {})
    print(f"# {d['id']}  author={meta.get('author')!r}  title={meta.get('title')!r}")
    pos = 0
    for n, para in enumerate(text.split("\n")):
        if para.strip():
            print(f"[P{n} @{pos}] {para}")
        pos += len(para) + 1
    print("\n# attributions")
    join = lambda spans: " … ".join(text[s:e] for s, e in spans)
    for a in d["attributions"]:
        src = join(a["source"]) if a["source"] else "(none)"
        content = join(a["content"])
        short = content if len(content) <= 160 else content[:160] + "…"
        print(f"{a['id']:>5} {a['kind']:<8} @{a['content'][0][0]} source={src!r} cue={join(a['cue'])!r} content={short!r}")


if __name__ == "__main__":
    main()
