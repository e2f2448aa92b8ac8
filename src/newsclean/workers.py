"""A small pool of worker processes that map a function over chunks of items, in order.

Why not ``multiprocessing.Pool``: its terminate can block forever when a worker is stopped
while holding the shared queue's lock (Ctrl-C hung a run in two tries out of six), a
worker whose initializer fails is respawned forever, and interrupted workers print
tracebacks. Here every worker has a pipe of its own, so stopping one can block nothing;
a worker that cannot start says why once and the run ends; workers ignore Ctrl-C (the
parent decides) and end when the parent ends, however it ends.

>>> with WorkerPool(2, _square_setup, ()) as pool:
...     list(pool.map(_square, range(7), chunk=2))
[0, 1, 4, 9, 16, 25, 36]
"""
from __future__ import annotations

import os
import signal
import sys
import threading
from collections import deque
from contextlib import contextmanager
from itertools import islice
from typing import Any, Callable, Iterable, Iterator


_AHEAD = 4   # chunks a worker may be given beyond the oldest not yet back


class WorkerError(Exception):
    """A worker could not start, or died, or failed outside the function's own handling."""


def _square_setup() -> None:  # the doctest's set-up and function (importable by workers)
    pass


def _square(number: int) -> int:
    return number * number


class WorkerPool:
    """``processes`` spawned workers, each running ``setup(*arguments)`` once, then chunks."""

    def __init__(self, processes: int, setup: Callable[..., None], arguments: tuple):
        import multiprocessing  # only when there are workers: it is slow to import

        # spawn, not fork: the parent may run a progress-bar thread, and forking a process
        # that has threads can deadlock the child.
        context = multiprocessing.get_context("spawn")
        self._workers = []
        # Ctrl-C reaches every process of the terminal's group; workers start with it ignored.
        with _sigint_ignored():
            for _ in range(processes):
                parent_end, child_end = context.Pipe()
                process = context.Process(target=_serve, args=(child_end, os.getpid(), setup, arguments),
                                          daemon=True)
                process.start()
                child_end.close()
                self._workers.append((process, parent_end))

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, kind, *exc) -> None:
        self.close(wait=kind is None)

    def map(self, function: Callable[[Any], Any], items: Iterable, chunk: int = 16) -> Iterator:
        """``function`` over ``items`` in the workers, results in input order.

        A chunk of ``chunk`` items goes only to a worker waiting for one: a worker busy
        sending results never has a chunk pushed at it, so neither side can block the other.
        A worker done early is given the next chunk at once, not when the chunk before it
        is back (a slow page would leave the others idle), up to ``_AHEAD`` chunks a worker
        beyond the oldest not yet back: memory stays bounded.
        """
        from multiprocessing.connection import wait

        iterator = iter(items)
        idle = deque(connection for _, connection in self._workers)
        ahead = _AHEAD * len(self._workers)
        sent = received = 0
        done: dict[int, list] = {}    # chunks back early, by number
        exhausted = False
        while True:
            while idle and not exhausted and sent - received < ahead:
                batch = list(islice(iterator, chunk))
                if not batch:
                    exhausted = True
                    break
                connection = idle.popleft()
                try:
                    connection.send((sent, function, batch))
                except OSError:       # the worker is gone: say why, if it said
                    self._receive(connection)
                    raise WorkerError("a worker process ended unexpectedly") from None
                sent += 1
            if received == sent:
                return
            if received in done:
                results = done.pop(received)
                received += 1
                yield from results
                continue
            for connection in wait([c for _, c in self._workers if c not in idle]):
                number, results = self._receive(connection)
                done[number] = results
                idle.append(connection)

    def set_up(self, setup: Callable[..., None], arguments: tuple) -> None:
        """Run ``setup(*arguments)`` once in every worker, after the set-up they started
        with (the workers that learned are then given the cleaner; :class:`WorkerError` if
        one fails)."""
        for _, connection in self._workers:
            try:
                connection.send(("set up", setup, arguments))
            except OSError:
                self._receive(connection)
                raise WorkerError("a worker process ended unexpectedly") from None
        for _, connection in self._workers:
            self._receive(connection)

    def _receive(self, connection) -> tuple[int, list]:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            process = next(p for p, c in self._workers if c is connection)
            process.join(1)
            raise WorkerError(f"a worker process ended unexpectedly (exit code {process.exitcode})") from None
        if message[0] == "failed":
            raise WorkerError(message[1])
        return message

    def close(self, wait: bool = True) -> None:
        """End the workers: asked to finish (``wait``), else stopped at once."""
        for process, connection in self._workers:
            if wait:
                try:
                    connection.send(None)
                except OSError:
                    pass
            else:
                process.terminate()
        for process, connection in self._workers:
            process.join(5 if wait else 2)
            if process.is_alive():
                process.kill()
                process.join()
            connection.close()
        self._workers = []


def _serve(connection, parent: int, setup: Callable[..., None], arguments: tuple) -> None:
    """A worker's life: set up once, then answer chunks until told to stop or orphaned."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)      # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _end_with_parent(parent)
    try:
        setup(*arguments)
    except BaseException as error:  # any failure to start ends the run, said once
        _send(connection, ("failed", f"a worker could not start: {type(error).__name__}: {error}"))
        return
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):   # the parent is gone
            return
        if message is None:
            _leave()
        if message[0] == "set up":
            _, later_setup, later_arguments = message
            try:
                later_setup(*later_arguments)
            except BaseException as error:
                _send(connection, ("failed", f"a worker could not start: {type(error).__name__}: {error}"))
                return
            if not _send(connection, ("set", None)):
                return
            continue
        number, function, batch = message
        try:
            results = [function(item) for item in batch]
        except BaseException as error:  # the functions handle their own failures; this is a bug
            _send(connection, ("failed", f"a worker failed: {type(error).__name__}: {error}"))
            return
        if not _send(connection, (number, results)):
            return


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Ctrl-C ignored for the moment the workers are started: an ignored signal stays ignored
    across exec (a blocked one does not: the mask is reset), so a worker still importing
    cannot be interrupted into a traceback. Only the main thread can change it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _leave() -> None:
    """End this worker at once, its work done: what it wrote is closed, and tearing down
    an interpreter that holds a cleaner's caches took 0.7 s the parent waited for."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _send(connection, message) -> bool:
    try:
        connection.send(message)
        return True
    except (BrokenPipeError, EOFError, OSError):
        return False


def _end_with_parent(parent: int) -> None:
    """Make this process end when its parent does (killed, even): the kernel's parent-death
    signal on Linux, else a thread that watches the parent's id."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
            if os.getppid() == parent:
                return
            os._exit(0)                     # the parent ended before the signal was armed
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        import time

        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()
