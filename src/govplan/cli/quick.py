"""``govplan parse`` and ``govplan compare`` read without typer: importing typer (and, through it,
pydantic) took a third of a parse's start.  This reads the command lines it can read with certainty
(the options typer declares for the command, with valid values; a test keeps the two the same) and
hands back ``None`` for anything else: ``--help``, an unknown or odd option, a bad value, no FILE.
Typer then reads the command line and answers with its own help or usage error, so nothing is said
twice or differently."""
from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import Any, Iterator

from govplan.text.script import OUTPUT_SCRIPTS

# each command's options: name -> (keyword, takes a value); the names are typer's (tests/cli/test_quick.py)
OPTIONS: dict[str, tuple[str, bool]] = {
    "-o": ("output", True), "--output": ("output", True), "--script": ("script", True),
    "--grammar": ("grammar", True), "--compact": ("compact", False), "--reference-date": ("reference_date", True),
    "--year": ("year", True), "--text": ("text", False), "--corrections": ("corrections", True),
}
COMPARE_OPTIONS: dict[str, tuple[str, bool]] = {
    "-f": ("fmt", True), "--format": ("fmt", True), "-o": ("output", True), "--output": ("output", True),
    "--schema": ("schema", False), "--script": ("script", True), "--grammar": ("grammar", True),
}
COMPARE_FORMATS = ("text", "json", "md", "xlsx", "csv")  # (typer's CompareFormat; the test keeps them equal)


def read_parse_args(args: list[str]) -> dict[str, Any] | None:
    """``run_parse``'s keywords for the arguments after ``parse``, or None when typer must read them."""
    read = _read(args, OPTIONS)
    if read is None or len(read[0]) != 1:  # (no FILE, or several: typer says what is wrong)
        return None
    (file,), given = read
    script = given.get("script", "simplified")
    if script not in OUTPUT_SCRIPTS or given.get("output", "-") == "" or "" in given["grammar"]:
        return None
    year = given.get("year")
    if year is not None and not (year.isascii() and year.isdigit()):  # (typer reads the other spellings)
        return None
    try:
        reference = reference_date(given.get("reference_date"), None if year is None else int(year))
    except BadReference:  # (typer says what is wrong)
        return None
    return {"file": file, "output": given.get("output", "-"), "script": script, "grammar": tuple(given["grammar"]),
            "compact": given.get("compact", False), "reference": reference, "text": given.get("text", False),
            "corrections": given.get("corrections")}


def read_compare_args(args: list[str]) -> dict[str, Any] | None:
    """``run_compare``'s keywords for the arguments after ``compare``, or None when typer must read them
    (and --schema, which typer answers)."""
    read = _read(args, COMPARE_OPTIONS)
    if read is None or len(read[0]) != 2 or "schema" in read[1]:
        return None
    (upper, lower), given = read
    script, output = given.get("script", "simplified"), given.get("output", "-")
    if script not in OUTPUT_SCRIPTS or output == "" or "" in given["grammar"]:
        return None
    named = format_named(output, COMPARE_FORMATS)
    fmt = given.get("fmt")
    if fmt is not None and (fmt not in COMPARE_FORMATS or named is not None and fmt != named):
        return None  # (an unknown format, or one the output's extension contradicts: typer says so)
    return {"upper": upper, "lower": lower, "fmt": fmt or named or "text", "output": output, "script": script,
            "grammar": tuple(given["grammar"])}


def output_suffix(output: str) -> str:
    """The extension of -o, lower case, without its dot ('' for stdout)."""
    return PurePath(output).suffix.lower().lstrip(".") if output != "-" else ""


def format_named(output: str, formats: tuple[str, ...]) -> str | None:
    """The format of ``formats`` the extension of -o names (ledger.xlsx; .markdown is md), else None."""
    suffix = output_suffix(output)
    named = "md" if suffix == "markdown" else suffix
    return named if named in formats else None


def _read(args: list[str], options: dict[str, tuple[str, bool]]) -> tuple[list[str], dict[str, Any]] | None:
    """The arguments (no stdin) and the options given, by keyword (--grammar's as a list); None for a
    command line typer must read: an unknown or odd option, an option given twice, ``-``."""
    given: dict[str, Any] = {"grammar": []}
    files: list[str] = []
    tokens: Iterator[str] = iter(args)
    for token in tokens:
        if token == "-" or not token.startswith("-"):
            files.append(token)
            continue
        name, has_value, written = token.partition("=")
        if name not in options:
            return None
        keyword, takes_value = options[name]
        value = written if has_value else next(tokens, None) if takes_value else None  # (the next token, whatever
        if takes_value and value is None or has_value and (not takes_value or not name.startswith("--")):
            return None  # (no value at the end; --compact=yes; -o=x, which click reads as "=x")
        if keyword == "grammar":
            given["grammar"].append(value)
        elif keyword in given:  # given twice: typer's rules (the last wins) are typer's to apply
            return None
        else:
            given[keyword] = value if takes_value else True
    if "-" in files:  # stdin: typer checks what was piped
        return None
    return files, given


class BadReference(ValueError):
    """--reference-date or --year that is no date, or both: the option to name, and why."""

    def __init__(self, message: str, option: str):
        super().__init__(message)
        self.option = option


def reference_date(date: str | None, year: int | None) -> dt.date | None:
    """--reference-date or --year as a date (None when neither); BadReference when both, or not a date."""
    if date is not None and year is not None:
        raise BadReference("give --reference-date or --year, not both", "--year")
    if year is not None:
        if not 1 <= year <= 9999:
            raise BadReference(f"{year} is not a year", "--year")
        return dt.date(year, 1, 1)
    if date is None:
        return None
    try:
        return dt.date.fromisoformat(date)
    except ValueError:
        raise BadReference(f"{date!r} is not a date (YYYY-MM-DD)", "--reference-date") from None
