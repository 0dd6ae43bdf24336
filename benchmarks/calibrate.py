"""Fit saidwho's confidence calibration on PolNeAR dev and report how well calibrated it is.

    .venv/bin/python benchmarks/calibrate.py            # measure: 2-fold cross-validation by document
    .venv/bin/python benchmarks/calibrate.py --write    # and write src/saidwho/attribution/calibration.json

An attribution is "right" when its content matches a gold attribution's content (character Jaccard >= 0.5).
For each group (the tagger's attributions by kind, the rules' by kind and speaker route) the raw scores are
cut into bins of at least MIN_BIN attributions, each bin's share of right ones is made monotone in the raw
score (pool-adjacent-violators) and smoothed towards the group's share. Reported: expected calibration error
(ECE, 10 equal-width bins) and Brier score of raw and calibrated confidences on the fold not fitted on.
(Cite Newell, Margolin and Ruths, LREC 2018, for figures on PolNeAR.)
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "benchmarks" / "polnear" / "dev.jsonl"
MIN_BIN = 25


def collect(gold: list[dict]) -> list[tuple[int, str, float, bool]]:
    """(document index, group, raw score, right?) for every attribution saidwho makes on the gold texts."""
    import saidwho
    from saidwho.attribution import calibration

    rows = []
    for k, g in enumerate(gold):
        calibration.COLLECT = []
        saidwho.extract(g["text"], id=g["id"], format="text")
        golds = [_chars(a["content"]) for a in g["attributions"]]
        for key, raw, spans in calibration.COLLECT:
            mine = _chars(spans)
            right = any(len(mine & c) / max(1, len(mine | c)) >= 0.5 for c in golds)
            rows.append((k, key, raw, right))
    calibration.COLLECT = None
    return rows


def _chars(spans) -> set[int]:
    return {i for s, e in spans for i in range(s, e)}


def fit(rows: list[tuple[int, str, float, bool]]) -> dict[str, list[list[float]]]:
    """Per group (and per origin as a fallback), monotone bins: [[upper raw score, calibrated], ...]."""
    groups: dict[str, list[tuple[float, bool]]] = {}
    for _, key, raw, right in rows:
        for g in (key, key.split(":", 1)[0]):
            groups.setdefault(g, []).append((raw, right))
    table = {}
    for g, pts in groups.items():
        if len(pts) < MIN_BIN:
            continue
        pts.sort()
        prior = sum(r for _, r in pts) / len(pts)
        bins: list[list[float]] = []  # [upper, right, n]
        cur: list[tuple[float, bool]] = []
        for i, p in enumerate(pts):
            cur.append(p)
            last = i == len(pts) - 1
            if (len(cur) >= MIN_BIN and (last or pts[i + 1][0] > p[0])) or last:
                bins.append([p[0], sum(r for _, r in cur), len(cur)])
                cur = []
        merged = _pool(bins)
        rates = [(r + 2 * prior) / (n + 2) for _, r, n in merged]  # smoothed towards the group's share
        rates = [max(rates[: i + 1]) for i in range(len(rates))]  # smoothing must not undo monotonicity
        table[g] = [[round(u, 4), round(v, 4)] for (u, _, _), v in zip(merged, rates)]
        table[g][-1][0] = 1.0  # the last bin takes every higher score
    return table


def _pool(bins: list[list[float]]) -> list[list[float]]:
    """Pool adjacent violators: merge neighbouring bins until the share of right ones never decreases."""
    out: list[list[float]] = []
    for b in bins:
        out.append(list(b))
        while len(out) > 1 and out[-2][1] / out[-2][2] > out[-1][1] / out[-1][2]:
            u, r, n = out.pop()
            out[-1] = [u, out[-1][1] + r, out[-1][2] + n]
    return out


def ece(pairs: list[tuple[float, bool]], nbins: int = 10) -> tuple[float, float]:
    """Expected calibration error and Brier score."""
    total = len(pairs)
    err = 0.0
    for b in range(nbins):
        lo, hi = b / nbins, (b + 1) / nbins
        inb = [(p, r) for p, r in pairs if lo <= p < hi or (b == nbins - 1 and p == 1.0)]
        if inb:
            err += len(inb) / total * abs(sum(p for p, _ in inb) / len(inb) - sum(r for _, r in inb) / len(inb))
    brier = sum((p - r) ** 2 for p, r in pairs) / total
    return err, brier


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="?", default=str(DEV))
    ap.add_argument("--write", action="store_true", help="write the table fitted on all documents into the package")
    args = ap.parse_args(argv)
    from saidwho.attribution import calibration
    from saidwho.eval import load_gold

    calibration._table = {}  # measure raw scores: no calibration while collecting
    gold = load_gold(args.gold)
    rows = collect(gold)
    raw_pairs, cal_pairs = [], []
    for fold in (0, 1):
        table = fit([r for r in rows if r[0] % 2 != fold])
        for _, key, raw, right in (r for r in rows if r[0] % 2 == fold):
            raw_pairs.append((raw, right))
            cal_pairs.append((calibration.lookup(table, key, raw), right))
    e_raw, b_raw = ece(raw_pairs)
    e_cal, b_cal = ece(cal_pairs)
    print(f"{len(rows)} attributions on {len(gold)} documents, {sum(r for *_, r in rows) / len(rows):.3f} right")
    print("held-out (2-fold by document)   ECE     Brier")
    print(f"raw confidence                  {e_raw:.3f}   {b_raw:.3f}")
    print(f"calibrated                      {e_cal:.3f}   {b_cal:.3f}")
    if args.write:
        table = fit(rows)
        out = {
            "about": "Confidence calibration fitted by benchmarks/calibrate.py on PolNeAR dev: per group, bins of raw "
            "score [upper bound, share of attributions whose content matches gold]. Re-fit after changing the extractor.",
            "date": datetime.date.today().isoformat(),
            "held_out": {"ece_raw": round(e_raw, 4), "ece_calibrated": round(e_cal, 4), "brier_raw": round(b_raw, 4), "brier_calibrated": round(b_cal, 4)},
            "groups": table,
        }
        groups = ",\n".join(f"  {json.dumps(g)}: {json.dumps(b)}" for g, b in sorted(table.items()))
        head = json.dumps({k: v for k, v in out.items() if k != "groups"}, indent=1)[:-2]
        calibration.TABLE.write_text(head + ',\n "groups": {\n' + groups + "\n }\n}\n", encoding="utf-8")
        print(f"wrote {calibration.TABLE.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
