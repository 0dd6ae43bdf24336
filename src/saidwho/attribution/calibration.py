"""Calibrated confidence: the raw score of an attribution (a fixed value per rule, or the tagger's span
probability) mapped to the share of such attributions that are right, measured on PolNeAR dev.

"Right" means the attribution's content matches a gold attribution's (character Jaccard >= 0.5), the
scorer's content-overlap criterion. The table (``calibration.json`` beside this file) is made by
``benchmarks/calibrate.py``, which also reports how well calibrated the result is on held-out documents.
Groups: the tagger's attributions by kind; the rules' by kind and by how the speaker was found.
"""

from __future__ import annotations

import bisect
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TABLE = HERE / "calibration.json"
_VIA_GROUPS = {"name": "name", "pronoun": "pronoun", "nominal": "nominal", "carried": "carried", "unnamed": "unnamed"}
_table: dict[str, Any] | None = None

# Set to a list by benchmarks/calibrate.py to collect (group, raw score, content spans) of every attribution.
COLLECT: list[tuple[str, float, list[tuple[int, int]]]] | None = None


def group_key(origin: str, kind: str, via: str | None) -> str:
    if origin == "tagger":
        return f"tagger:{kind}"
    return f"rules:{kind}:{_VIA_GROUPS.get(via or '', 'other')}"


def _load() -> dict[str, Any]:
    global _table
    if _table is None:
        _table = json.loads(TABLE.read_text(encoding="utf-8"))["groups"] if TABLE.exists() else {}
    return _table


def calibrate(key: str, raw: float) -> float:
    """The calibrated confidence for a raw score in a group; the raw score where no table applies."""
    return lookup(_load(), key, raw)


def lookup(table: dict[str, Any], key: str, raw: float) -> float:
    """Look a raw score up in a table: the group's bins, else its parent's, else its origin's."""
    bins = table.get(key) or table.get(key.rsplit(":", 1)[0]) or table.get(key.split(":", 1)[0])
    if not bins:
        return raw
    uppers = [b[0] for b in bins]
    k = min(bisect.bisect_left(uppers, raw), len(bins) - 1)
    return float(bins[k][1])
