"""What every command shares: the typer app, exit codes, choices, errors and output."""
from __future__ import annotations

import datetime as dt
import errno
import io
import os
import sys
from pathlib import Path
from typing import IO, Callable, NoReturn, Union

import typer

from govplan.errors import ExitCode, UsageError

app = typer.Typer(
    name="govplan", no_args_is_help=True, add_completion=True, pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain usage errors and help, as other command-line tools print them
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Parse Chinese government plans and notices into structured task ledgers.")



def fail(message: str) -> NoReturn:
    """Stop the command: one clear line on stderr (a line per problem), exit 2 (``main`` prints it)."""
    raise UsageError(message)


Writer = Callable[[IO[bytes]], None]


def write_output(output: str, data: Union[bytes, Writer]) -> None:
    """Bytes, or what a writer writes, to stdout (``-``) or atomically to a file.

    A file is written to a temporary name and renamed: never a half-written file.
    """
    write: Callable[[IO[bytes]], object] = data if callable(data) else (lambda fh: fh.write(data))
    if output == "-":
        try:
            if sys.stdout.isatty():  # a terminal: control characters of the text shown visibly
                from govplan.text.safe import visible

                buffer = io.BytesIO()
                write(buffer)
                sys.stdout.buffer.write(visible(buffer.getvalue().decode("utf-8", "replace")).encode("utf-8"))
            else:
                write(sys.stdout.buffer)
            sys.stdout.buffer.flush()
        except OSError as exc:
            stdout_failed(exc)
        return
    from govplan.files.atomic import open_atomic

    try:
        with open_atomic(Path(output)) as fh:
            write(fh)
    except OSError as exc:
        fail(f"{output}: cannot write: {exc.strerror or exc}")


def check_writable(output: str) -> None:
    """Fail before the work when the output's folder cannot be written."""
    if output == "-":
        return
    probe = Path(output).resolve().parent
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir() or not os.access(probe, os.W_OK):
        fail(f"{output}: cannot write here")


class Loaded(list):
    """The inputs a command read: (result, the notice's text or None) pairs; ``failed``
    counts inputs that could not be read (each reported on stderr)."""

    failed: int = 0

    @property
    def results(self):
        return [result for result, _ in self]


def without_twins(paths: list[str]) -> tuple[list[str], int]:
    """A folder that holds notices and their batch JSON (x.txt and x.json, x.docx and
    x.docx.json) would give every task twice: the JSON beside its notice is left out."""
    from govplan.formats.sniff import NOTICE_SUFFIXES

    notices = {p for p in paths if Path(p).suffix.lower() in NOTICE_SUFFIXES}
    stems = {str(Path(p).with_suffix("")) for p in notices if Path(p).suffix.lower() in (".txt", ".text")} | notices

    def twin(path: str) -> bool:
        return path.lower().endswith(".json") and str(Path(path).with_suffix("")) in stems

    kept = [p for p in paths if not twin(p)]
    return kept, len(paths) - len(kept)


def load_all(files: list[str], script: str = "simplified", grammar: tuple[str, ...] = (),
             reference: dt.date | None = None, corrections: str | None = None) -> Loaded:
    """Every input (notices or parse JSON), read and parsed (with a reviewer's corrections file).

    An unreadable input is reported on its own line and the rest are read; when none
    could be read the command fails (exit 2), else it finishes and exits 1 (``finish``).
    """
    from govplan.errors import ReadError
    from govplan.files.inputs import expand, load_inputs

    if not files:
        fail("no input given")
    rules = load_grammar(grammar)
    if files.count("-") > 1:
        fail("stdin (-) can be read only once")
    fixes = read_corrections(corrections, files)
    loaded = Loaded()
    for src in files:
        paths = [src] if src == "-" else [p for p, _ in expand([src])]
        if not paths:
            fail(f"{src}: no notices (*.txt, *.json) in this folder")
        paths, twins = without_twins(paths)
        if twins:
            sys.stderr.write(f"govplan: {src}: {twins} parse JSON file(s) beside their notice left out "
                             f"(the notice is read instead)\n")
        for path in paths:
            try:
                loaded.extend(load_inputs(path, rules, script=script, reference=reference, corrections=fixes))
            except ReadError as exc:  # reported, and the other inputs are read
                loaded.failed += 1
                sys.stderr.write(f"govplan: error: {exc}\n")
    if not loaded:
        raise typer.Exit(int(ExitCode.INPUT))
    if fixes is not None:
        report_corrections(fixes, loaded.results)
    return loaded


def read_corrections(path: str | None, files: list[str]):
    """The --corrections file (None when not given): for the one input when there is one file."""
    if path is None:
        return None
    from govplan.correct.file import Corrections
    from govplan.correct.file import read_corrections as read

    one_file = len(files) == 1 and files[0] != "-" and not Path(files[0]).is_dir()
    return Corrections(path, read(path), only_for_one=one_file)


def report_corrections(fixes, results) -> None:
    """What the corrections did, on stderr: one line for each that was not applied, and a line
    when they were for none of the inputs."""
    if not fixes.applied_to:
        sys.stderr.write(f"govplan: warning: {fixes.path}: made on {fixes.file.source.path}, which is not among "
                         "the inputs: nothing corrected\n")
    for result in results:
        report_stale(result)


def report_stale(result) -> None:
    """A line on stderr for each correction the result could not take."""
    for d in result.diagnostics:
        if d.code == "correction-stale":
            sys.stderr.write(f"govplan: warning: {result.source.path}:{d.line}: {d.message}\n")


def finish(loaded: Loaded, code: ExitCode = ExitCode.OK) -> None:
    """Exit with ``code``, or 1 when some inputs could not be read."""
    raise typer.Exit(int(ExitCode.FINDINGS if loaded.failed and code == ExitCode.OK else code))


def stdout_failed(exc: OSError) -> None:
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - nothing more can be written; no error at exit
    if exc.errno == errno.EPIPE:  # a reader that stopped early (| head) wanted no more
        raise typer.Exit(int(ExitCode.OK))
    fail(f"cannot write to standard output: {exc.strerror or exc}")


def load_grammar(grammar: tuple[str, ...]):
    """The shipped grammar plus the user's folders, imported only by the commands that need it."""
    from govplan.grammar.loader import load_grammar as load

    return load(grammar)
