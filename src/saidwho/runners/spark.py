"""The Spark engine (the ``spark`` extra), and the entry point for ``spark-submit``:

    spark-submit --master local[8] "$(python -c 'import saidwho.runners.spark as s; print(s.__file__)')" \
        INPUT... --out DIR [--resume] [...the options of saidwho batch]

The driver reads the inputs and cuts them into the same shards as the other engines; each wave of shards (twice the
default parallelism) is one Spark job whose tasks call the same per-document function on the executors' Python
workers (reused between tasks, so each loads the spaCy model once). Part files are written by the driver. Absolute
imports only: spark-submit runs this file as a script.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

from saidwho.errors import MissingExtra
from saidwho.runners.document import Options
from saidwho.runners.shards import Shard, ShardResult, process_shard

Tick = Callable[[int, int, int], None]


def pyspark() -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise MissingExtra("--engine spark needs PySpark (and Java 17+); install it with pip install 'saidwho[spark]'") from None
    return SparkSession


def session(workers: int | None) -> Any:
    """The active SparkSession (spark-submit's), or a new local one with ``workers`` cores."""
    SparkSession = pyspark()
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("saidwho batch")
    if not os.environ.get("PYSPARK_GATEWAY_PORT"):  # not under spark-submit, whose --master must win
        builder = builder.master(f"local[{workers or os.cpu_count() or 1}]")
    return builder.config("spark.ui.enabled", "false").config("spark.python.worker.reuse", "true").getOrCreate()


def _task(args: tuple[Shard, Options, str]) -> ShardResult:
    shard, options, fmt = args
    return process_shard(shard, options, fmt)


def run_spark(
    shards: Iterator[Shard], options: Options, fmt: str, *, workers: int | None, spark: Any = None,
    tick: Tick | None = None,
) -> Iterator[ShardResult]:
    """Process ``shards`` on Spark in waves of twice the default parallelism; yields results wave by wave."""
    spark = spark or session(workers)
    sc = spark.sparkContext
    wave_size = 2 * max(1, sc.defaultParallelism)
    wave: list[tuple[Shard, Options, str]] = []
    for shard in shards:
        wave.append((shard, options, fmt))
        if len(wave) == wave_size:
            yield from _run_wave(sc, wave, tick)
            wave = []
    if wave:
        yield from _run_wave(sc, wave, tick)


def _run_wave(sc: Any, wave: list[tuple[Shard, Options, str]], tick: Tick | None) -> Iterator[ShardResult]:
    for result in sc.parallelize(wave, len(wave)).map(_task).collect():
        if tick is not None:
            tick(result.counts["documents"], result.counts["quotes"], result.counts["failed"])
        yield result


def main(argv: list[str] | None = None) -> int:
    """``spark-submit spark.py INPUT... --out DIR``: saidwho batch with ``--engine spark`` on spark-submit's session."""
    from saidwho.cli import main as cli_main

    args = list(sys.argv[1:] if argv is None else argv)
    return cli_main(["batch", *args, "--engine", "spark"])


if __name__ == "__main__":
    sys.exit(main())
