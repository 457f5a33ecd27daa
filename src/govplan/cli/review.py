"""govplan review: a page per notice to check what was extracted, on the notice itself, and to
correct it (README "Review")."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from govplan.cli.common import ExitCode, app, load_grammar
from govplan.cli.options import (
    CorrectionsOption,
    GrammarOption,
    ReferenceDateOption,
    Script,
    ScriptOption,
    YearOption,
    reference_of,
    today_of,
)
from govplan.cli.writing import check_writable, fail, read_corrections, report_corrections, report_stale, write_output


@app.command()
def review(
    source: str = typer.Argument(..., metavar="NOTICE", help="A notice (any format parse reads), or a folder of them."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="FILE|DIR",
                                         help="The page (default: NAME.review.html here; - for stdout); for a "
                                              "folder, the folder for the pages and index.html."),
    today: Optional[str] = typer.Option(None, "--today", metavar="YYYY-MM-DD",
                                        help="The day the timeline marks overdue against (default: today)."),
    script: ScriptOption = Script.original,
    grammar: GrammarOption = [],
    reference_date: ReferenceDateOption = None,
    year: YearOption = None,
    corrections: CorrectionsOption = None,
) -> None:
    """A review page: the notice with its lead units, responsible units and deadlines marked where
    they stand, its outline, ledger and timeline; corrections made there are downloaded as a file
    that --corrections applies.  One self-contained HTML file: no network, opens from disk.

    Example:  govplan review plan.docx
              govplan table plan.docx --corrections plan.corrections.json -o 台账.xlsx
              govplan review notices/ -o site/
    """
    from govplan.review.build import review_file

    rules = load_grammar(tuple(grammar))
    options = dict(today=today_of(today), script=script.value, reference=reference_of(reference_date, year))
    if Path(source).is_dir():
        _review_folder(source, output, rules, options, corrections)
        return
    fixes = read_corrections(corrections, [source])
    target = output or f"{Path(source).stem or 'notice'}.review.html"
    check_writable(target)
    view = review_file(source, rules, corrections=fixes, **options)  # type: ignore[arg-type]
    if fixes is not None:
        report_corrections(fixes, [view.result])
    from govplan.review.page import render_page

    write_output(target, render_page(view).encode("utf-8"))
    if target != "-":
        sys.stderr.write(f"govplan: {target}: {len(view.tasks)} tasks; open it in a browser\n")


def _review_folder(source: str, output: str | None, rules, options: dict, corrections: str | None) -> None:
    """A page per notice under ``source`` and an index page, in the folder ``output``."""
    from govplan.errors import ReadError
    from govplan.files.inputs import NOTICE_GLOBS, expand
    from govplan.review.build import review_file
    from govplan.review.page import IndexEntry, render_index, render_page

    if not output or output == "-":
        fail("a folder's pages go in a folder: give -o site/")
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        fail(f"{output}: not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    check_writable(str(folder / "index.html"))
    fixes = read_corrections(corrections, [source])  # (a folder: for the notice it names)
    entries: list[IndexEntry] = []
    names: set[str] = set()
    for path, root in expand([source], NOTICE_GLOBS):
        relative = str(Path(path).relative_to(root)) if root else Path(path).name
        href = _page_name(relative, names)
        try:
            view = review_file(path, rules, corrections=fixes, **options)
        except ReadError as exc:
            sys.stderr.write(f"govplan: error: {exc}\n")
            entries.append(IndexEntry(href, relative, error=exc.reason))
            continue
        report_stale(view.result)
        write_output(str(folder / href), render_page(view, index="index.html").encode("utf-8"))
        entries.append(IndexEntry.of(href, relative, view))  # (the counts, not the page: memory stays flat)
    if fixes is not None:
        report_corrections(fixes, [])  # (a line when they were for none of the notices)
    if not entries:
        fail(f"{source}: no notices in this folder")
    write_output(str(folder / "index.html"), render_index(entries, Path(source).name or source,
                                                         options["today"]).encode("utf-8"))
    failed = sum(1 for e in entries if e.error)
    sys.stderr.write(f"govplan: {folder / 'index.html'}: {len(entries) - failed} pages"
                     + (f", {failed} unreadable" if failed else "") + "\n")
    raise typer.Exit(int(ExitCode.FINDINGS if failed else ExitCode.OK))


def _page_name(relative: str, taken: set[str]) -> str:
    """A page's file name: the notice's path in the folder, flattened (sub/plan.docx -> sub_plan.docx.html)."""
    base = relative.replace("/", "_").replace("\\", "_") + ".html"
    name, n = base, 1
    while name in taken or name == "index.html":
        n += 1
        name = f"{base[:-5]}-{n}.html"
    taken.add(name)
    return name
