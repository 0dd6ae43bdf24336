"""Canonical-speaker scoring (saidwho.eval.speakers) on hand-made gold, labels and records."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from saidwho.eval.speakers import format_speakers, load_labels, name_key, same_name, score_speakers, text_sha256

TEXT = "Anna Berg said the bridge would open. She added that it was late. Officials said nothing. The mayor agreed."
#       0         1         2         3         4         5         6         7         8         9         10


def _span(sub: str) -> list[int]:
    s = TEXT.index(sub)
    return [s, s + len(sub)]


GOLD = [{
    "id": "d1",
    "text": TEXT,
    "attributions": [
        {"id": "E1", "source": [_span("Anna Berg")], "cue": [_span("said")], "content": [_span("the bridge would open")], "kind": "indirect"},
        {"id": "E2", "source": [_span("She")], "cue": [_span("added")], "content": [_span("that it was late")], "kind": "indirect"},
        {"id": "E3", "source": [_span("Officials")], "cue": [_span("said nothing")], "content": [_span("nothing")], "kind": "indirect"},
        {"id": "E4", "source": [_span("The mayor")], "cue": [_span("agreed")], "content": [_span("The mayor agreed")], "kind": "indirect"},
    ],
}]
LABELS = {"d1": {"id": "d1", "text_sha256": text_sha256(TEXT), "labels": {
    "E1": {"speaker": "Anna Berg", "type": "person", "mention": "name"},
    "E2": {"speaker": "Anna Berg", "type": "person", "mention": "pronoun"},
    "E3": {"speaker": None, "type": "group", "mention": "nominal", "desc": "officials"},
    "E4": {"speaker": "Tomas Ruud", "type": "person", "mention": "nominal"},
}}}


def _record(quotes: list[tuple[str, str | None]]) -> dict:
    speakers = {}
    out = []
    for content, name in quotes:
        sp = None
        if name is not None:
            sid = speakers.setdefault(name, f"s{len(speakers) + 1}")
            sp = {"id": sid, "name": None if name == "" else name, "mention": [], "via": "name"}
        out.append({"content": [_span(content)], "kind": "indirect", "speaker": sp})
    return {"id": "d1", "text": TEXT, "quotes": out,
            "speakers": [{"id": sid, "name": None if n == "" else n} for n, sid in speakers.items()]}


def test_names_compare_without_titles_initials_or_the():
    assert name_key("The New York Times") == ("new", "york", "times")
    assert name_key("Mr. Obama") == ("obama",)
    assert same_name("Donald J. Trump", "Donald Trump")
    assert same_name("Sen. Bernie Sanders", "Bernie Sanders")
    assert same_name("James O\u2019Neill", "James O'Neill")
    assert not same_name("Trump", "Donald Trump")
    assert not same_name("Bill Clinton", "Hillary Clinton")
    assert not same_name(None, "Obama")


def test_accuracy_by_mention_with_unnamed_and_group_speakers():
    rec = _record([("the bridge would open", "Anna Berg"), ("that it was late", "Anna  Berg"),
                   ("nothing", ""), ("The mayor agreed", None)])
    res = score_speakers(GOLD, [rec], LABELS, errors=True)
    assert res["labelled"] == 4 and res["matched"] == 4
    assert res["correct"] == 3  # the mayor was never named as Tomas Ruud
    assert res["by_mention"]["pronoun"]["accuracy"] == 1.0
    assert res["by_mention"]["nominal"]["correct"] == 1
    assert res["mistakes"] == [{"doc": "d1", "id": "E4", "mention": "nominal", "gold": "Tomas Ruud", "system": None}]
    assert "pronoun" in format_speakers(res)


def test_group_accepts_its_own_name_and_wrong_person_fails():
    rec = _record([("the bridge would open", "Berg"), ("nothing", "Officials")])
    res = score_speakers(GOLD, [rec], LABELS)
    assert res["matched"] == 2
    assert res["correct"] == 1  # "Officials" for the group; "Berg" is not the canonical "Anna Berg"
    assert res["end_to_end"] == pytest.approx(1 / 4)


def test_changed_text_is_not_scored_but_listed():
    labels = {"d1": dict(LABELS["d1"], text_sha256="0" * 64)}
    res = score_speakers(GOLD, [_record([])], labels)
    assert res["documents"] == 0 and res["stale"] == ["d1"] and res["accuracy"] is None


def test_cli_eval_speakers(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(GOLD[0]) + "\n", encoding="utf-8")
    system = tmp_path / "sys.jsonl"
    rec = _record([("the bridge would open", "Anna Berg")])
    rec.update({"schema": "saidwho/2", "error": None})
    system.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    labels = tmp_path / "labels"
    labels.mkdir()
    (labels / "d1.json").write_text(json.dumps(LABELS["d1"]), encoding="utf-8")
    assert load_labels(labels)["d1"]["labels"]["E1"]["speaker"] == "Anna Berg"
    cmd = [sys.executable, "-m", "saidwho", "eval", str(gold), "--system", str(system), "--speakers", str(labels), "--json"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    res = json.loads(out)["speakers"]
    assert (res["labelled"], res["matched"], res["correct"]) == (4, 1, 1)
    bad = subprocess.run(cmd[:-3] + ["--speakers", str(tmp_path / "nope")], capture_output=True, text=True)
    assert bad.returncode != 0 and "SW107" in bad.stderr
