"""saidwho batch (issue 6): reading WARC/JSONL/directories with skips counted by reason, deterministic shards, the
per-document function and its time limit, the local engine end to end, and kill-and-resume."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpusgen import build_warc, html, page, write_jsonl

from saidwho.cli import main
from saidwho.errors import BatchOutputExists, BatchResumeMismatch
from saidwho.runners import document
from saidwho.runners.batch import BatchConfig, iter_records, run_batch
from saidwho.runners.document import Options, process_item
from saidwho.runners.inputs import read_items
from saidwho.runners.items import Item
from saidwho.runners.shards import Shard, encode, iter_shards, process_shard, read_part

ROOT = Path(__file__).resolve().parent.parent
MAX = 20_000_000


def skips(stats: dict[str, int]) -> dict[str, int]:
    return {k.removeprefix("skipped_"): v for k, v in stats.items() if k.startswith("skipped_")}


# ------------------------------------------------------------------------------------------------ reading


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_warc_pages_and_skips_counted_by_reason(tmp_path, gz):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    expect = build_warc(path, 30, gz=gz)
    stats: dict[str, int] = {}
    items = list(read_items([str(path)], max_bytes=MAX, stats=stats))
    assert len(items) == expect.pop("pages") == 31
    assert skips(stats) == expect
    assert stats["read"] == len(items) + sum(expect.values())
    assert all(i.kind == "page" and i.format == "html" for i in items)
    assert items[0].url == "https://news.example/0" and items[0].charset == "utf-8"
    assert items[-1].charset is None  # "x-no-such-charset" is not a codec: decoded like any page
    assert len({i.id for i in items}) == len(items)


def test_bad_charset_page_decodes_from_its_meta_tag():
    p = page(3)
    data = html(p, "windows-1252").replace("council", "caf\u00e9 council").encode("cp1252")
    rec = process_item(Item(id="w", kind="page", data=data, format="html", charset=None), Options(time_limit=0))
    assert "caf\u00e9 council" in rec["text"]
    lying = process_item(Item(id="w", kind="page", data=data, format="html", charset="utf-8"), Options(time_limit=0))
    assert "caf\u00e9 council" in lying["text"]  # the header says UTF-8, the bytes are not: fall back


def test_directory_jsonl_gz_and_failures_counted(tmp_path):
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    write_jsonl(d / "a.jsonl", [page(1), page(2)])
    with open(d / "a.jsonl", "ab") as fh:
        fh.write(b"\n{not json\n")
    write_jsonl(d / "sub" / "b.jsonl.gz", [page(3)], gz=True)
    (d / "c.html").write_text(html(page(4)), encoding="utf-8")
    (d / "d.pdf").write_bytes(b"%PDF")
    (d / ".hidden.txt").write_text("x")
    stats: dict[str, int] = {}
    items = list(read_items([str(d), str(tmp_path / "missing.txt")], max_bytes=MAX, stats=stats))
    assert [i.id for i in items] == ["a.jsonl:1", "a.jsonl:2", "a.jsonl:4", "c.html", "sub/b.jsonl.gz:1", str(tmp_path / "missing.txt")]
    assert items[-1].kind == "failure" and items[-1].code == "SW107"
    assert skips(stats) == {"blank_jsonl_line": 1, "unsupported_extension": 1, "hidden": 1}
    assert stats["read"] == len(items) + 3
    recs = [process_item(i, Options(time_limit=0, rules_only=True)) for i in items]
    assert [r["id"] for r in recs][:2] == ["doc-00001", "doc-00002"]  # a JSONL line's own id wins
    assert [r["error"]["code"] for r in recs if r["error"]] == ["SW106", "SW107"]


# ------------------------------------------------------------------------------------------------ shards


def _items(n: int) -> list[Item]:
    return [Item(id=f"i{k}", kind="failure", code="SW101", message="empty") for k in range(n)]


def test_shards_are_deterministic_and_skip_keeps_numbering():
    whole = [(s.index, [i.id for i in s.items]) for s in iter_shards(iter(_items(23)), 5)]
    assert [i for i, _ in whole] == [0, 1, 2, 3, 4] and whole[-1][1] == ["i20", "i21", "i22"]
    part = [(s.index, [i.id for i in s.items]) for s in iter_shards(iter(_items(23)), 5, skip=lambda k: k in {0, 2})]
    assert part == [w for w in whole if w[0] not in {0, 2}]


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_part_files_round_trip(tmp_path, fmt):
    recs = [process_item(i, Options()) for i in _items(3)]
    recs[1] = {**recs[1], "authors": ["A. Writer"], "quotes": [], "voice": None}
    data = encode(recs, fmt)
    assert data == encode(recs, fmt)  # the same records give the same bytes
    path = tmp_path / ("p.parquet" if fmt == "parquet" else "p.jsonl.gz")
    path.write_bytes(data)
    assert list(read_part(str(path))) == recs


def test_time_limit_gives_sw302(monkeypatch):
    def slow(article, **kw):
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(document, "extract_article", slow)
    item = Item(id="slow", kind="page", data=b"Someone said nothing at all.", format="text")
    t = time.perf_counter()
    rec = process_item(item, Options(time_limit=0.3))
    assert time.perf_counter() - t < 3
    assert rec["error"]["code"] == "SW302" and "time limit" in rec["error"]["message"]
    result = process_shard(Shard(0, [item, *_items(1)]), Options(time_limit=0.2), "jsonl")
    assert result.counts["errors"] == {"SW101": 1, "SW302": 1}


def test_output_exists_and_resume_mismatch(tmp_path):
    src = tmp_path / "a.jsonl"
    write_jsonl(src, [{"id": "e", "text": " "}])  # SW101: no model needed to process it
    out = tmp_path / "out"
    cfg = BatchConfig(inputs=[str(src)], out=str(out), workers=1)
    assert run_batch(cfg)["failed"] == 1
    with pytest.raises(BatchOutputExists):
        run_batch(cfg)
    cfg.resume, cfg.shard_size = True, 7
    with pytest.raises(BatchResumeMismatch):
        run_batch(cfg)
    assert main(["batch", str(src), "--out", str(out), "-q"]) == 1  # SW701, reported on stderr


def test_batch_without_ray_or_spark_names_the_extra(tmp_path, monkeypatch):
    import builtins

    real = builtins.__import__

    def fake(name, *a, **kw):
        level = a[3] if len(a) > 3 else kw.get("level", 0)
        if level == 0 and name.split(".")[0] in ("ray", "pyspark"):
            raise ImportError(name)
        return real(name, *a, **kw)

    monkeypatch.setattr(builtins, "__import__", fake)
    for engine in ("ray", "spark"):
        with pytest.raises(Exception) as info:
            run_batch(BatchConfig(inputs=[], out=str(tmp_path / engine), engine=engine))
        assert getattr(info.value, "code", None) == "SW202" and f"saidwho[{engine}]" in str(info.value)
        assert not (tmp_path / engine).exists()


# ------------------------------------------------------------------------------------------------ end to end


def sorted_records(out: Path, fmt: str = "jsonl") -> list[tuple[str, str]]:
    done = sorted(int(p.name[5:10]) for p in out.glob("part-*.done"))
    return sorted((r["id"], json.dumps(r, sort_keys=True)) for r in iter_records(str(out), fmt, done))


@pytest.mark.slow
def test_local_batch_with_store_and_parquet(tmp_path, capsys):
    d = tmp_path / "in"
    d.mkdir()
    write_jsonl(d / "a.jsonl", [page(k) for k in range(12)])
    (d / "b.html").write_text(html(page(50)), encoding="utf-8")
    db = tmp_path / "s.db"
    code = main(["batch", str(d), "--out", str(tmp_path / "o"), "--workers", "2", "--shard-size", "4", "--db", str(db), "--json"])
    assert code == 0
    out = capsys.readouterr()
    summary = json.loads(out.out)
    assert summary["read"] == summary["processed"] == 13 and summary["adds_up"] and summary["shards"] == 4
    assert summary["quotes"] >= 13 * 3
    assert "read 13 = 13 processed + 0 failed + 0 skipped" in out.err
    assert summary["db"].startswith("13 records: 13 added")
    recs = sorted_records(tmp_path / "o")
    assert [i for i, _ in recs][:2] == ["b.html", "doc-00000"]
    # the same run as Parquet holds the same records
    assert main(["batch", str(d), "--out", str(tmp_path / "p"), "--workers", "1", "--shard-size", "4", "--format", "parquet", "-q"]) == 0
    assert sorted_records(tmp_path / "p", "parquet") == recs
    from saidwho.store import open_store

    with open_store(str(db)) as store:
        assert store.counts()["articles"] == 13
    assert main(["batch", str(d), "--out", str(tmp_path / "o"), "--resume", "--db", str(db), "-q"]) == 0  # idempotent
    with open_store(str(db)) as store:
        assert store.counts()["articles"] == 13


@pytest.mark.slow
def test_warc_of_2000_pages_locally(tmp_path):
    warc = tmp_path / "news.warc.gz"
    expect = build_warc(warc, 2000)
    summary = run_batch(BatchConfig(inputs=[str(warc)], out=str(tmp_path / "o"), workers=2, shard_size=250))
    check_warc_summary(summary, expect)


def check_warc_summary(summary: dict, expect: dict) -> None:
    pages = expect["pages"]
    assert summary["adds_up"], summary
    assert summary["processed"] + summary["failed"] == pages >= 2001
    assert summary["failed"] == 0, summary["errors_by_code"]
    assert summary["skipped_by_reason"] == {k: v for k, v in expect.items() if k != "pages"}
    assert summary["read"] == pages + sum(v for k, v in expect.items() if k != "pages")
    assert summary["quotes"] >= 2 * pages  # two quotations a page at least (three with the learned tagger)


# ------------------------------------------------------------------------------------------------ kill and resume


def _batch_cmd(src: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "saidwho", "batch", str(src), "--out", str(out), "--workers", "2", "--shard-size", "10", "--rules-only", "-q", *extra]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    return env


@pytest.mark.slow
def test_sigkill_mid_run_then_resume_gives_exactly_the_uninterrupted_output(tmp_path):
    src = tmp_path / "corpus.jsonl.gz"
    pages = [page(k) for k in range(240)]
    pages[17] = {"id": "bad-17", "html": 5}  # an error record, kept
    write_jsonl(src, pages, gz=True)
    full, killed = tmp_path / "full", tmp_path / "killed"
    subprocess.run(_batch_cmd(src, full), check=True, env=_env(), timeout=600)

    proc = subprocess.Popen(_batch_cmd(src, killed), env=_env(), start_new_session=True)
    deadline = time.monotonic() + 300
    while len(list(killed.glob("part-*.done"))) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the driver and its workers, mid-run
    proc.wait()
    done_before = len(list(killed.glob("part-*.done")))
    assert 4 <= done_before < 24, "the run was not killed midway"
    assert not (killed / "summary.json").exists()

    assert subprocess.run(_batch_cmd(src, killed), env=_env(), capture_output=True).returncode == 1  # SW701
    subprocess.run(_batch_cmd(src, killed, "--resume"), check=True, env=_env(), timeout=600)
    summary = json.loads((killed / "summary.json").read_text())
    assert summary["shards_resumed"] == done_before and summary["shards"] == 24
    assert summary["read"] == 240 == summary["processed"] + summary["failed"] and summary["failed"] == 1
    resumed = sorted_records(killed)
    ids = [i for i, _ in resumed]
    assert len(ids) == len(set(ids)) == 240  # none twice, none missing
    assert resumed == sorted_records(full)  # the same records, the same contents
    assert sorted(p.name for p in killed.iterdir()) == sorted(p.name for p in full.iterdir())
    for part in full.glob("part-*.jsonl.gz"):  # byte for byte
        assert gzip.decompress(part.read_bytes()) == gzip.decompress((killed / part.name).read_bytes())
