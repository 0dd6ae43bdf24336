"""The CI quality gate: saidwho on PolNeAR dev must stay at or above the pinned floors (after trafilatura's
tests/eval_gate.py). Floors live in benchmarks/quality_floors.json; re-pin them after an improvement with
`.venv/bin/python benchmarks/pin_floors.py --write`. Skipped, with the reason shown, where ../shared is absent."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPIN = ".venv/bin/python benchmarks/pin_floors.py --write"


def _load_pin_floors():
    spec = importlib.util.spec_from_file_location("pin_floors", ROOT / "benchmarks" / "pin_floors.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


pin_floors = _load_pin_floors()


def test_floors_file_is_consistent():
    """Every gated metric has a floor, and each floor is its measured value minus the margin, rounded down."""
    floors = pin_floors.load_floors()
    assert floors["data"]["path"] == pin_floors.DEFAULT_DATA
    assert len(floors["data"]["sha256"]) == 64
    assert set(floors["floors"]) == set(pin_floors.METRICS)
    measured = floors["measured"]
    assert measured["date"] and measured["saidwho"]
    for name, floor in floors["floors"].items():
        assert 0 <= floor <= 1
        assert floor == pin_floors.floor_of(measured["values"][name], floors["margin"]), name


@pytest.mark.parametrize(
    "measured, margin, expected",
    [(0.3323, 0.01, 0.322), (0.332, 0.01, 0.322), (0.9289, 0.01, 0.918), (0.005, 0.01, 0.0)],
)
def test_floor_of_rounds_down(measured, margin, expected):
    assert pin_floors.floor_of(measured, margin) == expected


def test_shortfalls_lists_every_metric_below_its_floor():
    floors = {"floors": {"a": 0.5, "b": 0.3, "c": 0.2}, "measured": {"values": {"a": 0.51, "b": 0.31, "c": 0.21}}}
    assert pin_floors.shortfalls(floors, {"a": 0.5, "b": 0.9, "c": 0.2}) == []  # equal to the floor passes
    assert pin_floors.shortfalls(floors, {"a": 0.4, "b": 0.2999, "c": 0.25}) == [
        "a: 0.4000 < floor 0.500 (pinned at 0.5100)",
        "b: 0.2999 < floor 0.300 (pinned at 0.3100)",
    ]
    assert pin_floors.shortfalls(floors, {"a": 0.6, "b": 0.6}) == ["c: not measured (floor 0.200)"]


@pytest.mark.corpus
@pytest.mark.slow
def test_quality_at_or_above_floors():
    floors = pin_floors.load_floors()
    data = pin_floors.data_path(floors)
    if not data.is_file():
        pytest.skip(f"{floors['data']['path']} not found (benchmark data is not in a fresh clone): gate not run")
    digest = pin_floors.sha256(data)
    if digest != floors["data"]["sha256"]:
        pytest.fail(
            f"the gate's data changed: {floors['data']['path']} has sha256 {digest}, the floors were pinned on "
            f"{floors['data']['sha256']}. Re-pin the floors on the new data with `{REPIN}` and commit "
            "benchmarks/quality_floors.json",
            pytrace=False,
        )
    shortfalls = pin_floors.shortfalls(floors, pin_floors.measure(data))
    assert not shortfalls, (
        "saidwho's quality on PolNeAR dev fell below the pinned floors:\n"
        + "\n".join("  " + line for line in shortfalls)
        + f"\nFix the regression; if the drop is intended, re-pin with `{REPIN}` and say why in the commit."
    )
