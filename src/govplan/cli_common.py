"""What every command shares: the typer app, exit codes, choices, errors and output."""
from __future__ import annotations

import enum
import os
import sys
from pathlib import Path
from typing import IO, Callable, Union

import typer

from .convert import OUTPUT_SCRIPTS

app = typer.Typer(
    name="govplan", no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain usage errors and help, as other command-line tools print them
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Parse Chinese government plans and notices into structured task ledgers.")


class ExitCode(enum.IntEnum):
    OK = 0
    FINDINGS = 1  # check found something at --fail-on, or batch had failed inputs
    INPUT = 2  # unusable input or usage
    INTERNAL = 3  # a bug: reported in one line (GOVPLAN_DEBUG=1 shows the traceback)
    INTERRUPTED = 130


Script = enum.Enum("Script", {name: name for name in OUTPUT_SCRIPTS}, type=str)  # --script choices


class TableFormat(str, enum.Enum):
    csv = "csv"
    xlsx = "xlsx"
    md = "md"


class CheckFormat(str, enum.Enum):
    text = "text"
    json = "json"
    github = "github"


class FailOn(str, enum.Enum):
    error = "error"
    warning = "warning"


SCRIPT_HELP = "Script of the output text: simplified, traditional, or original (as in the input)."
GRAMMAR_HELP = "A folder of extra grammar files (TOML) added on top of the shipped rules."


def fail(message: str, code: ExitCode = ExitCode.INPUT) -> None:
    """One clear line on stderr (a line per problem), then exit."""
    for line in message.splitlines() or [""]:
        sys.stderr.write(f"govplan: error: {line}\n")
    raise typer.Exit(int(code))


Writer = Callable[[IO[bytes]], None]


def write_output(output: str, data: Union[bytes, Writer]) -> None:
    """Bytes, or what a writer writes, to stdout (``-``) or atomically to a file.

    A file is written to a temporary name and renamed: never a half-written file.
    """
    write: Writer = data if callable(data) else (lambda fh: fh.write(data))
    if output == "-":
        write(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    from .atomic import open_atomic

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


def load_all(files: list[str], script: str = "simplified", grammar: tuple[str, ...] = ()):
    """Parse results for every input (notices or parse JSON); exit 2 on the first bad one."""
    from .grammar import GrammarError
    from .inputs import expand, load_result
    from .read import ReadError

    if not files:
        fail("no input given")
    if files.count("-") > 1:
        fail("stdin (-) can be read only once")
    results = []
    for src in files:
        paths = [src] if src == "-" else [p for p, _ in expand([src])]
        if not paths:
            fail(f"{src}: no notices (*.txt, *.json) in this folder")
        for path in paths:
            try:
                results.append(load_result(path, script=script, grammar_dirs=grammar))
            except ReadError as exc:
                fail(str(exc))
            except GrammarError as exc:
                fail(grammar_message(exc))
    return results


def grammar_message(exc) -> str:
    """A GrammarError as lines that each say `grammar: FILE: entry …: problem`."""
    return "\n".join(f"grammar: {e}" for e in exc.errors)


def load_grammar_or_fail(grammar: tuple[str, ...]):
    from .grammar import GrammarError, load_grammar

    try:
        return load_grammar(grammar)
    except GrammarError as exc:
        fail(grammar_message(exc))
