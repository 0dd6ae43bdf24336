"""Shards: the unit of work and of output of a batch run.

Items are numbered in reading order; shard k holds items k*S .. k*S+S-1 (S, the shard size, is fixed by the run's
manifest), so the same inputs always give the same shards. A shard is processed whole by one worker and written as
``part-NNNNN.jsonl.gz`` (or ``.parquet``), atomically (a temporary file, then a rename), and only then marked done by
``part-NNNNN.done``: a small JSON file with the shard's counts and the part file's SHA-256. A shard without its
marker is redone from scratch on ``--resume``; a marked one is never redone, so no record is lost or written twice.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import resource
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import MissingExtra
from .document import Options, process_item
from .items import Item

FORMATS = ("jsonl", "parquet")
SUFFIX = {"jsonl": ".jsonl.gz", "parquet": ".parquet"}
MARKER = ".done"

OnRecord = Callable[[dict[str, Any]], None]


@dataclass(slots=True)
class Shard:
    index: int
    items: list[Item]


@dataclass(slots=True)
class ShardResult:
    """A processed shard: the encoded part file and its counts (documents, processed, failed, quotes, errors by
    code, seconds and CPU seconds in the worker, the worker's peak RSS)."""

    index: int
    data: bytes
    counts: dict[str, Any] = field(default_factory=dict)


def part_name(index: int, fmt: str) -> str:
    return f"part-{index:05d}{SUFFIX[fmt]}"


def marker_name(index: int) -> str:
    return f"part-{index:05d}{MARKER}"


def iter_shards(items: Iterator[Item], size: int, *, skip: Callable[[int], bool] = lambda i: False) -> Iterator[Shard]:
    """Group ``items`` into consecutive shards of ``size``; shards for which ``skip(index)`` is true are read past
    (their items are dropped as they are read, so memory holds at most one shard here)."""
    index = seen = 0
    batch: list[Item] = []
    for item in items:
        seen += 1
        if not skip(index):
            batch.append(item)
        if seen == size:
            if not skip(index):
                yield Shard(index, batch)
            index, seen, batch = index + 1, 0, []
    if seen and not skip(index):
        yield Shard(index, batch)


def process_shard(shard: Shard, options: Options, fmt: str, on_record: OnRecord | None = None) -> ShardResult:
    """Run the per-document function over a shard's items, in order, and encode the records as a part file."""
    started, cpu = time.perf_counter(), time.process_time()
    records = []
    errors: dict[str, int] = {}
    quotes = 0
    for item in shard.items:
        rec = process_item(item, options)
        records.append(rec)
        if rec["error"]:
            errors[rec["error"]["code"]] = errors.get(rec["error"]["code"], 0) + 1
        else:
            quotes += len(rec["quotes"])
        if on_record is not None:
            on_record(rec)
    counts = {
        "documents": len(records),
        "processed": len(records) - sum(errors.values()),
        "failed": sum(errors.values()),
        "quotes": quotes,
        "errors": dict(sorted(errors.items())),
        "seconds": round(time.perf_counter() - started, 3),
        "cpu_seconds": round(time.process_time() - cpu, 3),
        "worker_pid": os.getpid(),
        "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    return ShardResult(shard.index, encode(records, fmt), counts)


# ----------------------------------------------------------------------------------------------- encoding


def encode(records: list[dict[str, Any]], fmt: str) -> bytes:
    if fmt == "parquet":
        return _encode_parquet(records)
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="") as gz:  # the same records give the same bytes
        for rec in records:
            gz.write(json.dumps(rec, ensure_ascii=False).encode("utf-8") + b"\n")
    return buf.getvalue()


# Parquet columns: the record's scalar fields as columns, its nested fields as JSON text (lossless, see read_part).
PARQUET_JSON = ("body", "quotes", "speakers", "voice", "error")
PARQUET_TEXT = ("schema", "id", "url", "title", "published", "format", "text")


def pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise MissingExtra("--format parquet needs pyarrow; install it with pip install 'saidwho[parquet]'") from None
    return pyarrow


def _encode_parquet(records: list[dict[str, Any]]) -> bytes:
    pa = pyarrow()
    cols: dict[str, Any] = {c: pa.array([r[c] for r in records], pa.string()) for c in PARQUET_TEXT}
    cols["authors"] = pa.array([r["authors"] for r in records], pa.list_(pa.string()))
    cols["n_quotes"] = pa.array([len(r["quotes"]) for r in records], pa.int32())
    cols["error_code"] = pa.array([(r["error"] or {}).get("code") for r in records], pa.string())
    for c in PARQUET_JSON:
        cols[c] = pa.array([json.dumps(r[c], ensure_ascii=False) for r in records], pa.string())
    buf = io.BytesIO()
    pa.parquet.write_table(pa.table(cols), buf, compression="zstd")
    return buf.getvalue()


def read_part(path: str) -> Iterator[dict[str, Any]]:
    """The records of one part file, as they were written (either format)."""
    if path.endswith(SUFFIX["parquet"]):
        pa = pyarrow()
        table = pa.parquet.read_table(path)
        for row in table.to_pylist():
            rec = {c: row[c] for c in ("schema", "id", "url", "title")}
            rec["authors"] = row["authors"] or []
            rec.update({c: row[c] for c in ("published", "format", "text")})
            for c in PARQUET_JSON:
                rec[c] = json.loads(row[c])
            yield {k: rec[k] for k in _ORDER}
        return
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


_ORDER = ("schema", "id", "url", "title", "authors", "published", "format", "text", "body", "quotes", "speakers", "voice", "error")


# ----------------------------------------------------------------------------------------------- on disk


def write_shard(out_dir: str, result: ShardResult, fmt: str) -> dict[str, Any]:
    """Write a shard's part file, then its completion marker, each atomically; returns the marker's content."""
    part = os.path.join(out_dir, part_name(result.index, fmt))
    _atomic_write(part, result.data)
    marker = {
        "shard": result.index,
        "part": os.path.basename(part),
        "bytes": len(result.data),
        "sha256": hashlib.sha256(result.data).hexdigest(),
        **result.counts,
    }
    _atomic_write(os.path.join(out_dir, marker_name(result.index)), (json.dumps(marker, indent=1) + "\n").encode())
    return marker


def read_marker(out_dir: str, index: int, fmt: str) -> dict[str, Any] | None:
    """A shard's marker when the shard is complete: the marker is there and the part file has its size."""
    try:
        with open(os.path.join(out_dir, marker_name(index)), encoding="utf-8") as fh:
            marker = json.load(fh)
        if os.path.getsize(os.path.join(out_dir, part_name(index, fmt))) != marker["bytes"]:
            return None
    except (OSError, ValueError, KeyError):
        return None
    return marker


def completed_shards(out_dir: str, fmt: str) -> dict[int, dict[str, Any]]:
    done: dict[int, dict[str, Any]] = {}
    for name in os.listdir(out_dir):
        if name.startswith("part-") and name.endswith(MARKER):
            try:
                index = int(name[5:-len(MARKER)])
            except ValueError:
                continue
            marker = read_marker(out_dir, index, fmt)
            if marker is not None:
                done[index] = marker
    return done


def remove_incomplete(out_dir: str, fmt: str, done: dict[int, Any]) -> int:
    """Delete temporary files and part files without a marker (a killed run's leftovers); returns how many."""
    removed = 0
    for name in os.listdir(out_dir):
        stale = name.startswith(".") and name.endswith(".tmp")
        if name.startswith("part-") and name.endswith(SUFFIX[fmt]):
            try:
                stale = int(name[5:].split(".")[0]) not in done
            except ValueError:
                stale = False
        if stale:
            os.remove(os.path.join(out_dir, name))
            removed += 1
    return removed


def _atomic_write(path: str, data: bytes) -> None:
    tmp = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
