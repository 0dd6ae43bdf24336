"""`saidwho bench`: saidwho and textacy side by side on a tiny hand-written gold file (no corpus text).

The run over the PolNeAR dev split is not a test (about a minute); it is the documented command in
docs/benchmarks.md.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from collections import namedtuple
from pathlib import Path

import pytest

import saidwho
from saidwho import cli
from saidwho.errors import MissingExtra
from saidwho.eval import bench

TEXTACY_MISSING = importlib.util.find_spec("textacy") is None
needs_textacy = pytest.mark.skipif(
    TEXTACY_MISSING, reason="textacy is not installed: pip install 'saidwho[bench]' to run the textacy comparison"
)

# Hand-written articles. The third has an odd number of quotation marks, on which textacy raises.
DOCS = [
    (
        "bridge",
        "“We will open the bridge in May and not a day later,” the mayor said on Tuesday. "
        "Critics doubt that the plan is funded.",
        [
            ("We will open the bridge in May and not a day later,", "the mayor", "said", "direct"),
            ("that the plan is funded", "Critics", "doubt", "indirect"),
        ],
    ),
    (
        "fares",
        "Ana Ruiz, the council treasurer, told reporters: “The fares will rise by ten percent next year.” "
        "She added that season tickets would not change.",
        [
            ("The fares will rise by ten percent next year.", "Ana Ruiz, the council treasurer", "told", "direct"),
            ("that season tickets would not change", "She", "added", "indirect"),
        ],
    ),
    (
        "unbalanced",
        "“We have held the price for six years, said Tom Hale, the ferry manager. He would not say more.",
        [("We have held the price for six years", "Tom Hale, the ferry manager", "said", "direct")],
    ),
]


def span(text: str, sub: str) -> list[list[int]]:
    start = text.index(sub)
    return [[start, start + len(sub)]]


@pytest.fixture
def tiny_gold(tmp_path: Path) -> Path:
    path = tmp_path / "tiny-gold.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for doc_id, text, atts in DOCS:
            attributions = [
                {
                    "id": f"{doc_id}-{i}",
                    "content": span(text, c),
                    "source": span(text, s),
                    "cue": span(text, q),
                    "kind": k,
                }
                for i, (c, s, q, k) in enumerate(atts)
            ]
            fh.write(json.dumps({"id": doc_id, "text": text, "attributions": attributions, "meta": {}}) + "\n")
    return path


ROW_LABELS = [
    "content exact F1",
    "content overlap F1",
    "source exact F1",
    "source overlap F1",
    "cue exact F1",
    "cue overlap F1",
    "direct content-overlap recall",
    "documents with errors",
    "chars/s (one core)",
    "docs/s",
    "peak RSS MB",
]


# ------------------------------------------------------------------------------------------------ fast


def test_parse_systems():
    assert bench.parse_systems("saidwho") == ("saidwho",)
    assert bench.parse_systems(" textacy , saidwho,textacy") == ("textacy", "saidwho")
    with pytest.raises(ValueError, match="choose from saidwho, textacy"):
        bench.parse_systems("saidwho,spacy")
    with pytest.raises(ValueError):
        bench.parse_systems(",")


@pytest.mark.parametrize("argv", [["--systems", "nope"], ["--limit", "0"], ["--limit", "x"]])
def test_bad_options_are_usage_errors(tiny_gold, argv, capsys):
    assert cli.main(["bench", str(tiny_gold), *argv]) == 2
    assert "usage:" in capsys.readouterr().err


def test_token_spans_merge_consecutive_tokens():
    Tok = namedtuple("Tok", "i idx text")
    # "Ana Ruiz , the treasurer" with tokens 0, 1 and then 3, 4 (a gap at token 2)
    toks = [Tok(4, 14, "treasurer"), Tok(0, 0, "Ana"), Tok(1, 4, "Ruiz"), Tok(3, 10, "the")]
    assert bench.token_spans(toks) == [(0, 8), (10, 23)]
    assert bench.token_spans([]) == []


@pytest.fixture
def no_textacy(monkeypatch):
    """Make `import textacy` fail as it does when the extra is not installed."""
    for name in [m for m in sys.modules if m == "textacy" or m.startswith("textacy.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "textacy", None)
    monkeypatch.setitem(sys.modules, "textacy.extract", None)
    monkeypatch.setitem(sys.modules, "textacy.extract.triples", None)


def test_missing_textacy_raises_missing_extra_with_hint(no_textacy, tiny_gold, monkeypatch):
    def must_not_run():
        raise AssertionError("saidwho ran although textacy, needed later, is missing")

    monkeypatch.setitem(bench.LOADERS, "saidwho", must_not_run)
    with pytest.raises(MissingExtra) as info:
        bench.run_bench(tiny_gold)  # saidwho,textacy: fails before the first system loads
    assert info.value.code == "SW202"
    assert "pip install 'saidwho[bench]'" in info.value.message
    with pytest.raises(MissingExtra, match=r"saidwho\[bench\]"):
        bench.import_textacy()


def test_missing_textacy_cli_message(no_textacy, tiny_gold, capsys):
    assert cli.main(["bench", str(tiny_gold), "--systems", "textacy"]) == 1
    err = capsys.readouterr().err
    assert "error [SW202]" in err and "pip install 'saidwho[bench]'" in err and "--systems saidwho" in err


# ------------------------------------------------------------------------------------------------ slow


@pytest.mark.slow
def test_bench_saidwho_table(no_textacy, tiny_gold, capsys):
    """--systems saidwho works without textacy and prints the side-by-side table with the machine line."""
    assert cli.main(["bench", str(tiny_gold), "--systems", "saidwho"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("saidwho bench: 3 documents,")
    machine = next(line for line in lines if line.startswith("machine: "))
    assert f"{os.cpu_count()} cores" in machine and "spaCy 3.8." in machine and "Python" in machine
    assert "per core" in machine
    header = lines[next(i for i, line in enumerate(lines) if line.startswith("---")) - 1]
    assert header.split() == ["saidwho", saidwho.__version__]
    for label in ROW_LABELS:
        row = next((line for line in lines if line.startswith(label)), None)
        assert row is not None, f"no {label!r} row in:\n{out}"
        assert row[len(label) :].strip(), f"empty {label!r} row"
    assert next(line for line in lines if line.startswith("documents with errors")).split()[-3:] == ["0", "/", "3"]
    assert "speed ratio" not in out  # only with both systems
    assert "peak RSS:" in out


@pytest.mark.slow
def test_bench_saidwho_json(tiny_gold, capsys):
    assert cli.main(["bench", str(tiny_gold), "--systems", "saidwho", "--json", "--limit", "2"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["schema"] == "saidwho-bench/1"
    assert result["documents"] == 2 and result["order"] == ["saidwho"]
    assert set(result["machine"]) >= {"cores", "platform", "python", "spacy", "models"}
    assert result["machine"]["cores"] == os.cpu_count()
    assert result["ratio"]["chars_per_s"] is None
    res = result["systems"]["saidwho"]
    speed = res["speed"]
    assert speed["documents"] == 2 and speed["chars"] == sum(len(text) for _, text, _ in DOCS[:2])
    assert speed["seconds"] > 0 and speed["chars_per_s"] > 0 and speed["docs_per_s"] > 0
    assert speed["peak_rss_mb"] > 0
    if sys.platform.startswith("linux"):
        assert speed["rss_method"] == "VmHWM" and speed["peak_rss_mb"] >= speed["rss_start_mb"] > 0
    assert res["errors"] == {"documents": 0, "by_code": {}}
    scores = res["scores"]
    assert scores["documents"]["scored"] == 2
    for role in ("content", "source", "cue"):
        for mode in ("exact", "overlap"):
            assert {"tp", "fp", "fn", "precision", "recall", "f1", "by_kind"} <= set(scores[role][mode])
    assert scores["content"]["overlap"]["recall_by_gold_kind"]["direct"]["tp"] >= 1


@pytest.mark.slow
@needs_textacy
def test_textacy_records_are_valid_saidwho_records(validate_record):
    system = bench.load_textacy()
    _, text, _ = DOCS[0]
    rec = system.extract("bridge", text)
    validate_record(rec)
    assert rec["error"] is None and len(rec["quotes"]) == 1
    q = rec["quotes"][0]
    assert q["kind"] == "direct"
    assert text[slice(*q["content"][0])].startswith("“We will open the bridge")
    assert [text[s:e] for s, e in q["cue"]] == ["said"]
    assert q["speaker"]["name"] in ("mayor", "the mayor")
    assert [text[s:e] for s, e in q["speaker"]["mention"]] == [q["speaker"]["name"]]


@pytest.mark.slow
@needs_textacy
def test_bench_side_by_side_with_textacy(tiny_gold, capsys):
    assert cli.main(["bench", str(tiny_gold)]) == 0
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if "textacy 0.13" in line)
    assert header.index("saidwho") < header.index("textacy")
    assert "speed ratio, saidwho chars/s ÷ textacy chars/s:" in out
    assert "errors, textacy: SW301: 1" in out

    result = bench.run_bench(tiny_gold, "textacy,saidwho")
    assert result["order"] == ["textacy", "saidwho"]
    tx = result["systems"]["textacy"]
    assert tx["errors"] == {"documents": 1, "by_code": {"SW301": 1}}  # the unbalanced quotation marks
    assert tx["scores"]["documents"]["errors"] == 1
    assert tx["scores"]["content"]["overlap"]["recall_by_gold_kind"]["direct"]["tp"] >= 1
    assert tx["scores"]["attributions"]["system_by_kind"]["mixed"] == 0  # textacy finds direct quotations only
    ratio = result["ratio"]["chars_per_s"]
    assert ratio == pytest.approx(
        result["systems"]["saidwho"]["speed"]["chars_per_s"] / tx["speed"]["chars_per_s"]
    )
