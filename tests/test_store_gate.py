"""The store's reader gate: a bounded number of threads inside, the others admitted first come, first served."""

from __future__ import annotations

import threading
import time

import pytest

from saidwho.store.gate import FairGate


def test_slots_are_bounded_and_numbered():
    gate = FairGate(2)
    inside, most, lock = set(), 0, threading.Lock()

    def work() -> None:
        nonlocal most
        with gate as slot:
            with lock:
                assert slot not in inside
                inside.add(slot)
                most = max(most, len(inside))
            time.sleep(0.01)
            with lock:
                inside.remove(slot)

    threads = [threading.Thread(target=work) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most == 2 and inside == set()


def test_waiters_enter_in_arrival_order():
    gate = FairGate(1)
    order: list[int] = []
    gate.__enter__()  # the slot is taken: everyone below waits
    threads = []
    for k in range(6):
        t = threading.Thread(target=lambda k=k: (gate.__enter__(), order.append(k), gate.__exit__(None, None, None)))
        t.start()
        threads.append(t)
        while len(gate._waiting) < k + 1:  # wait until thread k is queued before starting the next
            time.sleep(0.001)
    gate.__exit__(None, None, None)
    for t in threads:
        t.join()
    assert order == list(range(6))


def test_a_thread_inside_may_enter_again():
    gate = FairGate(1)
    with gate as outer:
        with gate as inner:  # would deadlock if it took a second slot
            assert inner == outer
    with gate:
        pass


def test_a_gate_needs_a_slot():
    with pytest.raises(ValueError):
        FairGate(0)
