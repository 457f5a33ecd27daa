"""govplan compare UPPER LOWER: does LOWER's plan implement every task of UPPER's (对标对表)?"""
from __future__ import annotations

import enum
import sys
from typing import Optional

import typer

from govplan.cli.common import app, finish, load_all, load_grammar
from govplan.cli.options import GrammarOption, OutputOption, Script, ScriptOption, format_for
from govplan.cli.writing import check_writable, fail, write_output


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
    output: OutputOption = "-",
    schema: bool = typer.Option(False, "--schema", help="Print the JSON Schema of the json output and exit."),
    script: ScriptOption = Script.simplified,
    grammar: GrammarOption = [],
) -> None:
    """For each task of UPPER, the tasks of LOWER that implement it (covered, partial or
    missing), with late deadlines, unassigned tasks and missing local counterparts flagged;
    LOWER's other tasks are listed as local additions. Thresholds: grammars/compare.toml.

    Example:  govplan compare province.docx city.pdf -o 对标.xlsx
    """
    from govplan.compare.align import compare as run
    from govplan.output.compare_report import render_compare

    if schema:
        _write_schema(output)
        return
    fmt = format_for(output, fmt, CompareFormat, CompareFormat.text)
    if fmt is CompareFormat.xlsx and output == "-":
        fail("xlsx needs a file: give -o compare.xlsx")
    check_writable(output)
    sides = [_one_plan(path, script.value, tuple(grammar)) for path in (upper, lower)]
    result = run(sides[0].results[0], sides[1].results[0], load_grammar(tuple(grammar)))
    for side, path in ((result.upper, upper), (result.lower, lower)):
        if not side.tasks:  # nothing to compare on that side: say so, whatever the format
            sys.stderr.write(f"govplan: warning: {path}: no tasks found (no section with its own text)\n")
    write_output(output, render_compare(result, fmt.value, terminal=sys.stdout.isatty()))
    finish(sides[0] if sides[0].failed else sides[1])


def _one_plan(path: str, script: str, grammar: tuple[str, ...]):
    """One side of the comparison: exactly one notice."""
    loaded = load_all([path], script=script, grammar=grammar)
    if len(loaded) != 1:
        fail(f"{path}: {len(loaded)} notices; compare takes one plan on each side")
    return loaded


def _write_schema(output: str) -> None:
    """compare --schema: the JSON Schema of the json output."""
    import json

    from govplan.models.views import compare_schema

    write_output(output, (json.dumps(compare_schema(), ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
