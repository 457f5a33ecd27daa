"""batch --engine dask: the same batch on a Dask cluster (dask.distributed).

Without ``--scheduler`` a LocalCluster of ``--jobs`` worker processes is started.  The driver
submits chunks of about 16 inputs (``parse_chunk``, the engine-neutral unit of work) with a
bounded window, like the process pool; workers parse and write each output atomically to
OUT (a filesystem they share with the driver), or return the JSON for ``--jsonl``; the driver
records every outcome (manifest, failures, summary).  Before any work, every worker must run
the same govplan version and grammar as the driver, or the run is refused.  A chunk whose
worker died is retried by Dask (``allowed-failures``); one that kills workers every time is
tried again input by input, so that only the input that kills a worker alone fails.  Each input
has the batch's time limit on the worker's thread too (batch/overtime.py: a worker stuck past it
and its grace ends).  Dask is an optional extra, imported only here.
"""
from __future__ import annotations

from collections import deque
from typing import Iterable

from govplan.batch.job import Job, Options, Outcome, parse_chunk
from govplan.errors import EngineError
from govplan.files.atomic import run_id

# futures in flight per worker: enough to keep each busy, few enough to keep the driver small
WINDOW_PER_WORKER = 4


def _identity(grammar_dirs: tuple[str, ...]) -> tuple[str, str]:
    from govplan.grammar.loader import load_grammar
    from govplan.version import __version__

    return __version__, load_grammar(grammar_dirs).fingerprint


def check_workers(found: dict[str, tuple[str, str]], expected: tuple[str, str]) -> None:
    """Refuse workers that run another govplan or grammar than the driver."""
    wrong = {worker: ident for worker, ident in found.items() if tuple(ident) != tuple(expected)}
    if wrong:
        worker, (version, grammar) = next(iter(wrong.items()))
        raise EngineError(f"worker {worker} runs govplan {version} with grammar {grammar[:12]}, the driver "
                          f"govplan {expected[0]} with grammar {expected[1][:12]}: install the same version and "
                          f"grammar on every worker ({len(wrong)} of {len(found)} differ)")


def parse_chunk_on_worker(items, options: Options, run: int) -> list[Outcome]:
    """parse_chunk in a Dask worker, which may end when an input stays stuck (see overtime.py).
    Its temporary files carry the driver's run id, so the driver removes what a dead worker left."""
    import os

    from govplan.batch.overtime import allow_exit

    os.environ["GOVPLAN_RUN"] = str(run)
    allow_exit()
    return parse_chunk(items, options)


def run_dask(chunks: Iterable[list[Job]], jobs_n: int, options: Options, finish, scheduler: str | None) -> None:
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise EngineError('--engine dask needs Dask: pip install "govplan[dask]"') from None
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="30s")
        else:
            cluster = LocalCluster(n_workers=jobs_n, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
    except (OSError, TimeoutError) as exc:
        raise EngineError(f"cannot reach the Dask scheduler {scheduler or '(local)'}: {exc}") from None
    try:
        check_workers(client.run(_identity, options.grammar_dirs), _identity(options.grammar_dirs))
        _submit_all(client, as_completed, chunks, jobs_n, options, finish)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _submit_all(client, as_completed, chunks: Iterable[list[Job]], jobs_n: int, options: Options,
                finish) -> None:
    stream = iter(chunks)
    retry: deque[list[Job]] = deque()  # the inputs of a chunk that failed, one chunk each
    by_future = {}
    pending = as_completed()

    def submit_next() -> None:
        chunk = None if finish.summary.stopped else (retry.popleft() if retry else next(stream, None))
        if chunk is not None:
            future = client.submit(parse_chunk_on_worker, [(job.src, job.out) for job in chunk], options,
                                   run_id(), pure=False)
            by_future[future.key] = chunk
            pending.add(future)

    for _ in range(max(1, jobs_n) * WINDOW_PER_WORKER):
        submit_next()
    for future in pending:
        chunk = by_future.pop(future.key)
        try:
            outcomes = future.result()
        except Exception as exc:  # noqa: BLE001 - a chunk whose workers died (KilledWorker) or failed
            if len(chunk) > 1:  # which input killed it? each is tried alone
                retry.extend([job] for job in chunk)
                outcomes = []
            else:
                outcomes = [Outcome(chunk[0].src, error=f"{chunk[0].src}: not parsed on the cluster (its worker "
                                                        f"died: killed, out of memory, or stuck past the time "
                                                        f"limit): {type(exc).__name__}: {exc}")]
        for job, outcome in zip(chunk, outcomes):
            finish(job, outcome)
        submit_next()
        while retry and not finish.summary.stopped and len(by_future) < max(1, jobs_n) * WINDOW_PER_WORKER:
            submit_next()
    if finish.summary.stopped:
        finish.summary.not_started = sum(len(c) for c in retry) + sum(len(c) for c in stream)
