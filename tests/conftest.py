"""Shared fixtures: the record JSON Schema, a record validator, and the PolNeAR dev split (when present)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any, Callable

import jsonschema
import pytest
from storekit import store, store_url  # noqa: F401  (the store fixtures, one per backend: see storekit.py)

ROOT = Path(__file__).resolve().parent.parent
POLNEAR_DEV = ROOT.parent / "shared" / "benchmarks" / "polnear" / "dev.jsonl"


def load_record_schema() -> dict[str, Any]:
    with resources.files("saidwho").joinpath("schema", "record.schema.json").open(encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="session")
def record_schema() -> dict[str, Any]:
    """The saidwho/2 record schema, as shipped in the package."""
    return load_record_schema()


def check_offsets(rec: dict[str, Any]) -> None:
    """What JSON Schema cannot say: spans lie inside the record's text, start <= end, speaker ids resolve."""
    n = len(rec["text"])

    def spans(where: str, items: list[list[int]]) -> None:
        for start, end in items:
            assert 0 <= start <= end <= n, f"{rec['id']}: {where} span {[start, end]} outside text of length {n}"

    spans("body", rec["body"])
    speaker_ids = {s["id"] for s in rec["speakers"]}
    for q in rec["quotes"]:
        spans(f"quote {q['id']} content", q["content"])
        spans(f"quote {q['id']} cue", q["cue"])
        if q["speaker"]:
            spans(f"quote {q['id']} speaker mention", q["speaker"]["mention"])
            sid = q["speaker"]["id"]
            assert sid is None or sid in speaker_ids, f"{rec['id']}: quote {q['id']} names unknown speaker {sid!r}"


@pytest.fixture(scope="session")
def validate_record(record_schema: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    """validate_record(rec): raises jsonschema.ValidationError (or AssertionError for offsets) if rec is not a
    valid saidwho/2 record."""
    validator = jsonschema.Draft202012Validator(record_schema)

    def validate(rec: dict[str, Any]) -> None:
        validator.validate(rec)
        check_offsets(rec)

    return validate


@pytest.fixture(scope="session")
def polnear_dev() -> Path:
    """Path of the PolNeAR dev split; skips the test in a fresh clone, where ../shared/ is absent."""
    if not POLNEAR_DEV.is_file():
        pytest.skip("../shared/benchmarks/polnear/dev.jsonl not found (benchmark data is not in a fresh clone)")
    return POLNEAR_DEV
