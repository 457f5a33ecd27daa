"""govplan compare UPPER LOWER: does LOWER's plan implement every task of UPPER's (对标对表)?"""
from __future__ import annotations

import enum
import sys
from typing import Optional

import typer

from govplan.cli.common import (
    GRAMMAR_HELP,
    SCRIPT_HELP,
    Script,
    app,
    check_writable,
    fail,
    finish,
    load_all,
    write_output,
)


class CompareFormat(str, enum.Enum):
    text = "text"
    json = "json"
    md = "md"
    xlsx = "xlsx"
    csv = "csv"


@app.command()
def compare(
    upper: str = typer.Argument(..., metavar="UPPER", help="The plan implemented (a notice in any format read, "
                                                            "or its parse JSON)."),
    lower: str = typer.Argument(..., metavar="LOWER", help="The plan that implements it."),
    fmt: Optional[CompareFormat] = typer.Option(None, "--format", "-f",
                                                help="text, json, md, xlsx or csv (default: from -o's "
                                                     "extension, else text)."),
    output: str = typer.Option("-", "--output", "-o", metavar="FILE", help="Output file; - is stdout (not for xlsx)."),
    schema: bool = typer.Option(False, "--schema", help="Print the JSON Schema of the json output and exit."),
    script: Script = typer.Option(Script.simplified, "--script", help=SCRIPT_HELP),
    grammar: list[str] = typer.Option([], "--grammar", metavar="DIR", help=GRAMMAR_HELP),
) -> None:
    """For each task of UPPER, the tasks of LOWER that implement it (covered, partial or
    missing), with late deadlines, unassigned tasks and missing local counterparts flagged;
    LOWER's other tasks are listed as local additions. Thresholds: grammars/compare.toml.

    Example:  govplan compare province.docx city.pdf -o 对标.xlsx
    """
    import json

    from govplan.cli.views import format_for
    from govplan.compare.align import compare as run
    from govplan.grammar.loader import load_grammar
    from govplan.models import compare_schema

    if schema:
        write_output(output, (json.dumps(compare_schema(), ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        raise typer.Exit(0)
    fmt = format_for(output, fmt, CompareFormat, CompareFormat.text)
    if fmt is CompareFormat.xlsx and output == "-":
        fail("xlsx needs a file: give -o compare.xlsx")
    check_writable(output)
    sides = []
    for path in (upper, lower):
        loaded = load_all([path], script=script.value, grammar=tuple(grammar))
        if len(loaded) != 1:
            fail(f"{path}: {len(loaded)} notices; compare takes one plan on each side")
        sides.append(loaded)
    result = run(sides[0].results[0], sides[1].results[0], load_grammar(tuple(grammar)))
    for side, path in ((result.upper, upper), (result.lower, lower)):
        if not side.tasks:  # nothing to compare on that side: say so, whatever the format
            sys.stderr.write(f"govplan: warning: {path}: no tasks found (no section with its own text)\n")
    write_output(output, _render(result, fmt))
    finish(sides[0] if sides[0].failed else sides[1])


def _render(result, fmt: CompareFormat) -> bytes:
    from govplan.models import CompareRow
    from govplan.output import writers as export

    if fmt is CompareFormat.json:
        return (result.model_dump_json(indent=2) + "\n").encode("utf-8")
    if fmt is CompareFormat.text:
        return _table(result)
    rows = compare_rows(result)
    if fmt is CompareFormat.xlsx:
        title = f"对标：{result.upper.title or result.upper.path} → {result.lower.title or result.lower.path}"
        return export.to_xlsx([("compare", rows)], CompareRow, titles={"compare": title})
    return export.to_csv(rows, CompareRow) if fmt is CompareFormat.csv else export.to_markdown(rows, CompareRow)


def compare_rows(result) -> list:
    """UPPER's tasks in order, each beside its matches (a row each), then the local additions."""
    from govplan.models import CompareRow

    rows = []
    for task in result.tasks:
        upper = dict(upper_line=task.line, upper_path=task.path, upper_title=task.title,
                     upper_lead="、".join(task.lead_units), upper_due=task.due, status=task.status,
                     flags="; ".join(f"{f}: {n}" for f, n in zip(task.flags, task.notes)))
        for m in task.matches or [None]:
            lower = {} if m is None else dict(lower_line=m.line, lower_path=m.path, lower_title=m.title,
                                              lower_lead="、".join(m.lead_units), lower_due=m.due, score=m.score)
            rows.append(CompareRow(**upper, **lower))
    rows += [CompareRow(status="local", lower_line=t.line, lower_path=t.path, lower_title=t.title,
                        lower_lead="、".join(t.lead_units), lower_due=t.due) for t in result.local]
    return rows


STATUS_STYLE = {"covered": "green", "partial": "yellow", "missing": "bold red", "local": "cyan"}


def _table(result) -> bytes:
    """A table for the terminal (rich); plain text when piped."""
    import io

    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{result.upper.path} → {result.lower.path}", show_lines=True)
    for name in ("line", "UPPER task", "status", "LOWER (line score)", "flags"):
        table.add_column(name, overflow="fold")
    for t in result.tasks:
        matches = "\n".join(f"{m.line} {m.title[:24]} ({m.score:.2f})" for m in t.matches)
        table.add_row(str(t.line), f"{t.path} {t.title}"[:60], f"[{STATUS_STYLE[t.status]}]{t.status}[/]",
                      matches, "\n".join(f"{f}: {n}" for f, n in zip(t.flags, t.notes)))
    for t in result.local:
        table.add_row("", "", "[cyan]local[/]", f"{t.line} {t.title[:24]}", "")
    buf = io.StringIO()
    terminal = sys.stdout.isatty()
    console = Console(file=buf, width=Console().width if terminal else 100, force_terminal=terminal,
                      color_system="auto" if terminal else None)
    console.print(table)
    s = result.summary
    console.print(f"{len(result.tasks)} UPPER tasks: {s['covered']} covered, {s['partial']} partial, "
                  f"{s['missing']} missing; {s['late']} late, {s['unassigned']} unassigned, "
                  f"{s['counterpart']} without a local counterpart; {s['local']} local additions "
                  f"(segmenter {result.segmenter})")
    return buf.getvalue().encode("utf-8")
