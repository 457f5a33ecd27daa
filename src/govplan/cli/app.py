"""The command line: a thin layer over the library API.

Exit codes (``ExitCode``): 0 success, 1 findings (check) or failed files (batch), 2
unusable input or usage, 3 an internal error (one line; GOVPLAN_DEBUG=1 shows the
trace), 130 interrupted.  ``parse``, ``batch`` and ``schema`` are here; the commands
that read many results (check, table, units, calendar) are in ``cli_views``.
"""
from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path
from typing import Optional

import typer

from govplan.cli.common import ExitCode, app, click_error, load_grammar
from govplan.cli.options import (
    CorrectionsOption,
    Engine,
    GrammarOption,
    OutputOption,
    ReferenceDateOption,
    Script,
    ScriptOption,
    YearOption,
    reference_of,
)
from govplan.cli.writing import check_writable, fail, write_output
from govplan.version import __version__


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"govplan {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """govplan: notices in, validated JSON out."""


@app.command()
def parse(
    file: Optional[str] = typer.Argument(None, metavar="FILE",
                                          help="The notice to parse (.txt .html .docx .pdf .xlsx .csv; .doc .wps .odt "
                                               ".xls with LibreOffice); - or none reads piped stdin."),
    output: OutputOption = "-",
    script: ScriptOption = Script.simplified,
    grammar: GrammarOption = [],
    compact: bool = typer.Option(False, "--compact", help="One line of JSON instead of indented."),
    reference_date: ReferenceDateOption = None,
    year: YearOption = None,
    text: bool = typer.Option(False, "--text", help="Print the text govplan read from the file (a web page, "
                                                    "Word file, PDF or sheet rendered as lines, each with its "
                                                    "place in the file) instead of the JSON."),
    corrections: CorrectionsOption = None,
) -> None:
    """Parse one notice into JSON: documents, heading tree, units, deadlines, diagnostics.

    Example:  govplan parse samples/national_plan.txt | jq '.documents[0].sections[0]'
              govplan parse samples/formats/national_plan.docx --text | head
    """
    from govplan.cli.parsing import run_parse

    reference = reference_of(reference_date, year)
    if file is None:
        if sys.stdin is None or sys.stdin.isatty():
            raise typer.BadParameter("give a FILE, or pipe a notice into govplan parse", param_hint="FILE")
        file = "-"
    run_parse(file, output=output, script=script.value, grammar=tuple(grammar), compact=compact,
              reference=reference, text=text, corrections=corrections)


@app.command()
def batch(
    sources: list[str] = typer.Argument(..., metavar="SOURCE",
                                        help="Files, folders (recursive) or - for a list of paths on stdin."),
    outdir: Optional[Path] = typer.Option(None, "--output", "-o", metavar="DIR", help="Folder for one JSON per input."),
    glob: list[str] = typer.Option([], "--glob", help="Pattern for files in folders, may be given several times "
                                                      "(default: every format read, *.txt *.html *.docx *.pdf …)."),
    jsonl: bool = typer.Option(False, "--jsonl", help="Write one JSON object a line to stdout instead."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Parallel workers (default: the number of cores)."),
    skip_unchanged: bool = typer.Option(False, "--skip-unchanged",
                                        help="Skip inputs whose output already has the same content hash."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary."),
    script: ScriptOption = Script.simplified,
    grammar: GrammarOption = [],
    reference_date: ReferenceDateOption = None,
    year: YearOption = None,
    shard: Optional[str] = typer.Option(None, "--shard", metavar="I/N",
                                        help="Only every N-th input from the I-th (0-based): N machines "
                                             "split one run."),
    engine: Engine = typer.Option(Engine.process, "--engine", help="process: a pool of --jobs processes on this "
                                                                     "machine; dask: a Dask cluster (govplan[dask])."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="tcp://HOST:8786",
                                            help="The Dask scheduler (default: a local cluster of --jobs workers)."),
    merge_manifests: bool = typer.Option(False, "--merge-manifests",
                                         help="Join the _manifest.jsonl files given as SOURCE into "
                                              "OUT/_manifest.jsonl."),
) -> None:
    """Parse many notices in parallel; one bad file never stops the batch (exit 1 if any failed).
    OUT/_manifest.jsonl records every input (hash, settings, output, status): --skip-unchanged
    reads it, so a killed run is resumed by running it again.

    Example:  govplan batch notices/ -o parsed/ --jobs 2
              find . -name '*.txt' | govplan batch - --jsonl | jq .documents[0].title
              govplan batch notices/ -o parsed/ --shard 0/2     # and --shard 1/2 on another machine
    """
    from govplan.batch.job import Options

    _check_batch_options(outdir, jsonl, engine, scheduler)
    if merge_manifests:
        _merge_manifests(sources, outdir, quiet)
    inputs = _BatchInputs(sources, tuple(glob), shard)
    if outdir is not None:
        _prepare_outdir(outdir)
    if grammar:
        load_grammar(tuple(grammar))
    options = Options(script=script.value, grammar_dirs=tuple(grammar), jsonl=jsonl,
                      reference=reference_of(reference_date, year),
                      outdir=str(outdir) if outdir is not None else None)
    summary = _run_batch(inputs, outdir, options, jobs=jobs or os.cpu_count() or 1, skip_unchanged=skip_unchanged,
                         quiet=quiet, engine=engine, scheduler=scheduler)
    if inputs.listed_folders and not quiet:  # `find . | govplan batch -` lists the folders beside their files
        sys.stderr.write(f"govplan: skipped {inputs.listed_folders} folder(s) listed on stdin (their files are read "
                         "when listed, or give the folder as an argument)\n")
    _batch_report(summary, quiet)
    raise typer.Exit(ExitCode.FINDINGS if summary.failed or summary.stopped else ExitCode.OK)


def _check_batch_options(outdir: Path | None, jsonl: bool, engine: Engine, scheduler: str | None) -> None:
    if (outdir is None) == (not jsonl):
        fail("give exactly one of --output DIR or --jsonl")
    if scheduler and engine is not Engine.dask:
        fail("--scheduler is for --engine dask")


class _BatchInputs:
    """A batch's inputs, streamed (never listed whole: ten million inputs plan in flat memory):
    checked sources and globs, this machine's --shard, the first input read ahead."""

    def __init__(self, sources: list[str], glob: tuple[str, ...], shard: str | None):
        from govplan.batch import manifest

        missing = [s for s in sources if s != "-" and not Path(s).exists()]
        if missing:
            fail(f"{missing[0]}: no such file or folder")
        for pattern in glob:
            if Path(pattern).is_absolute() or ".." in Path(pattern).parts:
                fail(f"--glob takes a pattern inside each folder, such as '*.txt' or 'sub/*.txt', not {pattern!r}")
        if shard is not None:
            try:
                manifest.parse_shard(shard)
            except ValueError as exc:
                raise typer.BadParameter(str(exc), param_hint="--shard") from None
        self.sources, self.glob, self.shard = sources, glob, shard
        self.listed_folders = 0
        self.found = self.walked()
        self.first = next(self.found, None)
        if self.first is None:
            fail(f"{', '.join(sources)}: no notices found" + (f" matching {' or '.join(glob)}" if glob else ""))

    def walked(self):
        from govplan.batch import manifest
        from govplan.files.inputs import NOTICE_GLOBS, expand

        found = self._files_only(expand(self.sources, self.glob, NOTICE_GLOBS))
        return found if self.shard is None else manifest.shard(found, self.shard)

    def all(self):
        return itertools.chain([self.first], self.found)

    def count_again(self) -> tuple[int, int] | None:
        """The progress bar's total: a second walk (none for a list read from stdin: it is read once)."""
        from govplan.batch import driver

        return None if "-" in self.sources else driver.count_inputs(self.walked())

    def _files_only(self, found):
        """The inputs that are not folders (a list on stdin may name folders); counts those."""
        for src, root in found:
            if root is None and Path(src).is_dir():
                self.listed_folders += 1
            else:
                yield src, root


def _run_batch(inputs: _BatchInputs, outdir: Path | None, options, *, jobs: int, skip_unchanged: bool,
               quiet: bool, engine: Engine, scheduler: str | None):
    """Plan and run the batch; on Ctrl-C remove this run's leftovers and exit 130."""
    from govplan.batch import driver
    from govplan.batch.planner import Planner
    from govplan.files.atomic import remove_leftovers

    totals = inputs.count_again() if not quiet and sys.stderr.isatty() else None
    try:
        with Planner(outdir, skip_unchanged) as planner:
            summary = driver.run(planner, inputs.all(), jobs_n=jobs, options=options, skip_unchanged=skip_unchanged,
                                 totals=totals, engine=engine.value, scheduler=scheduler)
            if outdir is not None:
                remove_leftovers(outdir, mine_only=True)  # a killed worker's temporary files
                try:
                    driver.write_errors(outdir, summary.failed, planner.is_input)
                except OSError as exc:
                    sys.stderr.write(f"govplan: error: {outdir / '_errors.jsonl'}: cannot write: "
                                     f"{exc.strerror or exc}\n")
    except KeyboardInterrupt:
        if outdir is not None:
            remove_leftovers(outdir, mine_only=True)
        sys.stderr.write("govplan: batch interrupted; finished files are complete, the rest were not written\n")
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    return summary


def _merge_manifests(sources: list[str], outdir: Path | None, quiet: bool) -> None:
    from govplan.batch import manifest

    if outdir is None:
        fail("--merge-manifests writes OUT/_manifest.jsonl: give --output OUT")
    outdir.mkdir(parents=True, exist_ok=True)
    try:
        count = manifest.merge([Path(s) for s in sources], outdir / manifest.NAME)
    except OSError as exc:
        fail(str(exc))
    if not quiet:
        sys.stderr.write(f"govplan: {count} inputs in {outdir / manifest.NAME}\n")
    raise typer.Exit(ExitCode.OK)


def _prepare_outdir(outdir: Path) -> None:
    from govplan.files.atomic import remove_leftovers

    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"{outdir}: cannot create: {exc.strerror or exc}")
    if not os.access(outdir, os.W_OK):
        fail(f"{outdir}: not writable")
    for name in ("_manifest.jsonl", "_errors.jsonl", ".govplan.lock"):  # files govplan writes in OUT
        if (outdir / name).is_symlink():
            fail(f"{outdir / name}: is a symbolic link: refused (govplan never writes through a link "
                 "in the output folder; remove it)")
    remove_leftovers(outdir)  # of runs that are gone; a live batch into this folder keeps its own


def _batch_report(summary, quiet: bool) -> None:
    """Failures always (also with --quiet), then the summary unless quiet."""
    if summary.stopped:
        sys.stderr.write(f"govplan: error: batch stopped: {summary.stopped}; "
                         f"{summary.not_started} input(s) not parsed\n")
    if quiet or not sys.stderr.isatty():
        for src, error in summary.failed:  # piped or quiet: whole lines, never truncated
            sys.stderr.write(f"failed: {src}: {error.removeprefix(src + ': ')}\n")
    if not quiet:
        _batch_summary(summary)


def _batch_summary(summary) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(stderr=True)
    if summary.failed and sys.stderr.isatty():  # else _batch_report printed them as lines
        table = Table(title="failed inputs", show_lines=False)
        table.add_column("file")
        table.add_column("error")
        for src, error in summary.failed:  # Text, not markup: paths may hold [brackets]
            table.add_row(Text(src), Text(error.removeprefix(src + ": ")))
        console.print(table)
    mb = summary.bytes / 1e6
    rate = f", {mb / summary.seconds:.1f} MB/s" if summary.seconds > 0 else ""
    console.print(f"{summary.done} parsed, {summary.skipped} unchanged, {len(summary.failed)} failed"
                  f" in {summary.seconds:.1f}s ({mb:.1f} MB{rate})", highlight=False)


@app.command()
def schema(
    kind: str = typer.Argument("parse", metavar="[parse|corrections|compare]",
                               help="Which: parse output (default), a corrections file, or compare's JSON."),
    output: OutputOption = "-",
) -> None:
    """The JSON Schema of `govplan parse` output (or of a corrections file, or of compare's JSON),
    generated from the models.

    Example:  govplan schema -o govplan.schema.json
              govplan schema corrections
    """
    import json

    from govplan.models import parse_schema
    from govplan.models.compare import compare_schema
    from govplan.models.views import corrections_schema

    schemas = {"parse": parse_schema, "corrections": corrections_schema, "compare": compare_schema}
    if kind not in schemas:
        raise typer.BadParameter(f"{kind!r} is not one of parse, corrections, compare", param_hint="KIND")
    check_writable(output)
    text = json.dumps(schemas[kind](), ensure_ascii=False, indent=2) + "\n"
    write_output(output, text.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    """Run the command line on ``argv`` (default: sys.argv) and return its exit code.

    Any unexpected error becomes one line and exit 3 (``cli.running``); the console script exits
    with the returned code, and tests call this in process.
    """
    from govplan.cli import compare, ledger, review, views  # noqa: F401 - register check, table, units, calendar,

    # compare, review
    from govplan.cli.running import guarded

    click_exception = click_error("ClickException")  # (click's base of usage errors)

    def interrupted(_: BaseException) -> int:
        sys.stderr.write("govplan: interrupted\n")
        return ExitCode.INTERRUPTED

    def run() -> int:
        code = app(args=argv, prog_name="govplan", standalone_mode=False)
        return code if isinstance(code, int) else ExitCode.OK

    return guarded(run, ((click_exception, _usage_error), (typer.Abort, interrupted)))


def _usage_error(exc) -> int:
    """A usage error from click as one line naming the command; `govplan` alone prints the help."""
    if type(exc).__name__ == "NoArgsIsHelpError":  # `govplan` alone: the help, on stderr
        sys.stderr.write(exc.format_message() + "\n")
        return exc.exit_code
    where = f" {exc.ctx.command_path}" if getattr(exc, "ctx", None) else ""
    message = exc.format_message().replace("Value error, ", "")
    sys.stderr.write(f"govplan: error: {message} (govplan{where.removeprefix(' govplan')} -h for help)\n")
    return exc.exit_code

