"""Commands that read parse results (notices or their JSON): check, table, units, calendar."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Optional

import typer

from govplan.cli.common import ExitCode, app, finish, load_all, load_grammar
from govplan.cli.options import (
    CheckFormat,
    CorrectionsOption,
    FailOn,
    GrammarOption,
    InputsArgument,
    OutputOption,
    ReferenceDateOption,
    TableFormat,
    TableFormatOption,
    YearOption,
    format_for,
    reference_of,
    remind_days,
    today_of,
)
from govplan.cli.writing import check_writable, fail, stdout_failed, write_output


@app.command()
def check(
    files: InputsArgument,
    fmt: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f",
                                    help="text, json or github (Actions annotations)."),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="error (default) or warning."),
    disable: list[str] = typer.Option([], "--disable", help="Turn a rule off (code or name); repeatable."),
    grammar: GrammarOption = [],
    reference_date: ReferenceDateOption = None,
    year: YearOption = None,
) -> None:
    """Lint notices: numbering, missing units, deadlines, unit spellings, text damage, 文号/date.

    Exit 1 when a finding reaches --fail-on. Rules can also be turned off in
    pyproject.toml under tool.govplan (disable = ["GP402"], fail-on = "warning"), and an
    undated draft given its year there (year = 2026) or with --year.

    Example:  govplan check drafts/*.txt --format github --fail-on warning
    """
    import json

    from govplan.check import rules as c
    from govplan.parse.normalize import unify_breaks

    config = c.load_config(_config_start(files))
    disabled = c.resolve_codes(list(config.get("disable", [])) + list(disable))
    level = fail_on.value if fail_on else config.get("fail-on", "error")
    reference = reference_of(reference_date, year) or config.get("reference")
    loaded = load_all(files, grammar=tuple(grammar), reference=reference)
    rules = load_grammar(tuple(grammar))
    findings = []
    for result, text in loaded:
        _warn_if_no_tasks(result)
        # lines are shown only from the notice just read, never from a path named in a JSON input
        lines = unify_breaks(text)[0].split("\n") if text is not None else None
        findings += [f for f in c.check_result(result, lines, reference or dt.date.today(), rules)
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


def _warn_if_no_tasks(result) -> None:
    """check on an input with no task at all says so (its findings alone would look like a clean draft)."""
    from govplan.output.office import why_no_tasks
    from govplan.output.sections import every_section, is_task

    if not any(is_task(s) for doc in result.documents for s in every_section(doc.sections)):
        sys.stderr.write(f"govplan: warning: {result.source.path}: no tasks: {why_no_tasks(result)}\n")


def _config_start(files: list[str]) -> Path:
    """Where [tool.govplan] is looked for: from the first checked file's folder upward (the
    project the drafts belong to), else from the working folder."""
    first = next((Path(f) for f in files if f != "-"), None)
    if first is None:
        return Path.cwd()
    return first.resolve() if first.is_dir() else first.resolve().parent





@app.command()
def units(
    files: InputsArgument,
    as_json: bool = typer.Option(False, "--json", help="JSON for machines instead of a table."),
    fmt: TableFormatOption = None,
    output: OutputOption = "-",
    today: Optional[str] = typer.Option(None, "--today", metavar="YYYY-MM-DD",
                                        help="The day 'next due' counts from (default: today)."),
    grammar: GrammarOption = [],
) -> None:
    """Who carries what: per unit, the tasks it leads and supports, with the nearest due date.

    Example:  govplan units plan.txt --json | jq '.[0]'
              govplan units plan.txt --today 2025-01-01 -o units.xlsx
    """
    import json

    from govplan.output.ledger import unit_loads
    from govplan.parse.extract.unitnames import unit_key

    day = today_of(today)
    fmt = format_for(output, fmt, TableFormat, None)
    if fmt is TableFormat.xlsx and output == "-":
        fail("xlsx needs a file: give -o units.xlsx")
    if fmt in (TableFormat.parquet, TableFormat.jsonl):
        fail(f"units writes csv, xlsx or md tables ({fmt.value} is for the ledger: govplan table); --json gives JSON")
    check_writable(output)
    loaded = load_all(files, grammar=tuple(grammar))
    g = load_grammar(tuple(grammar))
    loads = unit_loads(loaded.results, lambda name: unit_key(name, g), day)
    if fmt is not None:
        from govplan.output.ledger import unit_rows
        from govplan.output.ledger_files import units_file

        write_output(output, units_file(unit_rows(loads), fmt.value))
    elif as_json:
        write_output("-", (json.dumps([u.model_dump(mode="json") for u in loads], ensure_ascii=False, indent=2)
                           + "\n").encode("utf-8"))
    elif not loads:
        sys.stdout.write(f"no units: none of the {len(loaded.results)} notice(s) names a lead or responsible unit\n")
    else:
        from govplan.output.console import print_units

        try:
            print_units(loads, sys.stdout, sys.stdout.isatty())
        except OSError as exc:
            stdout_failed(exc)
    finish(loaded)


@app.command()
def calendar(
    files: InputsArgument,
    output: OutputOption = "-",
    remind: str = typer.Option("3d", "--remind", metavar="Nd",
                               help="A reminder N days before each event (0d: none)."),
    grammar: GrammarOption = [],
    reference_date: ReferenceDateOption = None,
    year: YearOption = None,
    corrections: CorrectionsOption = None,
) -> None:
    """Every deadline as an iCalendar event (all-day; recurring ones with an RRULE), with the
    task, its units and a reminder.  DTSTAMP is reproducible (SOURCE_DATE_EPOCH, else the
    document's date).

    Example:  govplan calendar plan.txt -o deadlines.ics --remind 7d
    """
    from govplan.output.ics import to_ics

    days = remind_days(remind)
    check_writable(output)
    loaded = load_all(files, grammar=tuple(grammar), reference=reference_of(reference_date, year),
                      corrections=corrections)
    data, notes = to_ics(loaded.results, load_grammar(tuple(grammar)), days)
    write_output(output, data)
    for note in notes:
        sys.stderr.write(f"govplan: {note}\n")
    finish(loaded)
