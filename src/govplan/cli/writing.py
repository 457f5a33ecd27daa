"""What the commands write and how they fail, without typer (``govplan parse`` runs without it):
output to stdout or atomically to a file, a usage failure, what a reviewer's corrections did."""
from __future__ import annotations

import errno
import io
import os
import sys
from pathlib import Path
from typing import IO, Callable, NoReturn, Union, cast

from govplan.errors import ExitCode, UsageError


def fail(message: str) -> NoReturn:
    """Stop the command: one clear line on stderr (a line per problem), exit 2 (``main`` prints it)."""
    raise UsageError(message)


Writer = Callable[[IO[bytes]], None]


def write_output(output: str, data: Union[bytes, Writer], held: bool = False) -> None:
    """Bytes, or what a writer writes, to stdout (``-``) or atomically to a file.

    A file is written to a temporary name and renamed: never a half-written file.  ``held``: the
    writer may fail half way (it parses as it writes), so stdout gets its output only once it is
    whole (``files.spool``; a terminal's output is held whole anyway).
    """
    write: Callable[[IO[bytes]], object] = data if callable(data) else (lambda fh: fh.write(data))
    if output == "-" and held and not sys.stdout.isatty():
        from govplan.files.spool import Spool

        with Spool() as spool:
            write(cast(IO[bytes], spool))
            _to_stdout(spool.copy_to)
    elif output == "-":
        _to_stdout(write)
    else:
        from govplan.files.atomic import open_atomic

        try:
            with open_atomic(Path(output)) as fh:
                write(fh)
        except OSError as exc:
            fail(f"{output}: cannot write: {exc.strerror or exc}")


def _to_stdout(write: Callable[[IO[bytes]], object]) -> None:
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


def check_writable(output: str) -> None:
    """Fail before the work when the output's folder cannot be written."""
    if output == "-":
        return
    probe = Path(output).resolve().parent
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir() or not os.access(probe, os.W_OK):
        fail(f"{output}: cannot write here")


def stdout_failed(exc: OSError) -> None:
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - nothing more can be written; no error at exit
    if exc.errno == errno.EPIPE:  # a reader that stopped early (| head) wanted no more
        raise SystemExit(int(ExitCode.OK))
    fail(f"cannot write to standard output: {exc.strerror or exc}")


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
