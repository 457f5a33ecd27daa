"""The unit of work of ``govplan batch``: parse a chunk of inputs, never raise.

``parse_chunk(items, options)`` is what a worker runs, and what any engine can run
(``pool.py`` runs it on a local process pool; ``runner.py`` drives a batch).  Each input
is parsed and its JSON written atomically (a temporary file, then a rename), or returned
for ``--jsonl``; a failure of one input becomes its Outcome and never stops the rest.
"""
from __future__ import annotations

import datetime as dt
import errno
from dataclasses import dataclass, field
from pathlib import Path

from govplan.files.atomic import check_contained, write_atomic
from govplan.settings import env_number

# errors that mean no output can be written at all: the batch stops instead of failing every file
DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EROFS)


@dataclass(frozen=True)
class Options:
    """Everything that changes a batch's output, besides the input itself."""

    script: str = "simplified"
    grammar_dirs: tuple[str, ...] = ()
    jsonl: bool = False
    reference: dt.date | None = None  # --reference-date for notices that state no date
    outdir: str | None = None  # the output folder: no output is written through a link inside it


@dataclass
class Job:
    src: str
    out: Path | None  # None with --jsonl
    size: int = 0
    index: int = 0  # its place among the inputs to parse (--jsonl prints in this order)


@dataclass
class Outcome:
    src: str
    json_text: str | None = None
    error: str | None = None
    size: int = 0
    disk_full: bool = False
    sha256: str = ""  # of the input, for the manifest


@dataclass
class Summary:
    done: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    bytes: int = 0
    seconds: float = 0.0
    stopped: str | None = None  # why the batch stopped early (a full disk), if it did
    not_started: int = 0  # inputs left when it stopped


def parse_one(src: str, out: Path | None, options: Options) -> Outcome:
    """Parse one input and write its JSON (or return it, for --jsonl); never raises."""
    from govplan.batch.runtime import paused_gc
    from govplan.errors import GrammarError, ReadError
    from govplan.files.inputs import load_result
    from govplan.grammar.loader import load_grammar
    from govplan.output.json_stream import to_json

    try:
        with paused_gc():
            result = load_result(src, load_grammar(options.grammar_dirs), script=options.script,
                                 reference=options.reference)
        text: str | None = to_json(result, indent=None if out is None else 2)
        if out is not None and text is not None:
            if options.outdir is not None:
                check_contained(out, Path(options.outdir))  # no link planted in OUT is followed
            # one fsync per file would dominate a large batch; the rename alone keeps files whole
            write_atomic(out, text.encode("utf-8"), durable=False)
            text = None
        return Outcome(src, text, size=result.source.bytes, sha256=result.source.sha256)
    except (ReadError, GrammarError) as exc:
        return Outcome(src, error=str(exc))
    except OSError as exc:
        return Outcome(src, error=f"{src}: cannot write {out}: {exc.strerror or exc}",
                       disk_full=exc.errno in DISK_FULL)
    except Exception as exc:  # noqa: BLE001 - one bad file never stops the batch
        return Outcome(src, error=f"{src}: internal error: {type(exc).__name__}: {exc}")


def parse_chunk(items: list[tuple[str, Path | None]], options: Options) -> list[Outcome]:
    """Parse several inputs (a worker's task): one Outcome per input, in order; never raises.
    Each input has INPUT_SECONDS (GOVPLAN_INPUT_SECONDS) to finish; one that takes longer is
    recorded as failed and the others go on."""
    return [parse_timed(src, out, options) for src, out in items]


# how long one input of a batch may take (seconds): a notice parses in milliseconds, a large
# workbook in seconds; a reader stuck on a hostile file must not stall the run
INPUT_SECONDS = 120


def input_seconds() -> float:
    """The per-input limit: GOVPLAN_INPUT_SECONDS, or INPUT_SECONDS (0 or less: none)."""
    return env_number("GOVPLAN_INPUT_SECONDS", INPUT_SECONDS)


def parse_timed(src: str, out: Path | None, options: Options) -> Outcome:
    """parse_one within the time limit (batch/overtime.py: on any thread; a worker process that
    stays stuck past the grace ends, and its engine retries the inputs it had)."""
    from govplan.batch.overtime import Overtime, limited

    seconds = input_seconds()
    if seconds <= 0:
        return parse_one(src, out, options)
    try:
        with limited(src, seconds):
            return parse_one(src, out, options)
    except Overtime:
        return Outcome(src, error=f"{src}: took longer than {seconds:g} s: stopped (GOVPLAN_INPUT_SECONDS "
                                  "raises the limit)")
