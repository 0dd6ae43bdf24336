"""The Ray engine (the ``ray`` extra): each shard is a Ray task on one CPU; Ray keeps its worker processes, so each
loads the spaCy model once. Joins a running cluster at ``address`` ("auto", "ray://host:10001", "host:6379"), or
starts a local instance with ``workers`` CPUs when there is none. Part files are written by the driver, so the output
directory need not be shared with the cluster's nodes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..errors import MissingExtra
from .document import Options
from .shards import Shard, ShardResult, process_shard

Tick = Callable[[int, int, int], None]


def ray_module() -> Any:
    try:
        import ray
    except ImportError:
        raise MissingExtra("--engine ray needs Ray; install it with pip install 'saidwho[ray]'") from None
    return ray


def _task(shard: Shard, options: Options, fmt: str) -> ShardResult:
    return process_shard(shard, options, fmt)


def start(address: str | None, workers: int | None) -> tuple[Any, bool]:
    """Ray, initialised: (module, whether this call started it and should shut it down)."""
    ray = ray_module()
    if ray.is_initialized():
        return ray, False
    kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
    if address:
        ray.init(address=address, **kwargs)
    else:
        ray.init(num_cpus=workers, **kwargs)
    return ray, True


def run_ray(
    shards: Iterator[Shard], options: Options, fmt: str, *, workers: int | None, address: str | None = None,
    tick: Tick | None = None,
) -> Iterator[ShardResult]:
    """Process ``shards`` as Ray tasks, at most twice the cluster's CPUs (or ``workers``) in flight."""
    ray, started = start(address, workers)
    try:
        cpus = int(ray.cluster_resources().get("CPU", 1))
        slots = 2 * (workers or cpus)
        remote = ray.remote(num_cpus=1, max_retries=2)(_task)
        pending: list[Any] = []
        source = iter(shards)
        exhausted = False
        while True:
            while not exhausted and len(pending) < slots:
                shard = next(source, None)
                if shard is None:
                    exhausted = True
                else:
                    pending.append(remote.remote(shard, options, fmt))
            if not pending:
                break
            done, pending = ray.wait(pending, num_returns=1, timeout=0.5)
            for ref in done:
                result = ray.get(ref)
                if tick is not None:
                    tick(result.counts["documents"], result.counts["quotes"], result.counts["failed"])
                yield result
    finally:
        if started:
            ray.shutdown()
