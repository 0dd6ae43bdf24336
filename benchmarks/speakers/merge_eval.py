"""Cross-document alias merging, scored on the hand-written merge set (benchmarks/speakers/merge/).

    python benchmarks/speakers/merge_eval.py [--json]

Two runs of the speaker registry (saidwho.speakers.registry):
  * names:   on the gold speaker names themselves (one record per page whose speakers are the gold keys) — the
             registry's own merging, free of extraction errors;
  * end to end: on saidwho's records for the pages (saidwho.extract), each gold speaker found by its name among
             the page's speakers; a gold speaker the page's record lacks counts as a registry entry of its own.
Pair precision and recall: over all pairs of gold speaker occurrences (page, speaker), a pair is predicted-same
when both got the same registry id and gold-same when gold gives them the same entity id.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MERGE = HERE / "merge"


def pair_scores(gold_ids: list[str], sys_ids: list[str]) -> dict[str, float | int]:
    tp = fp = fn = 0
    for (g1, s1), (g2, s2) in itertools.combinations(zip(gold_ids, sys_ids), 2):
        same_g, same_s = g1 == g2, s1 == s2
        tp += same_g and same_s
        fp += same_s and not same_g
        fn += same_g and not same_s
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"pairs_gold": tp + fn, "pairs_predicted": tp + fp, "true_pairs": tp, "precision": round(p, 4), "recall": round(r, 4)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--dir", type=Path, default=MERGE)
    args = ap.parse_args(argv)
    import saidwho
    from saidwho.eval.speakers import same_name
    from saidwho.speakers.registry import build_registry

    gold = json.loads((args.dir / "gold.json").read_text(encoding="utf-8"))
    types = {k: v.get("type", "person") for k, v in gold["entities"].items()}
    pages = sorted(gold["pages"])
    occurrences = [(p, name, eid) for p in pages for name, eid in sorted(gold["pages"][p].items())]
    gold_ids = [eid for _, _, eid in occurrences]

    # 1. the registry on the gold names
    records = []
    for p in pages:
        sps = [{"id": f"s{k}", "name": n, "type": types[e], "aliases": [n], "roles": [], "description": None}
               for k, (n, e) in enumerate(sorted(gold["pages"][p].items()), 1)]
        records.append({"id": p, "speakers": sps, "quotes": [], "error": None})
    reg = build_registry(records)
    sid = {(p, n): f"s{k}" for p in pages for k, (n, _) in enumerate(sorted(gold["pages"][p].items()), 1)}
    names_ids = [reg.lookup(p, sid[(p, n)]) for p, n, _ in occurrences]
    result = {"pages": len(pages), "speakers": len(occurrences), "entities": len(set(gold_ids)),
              "names": pair_scores(gold_ids, names_ids)}

    # 2. end to end from saidwho's records
    recs = {p: saidwho.extract((args.dir / "pages" / f"{p}.txt").read_text(encoding="utf-8"), id=p, format="text") for p in pages}
    reg2 = build_registry(recs.values())
    e2e_ids, missing = [], []
    for k, (p, n, _) in enumerate(occurrences):
        sp = next((s for s in recs[p]["speakers"] if s.get("name") and same_name(s["name"], n)), None)
        rid = reg2.lookup(p, sp["id"]) if sp else None
        if rid is None:
            missing.append(f"{p}: {n}")
            rid = f"missing-{k}"
        e2e_ids.append(rid)
    result["end_to_end"] = dict(pair_scores(gold_ids, e2e_ids), speakers_found=len(occurrences) - len(missing), missing=missing)
    wrong = [
        (a[0], a[1], b[0], b[1])
        for (a, ga, sa), (b, gb, sb) in itertools.combinations(zip([(p, n) for p, n, _ in occurrences], gold_ids, names_ids), 2)
        if (ga == gb) != (sa == sb)
    ]
    result["names"]["wrong_pairs"] = [f"{x[0]}:{x[1]} ~ {y[0]}:{y[1]}" for x in [w[:2] for w in wrong] for y in [w[2:] for w in wrong]][: 0] or [
        f"{w[1]} ({w[0]}) ~ {w[3]} ({w[2]})" for w in wrong
    ]
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(f"merge set: {result['pages']} pages, {result['speakers']} speaker occurrences, {result['entities']} entities")
        for key, label in (("names", "registry on gold names"), ("end_to_end", "end to end (saidwho records)")):
            r = result[key]
            print(f"{label:<32} pair precision {r['precision']:.3f}  recall {r['recall']:.3f}  "
                  f"({r['true_pairs']} of {r['pairs_gold']} gold pairs, {r['pairs_predicted']} predicted)")
        print(f"end to end: {result['end_to_end']['speakers_found']} of {result['speakers']} gold speakers found by name")
        for w in result["names"]["wrong_pairs"][:30]:
            print("  names, wrong pair:", w)
        for m in result["end_to_end"]["missing"][:30]:
            print("  end to end, not found:", m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
