"""govplan batch: many notices at once, in parallel, written atomically.

Workers parse and return JSON text; only the main process writes, each output via a
temporary file and a rename, so an interrupted batch leaves complete files or none.
Temporary files a killed run left behind are removed by the next run.
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import write_atomic

TMP_GLOB = ".*.json.*.tmp"
# at most this many inputs per worker task
CHUNK = 16


@dataclass
class Job:
    src: str
    out: Path | None  # None with --jsonl
    size: int = 0


@dataclass
class Outcome:
    src: str
    json_text: str | None = None
    error: str | None = None
    size: int = 0
    sha256: str = ""


@dataclass
class Summary:
    done: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    bytes: int = 0
    seconds: float = 0.0


def parse_one(src: str, out: Path | None, script: str, grammar_dirs: tuple[str, ...]) -> Outcome:
    """Worker: parse one input and write its JSON (or return it, for --jsonl); never raises.

    Workers write their own outputs so that the main process stays idle and two workers
    get two cores.  The write is atomic: a temporary file, then a rename.
    """
    from .emit import to_json
    from .grammar import GrammarError
    from .inputs import load_result
    from .read import ReadError
    from .runtime import paused_gc

    try:
        with paused_gc():
            result = load_result(src, script=script, grammar_dirs=grammar_dirs)
        text = to_json(result, indent=None if out is None else 2)
        if out is not None:
            # one fsync per file would dominate a large batch; the rename alone keeps files whole
            write_atomic(out, text.encode("utf-8"), durable=False)
            text = None
        return Outcome(src, text, size=result.source.bytes, sha256=result.source.sha256)
    except (ReadError, GrammarError) as exc:
        return Outcome(src, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad file never stops the batch
        return Outcome(src, error=f"{src}: internal error: {type(exc).__name__}: {exc}")


def plan_jobs(inputs: list[tuple[str, Path | None]], outdir: Path | None) -> list[Job]:
    jobs, taken = [], {}
    for src, root in inputs:
        if outdir is None:
            jobs.append(Job(src, None))
            continue
        rel = Path(src).relative_to(root) if root else Path(Path(src).name)
        out = outdir / rel.with_suffix(".json")
        if out in taken:  # two inputs, one output name: keep both
            out = out.with_name(f"{out.stem}.{hashlib.sha1(src.encode()).hexdigest()[:8]}.json")
        taken[out] = src
        jobs.append(Job(src, out))
    for job in jobs:
        try:
            job.size = os.path.getsize(job.src)
        except OSError:
            job.size = 0
    return jobs


def unchanged(job: Job) -> bool:
    """Does the existing output already describe this exact input (same content hash)?"""
    if job.out is None or not job.out.is_file():
        return False
    try:
        digest = hashlib.sha256(Path(job.src).read_bytes()).hexdigest()
        with job.out.open("rb") as fh:
            return json.load(fh).get("source", {}).get("sha256") == digest
    except (OSError, ValueError, AttributeError):
        return False


def clean_stale_temp(outdir: Path) -> int:
    n = 0
    for tmp in outdir.rglob(TMP_GLOB):
        try:
            tmp.unlink()
            n += 1
        except OSError:
            pass
    return n


class _Progress:
    """A rich progress bar on a terminal (files, MB/s, ETA); nothing otherwise."""

    def __init__(self, total_files: int, total_bytes: int, enabled: bool):
        self.bar = None
        if not enabled:
            return
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


def run(jobs: list[Job], *, jobs_n: int, script: str, grammar_dirs: tuple[str, ...],
        jsonl: bool, skip_unchanged: bool, progress: bool) -> Summary:
    summary = Summary()
    start = time.perf_counter()
    todo = []
    for job in jobs:
        if skip_unchanged and unchanged(job):
            summary.skipped += 1
        else:
            todo.append(job)
    bar = _Progress(len(todo), sum(j.size for j in todo), progress)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        if jobs_n <= 1:
            for job in todo:
                _finish(job, parse_one(job.src, job.out, script, grammar_dirs), summary, jsonl)
                bar.advance(job.size)
        else:
            _run_pool(todo, jobs_n, script, grammar_dirs, jsonl, summary, bar)
    finally:
        bar.stop()
        signal.signal(signal.SIGTERM, previous)
    summary.seconds = time.perf_counter() - start
    return summary


def parse_chunk(items: list[tuple[str, Path | None]], script: str,
                grammar_dirs: tuple[str, ...]) -> list[Outcome]:
    """Worker: several small inputs per task, so inter-process traffic stays small."""
    return [parse_one(src, out, script, grammar_dirs) for src, out in items]


def _warm(script: str, grammar_dirs: tuple[str, ...]) -> None:
    """Load the grammar, OpenCC and compiled patterns once, before the workers fork.

    The warm objects are then frozen out of the collector's reach, so a worker's garbage
    collections do not write to (and so copy) the pages it shares with the parent.
    """
    import gc

    from .api import parse_text

    parse_text("一、预热", script=script, grammar_dirs=grammar_dirs)
    gc.collect()
    gc.freeze()


def _chunks(todo: list[Job], jobs_n: int) -> list[list[Job]]:
    # small tasks for small batches (all workers busy), up to CHUNK files for large ones
    size = max(1, min(CHUNK, len(todo) // (jobs_n * 8)))
    return [todo[i: i + size] for i in range(0, len(todo), size)]


def _run_pool(todo, jobs_n, script, grammar_dirs, jsonl, summary, bar) -> None:
    _warm(script, grammar_dirs)
    by_future: dict[Future, list[Job]] = {}
    queue = iter(_chunks(todo, jobs_n))
    with ProcessPoolExecutor(max_workers=jobs_n) as pool:
        try:
            def submit_next() -> bool:
                chunk = next(queue, None)
                if chunk is None:
                    return False
                items = [(job.src, job.out) for job in chunk]
                by_future[pool.submit(parse_chunk, items, script, grammar_dirs)] = chunk
                return True

            for _ in range(jobs_n * 3):  # a bounded window keeps memory flat on huge batches
                if not submit_next():
                    break
            while by_future:
                done, _ = wait(by_future, return_when=FIRST_COMPLETED)
                for fut in done:
                    chunk = by_future.pop(fut)
                    try:
                        outcomes = fut.result()
                    except Exception as exc:  # noqa: BLE001 - a worker died
                        outcomes = [Outcome(job.src, error=f"{job.src}: worker failed: {exc}")
                                    for job in chunk]
                    for job, outcome in zip(chunk, outcomes):
                        _finish(job, outcome, summary, jsonl)
                        bar.advance(job.size)
                    submit_next()
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _finish(job: Job, outcome: Outcome, summary: Summary, jsonl: bool) -> None:
    if outcome.error is not None:
        summary.failed.append((job.src, outcome.error))
        return
    if jsonl and outcome.json_text is not None:
        sys.stdout.write(outcome.json_text)
        sys.stdout.flush()
    summary.done += 1
    summary.bytes += outcome.size


def write_errors(outdir: Path, failed: list[tuple[str, str]]) -> None:
    lines = "".join(json.dumps({"file": f, "error": e}, ensure_ascii=False) + "\n" for f, e in failed)
    target = outdir / "_errors.jsonl"
    if failed:
        write_atomic(target, lines.encode("utf-8"))
    elif target.exists():
        target.unlink()
