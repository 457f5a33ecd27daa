"""The command line: a thin layer over the library API.

Exit codes: 0 success, 1 findings (check) or failed files (batch), 2 unusable input
or usage, 3 an internal error (reported in one line; GOVPLAN_DEBUG=1 shows the trace).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

from . import __version__

app = typer.Typer(
    name="govplan", no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    help="Parse Chinese government plans and notices into structured task ledgers.")

EXIT_INPUT = 2
EXIT_INTERNAL = 3


def fail(message: str, code: int = EXIT_INPUT) -> None:
    """One clear line on stderr, then exit."""
    sys.stderr.write(f"govplan: error: {message}\n")
    raise typer.Exit(code)


def write_output(text: str, output: str) -> None:
    """Write to stdout (``-``) or atomically to a file: never a half-written file."""
    if output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from .atomic import write_atomic

    try:
        write_atomic(Path(output), text.encode("utf-8"))
    except OSError as exc:
        fail(f"{output}: cannot write: {exc.strerror or exc}")


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"govplan {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """govplan: notices in, validated JSON out."""


SCRIPT_HELP = "Script of the output text: simplified, traditional, or original (as in the input)."
GRAMMAR_HELP = "A folder of extra grammar files (TOML) added on top of the shipped rules."


@app.command()
def parse(
    file: str = typer.Argument(..., help="The notice to parse; - reads stdin."),
    output: str = typer.Option("-", "--output", "-o", help="Where to write the JSON; - is stdout."),
    script: str = typer.Option("simplified", "--script", help=SCRIPT_HELP),
    grammar: list[str] = typer.Option([], "--grammar", help=GRAMMAR_HELP),
    compact: bool = typer.Option(False, "--compact", help="One line of JSON instead of indented."),
) -> None:
    """Parse one notice into JSON: documents, heading tree, units, deadlines, diagnostics.

    Example:  govplan parse samples/national_plan.txt | jq '.documents[0].sections[0]'
    """
    from .api import SCRIPTS, parse_file
    from .emit import to_json
    from .grammar import GrammarError
    from .read import ReadError

    if script not in SCRIPTS:
        fail(f"--script must be one of: {', '.join(SCRIPTS)} (got {script!r})")
    try:
        result = parse_file(file, script=script, grammar_dirs=tuple(grammar))
    except ReadError as exc:
        fail(str(exc))
    except GrammarError as exc:
        fail(f"grammar: {exc}")
    write_output(to_json(result, indent=None if compact else 2), output)


def main() -> None:
    """Entry point: run the app, turning any unexpected error into one line."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("govplan: interrupted\n")
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        if os.environ.get("GOVPLAN_DEBUG"):
            raise
        sys.stderr.write(f"govplan: internal error: {type(exc).__name__}: {exc} "
                         f"(set GOVPLAN_DEBUG=1 for details)\n")
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":  # pragma: no cover
    main()
