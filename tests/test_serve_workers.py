"""``saidwho serve --workers N``: the parent process accepts the connections and hands them to the worker processes
in turn (saidwho.web.balance), replaces a worker that dies, stops on SIGTERM, and fails clearly when a worker
cannot start. Real processes on 127.0.0.1, with a tiny app (tests/pidapp.py) that answers with its process id."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("uvicorn", reason="serving needs the web extra: pip install -e '.[web]'")

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(app: str, port: int, workers: int, **env: str) -> subprocess.Popen[str]:
    code = ("import sys; from saidwho.web.balance import run; "
            f"sys.exit(run({app!r}, host='127.0.0.1', port={port}, workers={workers}, log_level='warning'))")
    environ = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), str(HERE)]), **env}
    return subprocess.Popen([sys.executable, "-c", code], env=environ, stderr=subprocess.PIPE, text=True)


def connect(port: int, proc: subprocess.Popen[str], seconds: float = 60) -> http.client.HTTPConnection:
    deadline = time.monotonic() + seconds
    while True:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.connect()
            return conn
        except OSError:
            conn.close()
            if proc.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def pid_of(conn: http.client.HTTPConnection) -> int:
    conn.request("GET", "/")
    response = conn.getresponse()
    assert response.status == 200
    return int(json.loads(response.read())["pid"])


def stop(proc: subprocess.Popen[str]) -> tuple[int, str]:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    return proc.returncode, err


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").exists() and Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


def test_connections_are_handed_to_the_workers_in_turn():
    port = free_port()
    proc = start("pidapp:app", port, 2)
    try:
        conns = [connect(port, proc) for _ in range(6)]
        first = [pid_of(c) for c in conns]
        again = [pid_of(c) for c in conns]  # keep-alive: each connection stays with its worker
        assert again == first
        counts = Counter(first)
        assert len(counts) == 2 and set(counts.values()) == {3}, counts
        assert proc.pid not in counts  # the parent only accepts; the workers serve
        for c in conns:
            c.close()
    finally:
        code, err = stop(proc)
    assert code == 0, err
    assert not any(alive(pid) for pid in counts)
    assert "stopping: 6 connections handed to the workers (3, 3 to those running); refused: 0; workers replaced: 0" in err


def test_a_worker_that_dies_is_replaced_and_the_others_go_on_serving():
    port = free_port()
    proc = start("pidapp:app", port, 2)
    try:
        conns = [connect(port, proc) for _ in range(2)]
        pids = {pid_of(c) for c in conns}
        assert len(pids) == 2
        victim = min(pids)
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while Path(f"/proc/{victim}").exists() and time.monotonic() < deadline:  # until the parent has reaped it
            time.sleep(0.05)
        seen: set[int] = set()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(seen - {victim}) < 2:
            c = connect(port, proc)
            seen.add(pid_of(c))  # never the dead worker: a connection is handed to a live one only
            c.close()
        assert victim not in seen
        assert len(seen) == 2 and (pids - {victim}) < seen, (pids, seen)  # the survivor and its replacement
    finally:
        code, err = stop(proc)
    assert code == 0, err
    assert "starting another" in err and "workers replaced: 1" in err


def test_a_worker_that_cannot_start_stops_the_server_with_an_error():
    port = free_port()
    proc = start("pidapp:app", port, 2, PIDAPP_FAIL="1")
    try:
        proc.wait(timeout=60)
    finally:
        code, err = stop(proc)
    assert code == 3, err
    assert "failed to start" in err
    with socket.socket() as s:  # nothing is left listening
        assert s.connect_ex(("127.0.0.1", port)) != 0


def test_serve_with_workers_answers_searches_and_stops_on_sigterm(tmp_path):
    from storekit import make_record

    from saidwho.store import open_store

    db = tmp_path / "w.db"
    with open_store(str(db)) as store:
        store.ingest([make_record("a-1", [("Teodor Vasquel", "the river dispute is all but settled", "direct")],
                                  url="https://herald.example/a", published="2026-03-01", title="River")])
    port = free_port()
    environ = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen([sys.executable, "-m", "saidwho", "serve", "--db", str(db), "--port", str(port),
                             "--workers", "2", "--readers", "3"], env=environ, stderr=subprocess.PIPE, text=True)
    try:
        conns = [connect(port, proc) for _ in range(4)]
        for c in conns:
            c.request("GET", "/api/search?q=river")
            response = c.getresponse()
            assert response.status == 200
            assert json.loads(response.read())["total"] == 1
            c.close()
    finally:
        code, err = stop(proc)
    assert code == 0, err
    assert "with 2 worker processes, 3 searches at once in each" in err
    assert "2 worker processes ready" in err


def test_default_reader_slots_share_the_cores_among_workers():
    from saidwho.web.serve import readers_per_worker

    assert readers_per_worker(1, cores=2) == 4  # one process: two per core
    assert readers_per_worker(2, cores=2) == 1  # each worker keeps its own core busy
    assert readers_per_worker(4, cores=2) == 1
    assert readers_per_worker(2, cores=8) == 4
