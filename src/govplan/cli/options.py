"""Every option shared by several commands, declared once (typer ``Annotated`` aliases),
and the parsing of option values into what the library takes."""
from __future__ import annotations

import datetime as dt
import enum
from typing import Annotated, Optional

import typer

from govplan.cli.quick import BadReference, format_named, output_suffix, reference_date


class Script(str, enum.Enum):
    """--script choices: the library's OUTPUT_SCRIPTS (a test keeps the two the same)."""

    simplified = "simplified"
    traditional = "traditional"
    original = "original"


class TableFormat(str, enum.Enum):
    csv = "csv"
    xlsx = "xlsx"
    md = "md"
    parquet = "parquet"
    jsonl = "jsonl"


class Engine(str, enum.Enum):
    process = "process"
    dask = "dask"


class CheckFormat(str, enum.Enum):
    text = "text"
    json = "json"
    github = "github"


class FailOn(str, enum.Enum):
    error = "error"
    warning = "warning"


# ---------------------------------------------------------------- the shared options

ScriptOption = Annotated[Script, typer.Option(
    "--script", help="Script of the output text: simplified, traditional, or original (as in the input).")]
GrammarOption = Annotated[list[str], typer.Option(
    "--grammar", metavar="DIR", help="A folder of extra grammar files (TOML) added on top of the shipped rules.")]
ReferenceDateOption = Annotated[Optional[str], typer.Option(
    "--reference-date", metavar="YYYY-MM-DD",
    help="For a notice that states no date: the date its deadlines are read as of (YYYY-MM-DD).")]
YearOption = Annotated[Optional[int], typer.Option(
    "--year", metavar="YYYY",
    help="For a notice that states no date: the year its deadlines fall in (--reference-date YEAR-01-01).")]
OutputOption = Annotated[str, typer.Option(
    "--output", "-o", metavar="FILE", help="Where to write it; - is stdout (not for xlsx).")]
CorrectionsOption = Annotated[Optional[str], typer.Option(
    "--corrections", metavar="FILE", help="A reviewer's corrections (downloaded from govplan review), applied by "
                                          "task id and line; one whose line changed is reported, not applied.")]
InputsArgument = Annotated[list[str], typer.Argument(
    metavar="FILE", help="Notices in any format read, or their parse JSON; - reads stdin.")]
TableFormatOption = Annotated[Optional[TableFormat], typer.Option(
    "--format", "-f", help="csv, xlsx, md, parquet or jsonl (default: from -o's extension, else the command's own).")]


# ---------------------------------------------------------------- values


def reference_of(date: str | None, year: int | None) -> dt.date | None:
    """--reference-date or --year as a date; both, or a bad date, is a usage error."""
    try:
        return reference_date(date, year)
    except BadReference as exc:
        raise typer.BadParameter(str(exc), param_hint=exc.option) from None


def format_for(output: str, given, kinds, default):
    """The output format: -f when given, else the extension of -o (ledger.xlsx), else the
    default; a -f that contradicts the extension is a usage error (one line, exit 2)."""
    value = format_named(output, tuple(k.value for k in kinds))
    named = next((k for k in kinds if k.value == value), None)
    if given is not None and named is not None and given is not named:
        raise typer.BadParameter(f"-f {given.value} contradicts the output file's extension "
                                 f".{output_suffix(output)}", param_hint="--format")
    return given or named or default


def remind_days(value: str) -> int:
    """--remind 3d (or 3): days as an int; anything else is a usage error."""
    text = value.strip().lower().removesuffix("d")
    if not text.isdigit() or int(text) > 365:
        raise typer.BadParameter(f"{value!r} is not a number of days such as 3d", param_hint="--remind")
    return int(text)


def today_of(value: Optional[str]) -> dt.date:
    """--today as a date (default: today)."""
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint="--today") from None
