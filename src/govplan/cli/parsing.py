"""``govplan parse`` once its command line is read (by typer, or by ``cli.quick`` without it): the
notice parsed and its JSON written, or its rendering printed (``--text``)."""
from __future__ import annotations

import datetime as dt

from govplan.api import assemble_file, parse_file
from govplan.batch.runtime import paused_gc
from govplan.cli.writing import read_corrections, report_corrections, write_output
from govplan.output.json_stream import write_json


def run_parse(file: str, *, output: str = "-", script: str = "simplified", grammar: tuple[str, ...] = (),
              compact: bool = False, reference: dt.date | None = None, text: bool = False,
              corrections: str | None = None) -> int:
    """Parse ``file`` (``-``: stdin) and write its JSON to ``output``; the exit code."""
    if text:
        print_rendering(file, output)
        return 0
    fixes = read_corrections(corrections, [file])
    indent = None if compact else 2
    if fixes is None:  # each document written as it is assembled (a long gazette never all in memory)
        with paused_gc():
            assembly = assemble_file(file, script=script, grammar_dirs=grammar, reference=reference)
            write_output(output, lambda fh: write_json(assembly.result, fh, indent, assembly.documents()), held=True)
        return 0
    with paused_gc():
        result = parse_file(file, script=script, grammar_dirs=grammar, reference=reference,
                            corrections=fixes.file)
    fixes.applied_to = 1  # (one input: the file is for it)
    report_corrections(fixes, [result])
    write_output(output, lambda fh: write_json(result, fh, indent))
    return 0


def print_rendering(file: str, output: str) -> None:
    """parse --text: the rendered lines, numbered as the JSON counts them, with their locators."""
    from govplan.formats.sniff import load_file

    decoded = load_file(file)
    lines = decoded.text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    width = len(str(len(lines)))

    rows = []
    for n, line in enumerate(lines, 1):
        where = decoded.locators[n - 1] if n <= len(decoded.locators) else ""
        rows.append(f"{n:>{width}}\t{where}\t{line}\n" if decoded.locators else f"{n:>{width}}\t{line}\n")
    write_output(output, "".join(rows).encode("utf-8"))
