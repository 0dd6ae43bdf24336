"""The batch progress line on stderr (only when stderr is a terminal): documents, documents/s, quotes, errors, ETA."""

from __future__ import annotations

import sys
import time
from typing import IO, Any


class Progress:
    """Counts documents as workers report them and redraws one line at most 4 times a second. The ETA comes from
    share of the input's bytes read so far (``total`` estimates the documents in all), so there is one before the
    whole input has been read."""

    def __init__(self, stream: IO[str] | None = None, *, enabled: bool = True):
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.start = time.monotonic()
        self.docs = self.quotes = self.errors = 0
        self.base = 0  # documents already done by an earlier run (resumed)
        self.total: Any = lambda: None  # an estimate of all the documents (done before included), or None
        self._drawn = 0.0

    def tick(self, docs: int, quotes: int, errors: int) -> None:
        self.docs += docs
        self.quotes += quotes
        self.errors += errors
        if self.enabled and time.monotonic() - self._drawn >= 0.25:
            self.draw()

    def line(self) -> str:
        spent = max(time.monotonic() - self.start, 1e-6)
        rate = self.docs / spent
        eta = "?"
        total = self.total()
        if total and rate > 0:
            eta = _clock(max(total - self.base - self.docs, 0) / rate)
        return (
            f"saidwho batch: {self.base + self.docs:,} documents, {rate:.1f} docs/s, {self.quotes:,} quotes, "
            f"{self.errors:,} errors, ETA {eta}"
        )

    def draw(self) -> None:
        self._drawn = time.monotonic()
        self.stream.write("\r" + self.line() + "\033[K")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"
