"""The time limit of one input of a batch, on any thread of any engine.

An input has ``seconds`` to parse.  Past that it is stopped softly: SIGALRM in a process's main
thread (the inline run and the pool's workers), an exception raised asynchronously in any other
thread (a Dask worker's).  Either lands when the interpreter runs again: code stuck in a C
library (PDFium through ctypes, a blocking read) never lets it land.  So a process that may die
for it (a pool or Dask worker, never the driver) is also stopped hard: a watchdog thread ends the
process ``HARD_GRACE`` seconds later, and the engine retries what was in flight input by input
and reports the input that dies again.  (C code that holds the GIL and never checks signals
would block the watchdog as well; none of the readers does.  The parse's patterns match with the GIL
held (``govplan.matching``): regex checks signals during a match, shipped patterns are tested against
runaway backtracking, and a user's pattern lets go of the GIL and has a time limit of its own.)
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from contextlib import contextmanager
from typing import Iterator

# seconds between the soft stop and the end of the process, when the soft stop has not landed
HARD_GRACE = 10.0


class Overtime(BaseException):
    """The input's time is up (a BaseException: a reader's catch-all never swallows it)."""


class _Watch:
    """The inputs in flight in this process and the watchdog thread that stops them."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.wake = threading.Event()
        self.entries: dict[int, list] = {}  # thread id -> [src, soft_at, hard_at, soft_sent]
        self.thread: threading.Thread | None = None
        self.may_exit = False  # set in worker processes: the engine retries what a dead worker had
        self.planned = 0.0  # when the watchdog wakes next by itself (infinity: not until woken; 0: it has not
        # looked yet, and will)

    def start(self) -> None:
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="govplan-overtime", daemon=True)
                self.thread.start()

    def _run(self) -> None:
        while True:
            now = time.monotonic()
            with self.lock:  # (what is due, and when it wakes, decided at once: ``limited`` reads both)
                due = [entry[1] if not entry[3] else entry[2] for entry in self.entries.values()]
                self.planned = min(due) if due else float("inf")
            self.wake.wait(timeout=max(0.0, self.planned - now) if due else None)
            self.wake.clear()
            self._stop_overdue(time.monotonic())

    def _stop_overdue(self, now: float) -> None:
        with self.lock:
            for tid, entry in self.entries.items():
                src, soft_at, hard_at, soft_sent = entry
                if not soft_sent and now >= soft_at:
                    entry[3] = True
                    if tid != threading.main_thread().ident:  # the main thread has its SIGALRM
                        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), ctypes.py_object(Overtime))
                elif soft_sent and now >= hard_at and self.may_exit:
                    sys.stderr.write(f"govplan: {src!r} is stuck past its time limit: this worker ends "
                                     "(its inputs are retried one by one)\n")
                    sys.stderr.flush()
                    os._exit(70)


_WATCH = _Watch()


def allow_exit() -> None:
    """Called in a worker process: stuck past the grace, the process ends rather than the run stall."""
    _WATCH.may_exit = True


@contextmanager
def limited(src: str, seconds: float) -> Iterator[None]:
    """Run the block within ``seconds``, raising Overtime in it when they are up."""
    main = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    tid = threading.get_ident()
    now = time.monotonic()
    with _WATCH.lock:
        _WATCH.entries[tid] = [src, now + seconds, now + seconds + max(HARD_GRACE, seconds), False]
        # the watchdog is woken only when this input is due before it wakes by itself (waking it for
        # every input was half a millisecond of a batch's file, in thread switches)
        sooner = now + seconds < _WATCH.planned
    _WATCH.start()
    if sooner:
        _WATCH.wake.set()
    previous = signal.signal(signal.SIGALRM, _alarm) if main else None
    if main:
        signal.setitimer(signal.ITIMER_REAL, seconds)
    landed = False
    try:
        yield
    except Overtime:
        landed = True
        raise
    finally:
        if main:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        sent, caught = _release(tid)
        if sent and not main and not (landed or caught):
            _absorb()


def _release(tid: int) -> tuple[bool, bool]:
    """Forget the thread's input: (was an Overtime sent to it, did one land here).  One landing
    here does not keep the entry (the watchdog would end the process for it)."""
    caught = False
    while True:
        try:
            with _WATCH.lock:
                entry = _WATCH.entries.pop(tid, None)
            return bool(entry and entry[3]), caught
        except Overtime:
            caught = True


def _absorb() -> None:
    """Let an Overtime sent a moment before the block ended land here, not in what the thread
    runs next.  (It is never withdrawn with PyThreadState_SetAsyncExc(id, NULL): that leaves the
    interpreter's pending flag set, and a profiled thread then crawls.)  It lands at the next
    check of the interpreter, within a few bytecodes."""
    try:
        for _ in range(10_000_000):
            pass
    except Overtime:
        return


def _alarm(signum, frame) -> None:
    raise Overtime
