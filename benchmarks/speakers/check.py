"""Validate the speaker gold labels against the PolNeAR file they were made on.

    python benchmarks/speakers/check.py [--gold ../shared/benchmarks/polnear/dev.jsonl] [--stamp]

Every gold attribution of a labelled article must have a label with allowed values; the text checksum must
match (``--stamp`` writes it). Exits 1 and names each problem otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_GOLD = HERE.parents[2] / "shared" / "benchmarks" / "polnear" / "dev.jsonl"
TYPES = {"person", "organisation", "group", "unknown"}
MENTIONS = {"name", "pronoun", "nominal", "absent"}


def sha(text: str) -> str:
    from saidwho.eval.speakers import text_sha256  # the checksum the scorer compares

    return text_sha256(text)


def problems(label: dict, article: dict) -> list[str]:
    out = []
    ids = {a["id"] for a in article["attributions"]}
    got = set(label.get("labels", {}))
    out += [f"{i}: not labelled" for i in sorted(ids - got)]
    out += [f"{i}: no such attribution" for i in sorted(got - ids)]
    for i, lab in sorted(label.get("labels", {}).items()):
        if not isinstance(lab, dict):
            out.append(f"{i}: not an object")
            continue
        if lab.get("type") not in TYPES:
            out.append(f"{i}: type {lab.get('type')!r} not in {sorted(TYPES)}")
        if lab.get("mention") not in MENTIONS:
            out.append(f"{i}: mention {lab.get('mention')!r} not in {sorted(MENTIONS)}")
        sp = lab.get("speaker", "missing")
        if sp == "missing" or not (sp is None or (isinstance(sp, str) and any(ch.isalnum() for ch in sp))):
            out.append(f"{i}: speaker must be a name or null")
        if not isinstance(lab.get("aliases", []), list):
            out.append(f"{i}: aliases must be a list")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--dir", type=Path, default=HERE / "polnear_dev")
    ap.add_argument("--stamp", action="store_true", help="write each article's text checksum into its label file")
    args = ap.parse_args(argv)
    articles = {}
    with open(args.gold, encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            articles[d["id"]] = d
    bad = 0
    n = 0
    for path in sorted(args.dir.glob("*.json")):
        n += 1
        label = json.loads(path.read_text(encoding="utf-8"))
        art = articles.get(label.get("id"))
        if art is None:
            print(f"{path.name}: article {label.get('id')!r} not in {args.gold}")
            bad += 1
            continue
        if args.stamp:
            label["text_sha256"] = sha(art["text"])
            path.write_text(json.dumps(label, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        elif label.get("text_sha256") != sha(art["text"]):
            print(f"{path.name}: text checksum differs (labelled on another version of the article?)")
            bad += 1
        for p in problems(label, art):
            print(f"{path.name}: {p}")
            bad += 1
    print(f"{n} label files, {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
