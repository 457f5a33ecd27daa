"""The process pool of ``govplan batch``: chunks of inputs on worker processes.

A bounded window of tasks keeps memory flat.  A worker that dies (killed, out of
memory) breaks the pool: it is started again, and the inputs that were in flight are
retried one by one; an input that kills a worker again is reported as failed.  Workers
exit when the main process dies, so a killed batch leaves no orphans behind.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Iterable, Iterator

from govplan.batch.job import Job, Options, Outcome, parse_chunk

# how often a worker checks that the main process is still there (seconds)
WATCH_PARENT_EVERY = 0.5
# tasks in flight per worker
WINDOW_PER_WORKER = 3


def _worker_start(main_pid: int) -> None:
    """In each worker: mark its temporary files with the run's id, leave Ctrl-C to the main
    process, and exit with it."""
    from govplan.batch.overtime import allow_exit

    os.environ["GOVPLAN_RUN"] = str(main_pid)
    allow_exit()  # stuck past the time limit and its grace, a worker ends: its inputs are retried
    # A terminal's Ctrl-C reaches the whole process group: the main process alone handles it
    # (it stops the pool, see _stop); raised in a worker it could land inside the pool's own
    # messaging.  SIGTERM ends a worker at once, rather than running the main process's
    # handler (inherited by the fork), which turns it into Ctrl-C.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(WATCH_PARENT_EVERY)
            if os.getppid() != parent:  # the main process is gone: nobody will read our results
                os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _warm(options: Options) -> None:
    """Load the grammar, OpenCC and compiled patterns once, before the workers fork.

    The warm objects are then frozen out of the collector's reach, so a worker's garbage
    collections do not write to (and so copy) the pages it shares with the parent.
    """
    import gc

    from govplan.api import parse_text

    parse_text("一、预热", script=options.script, grammar_dirs=options.grammar_dirs)
    gc.collect()
    gc.freeze()


def run_pool(chunks: Iterable[list[Job]], jobs_n: int, options: Options, finish) -> None:
    """Run every chunk as the stream gives it; ``finish(job, outcome)`` gets each input's
    outcome in the main process."""
    _warm(options)
    stream = iter(chunks)
    retry: deque[list[Job]] = deque()  # inputs that were in flight when a worker died
    retried: set[str] = set()  # (only those: a handful, not the whole batch)
    while not finish.summary.stopped:
        lost = _pass(retry, stream, jobs_n, options, finish)
        if lost is None:
            break
        for chunk in lost:  # a worker died: retry each input of what was in flight alone
            for job in chunk:
                if job.src in retried:
                    finish(job, Outcome(job.src, error=f"{job.src}: the worker parsing it died twice "
                                                       "(killed, out of memory, or stuck past the time limit)"))
                else:
                    retried.add(job.src)
                    retry.append([job])
    if finish.summary.stopped:
        finish.summary.not_started = sum(len(c) for c in retry) + sum(len(c) for c in stream)


def _pass(retry: deque[list[Job]], stream: Iterator[list[Job]], jobs_n: int, options: Options,
          finish) -> list[list[Job]] | None:
    """Run chunks (those to retry first, then the stream's) until there are none left
    (returns None) or the pool breaks (returns the chunks that were in flight)."""
    in_flight: dict[Future, list[Job]] = {}
    with ProcessPoolExecutor(max_workers=jobs_n, initializer=_worker_start, initargs=(os.getpid(),)) as pool:
        try:
            def submit_next() -> None:
                if finish.summary.stopped:
                    return
                chunk = retry.popleft() if retry else next(stream, None)
                if chunk is not None:
                    items = [(job.src, job.out) for job in chunk]
                    in_flight[pool.submit(parse_chunk, items, options)] = chunk

            for _ in range(jobs_n * WINDOW_PER_WORKER):
                submit_next()
            while in_flight:
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for fut in done:
                    chunk = in_flight.pop(fut)
                    try:
                        outcomes = fut.result()
                    except BrokenProcessPool:
                        lost = [chunk] + [in_flight.pop(f) for f in list(in_flight)]
                        pool.shutdown(wait=False, cancel_futures=True)
                        return lost
                    for job, outcome in zip(chunk, outcomes):
                        finish(job, outcome)
                    submit_next()
        except KeyboardInterrupt:
            _stop(pool)
            raise
    return None


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel what is queued and end the workers now.  A pool merely shut down can keep the
    interpreter from exiting: its manager thread, joined at exit, may wait for a result that
    an interrupt cut off (an interrupted batch hung this way once in CI, with both workers idle).
    Killed workers leave at most temporary files, which the caller removes."""
    workers = list((getattr(pool, "_processes", None) or {}).values())  # (not public: read before shutdown clears it)
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.join(timeout=5)
