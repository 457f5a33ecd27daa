"""govplan compare UPPER LOWER: does LOWER's plan implement every task of UPPER (对标对表)?
(Typer's declaration; ``cli.comparing`` does the work, and ``cli.quick`` runs it without typer.)"""
from __future__ import annotations

import enum
from typing import Optional

import typer

from govplan.cli.common import app, click_error
from govplan.cli.comparing import run_compare
from govplan.cli.options import GrammarOption, OutputOption, Script, ScriptOption, format_for
from govplan.cli.writing import write_output


class CompareFormat(str, enum.Enum):
    text = "text"
    json = "json"
    md = "md"
    xlsx = "xlsx"
    csv = "csv"


@app.command()
def compare(
    ctx: typer.Context,
    upper: Optional[str] = typer.Argument(None, metavar="UPPER", show_default=False,
                                          help="The plan implemented (a notice in any format read, or its parse "
                                               "JSON)."),
    lower: Optional[str] = typer.Argument(None, metavar="LOWER", show_default=False,
                                          help="The plan that implements it."),
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
    if schema:
        _write_schema(output)
        return
    for name, given in (("UPPER", upper), ("LOWER", lower)):
        if given is None:  # (optional only for --schema)
            raise click_error("UsageError")(f"Missing argument '{name}'.", ctx=ctx)
    assert upper is not None and lower is not None
    chosen = format_for(output, fmt, CompareFormat, CompareFormat.text)
    raise typer.Exit(run_compare(upper, lower, fmt=chosen.value, output=output, script=script.value,
                                 grammar=tuple(grammar)))


def _write_schema(output: str) -> None:
    """compare --schema: the JSON Schema of the json output."""
    import json

    from govplan.models.compare import compare_schema

    write_output(output, (json.dumps(compare_schema(), ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
