"""govplan table: the office's task ledger (任务台账), written fresh or merged into the one the
office keeps (--update), as one workbook, a sheet or file per unit (--by-unit), CSV, Markdown,
JSON lines or Parquet."""
from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from govplan.cli.common import ExitCode, app, finish, load_all, load_grammar
from govplan.cli.options import (
    CorrectionsOption,
    GrammarOption,
    InputsArgument,
    OutputOption,
    ReferenceDateOption,
    Script,
    ScriptOption,
    TableFormat,
    TableFormatOption,
    YearOption,
    format_for,
    reference_of,
)
from govplan.cli.writing import check_writable, fail, write_output


class Columns(str, enum.Enum):
    office = "office"
    detail = "detail"


ColumnsOption = Annotated[Columns, typer.Option(
    "--columns", help="office: the office's columns; detail: also the parser's (file, heading path, line, locator).")]


@app.command()
def table(
    files: InputsArgument,
    fmt: TableFormatOption = None,
    output: OutputOption = "-",
    columns: ColumnsOption = Columns.office,
    update: bool = typer.Option(False, "--update", help="Merge into the ledger -o names (xlsx or csv): the office's "
                                                        "entries kept, new and removed tasks marked."),
    by_unit: bool = typer.Option(False, "--by-unit", help="XLSX: a sheet per lead or responsible unit (with -o a "
                                                          "folder: a workbook each)."),
    combine: bool = typer.Option(False, "--combine", help="XLSX: one sheet for all inputs."),
    all_sections: bool = typer.Option(False, "--all", help="Every section, not only those that assign work."),
    script: ScriptOption = Script.simplified,
    grammar: GrammarOption = [],
    reference_date: ReferenceDateOption = None,
    year: YearOption = None,
    corrections: CorrectionsOption = None,
) -> None:
    """The task ledger (任务台账): one row per task, in the columns an office tracks work with.

    Example:  govplan table plan.txt -o 台账.xlsx
              govplan table revised.txt -o 台账.xlsx --update
              govplan table plan.docx --corrections plan.corrections.json -o 台账.xlsx
    """
    if by_unit and (Path(output).is_dir() or output.endswith(("/", "\\"))):
        fmt = TableFormat.xlsx
    else:
        fmt = format_for(output, fmt, TableFormat, TableFormat.csv)
    _check_usage(fmt, output, update, by_unit)
    if not (by_unit and fmt is TableFormat.xlsx and not output.endswith(".xlsx")):
        check_writable(output)
    loaded = load_all(files, script=script.value, grammar=tuple(grammar), reference=reference_of(reference_date, year),
                      corrections=corrections)
    if fmt is TableFormat.parquet:
        write_output(output, _parquet(loaded.results, all_sections))
        finish(loaded)
    from govplan.output.office import office_rows

    rules = load_grammar(tuple(grammar))
    ledgers = [office_rows(r, rules, all_sections) for r in loaded.results]
    _warn_empty(loaded.results, ledgers)
    if update:
        _update(output, fmt, loaded.results, ledgers, columns, script.value)
    elif by_unit:
        _by_unit(output, loaded.results, ledgers, columns, script.value)
    else:
        write_output(output, _ledger_bytes(fmt, loaded.results, ledgers, columns, script.value, combine))
    finish(loaded, ExitCode.FINDINGS if not any(ledgers) else ExitCode.OK)


def _warn_empty(results, ledgers) -> None:
    """A line for each input that gives no task, with the likeliest reason (the ledger is still written)."""
    from govplan.output.office import why_no_tasks

    for result, rows in zip(results, ledgers):
        if not rows:  # (stderr shows control characters visibly: cli.app's SafeStream)
            sys.stderr.write(f"govplan: warning: {result.source.path}: no tasks: {why_no_tasks(result)}\n")


def _check_usage(fmt: TableFormat, output: str, update: bool, by_unit: bool) -> None:
    if fmt in (TableFormat.xlsx, TableFormat.parquet) and output == "-" and not by_unit:
        fail(f"{fmt.value} needs a file: give -o ledger.{fmt.value}")
    if update and (fmt not in (TableFormat.xlsx, TableFormat.csv) or output == "-"):
        fail("--update merges into a ledger file: give -o 台账.xlsx (or .csv) naming the office's ledger")
    if update and by_unit:
        fail("--update and --by-unit: update the office's ledger first, then make the per-unit lists from it")
    if by_unit and fmt is not TableFormat.xlsx:
        fail("--by-unit writes workbooks: give -o 分工.xlsx (a sheet per unit) or -o a folder (a workbook per unit)")


def _ledger_bytes(fmt: TableFormat, results, ledgers, columns: Columns, script: str, combine: bool) -> bytes:
    from govplan.output import office_files as of
    from govplan.output.ledger import file_label, ledger_title

    rows = _numbered([row for rows in ledgers for row in rows])
    cols = of.office_columns(rows, columns is Columns.detail or len(results) > 1, fmt is TableFormat.xlsx)
    if fmt is TableFormat.xlsx:
        if len(results) > of.MAX_SHEETS and not combine:
            sys.stderr.write(f"govplan: {len(results)} inputs: one combined sheet (a sheet each is for at most "
                             f"{of.MAX_SHEETS}; the 文件 column tells them apart)\n")
        if combine or len(results) == 1 or len(results) > of.MAX_SHEETS:
            title = ledger_title(results[0]) if len(results) == 1 else f"任务台账（{len(results)}个文件）"
            return of.office_xlsx([("台账", title, rows)], cols, script)
        return of.office_xlsx([(file_label(r), ledger_title(r), rs) for r, rs in zip(results, ledgers)], cols,
                              script)
    if fmt is TableFormat.jsonl:
        return of.office_jsonl(rows)
    return of.office_csv(rows, cols, script) if fmt is TableFormat.csv else of.office_markdown(rows, cols, script)


def _numbered(rows: list) -> list:
    for n, row in enumerate(rows, 1):
        row.number = n
    return rows


def _update(output: str, fmt: TableFormat, results, ledgers, columns: Columns, script: str) -> None:
    from govplan.output import office_files as of
    from govplan.output.ledger import ledger_title
    from govplan.output.update import merge, read_ledger

    old = read_ledger(Path(output))
    rows = _numbered([row for rows in ledgers for row in rows])
    merged = merge(old, rows)
    cols = of.office_columns(merged.rows, columns is Columns.detail or len(results) > 1, fmt is TableFormat.xlsx)
    if fmt is TableFormat.xlsx:
        data = of.office_xlsx([("台账", ledger_title(results[0]), merged.rows)], cols, script, extra=merged.extra)
    else:
        data = of.office_csv(merged.rows, cols, script, extra=merged.extra)
    write_output(output, data)
    sys.stderr.write(f"govplan: {output}: {merged.summary()}\n")


def _by_unit(output: str, results, ledgers, columns: Columns, script: str) -> None:
    from govplan.output import office_files as of
    from govplan.output.office import by_unit

    rows = _numbered([row for rows in ledgers for row in rows])
    cols = of.office_columns(rows, columns is Columns.detail, grouped=True)
    lists = by_unit(rows)
    if not lists:
        fail("no units: none of the tasks names a lead or responsible unit")
    if output.endswith(".xlsx"):
        write_output(output, of.office_xlsx([(unit, f"{unit}任务清单", rs) for unit, rs in lists], cols, script,
                                            summary=False))
        return
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    for unit, rs in lists:
        write_output(str(folder / f"{of.file_name(unit)}.xlsx"),
                     of.office_xlsx([(unit, f"{unit}任务清单", rs)], cols, script, summary=False))


def _parquet(results, all_sections: bool) -> bytes:
    from govplan.output import writers
    from govplan.output.ledger import task_records

    try:
        return writers.to_parquet([t for r in results for t in task_records(r, all_sections)])
    except ImportError:
        fail('parquet needs pyarrow: pip install "govplan[parquet]" (or pip install pyarrow)')
