"""Drive a batch: plan outputs, skip unchanged inputs, run the work, report and record failures."""
from __future__ import annotations

import hashlib
import json
import os
import signal
import sys
import time
from pathlib import Path

from .atomic import write_atomic
from .batch import Job, Options, Outcome, Summary, parse_one

# inputs whose output is named by their stem alone (x.txt -> x.json)
TEXT_SUFFIXES = ("", ".txt", ".text")
# at most this many inputs per worker task
CHUNK = 16


def plan_jobs(inputs: list[tuple[str, Path | None]], outdir: Path | None) -> list[Job]:
    jobs, taken = [], {}
    for src, root in inputs:
        if outdir is None:
            jobs.append(Job(src, None))
            continue
        rel = Path(src).relative_to(root) if root else Path(Path(src).name)
        # x.txt -> x.json as always; x.docx -> x.docx.json, so x.pdf and x.html beside it keep theirs
        plain = rel.suffix.lower() in TEXT_SUFFIXES
        out = outdir / (rel.with_suffix(".json") if plain else rel.with_name(rel.name + ".json"))
        if out in taken:  # two inputs, one output name: keep both
            tag = hashlib.sha1(src.encode("utf-8", "surrogateescape")).hexdigest()[:8]
            out = out.with_name(f"{out.stem}.{tag}.json")
        taken[out] = src
        jobs.append(Job(src, out))
    for job in jobs:
        try:
            job.size = os.path.getsize(job.src)
        except OSError:
            job.size = 0
    return jobs


def unchanged(job: Job, options: Options, grammar_sha256: str, records: dict | None = None) -> bool:
    """Does the existing output come from this exact input with the same govplan, grammar
    and options?  The manifest's record says so when there is one; else the output's own
    header.  Any difference means the output may differ: parse again."""
    from . import __version__

    if job.out is None or not job.out.is_file():
        return False
    try:
        digest = hashlib.sha256(Path(job.src).read_bytes()).hexdigest()
        record = (records or {}).get(job.src)
        if record is not None:
            return (record.status == "ok" and record.sha256 == digest and record.output == str(job.out)
                    and record.settings() == _settings(options, grammar_sha256))
        with job.out.open("rb") as fh:
            data = json.load(fh)
        return (data.get("source", {}).get("sha256") == digest and data.get("govplan_version") == __version__
                and data.get("output_script") == options.script and data.get("grammar_sha256") == grammar_sha256
                and data.get("reference_date") == (options.reference.isoformat() if options.reference else None))
    except (OSError, ValueError, AttributeError):
        return False


def _settings(options: Options, grammar_sha256: str) -> tuple:
    from . import __version__

    return (__version__, grammar_sha256, options.script,
            options.reference.isoformat() if options.reference else None)


def _record(job: Job, outcome: Outcome, options: Options, grammar_sha256: str):
    from .manifest import Record

    version, grammar, script, reference = _settings(options, grammar_sha256)
    return Record(path=job.src, sha256=outcome.sha256, size=outcome.size or job.size, govplan_version=version,
                  grammar_sha256=grammar, script=script, reference_date=reference,
                  output=str(job.out) if job.out else None, status="failed" if outcome.error else "ok",
                  error=outcome.error)


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


def run(jobs: list[Job], *, jobs_n: int, options: Options, skip_unchanged: bool, progress: bool,
        outdir: Path | None = None, engine: str = "process", scheduler: str | None = None) -> Summary:
    """Parse ``jobs`` in this process, a process pool or (``engine`` "dask") on a Dask cluster;
    with ``outdir``, every finished input is recorded in its manifest."""
    from . import manifest
    from .grammar import load_grammar

    summary = Summary()
    start = time.perf_counter()
    fingerprint = load_grammar(options.grammar_dirs).fingerprint
    records = manifest.read(outdir / manifest.NAME) if skip_unchanged and outdir is not None else {}
    todo, unrecorded = [], []
    for job in jobs:
        if skip_unchanged and unchanged(job, options, fingerprint, records):
            summary.skipped += 1
            if job.src not in records:
                unrecorded.append(job)  # written by a run killed before it recorded it
        else:
            todo.append(job)
    bar = _Progress(len(todo), sum(j.size for j in todo), progress)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    writer = manifest.Writer(outdir) if outdir is not None else None
    for job in unrecorded if writer else ():
        digest = hashlib.sha256(Path(job.src).read_bytes()).hexdigest()
        writer.write(_record(job, Outcome(job.src, size=job.size, sha256=digest), options, fingerprint))
    finish = Finisher(summary, options.jsonl, bar, todo,
                      record=(lambda job, outcome: writer.write(_record(job, outcome, options, fingerprint)))
                      if writer else None)
    try:
        if engine == "dask":
            from .engine_dask import run_dask

            run_dask(_chunks(todo, jobs_n), jobs_n, options, finish, scheduler)
        elif jobs_n <= 1:
            for n, job in enumerate(todo):
                if summary.stopped:
                    summary.not_started = len(todo) - n
                    break
                finish(job, parse_one(job.src, job.out, options))
        else:
            from .pool import run_pool

            run_pool(_chunks(todo, jobs_n), jobs_n, options, finish)
    finally:
        bar.stop()
        signal.signal(signal.SIGTERM, previous)
        if writer is not None:
            writer.close()
    summary.seconds = time.perf_counter() - start
    return summary


def _chunks(todo: list[Job], jobs_n: int) -> list[list[Job]]:
    # small tasks for small batches (all workers busy), up to CHUNK files for large ones
    size = max(1, min(CHUNK, len(todo) // (jobs_n * 8)))
    return [todo[i: i + size] for i in range(0, len(todo), size)]


class Finisher:
    """What the main process does with each outcome: count it, print it (--jsonl, in the order
    of the inputs whatever order the workers finish in), and stop the batch when no output can
    be written any more."""

    def __init__(self, summary: Summary, jsonl: bool, bar: _Progress, jobs: list[Job] = (), record=None):
        self.summary, self.jsonl, self.bar, self.record = summary, jsonl, bar, record
        self.order = {id(job): n for n, job in enumerate(jobs)}
        self.waiting: dict[int, tuple[Job, Outcome | None]] = {}  # finished early: index -> outcome
        self.next = 0  # index of the next input to print

    def __call__(self, job: Job, outcome: Outcome) -> None:
        summary = self.summary
        self.bar.advance(job.size)
        if self.record is not None:
            try:
                self.record(job, outcome)
            except OSError as exc:  # the manifest cannot be written: the run's record would lie
                summary.stopped = summary.stopped or f"manifest: {exc.strerror or exc}"
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
        self.waiting[self.order.get(id(job), self.next)] = (job, outcome)
        while self.next in self.waiting:
            ready, result = self.waiting.pop(self.next)
            self.next += 1
            if result is not None:
                self._print(ready, result)

    def _print(self, job: Job, outcome: Outcome) -> None:
        summary = self.summary
        try:
            sys.stdout.write(outcome.json_text)
            sys.stdout.flush()
        except OSError as exc:
            summary.failed.append((job.src, f"{job.src}: cannot write to standard output: {exc.strerror}"))
            summary.stopped = summary.stopped or f"standard output: {exc.strerror or exc}"
            return
        summary.done += 1
        summary.bytes += outcome.size


def write_errors(outdir: Path, failed: list[tuple[str, str]], inputs: list[Job]) -> None:
    """OUTDIR/_errors.jsonl: this run's failures, beside those of other runs' inputs.

    Entries of inputs this run did not touch are kept (another batch into the same
    folder, or an earlier one); the file is removed when no entry is left.
    """
    import fcntl

    target = outdir / "_errors.jsonl"
    ours = {job.src for job in inputs}
    with open(outdir / ".govplan.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        kept = []
        try:
            for line in target.read_text(encoding="utf-8").splitlines():
                entry = json.loads(line)
                if isinstance(entry, dict) and entry.get("file") not in ours:
                    kept.append(line + "\n")
        except (OSError, ValueError):
            kept = []
        lines = kept + [json.dumps({"file": f, "error": e}, ensure_ascii=False) + "\n" for f, e in failed]
        if lines:
            write_atomic(target, "".join(lines).encode("utf-8"))
        elif target.exists():
            target.unlink()
