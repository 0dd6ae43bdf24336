"""The local engine: one worker process per core, each loading the spaCy model once, fed whole shards.

At most ``2 x workers`` shards are in flight (read but not yet written), so memory stays bounded whatever the size of
the input. Workers report each document on a queue for the progress bar; the part files are written by the driver.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue as queue_mod
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from .document import Options
from .shards import Shard, ShardResult, process_shard

Tick = Callable[[int, int, int], None]  # (documents, quotes, errors) done since the last call

_queue: Any = None


def _init(q: Any) -> None:
    global _queue
    _queue = q
    from ..nlp import get_nlp

    get_nlp()  # the model, once per worker, before the first shard


def _on_record(rec: dict[str, Any]) -> None:
    if _queue is not None:
        _queue.put((1, 0 if rec["error"] else len(rec["quotes"]), 1 if rec["error"] else 0))


def _work(shard: Shard, options: Options, fmt: str) -> ShardResult:
    return process_shard(shard, options, fmt, on_record=_on_record)


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def run_local(
    shards: Iterator[Shard], options: Options, fmt: str, *, workers: int, tick: Tick | None = None
) -> Iterator[ShardResult]:
    """Process ``shards`` on ``workers`` processes; yields each result as it completes (any order)."""
    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    q = ctx.Queue()
    pending: set[Future[ShardResult]] = set()
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init, initargs=(q,)) as pool:
        source = iter(shards)
        exhausted = False
        while True:
            while not exhausted and len(pending) < 2 * workers:
                shard = next(source, None)
                if shard is None:
                    exhausted = True
                else:
                    pending.add(pool.submit(_work, shard, options, fmt))
            if not pending:
                break
            done, pending = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
            _drain(q, tick)
            for future in done:
                yield future.result()
        _drain(q, tick)


def _drain(q: Any, tick: Tick | None) -> None:
    docs = quotes = errors = 0
    while True:
        try:
            d, n, e = q.get_nowait()
        except queue_mod.Empty:
            break
        docs, quotes, errors = docs + d, quotes + n, errors + e
    if tick is not None and docs:
        tick(docs, quotes, errors)
