"""Measure saidwho on the PolNeAR dev split and, with --write, pin the quality floors CI checks.

    .venv/bin/python benchmarks/pin_floors.py            # measure; compare with benchmarks/quality_floors.json
    .venv/bin/python benchmarks/pin_floors.py --write    # re-pin: floor = measured - margin, rounded down

tests/test_quality_gate.py runs the same measurement and fails when a metric falls below its floor, so a quality
regression cannot land silently (after trafilatura's tests/eval_gate.py). After an improvement, run this with
--write and commit quality_floors.json: the floors rise with it. The data file is pinned by its SHA-256; when it
changes, the gate fails until the floors are re-pinned on the new data.

The dev split is not in the repository (../shared/benchmarks/polnear/dev.jsonl, relative to the repository
root); cite Newell, Margolin and Ruths, LREC 2018, wherever figures on it are reported.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import hashlib
import json
import sys
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FLOORS_PATH = ROOT / "benchmarks" / "quality_floors.json"
DEFAULT_DATA = "../shared/benchmarks/polnear/dev.jsonl"
DEFAULT_MARGIN = 0.01

# name -> where the value is in a saidwho.eval result
METRICS: dict[str, tuple[str, ...]] = {
    "content_exact_f1": ("content", "exact", "f1"),
    "content_overlap_f1": ("content", "overlap", "f1"),
    "source_exact_f1": ("source", "exact", "f1"),
    "cue_exact_f1": ("cue", "exact", "f1"),
    "direct_content_overlap_recall": ("content", "overlap", "recall_by_gold_kind", "direct", "recall"),
    "direct_source_given_content_overlap": ("source_given_content", "by_gold_kind", "direct", "overlap_accuracy"),
    # canonical speakers against benchmarks/speakers/polnear_dev (issue 4's gold set)
    "speaker_accuracy": ("speakers", "accuracy"),
    "speaker_accuracy_pronoun": ("speakers", "by_mention", "pronoun", "accuracy"),
    "speaker_accuracy_nominal": ("speakers", "by_mention", "nominal", "accuracy"),
    "pages_speaker_accuracy": ("speakers", "accuracy"),  # on the hand-written pages, see PAGES_METRICS
}
SPEAKER_LABELS = ROOT / "benchmarks" / "speakers" / "polnear_dev"
# the hand-written speaker pages (in the repository): metrics measured on them, by name
PAGES_GOLD = ROOT / "benchmarks" / "speakers" / "pages" / "gold.jsonl"
PAGES_LABELS = ROOT / "benchmarks" / "speakers" / "pages_labels"
PAGES_METRICS: dict[str, tuple[str, ...]] = {"pages_speaker_accuracy": ("speakers", "accuracy")}


def metric(result: dict[str, Any], name: str) -> float:
    value: Any = result
    for key in METRICS[name]:
        value = value[key]
    if value is None:  # an undefined ratio: nothing to compare against
        raise ValueError(f"{name} is undefined (zero denominator) in this result")
    return float(value)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def floor_of(measured: float, margin: float) -> float:
    """measured - margin, rounded down to 3 decimals (0.3321 - 0.01 -> 0.322), never below 0."""
    value = Decimal(repr(round(measured - margin, 9))).quantize(Decimal("0.001"), rounding=ROUND_FLOOR)
    return max(0.0, float(value))


def load_floors(path: Path = FLOORS_PATH) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def data_path(floors: dict[str, Any]) -> Path:
    """The pinned data file, resolved against the repository root."""
    return (ROOT / floors["data"]["path"]).resolve()


def measure(data: Path) -> dict[str, float]:
    """Run saidwho over the gold texts (``saidwho.eval.run_eval`` with ``saidwho.extract``, format "text", the
    article's meta.author as its author) and return the gated metrics, speaker accuracy included."""
    import saidwho
    from saidwho.eval import run_eval

    from saidwho.eval.speakers import load_labels

    extract = functools.partial(saidwho.extract, format="text")
    result = run_eval(data, extract_fn=extract, speaker_labels=load_labels(SPEAKER_LABELS))
    out = {name: metric(result, name) for name in METRICS if name not in PAGES_METRICS}
    pages = run_eval(PAGES_GOLD, extract_fn=extract, speaker_labels=load_labels(PAGES_LABELS))
    for name, path in PAGES_METRICS.items():
        value: Any = pages
        for key in path:
            value = value[key]
        out[name] = float(value)
    return out


def shortfalls(floors: dict[str, Any], measured: dict[str, float]) -> list[str]:
    """One line per gated metric below its floor (or with no measurement), "name: value < floor F (pinned at V)";
    empty when the gate passes."""
    lines = []
    pinned_at = floors.get("measured", {}).get("values", {})
    for name, floor in floors["floors"].items():
        value = measured.get(name)
        if value is None:
            lines.append(f"{name}: not measured (floor {floor:.3f})")
        elif value < floor:
            at = pinned_at.get(name)
            pinned = "" if at is None else f" (pinned at {at:.4f})"
            lines.append(f"{name}: {value:.4f} < floor {floor:.3f}{pinned}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure saidwho on PolNeAR dev and pin the CI quality floors.")
    parser.add_argument("--write", action="store_true", help="rewrite quality_floors.json: floors = measured - margin")
    parser.add_argument("--margin", type=float, default=None, help="with --write: a new margin (default: keep it)")
    args = parser.parse_args(argv)

    floors = load_floors() if FLOORS_PATH.is_file() else {"data": {"path": DEFAULT_DATA}, "margin": DEFAULT_MARGIN}
    data = data_path(floors)
    if not data.is_file():
        print(f"pin_floors.py: {data} not found (the benchmark corpus is not in a fresh clone)", file=sys.stderr)
        return 1
    digest = sha256(data)
    if floors["data"].get("sha256") not in (None, digest):
        print(f"pin_floors.py: {data.name} has changed since the floors were pinned (sha256 {digest[:12]}…, "
              f"pinned {floors['data']['sha256'][:12]}…)", file=sys.stderr)

    import saidwho

    measured = {name: round(value, 6) for name, value in measure(data).items()}
    margin = args.margin if args.margin is not None else floors.get("margin", DEFAULT_MARGIN)
    pinned = floors.get("floors", {})
    print(f"saidwho {saidwho.__version__} on {floors['data']['path']} (sha256 {digest[:12]}…), margin {margin}")
    print(f"{'metric':<38}{'measured':>10}{'floor':>8}{'new floor':>11}")
    below = {line.split(":")[0].strip() for line in shortfalls(floors, measured)} if pinned else set()
    for name, value in measured.items():
        old = pinned.get(name)
        flag = "  BELOW FLOOR" if name in below else ""
        old_s = "-" if old is None else f"{old:.3f}"
        print(f"{name:<38}{value:>10.4f}{old_s:>8}{floor_of(value, margin):>11.3f}{flag}")

    if args.write:
        out = {
            "about": "Quality floors on PolNeAR dev checked by tests/test_quality_gate.py; floor = measured - margin, "
            "rounded down to 3 decimals. Re-pin with: .venv/bin/python benchmarks/pin_floors.py --write",
            "data": {"path": floors["data"]["path"], "sha256": digest},
            "margin": margin,
            "floors": {name: floor_of(value, margin) for name, value in measured.items()},
            "measured": {
                "date": datetime.date.today().isoformat(),
                "saidwho": saidwho.__version__,
                "values": measured,
            },
        }
        FLOORS_PATH.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {FLOORS_PATH.relative_to(ROOT)}")
    elif below:
        print(f"{len(below)} metric(s) below their floor: the CI quality gate would fail", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
