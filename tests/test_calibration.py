"""Confidence calibration: the shipped table is well formed and monotone, and scores map into [0, 1]."""

import json

from saidwho.attribution import calibration


def test_shipped_table_is_monotone_and_covers_every_score():
    data = json.loads(calibration.TABLE.read_text(encoding="utf-8"))
    assert data["held_out"]["ece_calibrated"] < data["held_out"]["ece_raw"]
    for group, bins in data["groups"].items():
        uppers = [u for u, _ in bins]
        values = [v for _, v in bins]
        assert uppers == sorted(uppers) and uppers[-1] == 1.0, group
        assert values == sorted(values), f"{group}: calibrated values must not decrease with the raw score"
        assert all(0.0 <= v <= 1.0 for v in values), group


def test_calibrate_uses_the_group_then_its_origin_then_the_raw_score(monkeypatch):
    monkeypatch.setattr(calibration, "_table", {"tagger": [[0.5, 0.2], [1.0, 0.9]], "rules:direct:name": [[1.0, 0.95]]})
    assert calibration.calibrate("tagger:indirect", 0.4) == 0.2  # falls back to the origin's bins
    assert calibration.calibrate("tagger:indirect", 0.7) == 0.9
    assert calibration.calibrate("rules:direct:name", 0.9) == 0.95
    assert calibration.calibrate("rules:mixed:pronoun", 0.8) == 0.8  # no table for it: the raw score
    assert calibration.group_key("rules", "direct", "carried") == "rules:direct:carried"
    assert calibration.group_key("rules", "mixed", "author") == "rules:mixed:other"
