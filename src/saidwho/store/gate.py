"""A fair gate: at most N threads inside at once, the others admitted in the order they came.

A Store reads through one (``Store(readers=N)``), each slot with its own connection: many threads (a web app's
worker pool) then queue for a reader slot instead of all running at once, and N connections stay warm instead of
one per thread. Python's sqlite3 gives the GIL up and takes it back around every statement
step, and contended, that hand-over dominated: 32 threads searching at once kept one of two cores busy (260
searches/s), while the same threads through a gate of 2 used both (550/s). A plain ``threading.Semaphore`` would
do the same work, but lets a thread that just left take its slot again at once, so some callers waited a second
while others were served in 3 ms; here a leaving thread hands its slot to the longest waiting one.
"""

from __future__ import annotations

import threading
from collections import deque
from types import TracebackType


class FairGate:
    """``size`` numbered slots (0 … size-1); a thread entering gets a free one, or waits, first come first served.
    Re-entrant: a thread already inside gets its own slot again (so nested reads cannot deadlock)."""

    def __init__(self, size: int):
        if size < 1:
            raise ValueError(f"a gate needs at least one slot, not {size}")
        self.size = size
        self._free = list(range(size - 1, -1, -1))
        self._lock = threading.Lock()
        self._waiting: deque[_Turn] = deque()
        self._inside = threading.local()

    def held(self) -> bool:
        """Whether the calling thread is inside (holds a slot)."""
        return getattr(self._inside, "depth", 0) > 0

    def __enter__(self) -> int:
        depth = getattr(self._inside, "depth", 0)
        if depth == 0:
            with self._lock:
                if self._free and not self._waiting:
                    slot, turn = self._free.pop(), None
                else:
                    turn = _Turn()
                    self._waiting.append(turn)
            if turn is not None:
                turn.lock.acquire()  # released by the thread that hands us its slot
                slot = turn.slot
            self._inside.slot = slot
        self._inside.depth = depth + 1
        return int(self._inside.slot)

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._inside.depth -= 1
        if self._inside.depth:
            return
        slot = self._inside.slot
        with self._lock:
            if self._waiting:
                turn = self._waiting.popleft()  # the slot passes straight to the longest waiting thread
                turn.slot = slot
                turn.lock.release()
            else:
                self._free.append(slot)


class _Turn:
    """A waiting thread: it sleeps on ``lock`` until a leaving thread sets ``slot`` and releases it."""

    __slots__ = ("lock", "slot")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.lock.acquire()
        self.slot = -1
