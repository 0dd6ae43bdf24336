"""One directory walk for every reader (extract, ingest, batch): what it reads, what it leaves out, and that a
subdirectory it cannot read is reported by each of them rather than passed over."""

from __future__ import annotations

import errno
import os

import pytest

from saidwho.ingest import files as ingest_files
from saidwho.ingest.files import iter_documents, walk_directory
from saidwho.ingest.failure import IngestFailure
from saidwho.runners.inputs import read_items
from saidwho.store.inputs import iter_inputs
from saidwho.store.records import Rejected


def test_walk_is_sorted_relative_and_counts_what_it_leaves_out(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "z.txt").write_text("z")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / ".hidden.txt").write_text("h")
    (tmp_path / "notes.md").write_text("m")
    got = walk_directory(str(tmp_path), lambda name: name.endswith(".txt"))
    assert [rel for rel, _ in got.files] == ["a.txt", "b/z.txt"]
    assert got.hidden == 2 and got.unwanted == 1 and got.errors == []


@pytest.fixture
def broken_walk(monkeypatch):
    """os.walk that cannot read a subdirectory (as root, permissions cannot make one unreadable)."""
    real = os.walk

    def walk(top, onerror=None, **kw):
        if onerror is not None:
            onerror(OSError(errno.EACCES, "Permission denied", os.path.join(top, "locked")))
        yield from real(top, onerror=onerror, **kw)

    monkeypatch.setattr(ingest_files.os, "walk", walk)


def test_an_unreadable_subdirectory_is_reported_by_every_reader(tmp_path, broken_walk):
    (tmp_path / "a.txt").write_text("“We will appeal,” Ana Holm said.")
    items = list(iter_documents([str(tmp_path)]))
    assert any(isinstance(i, IngestFailure) and i.error.code == "SW107" and "locked" in i.id for i in items)
    records = list(iter_inputs([str(tmp_path)], extract=lambda a: {"id": a.id}))
    assert any(isinstance(r, Rejected) and r.reason == "error record SW107" and "locked" in r.where for r in records)
    stats: dict[str, int] = {}
    batch = list(read_items([str(tmp_path)], max_bytes=1_000_000, stats=stats))
    assert any(i.kind == "failure" and i.code == "SW107" and "locked" in i.id for i in batch)
    assert stats["read"] == 2  # the file and the unreadable directory: read = items + skipped
