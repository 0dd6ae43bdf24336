"""`saidwho ingest`, `saidwho search` and `saidwho export`: arguments, output, summaries and exit codes."""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from pathlib import Path

import pytest
from storekit import make_record, pg_url

from saidwho import cli
from saidwho.store import open_store


def records() -> list[dict]:
    return [
        make_record("a", [("Sergei Lavrov", "the river talks will resume", "indirect")], url="https://example.org/a",
                    published="2026-01-10", title="River talks"),
        make_record("b", [("Sergey Lavrov", "we will not sign in a hurry", "direct"),
                          ("Oona Brekke", "a handshake is not a treaty", "direct")],
                    url="https://other.net/b", published="2026-02-11", title="No hurry"),
    ]


def write_jsonl(path: Path, lines: list) -> Path:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines), encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def db(tmp_path: Path, capsys) -> str:
    path = str(tmp_path / "s.db")
    code, _, _ = run(capsys, "ingest", str(write_jsonl(tmp_path / "r.jsonl", records())), "--db", path)
    assert code == 0
    return path


def test_ingest_summary_and_idempotence(tmp_path: Path, capsys):
    path = write_jsonl(tmp_path / "r.jsonl", [*records(), "{not json", {"schema": "saidwho/2", "id": "e", "error": {"code": "SW102", "message": "x"}}, ""])
    db = str(tmp_path / "s.db")
    code, out, err = run(capsys, "ingest", str(path), "--db", db)
    assert code == 0 and out == ""
    assert "4 records: 2 added, 0 unchanged, 0 replaced, 2 skipped (error record SW102: 1, not JSON: 1)" in err
    assert f"skipped (not JSON): {path}:3" in err
    assert "the store now holds 2 articles, 3 quotes, 2 speakers" in err
    code, out, err = run(capsys, "ingest", str(path), "--db", db, "--json")
    report = json.loads(out)
    assert (report["added"], report["unchanged"], report["store"]["quotes"]) == (0, 2, 3)


def test_ingest_gzip_json_array_and_stdin(tmp_path: Path, capsys, monkeypatch):
    db = str(tmp_path / "s.db")
    a, b = records()
    gz = tmp_path / "a.jsonl.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(a) + "\n")
    arr = tmp_path / "b.json"
    arr.write_text(json.dumps([b], indent=2), encoding="utf-8")
    code, _, err = run(capsys, "ingest", str(gz), str(arr), "--db", db, "-q")
    assert code == 0 and err == ""
    changed = {**b, "title": "Changed"}
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((json.dumps(changed) + "\n").encode())))
    code, _, err = run(capsys, "ingest", "-", "--db", db)
    assert code == 0 and "1 replaced" in err
    with open_store(db) as store:
        assert store.counts()["articles"] == 2


def test_ingest_directory_counts_skipped_files(tmp_path: Path, capsys):
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    write_jsonl(d / "sub" / "r.jsonl", records())
    (d / ".hidden.jsonl").write_text("{}\n")
    (d / "photo.png").write_bytes(b"\x89PNG")
    code, _, err = run(capsys, "ingest", str(d), "--db", str(tmp_path / "s.db"))
    assert code == 0 and "2 added" in err and "files skipped: hidden: 1, unsupported extension: 1" in err


def test_ingest_nothing_usable_exits_1(tmp_path: Path, capsys):
    path = write_jsonl(tmp_path / "bad.jsonl", ['{"schema": "saidwho/2"}', "nope"])
    code, _, err = run(capsys, "ingest", str(path), str(tmp_path / "missing.jsonl"), "--db", str(tmp_path / "s.db"))
    assert code == 1
    assert "3 records: 0 added" in err and "error record SW107: 1" in err and "not JSON: 1" in err


@pytest.mark.slow
def test_ingest_extracts_pages(tmp_path: Path, capsys):
    page = tmp_path / "page.txt"
    page.write_text("“We will not sign in a hurry,” Foreign Minister Teodor Vasquel said on Monday.\n", encoding="utf-8")
    db = str(tmp_path / "s.db")
    code, _, err = run(capsys, "ingest", str(page), "--db", db)
    assert code == 0 and "1 added" in err and "1 page extracted" in err
    code, out, _ = run(capsys, "search", "hurry", "--db", db, "--format", "jsonl")
    hit = json.loads(out)
    assert hit["speaker_name"] == "Teodor Vasquel" and hit["record_id"] == str(page)


def test_search_formats(db: str, capsys):
    code, out, err = run(capsys, "search", "hurry", "--db", db)
    assert code == 0
    assert out.startswith("1. Sergey Lavrov — “we will not sign in a hurry” (direct)\n   No hurry · other.net · 2026-02-11 [article 2]\n")
    assert err.strip() == "saidwho search: quotes 1-1 of 1"
    code, out, _ = run(capsys, "search", "--speaker", "Sergey Lavrov", "--format", "jsonl", "--db", db)
    hits = [json.loads(line) for line in out.splitlines()]
    assert [h["record_id"] for h in hits] == ["b", "a"]  # newest first
    code, out, _ = run(capsys, "search", "--source", "other.net", "--since", "2026-02", "--format", "csv", "--db", db)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["text"] for r in rows} == {"we will not sign in a hurry", "a handshake is not a treaty"}
    assert json.loads(rows[0]["content"])[0][0] >= 0


def test_search_paging_and_no_match(db: str, capsys):
    code, out, err = run(capsys, "search", "--limit", "1", "--offset", "1", "--format", "jsonl", "--db", db)
    assert code == 0 and len(out.splitlines()) == 1 and "quotes 2-2 of 3" in err
    code, out, err = run(capsys, "search", "zeppelin", "--db", db)
    assert code == 1 and out == "" and "no quotes match" in err
    code, _, err = run(capsys, "search", 'AND( "', "--db", db)
    assert code in (0, 1) and "error" not in err


def test_search_summary_shows_a_capped_count(db: str, capsys, monkeypatch):
    from saidwho.store import search as search_mod

    monkeypatch.setattr(search_mod, "CANDIDATES", 2)
    code, _, err = run(capsys, "search", "--limit", "1", "--db", db)
    assert code == 0 and "quotes 1-1 of 2+" in err


@pytest.mark.parametrize(
    "argv",
    [["search", "x", "--since", "2026-13"], ["search", "x", "--limit", "0"], ["search", "x", "--limit", "5000"],
     ["search", "x", "--offset", "-1"], ["search", "x", "--format", "xml"], ["export", "--format", "parquet"],
     ["export", "--until", "yesterday"]],
)
def test_usage_errors(argv, capsys, tmp_path: Path):
    code, _, _ = run(capsys, *argv, "--db", str(tmp_path / "s.db"))
    assert code == 2


def test_store_errors_are_fatal_and_coded(tmp_path: Path, capsys):
    code, _, err = run(capsys, "search", "x", "--db", str(tmp_path / "none.db"))
    assert code == 1 and "error [SW503]" in err
    code, _, err = run(capsys, "export", "--db", "oracle://x")
    assert code == 1 and "error [SW501]" in err
    assert not (tmp_path / "none.db").exists()


def test_export_formats(db: str, tmp_path: Path, capsys):
    code, out, err = run(capsys, "export", "--db", db)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == 3 and "3 quotes written" in err
    assert {r["speaker_id"] for r in rows} == {"p:sergei-lavrov", "p:oona-brekke"}
    target = tmp_path / "q.csv"
    code, _, err = run(capsys, "export", "--format", "csv", "-o", str(target), "--speaker", "Oona Brekke", "--db", db)
    csv_rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert code == 0 and [r["text"] for r in csv_rows] == ["a handshake is not a treaty"] and f"to {target}" in err
    pq = pytest.importorskip("pyarrow.parquet")
    target = tmp_path / "q.parquet"
    code, _, _ = run(capsys, "export", "--format", "parquet", "-o", str(target), "--query", "river talks", "--db", db)
    assert code == 0 and [r["record_id"] for r in pq.read_table(target).to_pylist()] == ["a"]


def test_cli_on_postgres(capsys, tmp_path: Path):
    import uuid

    import psycopg

    base = pg_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    try:
        path = write_jsonl(tmp_path / "r.jsonl", records())
        assert run(capsys, "ingest", str(path), "--db", url)[0] == 0
        code, out, _ = run(capsys, "search", "treaty", "--db", url, "--format", "jsonl")
        assert code == 0 and json.loads(out)["speaker_id"] == "p:oona-brekke"
        code, out, _ = run(capsys, "export", "--db", url, "--format", "csv")
        assert code == 0 and len(out.splitlines()) == 4
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
