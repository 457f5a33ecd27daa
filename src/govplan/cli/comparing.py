"""``govplan compare`` once its command line is read (by typer, or by ``cli.quick`` without it): both
plans read, their tasks aligned, the comparison written in the format asked."""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from govplan.batch.runtime import paused_gc
from govplan.cli.loading import Loaded, load_all, load_grammar
from govplan.cli.writing import check_writable, fail, write_output

if TYPE_CHECKING:
    from govplan.compare.helper import SegmenterHelper


def run_compare(upper: str, lower: str, *, fmt: str, output: str = "-", script: str = "simplified",
                grammar: tuple[str, ...] = (), helper: SegmenterHelper | None = None) -> int:
    """Compare UPPER's plan with LOWER's and write it to ``output`` as ``fmt``; the exit code.  ``helper``:
    one the caller forked already, as early as it could (closed here, whatever happens)."""
    from govplan.compare.helper import SegmenterHelper

    # the segmenter's dictionary loads in a helper while both plans are read
    with paused_gc(), (helper or SegmenterHelper()) as cutter:
        if fmt == "xlsx" and output == "-":
            fail("xlsx needs a file: give -o compare.xlsx")
        check_writable(output)
        from govplan.compare.align import compare
        from govplan.output.compare_report import render_compare

        sides = [_one_plan(path, script, grammar) for path in (upper, lower)]
        rules = load_grammar(grammar)
        result = compare(sides[0].results[0], sides[1].results[0], rules, cutter)
        rules.keep_compiled()  # (the patterns the comparison compiled, for the next start)
    for side, path in ((result.upper, upper), (result.lower, lower)):
        if not side.tasks:  # nothing to compare on that side: say so, whatever the format
            sys.stderr.write(f"govplan: warning: {path}: no tasks found (no section with its own text)\n")
    write_output(output, render_compare(result, fmt, terminal=sys.stdout.isatty()))
    return (sides[0] if sides[0].failed else sides[1]).exit_code()


def _one_plan(path: str, script: str, grammar: tuple[str, ...]) -> Loaded:
    """One side of the comparison: exactly one notice."""
    loaded = load_all([path], script=script, grammar=grammar)
    if len(loaded) != 1:
        fail(f"{path}: {len(loaded)} notices; compare takes one plan on each side")
    return loaded
