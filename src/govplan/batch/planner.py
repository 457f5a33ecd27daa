"""Plan a batch as a stream: name each input's output, tell what is unchanged, cut chunks.

Nothing here holds the list of inputs.  Inputs arrive one by one (a sorted folder walk, a
list on stdin); output names already taken, the inputs of this run and the records of an
earlier run's manifest live in temporary on-disk maps (``spill.DiskMap``), so the driver of
a batch over ten million notices stays as small as that of one over ten.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Iterable, Iterator

from govplan.batch import manifest
from govplan.batch.job import Job, Options
from govplan.files.spill import DiskMap

# inputs whose output is named by their stem alone (x.txt -> x.json)
TEXT_SUFFIXES = ("", ".txt", ".text")
# at most this many inputs per worker task (one task a file halves throughput, measured)
CHUNK = 16
# tasks per worker a small batch is cut into, so that every worker gets some
TASKS_PER_WORKER = 8


class Planner:
    """Output names and the earlier run's records of one batch (close it, or use ``with``)."""

    def __init__(self, outdir: Path | None, skip_unchanged: bool = False):
        self.outdir = outdir
        self.taken = DiskMap()  # "o" + output path, "i" + input path
        self.records = (manifest.Index([outdir / manifest.NAME])
                        if skip_unchanged and outdir is not None else None)

    def jobs(self, inputs: Iterable[tuple[str, Path | None]]) -> Iterator[Job]:
        """One Job per (input, the folder it was found under), in order."""
        for src, root in inputs:
            self.taken.add("i" + src)
            yield Job(src, self._output(src, root), _size(src))

    def _output(self, src: str, root: Path | None) -> Path | None:
        if self.outdir is None:
            return None
        rel = Path(src).relative_to(root) if root else Path(Path(src).name)
        # x.txt -> x.json as always; x.docx -> x.docx.json, so x.pdf and x.html beside it keep theirs
        plain = rel.suffix.lower() in TEXT_SUFFIXES
        out = self.outdir / (rel.with_suffix(".json") if plain else rel.with_name(rel.name + ".json"))
        if not self.taken.add("o" + str(out)):  # two inputs, one output name: keep both
            tag = hashlib.sha1(src.encode("utf-8", "surrogateescape")).hexdigest()[:8]
            out = out.with_name(f"{out.stem}.{tag}.json")
            self.taken.add("o" + str(out))
        return out

    def is_input(self, src: str) -> bool:
        """Was ``src`` an input of this run?"""
        return ("i" + src) in self.taken

    def unchanged(self, job: Job, options: Options, grammar_sha256: str) -> str | None:
        """The input's sha256 when its existing output comes from this exact input with the
        same govplan, grammar and options, else None.  The manifest's record says so when
        there is one; else the output's own header.  Any difference means the output may
        differ: parse again."""
        if job.out is None or not job.out.is_file():
            return None
        try:
            digest = hashlib.sha256(Path(job.src).read_bytes()).hexdigest()
            record = self.records.get(job.src) if self.records is not None else None
            if record is not None:
                same = (record.status == "ok" and record.sha256 == digest and record.output == str(job.out)
                        and record.settings() == settings(options, grammar_sha256))
            else:
                with job.out.open("rb") as fh:
                    data = json.load(fh)
                same = (data.get("source", {}).get("sha256") == digest
                        and (data.get("govplan_version"), data.get("grammar_sha256"), data.get("output_script"),
                             data.get("reference_date")) == settings(options, grammar_sha256))
            return digest if same else None
        except (OSError, ValueError, AttributeError):
            return None

    def recorded(self, src: str) -> bool:
        return self.records is not None and src in self.records

    def close(self) -> None:
        self.taken.close()
        if self.records is not None:
            self.records.close()

    def __enter__(self) -> Planner:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def settings(options: Options, grammar_sha256: str) -> tuple:
    """What besides the input decides an output (as a manifest record holds it)."""
    from govplan.version import __version__

    return (__version__, grammar_sha256, options.script,
            options.reference.isoformat() if options.reference else None)


def _size(src: str) -> int:
    try:
        return os.path.getsize(src)
    except OSError:
        return 0


def chunked(jobs: Iterable[Job], workers: int) -> Iterator[list[Job]]:
    """Chunks of at most CHUNK jobs; a batch too small to give every worker TASKS_PER_WORKER
    full chunks is cut finer (known by looking ahead that far, no further)."""
    stream = iter(jobs)
    ahead = []
    for job in stream:
        ahead.append(job)
        if len(ahead) >= workers * TASKS_PER_WORKER * CHUNK:
            break
    size = max(1, min(CHUNK, len(ahead) // (workers * TASKS_PER_WORKER)))
    chunk: list[Job] = []
    for job in _chain(ahead, stream):
        chunk.append(job)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _chain(first: list[Job], rest: Iterator[Job]) -> Iterator[Job]:
    yield from first
    first.clear()
    yield from rest
