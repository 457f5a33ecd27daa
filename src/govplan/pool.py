"""The process pool of ``govplan batch``: chunks of inputs on worker processes.

A bounded window of tasks keeps memory flat.  A worker that dies (killed, out of
memory) breaks the pool: it is started again, and the inputs that were in flight are
retried one by one; an input that kills a worker again is reported as failed.  Workers
exit when the main process dies, so a killed batch leaves no orphans behind.
"""
from __future__ import annotations

import os
import threading
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from .batch import Job, Options, Outcome, parse_chunk

# how often a worker checks that the main process is still there (seconds)
WATCH_PARENT_EVERY = 0.5
# tasks in flight per worker
WINDOW_PER_WORKER = 3


def _worker_start(main_pid: int) -> None:
    """In each worker: mark its temporary files with the run's id, and exit with the main process."""
    os.environ["GOVPLAN_RUN"] = str(main_pid)
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

    from .api import parse_text

    parse_text("一、预热", script=options.script, grammar_dirs=options.grammar_dirs)
    gc.collect()
    gc.freeze()


def run_pool(chunks: list[list[Job]], jobs_n: int, options: Options, finish) -> None:
    """Run every chunk; ``finish(job, outcome)`` gets each input's outcome in the main process."""
    _warm(options)
    queue: deque[list[Job]] = deque(chunks)
    retried: set[str] = set()
    while queue and not finish.summary.stopped:
        lost = _pass(queue, jobs_n, options, finish)
        for chunk in lost:  # a worker died: retry each input of what was in flight alone
            for job in chunk:
                if job.src in retried:
                    finish(job, Outcome(job.src, error=f"{job.src}: the worker parsing it died twice "
                                                       "(killed, or out of memory)"))
                else:
                    retried.add(job.src)
                    queue.appendleft([job])
    if finish.summary.stopped:
        finish.summary.not_started = sum(len(c) for c in queue)


def _pass(queue: deque[list[Job]], jobs_n: int, options: Options, finish) -> list[list[Job]]:
    """Run chunks from the queue until it is empty (returns []) or the pool breaks
    (returns the chunks that were in flight)."""
    in_flight: dict[Future, list[Job]] = {}
    with ProcessPoolExecutor(max_workers=jobs_n, initializer=_worker_start, initargs=(os.getpid(),)) as pool:
        try:
            def submit_next() -> None:
                if queue and not finish.summary.stopped:
                    chunk = queue.popleft()
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
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return []
