"""Drive a batch: plan outputs, skip unchanged inputs, run the work, report and record failures."""
from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Callable, Iterable, Iterator

from govplan.batch.job import Job, Options, Outcome, Summary, parse_timed
from govplan.batch.planner import Planner, chunked, settings
from govplan.errors import OutputError
from govplan.files.atomic import write_atomic


def _record(job: Job, outcome: Outcome, options: Options, grammar_sha256: str):
    from govplan.batch.manifest import Record

    version, grammar, script, reference = settings(options, grammar_sha256)
    return Record(path=job.src, sha256=outcome.sha256, size=outcome.size or job.size, govplan_version=version,
                  grammar_sha256=grammar, script=script, reference_date=reference,
                  output=str(job.out) if job.out else None, status="failed" if outcome.error else "ok",
                  error=outcome.error)


class _Progress:
    """A rich progress bar on a terminal (files, MB/s, ETA); nothing otherwise."""

    def __init__(self, totals: tuple[int, int] | None):
        self.bar = None
        if totals is None:
            return
        total_files, total_bytes = totals
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn

        self.bar = Progress(TextColumn("{task.fields[files]}/%d files" % total_files), BarColumn(),
                            TransferSpeedColumn(), TimeRemainingColumn(),
                            console=Console(stderr=True), transient=True)
        self.task = self.bar.add_task("parse", total=max(total_bytes, 1), files=0)
        self.bar.start()

    def advance(self, size: int) -> None:
        if self.bar:
            done = self.bar.tasks[0].fields["files"] + 1
            self.bar.update(self.task, advance=size, files=done)

    def stop(self) -> None:
        if self.bar:
            self.bar.stop()


def _interrupt(signum, frame):  # SIGTERM behaves like Ctrl-C: stop, clean up, exit
    raise KeyboardInterrupt


def count_inputs(inputs: Iterable[tuple[str, Path | None]]) -> tuple[int, int]:
    """How many inputs, and their bytes (for the progress bar: a second walk, flat memory)."""
    files = size = 0
    for src, _ in inputs:
        files += 1
        try:
            size += os.path.getsize(src)
        except OSError:
            pass
    return files, size


def _run_inline(todo: Iterator[Job], jobs_n: int, options: Options, finish: Finisher, scheduler: str | None,
                summary: Summary) -> None:
    """One input after another in this process (--jobs 1)."""
    for job in todo:
        if summary.stopped:
            summary.not_started = 1 + sum(1 for _ in todo)
            break
        finish(job, parse_timed(job.src, job.out, options))


def _run_pool(todo: Iterator[Job], jobs_n: int, options: Options, finish: Finisher, scheduler: str | None,
              summary: Summary) -> None:
    """A pool of --jobs worker processes on this machine."""
    from govplan.batch.pool import run_pool

    run_pool(chunked(todo, jobs_n), jobs_n, options, finish)


def _run_dask(todo: Iterator[Job], jobs_n: int, options: Options, finish: Finisher, scheduler: str | None,
              summary: Summary) -> None:
    """A Dask cluster (a LocalCluster of --jobs workers when no scheduler is named)."""
    from govplan.batch.dask_engine import run_dask

    run_dask(chunked(todo, jobs_n), jobs_n, options, finish, scheduler)


# the engines a batch runs on, by --engine name ("inline": process with one job)
ENGINES: dict[str, Callable[..., None]] = {"inline": _run_inline, "process": _run_pool, "dask": _run_dask}


def run(planner: Planner, inputs: Iterable[tuple[str, Path | None]], *, jobs_n: int, options: Options,
        skip_unchanged: bool, totals: tuple[int, int] | None = None, engine: str = "process",
        scheduler: str | None = None) -> Summary:
    """Parse ``inputs`` as they stream in, in this process, a process pool or (``engine``
    "dask") on a Dask cluster; with an output folder, every finished input is recorded in
    its manifest.  ``totals`` (inputs, bytes), when known, shows a progress bar."""
    from govplan.batch import manifest
    from govplan.grammar.loader import load_grammar

    summary = Summary()
    start = time.perf_counter()
    fingerprint = load_grammar(options.grammar_dirs).fingerprint
    bar = _Progress(totals)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        writer = manifest.Writer(planner.outdir) if planner.outdir is not None else None
    except OSError as exc:
        raise OutputError(f"{planner.outdir}/{manifest.NAME}: cannot write: {exc.strerror or exc}") from None
    finish = Finisher(summary, options.jsonl, bar,
                      record=(lambda job, outcome: writer.write(_record(job, outcome, options, fingerprint)))
                      if writer else None)
    todo = _todo(planner, planner.jobs(inputs), options, fingerprint, finish, skip_unchanged)
    run_engine = ENGINES[engine if engine != "process" or jobs_n > 1 else "inline"]
    try:
        run_engine(todo, jobs_n, options, finish, scheduler, summary)
    finally:
        bar.stop()
        signal.signal(signal.SIGTERM, previous)
        if writer is not None:
            writer.close()
    summary.seconds = time.perf_counter() - start
    return summary


def _todo(planner: Planner, jobs: Iterable[Job], options: Options, fingerprint: str, finish: Finisher,
          skip_unchanged: bool) -> Iterator[Job]:
    """The jobs to run, numbered in order; unchanged inputs are counted (and recorded, when
    a run killed before recording them wrote their output) instead.  Once the batch has
    stopped, the rest pass unchecked, to be counted as not started."""
    index = 0
    for job in jobs:
        digest = None
        if skip_unchanged and not finish.summary.stopped:
            digest = planner.unchanged(job, options, fingerprint)
        if digest is not None:
            finish.skipped(job, Outcome(job.src, size=job.size, sha256=digest), recorded=planner.recorded(job.src))
            continue
        job.index = index
        index += 1
        yield job


class Finisher:
    """What the main process does with each outcome: count it, print it (--jsonl, in the order
    of the inputs whatever order the workers finish in), and stop the batch when no output can
    be written any more."""

    def __init__(self, summary: Summary, jsonl: bool, bar: _Progress, record=None):
        self.summary, self.jsonl, self.bar, self.record = summary, jsonl, bar, record
        # finished before an earlier input (at most the inputs in flight): index -> outcome
        self.waiting: dict[int, tuple[Job, Outcome | None]] = {}
        self.next = 0  # index of the next input to print

    def skipped(self, job: Job, outcome: Outcome, recorded: bool) -> None:
        self.summary.skipped += 1
        self.bar.advance(job.size)
        if self.record is not None and not recorded:  # written by a run killed before it recorded it
            self._record(job, outcome)

    def _record(self, job: Job, outcome: Outcome) -> None:
        try:
            self.record(job, outcome)
        except OSError as exc:  # the manifest cannot be written: the run's record would lie
            self.summary.stopped = self.summary.stopped or f"manifest: {exc.strerror or exc}"

    def __call__(self, job: Job, outcome: Outcome) -> None:
        summary = self.summary
        self.bar.advance(job.size)
        if self.record is not None:
            self._record(job, outcome)
        if outcome.error is not None:
            summary.failed.append((job.src, outcome.error))
            if outcome.disk_full and not summary.stopped:
                summary.stopped = outcome.error
            self._in_order(job, None)
            return
        if not self.jsonl or outcome.json_text is None:
            summary.done += 1
            summary.bytes += outcome.size
            return
        self._in_order(job, outcome)

    def _in_order(self, job: Job, outcome: Outcome | None) -> None:
        if not self.jsonl:
            return
        self.waiting[job.index] = (job, outcome)
        while self.next in self.waiting:
            ready, result = self.waiting.pop(self.next)
            self.next += 1
            if result is not None:
                self._print(ready, result)

    def _print(self, job: Job, outcome: Outcome) -> None:
        summary = self.summary
        try:
            sys.stdout.write(outcome.json_text or "")
            sys.stdout.flush()
        except OSError as exc:
            summary.failed.append((job.src, f"{job.src}: cannot write to standard output: {exc.strerror}"))
            summary.stopped = summary.stopped or f"standard output: {exc.strerror or exc}"
            return
        summary.done += 1
        summary.bytes += outcome.size


def write_errors(outdir: Path, failed: list[tuple[str, str]], is_input: Callable[[str], bool]) -> None:
    """OUTDIR/_errors.jsonl: this run's failures, beside those of other runs' inputs.

    Entries of inputs this run did not touch are kept (another batch into the same
    folder, or an earlier one); the file is removed when no entry is left.
    """
    import fcntl

    from govplan.files.atomic import check_contained, open_nofollow

    target = outdir / "_errors.jsonl"
    check_contained(target, outdir)
    # the lock is never created or opened through a link planted in OUT
    with os.fdopen(open_nofollow(outdir / ".govplan.lock", os.O_WRONLY | os.O_CREAT | os.O_APPEND), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        kept = []
        try:
            for line in target.read_text(encoding="utf-8").splitlines():
                entry = json.loads(line)
                if isinstance(entry, dict) and not (isinstance(entry.get("file"), str) and is_input(entry["file"])):
                    kept.append(line + "\n")
        except (OSError, ValueError):
            kept = []
        lines = kept + [json.dumps({"file": f, "error": e}, ensure_ascii=False) + "\n" for f, e in failed]
        if lines:
            write_atomic(target, "".join(lines).encode("utf-8"))
        elif target.exists():
            target.unlink()
