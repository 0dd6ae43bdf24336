"""``saidwho serve --workers N``: one process accepts the connections and hands them to N worker processes in turn.

uvicorn's own ``--workers`` lets every worker accept from one shared listening socket, and whichever wakes first
takes whatever is waiting: 32 keep-alive connections opened at once went 21 to one worker and 11 to the other in
three tries of three, so the clients of the busier worker waited about twice as long as the others' (see
docs/benchmarks.md). Here the parent process alone accepts, and passes each connection's file descriptor
(``SCM_RIGHTS`` over a Unix socket pair) to the next ready worker, round-robin, as Node.js's cluster module does by
default on Linux for the same reason. Each worker runs uvicorn's server on the connections it is handed, so HTTP
is served exactly as by ``uvicorn.run``.

The parent starts accepting once every worker has started (opened the store); a worker that fails to start stops
the server with an error; one that dies later is replaced, and connections go to the others meanwhile. SIGINT or
SIGTERM stops the workers gracefully (each finishes its requests and closes its store).
"""

from __future__ import annotations

import asyncio
import functools
import multiprocessing
import selectors
import signal
import socket
import sys
import time
from dataclasses import dataclass
from typing import Any

READY = b"r"  # a worker's one message to the parent: started, send connections
STARTUP_FAILURE = 3  # the exit code uvicorn uses when an app's startup fails


def _say(message: str) -> None:
    print(f"saidwho serve: {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- the worker


def _worker_main(app: str, channel: socket.socket, options: dict[str, Any]) -> None:
    """A worker process: uvicorn's server over the connections that arrive on ``channel``."""
    import uvicorn

    server = _handed_server_class()(uvicorn.Config(app, **options), channel)
    try:
        server.run()
    except KeyboardInterrupt:  # the parent is stopping us too; nothing is lost by not printing a traceback
        pass


def _handed_server_class() -> type:
    import uvicorn

    class HandedServer(uvicorn.Server):
        """uvicorn's server, listening on no socket of its own: connections come from the parent over ``channel``."""

        def __init__(self, config: Any, channel: socket.socket) -> None:
            super().__init__(config)
            self.channel = channel

        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets=[])  # the app's startup (opening the store); no listening socket
            loop = asyncio.get_running_loop()
            config = self.config
            make = functools.partial(
                config.http_protocol_class, config=config, server_state=self.server_state, app_state=self.lifespan.state
            )
            self.channel.setblocking(False)
            loop.add_reader(self.channel.fileno(), self._take, loop, make)
            self.channel.send(READY)

        def _take(self, loop: asyncio.AbstractEventLoop, make: Any) -> None:
            while True:
                try:
                    message, fds, _flags, _addr = socket.recv_fds(self.channel, 16, 1)
                except BlockingIOError:
                    return
                except OSError:
                    message, fds = b"", []
                if not message and not fds:  # the parent has closed its end: stop, as on SIGTERM
                    loop.remove_reader(self.channel.fileno())
                    self.should_exit = True
                    return
                for fd in fds:
                    loop.create_task(self._serve_one(loop, make, socket.socket(fileno=fd)))

        @staticmethod
        async def _serve_one(loop: asyncio.AbstractEventLoop, make: Any, sock: socket.socket) -> None:
            sock.setblocking(False)
            try:
                await loop.connect_accepted_socket(make, sock)
            except OSError:  # the client went away between accept and here
                sock.close()

        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            try:
                asyncio.get_running_loop().remove_reader(self.channel.fileno())
            except (ValueError, OSError):
                pass
            await super().shutdown(sockets=None)

    return HandedServer


# ---------------------------------------------------------------- the parent


@dataclass
class _Worker:
    process: Any
    channel: socket.socket
    ready: bool = False
    handed: int = 0


class Balancer:
    """The parent process: binds ``host:port``, starts the workers, accepts and hands out connections."""

    def __init__(self, app: str, *, host: str, port: int, workers: int, options: dict[str, Any] | None = None) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.app, self.host, self.port, self.n = app, host, port, workers
        self.options = dict(options or {})
        self.ctx = multiprocessing.get_context("spawn")
        self.workers: list[_Worker] = []
        self.stopping = False
        self.next = 0
        self.replaced = 0  # workers started again after one exited
        self.refused = 0  # connections closed unserved: no worker could take them
        self.handed_before = 0  # connections handed to workers that have since been replaced
        self.sel = selectors.DefaultSelector()

    # -- workers
    def _start_worker(self) -> _Worker:
        parent_end, child_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        process = self.ctx.Process(
            target=_worker_main, args=(self.app, child_end, self.options), name="saidwho-serve-worker", daemon=False
        )
        process.start()
        child_end.close()
        parent_end.setblocking(False)
        worker = _Worker(process, parent_end)
        self.sel.register(parent_end, selectors.EVENT_READ, worker)
        return worker

    def _on_channel(self, worker: _Worker) -> None:
        try:
            data = worker.channel.recv(16)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if data == READY:
            worker.ready = True
        elif not data:  # the worker has exited
            self._lost(worker)

    def _lost(self, worker: _Worker) -> None:
        self.sel.unregister(worker.channel)
        worker.channel.close()
        worker.process.join(5)
        if worker not in self.workers:
            return
        index = self.workers.index(worker)
        code = worker.process.exitcode
        if not worker.ready:
            raise SystemExit(_fail(f"a worker process failed to start (exit code {code}); stopping", code))
        if self.stopping:
            return
        _say(f"worker process {worker.process.pid} exited (code {code}); starting another")
        self.replaced += 1
        self.handed_before += worker.handed
        self.workers[index] = self._start_worker()

    # -- connections
    def _hand(self, conn: socket.socket) -> None:
        ready = [w for w in self.workers if w.ready]
        try:
            if not ready:  # every worker is being replaced: the client is refused rather than left waiting
                self.refused += 1
                return
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            for _ in range(len(ready)):
                worker = ready[self.next % len(ready)]
                self.next += 1
                try:
                    socket.send_fds(worker.channel, [b"c"], [conn.fileno()])
                except BlockingIOError:  # this worker's queue is full: the next one takes it
                    continue
                except OSError:  # it has just exited; its channel is read as closed on the next turn
                    continue
                worker.handed += 1
                return
            self.refused += 1
        finally:
            conn.close()  # the worker has its own descriptor now

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                conn, _addr = listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:  # e.g. out of descriptors: say so and try again a little later
                _say(f"accept failed: {exc}")
                time.sleep(0.1)
                return
            self._hand(conn)

    def _stop(self, signum: int, frame: Any) -> None:
        self.stopping = True

    def run(self) -> int:
        try:
            family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
            listener = socket.create_server((self.host, self.port), family=family, backlog=2048)
        except OSError as exc:
            return _fail(f"cannot listen on {self.host}:{self.port}: {exc}", 1)
        listener.setblocking(False)
        previous = {sig: signal.signal(sig, self._stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            self.workers = [self._start_worker() for _ in range(self.n)]
            try:
                while not self.stopping and not all(w.ready for w in self.workers):
                    self._turn(0.2)
                if self.stopping:
                    return 0
                self.sel.register(listener, selectors.EVENT_READ, None)
                _say(f"{self.n} worker processes ready; connections handed to them in turn")
                while not self.stopping:
                    self._turn(0.5)
            except SystemExit as exc:
                return int(exc.code or 1)
            return 0
        finally:
            listener.close()
            self._shutdown()
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _turn(self, timeout: float) -> None:
        for key, _events in self.sel.select(timeout):
            if key.data is None:
                self._accept(key.fileobj)  # type: ignore[arg-type]
            else:
                self._on_channel(key.data)
        for worker in list(self.workers):  # a worker killed outright may not have closed its channel yet
            if not worker.process.is_alive() and worker.channel.fileno() != -1:
                self._lost(worker)

    def _shutdown(self) -> None:
        self.stopping = True
        if any(w.ready for w in self.workers):
            handed = self.handed_before + sum(w.handed for w in self.workers)
            each = ", ".join(str(w.handed) for w in self.workers)
            _say(f"stopping: {handed} connections handed to the workers ({each} to those running); "
                 f"refused: {self.refused}; workers replaced: {self.replaced}")
        for worker in self.workers:  # a closed channel tells the worker to finish its requests and stop
            try:
                self.sel.unregister(worker.channel)
            except (KeyError, ValueError):
                pass
            if worker.channel.fileno() != -1:
                worker.channel.close()
        deadline = time.monotonic() + 30
        for worker in self.workers:
            worker.process.join(max(0.1, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.terminate()
                worker.process.join(5)
        self.sel.close()


def _fail(message: str, code: int | None) -> int:
    _say(message)
    return code if isinstance(code, int) and code > 0 else STARTUP_FAILURE


def run(app: str, *, host: str, port: int, workers: int, log_level: str = "info", access_log: bool = False) -> int:
    """Serve the ASGI app at import string ``app`` with ``workers`` processes; returns the exit code."""
    options = {"log_level": log_level, "access_log": access_log, "host": host, "port": port}
    return Balancer(app, host=host, port=port, workers=workers, options=options).run()
