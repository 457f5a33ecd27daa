"""Commands that read parse results (notices or their JSON): check, table, units, calendar."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Optional

import typer

from govplan.cli.common import (
    GRAMMAR_HELP,
    REFERENCE_HELP,
    SCRIPT_HELP,
    YEAR_HELP,
    CheckFormat,
    ExitCode,
    FailOn,
    Script,
    TableFormat,
    app,
    check_writable,
    fail,
    finish,
    load_all,
    load_grammar,
    reference_of,
    stdout_failed,
    write_output,
)


@app.command()
def check(
    files: list[str] = typer.Argument(..., metavar="FILE", help="Notices (or parse JSON) to lint; - reads stdin."),
    fmt: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f",
                                    help="text, json or github (Actions annotations)."),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="error (default) or warning."),
    disable: list[str] = typer.Option([], "--disable", help="Turn a rule off (code or name); repeatable."),
    grammar: list[str] = typer.Option([], "--grammar", metavar="DIR", help=GRAMMAR_HELP),
) -> None:
    """Lint notices: numbering, missing units, deadlines, unit spellings, text damage, 文号/date.

    Exit 1 when a finding reaches --fail-on. Rules can also be turned off in
    pyproject.toml under tool.govplan (disable = ["GP402"], fail-on = "warning").

    Example:  govplan check drafts/*.txt --format github --fail-on warning
    """
    import json

    from govplan.check import rules as c
    from govplan.parse.normalize import unify_breaks

    config = c.load_config(_config_start(files))
    disabled = c.resolve_codes(list(config.get("disable", [])) + list(disable))
    level = fail_on.value if fail_on else config.get("fail-on", "error")
    loaded = load_all(files, grammar=tuple(grammar))
    findings = []
    for result, text in loaded:
        # lines are shown only from the notice just read, never from a path named in a JSON input
        lines = unify_breaks(text)[0].split("\n") if text is not None else None
        findings += [f for f in c.check_result(result, lines, dt.date.today(), grammar_dirs=tuple(grammar))
                     if f.code not in disabled]
    if fmt is CheckFormat.json:
        data = json.dumps([f.model_dump(mode="json") for f in findings], ensure_ascii=False, indent=2) + "\n"
    else:
        data = c.format_github(findings) if fmt is CheckFormat.github else c.format_text(findings)
    write_output("-", data.encode("utf-8"))
    if fmt is CheckFormat.text:
        errors = sum(f.severity == "error" for f in findings)
        sys.stderr.write(f"{len(findings)} finding(s): {errors} error(s), "
                         f"{len(findings) - errors} warning(s) in {len(loaded)} file(s)\n")
    finish(loaded, ExitCode.FINDINGS if c.fails(findings, level) else ExitCode.OK)


@app.command()
def table(
    files: list[str] = typer.Argument(..., metavar="FILE", help="Notices or parse JSON; - reads stdin."),
    fmt: Optional[TableFormat] = typer.Option(None, "--format", "-f",
                                              help="csv, xlsx or md (default: from -o's extension, else csv)."),
    output: str = typer.Option("-", "--output", "-o", metavar="FILE", help="Output file; - is stdout (not for xlsx)."),
    combine: bool = typer.Option(False, "--combine", help="XLSX: one sheet for all inputs."),
    all_sections: bool = typer.Option(False, "--all", help="Every section, not only those that assign work."),
    script: Script = typer.Option(Script.simplified, "--script", help=SCRIPT_HELP),
    grammar: list[str] = typer.Option([], "--grammar", metavar="DIR", help=GRAMMAR_HELP),
    reference_date: Optional[str] = typer.Option(None, "--reference-date", metavar="YYYY-MM-DD", help=REFERENCE_HELP),
    year: Optional[int] = typer.Option(None, "--year", metavar="YYYY", help=YEAR_HELP),
) -> None:
    """The task ledger (任务分解表): one row per task with units, 时限 and due date.

    Example:  govplan table plan.txt --format xlsx -o ledger.xlsx
    """
    from govplan.output import writers as export
    from govplan.output.ledger import file_label, ledger_title, task_records, task_rows

    fmt = format_for(output, fmt, TableFormat, TableFormat.csv)
    if fmt in (TableFormat.xlsx, TableFormat.parquet) and output == "-":
        fail(f"{fmt.value} needs a file: give -o ledger.{fmt.value}")
    check_writable(output)
    loaded = load_all(files, script=script.value, grammar=tuple(grammar), reference=reference_of(reference_date, year))
    results = loaded.results
    if fmt is TableFormat.parquet:
        try:
            data = export.to_parquet([t for r in results for t in task_records(r, all_sections)])
        except ImportError:
            fail('parquet needs pyarrow: pip install "govplan[parquet]" (or pip install pyarrow)')
        write_output(output, data)
        finish(loaded)
    rows = [task_rows(r, all_sections) for r in results]
    if fmt is TableFormat.xlsx:
        if len(results) > XLSX_MAX_SHEETS and not combine:
            sys.stderr.write(f"govplan: {len(results)} inputs: one combined sheet (a sheet each is for at most "
                             f"{XLSX_MAX_SHEETS}; the 文件 column tells them apart)\n")
            combine = True
        if combine or len(results) == 1:
            sheets = [("ledger", [row for rs in rows for row in rs])]
            titles = {"ledger": ledger_title(results[0]) if len(results) == 1 else f"任务台账（{len(results)}个文件）"}
        else:
            sheets = [(file_label(r), rs) for r, rs in zip(results, rows)]
            titles = {file_label(r): ledger_title(r) for r in results}
        data = export.to_xlsx(sheets, titles=titles)
    else:
        flat = [row for rs in rows for row in rs]
        data = export.to_csv(flat) if fmt is TableFormat.csv else export.to_markdown(flat)
    write_output(output, data)
    finish(loaded)


# more inputs than this get one combined ledger sheet: thousands of sheets help nobody
XLSX_MAX_SHEETS = 50


def _config_start(files: list[str]) -> Path:
    """Where [tool.govplan] is looked for: from the first checked file's folder upward (the
    project the drafts belong to), else from the working folder."""
    first = next((Path(f) for f in files if f != "-"), None)
    if first is None:
        return Path.cwd()
    return first.resolve() if first.is_dir() else first.resolve().parent


def _write_units(loads, fmt: TableFormat, output: str) -> None:
    from govplan.models import UnitRow
    from govplan.output import writers as export
    from govplan.output.ledger import unit_rows

    rows = unit_rows(loads)
    data = (export.to_xlsx([("单位任务", rows)], UnitRow) if fmt is TableFormat.xlsx
            else export.to_csv(rows, UnitRow) if fmt is TableFormat.csv else export.to_markdown(rows, UnitRow))
    write_output(output, data)


def remind_days(value: str) -> int:
    """--remind 3d (or 3): days as an int; anything else is a usage error."""
    text = value.strip().lower().removesuffix("d")
    if not text.isdigit() or int(text) > 365:
        raise typer.BadParameter(f"{value!r} is not a number of days such as 3d", param_hint="--remind")
    return int(text)


def format_for(output: str, given, kinds, default):
    """The output format: -f when given, else the extension of -o (ledger.xlsx), else the
    default; a -f that contradicts the extension is a usage error (one line, exit 2)."""
    suffix = Path(output).suffix.lower().lstrip(".") if output != "-" else ""
    named = next((k for k in kinds if k.value == suffix or suffix == "markdown" and k.value == "md"), None)
    if given is not None and named is not None and given is not named:
        raise typer.BadParameter(f"-f {given.value} contradicts the output file's extension .{suffix}",
                                 param_hint="--format")
    return given or named or default


def _date(value: Optional[str]) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint="--today") from None


@app.command()
def units(
    files: list[str] = typer.Argument(..., metavar="FILE", help="Notices or parse JSON; - reads stdin."),
    as_json: bool = typer.Option(False, "--json", help="JSON for machines instead of a table."),
    fmt: Optional[TableFormat] = typer.Option(None, "--format", "-f",
                                              help="csv, xlsx or md (default: from -o's extension, else a table "
                                                   "on the screen)."),
    output: str = typer.Option("-", "--output", "-o", metavar="FILE",
                               help="Output file for csv, xlsx or md; - is stdout."),
    today: Optional[str] = typer.Option(None, "--today", metavar="YYYY-MM-DD",
                                        help="The day 'next due' counts from (default: today)."),
    grammar: list[str] = typer.Option([], "--grammar", metavar="DIR", help=GRAMMAR_HELP),
) -> None:
    """Who carries what: per unit, the tasks it leads and supports, with the nearest due date.

    Example:  govplan units plan.txt --json | jq '.[0]'
              govplan units plan.txt --today 2025-01-01 -o units.xlsx
    """
    import json

    from govplan.output.ledger import unit_loads
    from govplan.parse.extract.unitnames import unit_key

    day = _date(today)
    fmt = format_for(output, fmt, TableFormat, None)
    if fmt is TableFormat.xlsx and output == "-":
        fail("xlsx needs a file: give -o units.xlsx")
    check_writable(output)
    loaded = load_all(files, grammar=tuple(grammar))
    g = load_grammar(tuple(grammar))
    loads = unit_loads(loaded.results, lambda name: unit_key(name, g), day)
    if fmt is not None:
        _write_units(loads, fmt, output)
        finish(loaded)
    if not loads and not as_json:
        sys.stdout.write(f"no units: none of the {len(loaded.results)} notice(s) names a lead or responsible unit\n")
        finish(loaded)
    if as_json:
        write_output("-", (json.dumps([u.model_dump(mode="json") for u in loads], ensure_ascii=False, indent=2)
                           + "\n").encode("utf-8"))
        finish(loaded)
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    t = Table(title="单位任务")
    for col in ("单位", "牵头", "配合", "最近截止日期", "任务"):
        t.add_column(col)
    for u in loads:
        tasks = ", ".join(f"{x.path}" for x in (u.leads + u.supports)[:6])
        more = len(u.leads) + len(u.supports) - 6
        # Text, not markup: a unit or path may hold [brackets] that rich would read as tags
        t.add_row(Text(" / ".join(u.names)), str(len(u.leads)), str(len(u.supports)),
                  str(u.next_due or "-"), Text(tasks + (f" (+{more})" if more > 0 else "")))
    try:
        Console(soft_wrap=not sys.stdout.isatty()).print(t)
    except OSError as exc:
        stdout_failed(exc)
    finish(loaded)


@app.command()
def calendar(
    files: list[str] = typer.Argument(..., metavar="FILE", help="Notices or parse JSON; - reads stdin."),
    output: str = typer.Option("-", "--output", "-o", metavar="FILE", help="The .ics file; - is stdout."),
    remind: str = typer.Option("3d", "--remind", metavar="Nd",
                               help="A reminder N days before each event (0d: none)."),
    grammar: list[str] = typer.Option([], "--grammar", metavar="DIR", help=GRAMMAR_HELP),
    reference_date: Optional[str] = typer.Option(None, "--reference-date", metavar="YYYY-MM-DD", help=REFERENCE_HELP),
    year: Optional[int] = typer.Option(None, "--year", metavar="YYYY", help=YEAR_HELP),
) -> None:
    """Every deadline as an iCalendar event (all-day; recurring ones with an RRULE), with the
    task, its units and a reminder.  DTSTAMP is reproducible (SOURCE_DATE_EPOCH, else the
    document's date).

    Example:  govplan calendar plan.txt -o deadlines.ics --remind 7d
    """
    from govplan.output.ics import to_ics

    days = remind_days(remind)
    check_writable(output)
    loaded = load_all(files, grammar=tuple(grammar), reference=reference_of(reference_date, year))
    write_output(output, to_ics(loaded.results, load_grammar(tuple(grammar)), days))
    finish(loaded)
