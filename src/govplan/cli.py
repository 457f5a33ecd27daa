"""The command line: a thin layer over the library API.

Exit codes: 0 success, 1 findings (check) or failed files (batch), 2 unusable input
or usage, 3 an internal error (reported in one line; GOVPLAN_DEBUG=1 shows the trace).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

# pydantic scans every installed package for plugins on first use (~15 ms of each start);
# the command line uses none.  A user who needs one can set the variable themselves.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import typer  # noqa: E402

from . import __version__

app = typer.Typer(
    name="govplan", no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    help="Parse Chinese government plans and notices into structured task ledgers.")

EXIT_INPUT = 2
EXIT_INTERNAL = 3


def fail(message: str, code: int = EXIT_INPUT) -> None:
    """One clear line on stderr, then exit."""
    sys.stderr.write(f"govplan: error: {message}\n")
    raise typer.Exit(code)


def write_output(text: str, output: str) -> None:
    """Write to stdout (``-``) or atomically to a file: never a half-written file."""
    if output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from .atomic import write_atomic

    try:
        write_atomic(Path(output), text.encode("utf-8"))
    except OSError as exc:
        fail(f"{output}: cannot write: {exc.strerror or exc}")


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"govplan {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """govplan: notices in, validated JSON out."""


SCRIPT_HELP = "Script of the output text: simplified, traditional, or original (as in the input)."
GRAMMAR_HELP = "A folder of extra grammar files (TOML) added on top of the shipped rules."


@app.command()
def parse(
    file: str = typer.Argument(..., help="The notice to parse; - reads stdin."),
    output: str = typer.Option("-", "--output", "-o", help="Where to write the JSON; - is stdout."),
    script: str = typer.Option("simplified", "--script", help=SCRIPT_HELP),
    grammar: list[str] = typer.Option([], "--grammar", help=GRAMMAR_HELP),
    compact: bool = typer.Option(False, "--compact", help="One line of JSON instead of indented."),
) -> None:
    """Parse one notice into JSON: documents, heading tree, units, deadlines, diagnostics.

    Example:  govplan parse samples/national_plan.txt | jq '.documents[0].sections[0]'
    """
    from .api import SCRIPTS, parse_file
    from .emit import write_json
    from .grammar import GrammarError
    from .read import ReadError

    if script not in SCRIPTS:
        fail(f"--script must be one of: {', '.join(SCRIPTS)} (got {script!r})")
    try:
        result = parse_file(file, script=script, grammar_dirs=tuple(grammar))
    except ReadError as exc:
        fail(str(exc))
    except GrammarError as exc:
        fail(f"grammar: {exc}")
    indent = None if compact else 2
    if output == "-":
        write_json(result, sys.stdout.buffer, indent)
        sys.stdout.buffer.flush()
        return
    from .atomic import open_atomic

    try:
        with open_atomic(Path(output)) as fh:
            write_json(result, fh, indent)
    except OSError as exc:
        fail(f"{output}: cannot write: {exc.strerror or exc}")


# ---------------------------------------------------------------- shared helpers


def _load_all(files: list[str], script: str = "simplified", grammar: tuple[str, ...] = ()):
    """Parse results for every input (notices or parse JSON); exit 2 on the first bad one."""
    from .grammar import GrammarError
    from .inputs import expand, load_result
    from .read import ReadError

    if not files:
        fail("no input given")
    if files.count("-") > 1:
        fail("stdin (-) can be read only once")
    results = []
    for src in files:
        paths = [src] if src == "-" else [p for p, _ in expand([src])]
        if not paths:
            fail(f"{src}: no notices (*.txt, *.json) in this folder")
        for path in paths:
            try:
                results.append(load_result(path, script=script, grammar_dirs=grammar))
            except ReadError as exc:
                fail(str(exc))
            except GrammarError as exc:
                fail(f"grammar: {exc}")
    return results


def _check_writable(output: str) -> None:
    if output == "-":
        return
    parent = Path(output).resolve().parent
    probe = parent
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir() or not os.access(probe, os.W_OK):
        fail(f"{output}: cannot write here")


# ---------------------------------------------------------------- batch


@app.command()
def batch(
    sources: list[str] = typer.Argument(..., help="Files, folders (recursive) or - for a list of paths on stdin."),
    outdir: Optional[Path] = typer.Option(None, "--output", "-o", help="Folder for one JSON per input."),
    glob: Optional[str] = typer.Option(None, "--glob", help="Pattern for files in folders (default *.txt, *.text)."),
    jsonl: bool = typer.Option(False, "--jsonl", help="Write one JSON object a line to stdout instead."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Parallel workers (default: the number of cores)."),
    skip_unchanged: bool = typer.Option(False, "--skip-unchanged",
                                        help="Skip inputs whose output already has the same content hash."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary."),
    script: str = typer.Option("simplified", "--script", help=SCRIPT_HELP),
    grammar: list[str] = typer.Option([], "--grammar", help=GRAMMAR_HELP),
) -> None:
    """Parse many notices in parallel; one bad file never stops the batch (exit 1 if any failed).

    Example:  govplan batch notices/ -o parsed/ --jobs 2
              find . -name '*.txt' | govplan batch - --jsonl | jq .documents[0].title
    """
    from . import batch as b
    from .inputs import NOTICE_GLOBS, expand

    if (outdir is None) == (not jsonl):
        fail("give exactly one of --output DIR or --jsonl")
    if script not in ("simplified", "traditional", "original"):
        fail(f"--script must be one of: simplified, traditional, original (got {script!r})")
    missing = [s for s in sources if s != "-" and not Path(s).exists()]
    if missing:
        fail(f"{missing[0]}: no such file or folder")
    inputs = list(expand(sources, glob, NOTICE_GLOBS))
    if not inputs:
        fail(f"{', '.join(sources)}: no notices found" + (f" matching {glob}" if glob else ""))
    if outdir is not None:
        try:
            outdir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            fail(f"{outdir}: cannot create: {exc.strerror or exc}")
        if not os.access(outdir, os.W_OK):
            fail(f"{outdir}: not writable")
        b.clean_stale_temp(outdir)
    if grammar:
        from .grammar import GrammarError, load_grammar

        try:
            load_grammar(tuple(grammar))
        except GrammarError as exc:
            fail(f"grammar: {exc}")
    work = b.plan_jobs(inputs, outdir)
    show = not quiet and sys.stderr.isatty()
    try:
        summary = b.run(work, jobs_n=jobs or os.cpu_count() or 1, script=script,
                        grammar_dirs=tuple(grammar), jsonl=jsonl, skip_unchanged=skip_unchanged,
                        progress=show)
    except KeyboardInterrupt:
        if outdir is not None:
            b.clean_stale_temp(outdir)
        sys.stderr.write("govplan: batch interrupted; finished files are complete, the rest were not written\n")
        raise typer.Exit(130) from None
    if outdir is not None:
        b.write_errors(outdir, summary.failed)
    if not quiet:
        _batch_summary(summary)
    raise typer.Exit(1 if summary.failed else 0)


def _batch_summary(summary) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(stderr=True)
    if summary.failed and sys.stderr.isatty():
        table = Table(title="failed inputs", show_lines=False)
        table.add_column("file")
        table.add_column("error")
        for src, error in summary.failed:
            table.add_row(src, error.removeprefix(src + ": "))
        console.print(table)
    elif summary.failed:  # piped: whole lines, never truncated
        for src, error in summary.failed:
            sys.stderr.write(f"failed: {src}: {error.removeprefix(src + ': ')}\n")
    mb = summary.bytes / 1e6
    rate = f", {mb / summary.seconds:.1f} MB/s" if summary.seconds > 0 else ""
    console.print(f"{summary.done} parsed, {summary.skipped} unchanged, {len(summary.failed)} failed"
                  f" in {summary.seconds:.1f}s ({mb:.1f} MB{rate})", highlight=False)


# ---------------------------------------------------------------- check


@app.command()
def check(
    files: list[str] = typer.Argument(..., help="Notices (or parse JSON) to lint; - reads stdin."),
    fmt: str = typer.Option("text", "--format", "-f", help="text, json or github (Actions annotations)."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="error (default) or warning."),
    disable: list[str] = typer.Option([], "--disable", help="Turn a rule off (code or name); repeatable."),
    grammar: list[str] = typer.Option([], "--grammar", help=GRAMMAR_HELP),
) -> None:
    """Lint notices: numbering, missing units, deadlines, unit spellings, text damage, 文号/date.

    Exit 1 when a finding reaches --fail-on. Rules can also be turned off in
    pyproject.toml under [tool.govplan] (disable = ["GP402"], fail-on = "warning").

    Example:  govplan check drafts/*.txt --format github --fail-on warning
    """
    import json as _json

    from . import check as c
    from .read import ReadError, read

    try:
        config = c.load_config(Path.cwd())
        disabled = c.resolve_codes(list(config.get("disable", [])) + list(disable))
    except c.ConfigError as exc:
        fail(str(exc))
    level = fail_on or config.get("fail-on", "error")
    if level not in ("error", "warning"):
        fail(f"--fail-on must be error or warning (got {level!r})")
    if fmt not in ("text", "json", "github"):
        fail(f"--format must be text, json or github (got {fmt!r})")
    results = _load_all(files, grammar=tuple(grammar))
    findings = []
    for result in results:
        lines = None
        if result.source.path != "-" and not result.source.path.endswith(".json"):
            try:
                import regex

                lines = regex.split(r"\r\n|\r|\n", read(result.source.path).text)
            except ReadError:
                lines = None
        findings += [f for f in c.check_result(result, lines, grammar_dirs=tuple(grammar))
                     if f.code not in disabled]
    if fmt == "json":
        sys.stdout.write(_json.dumps([f.model_dump(mode="json") for f in findings],
                                     ensure_ascii=False, indent=2) + "\n")
    elif fmt == "github":
        sys.stdout.write(c.format_github(findings))
    else:
        sys.stdout.write(c.format_text(findings))
        errors = sum(f.severity == "error" for f in findings)
        sys.stderr.write(f"{len(findings)} finding(s): {errors} error(s), "
                         f"{len(findings) - errors} warning(s) in {len(results)} file(s)\n")
    raise typer.Exit(1 if c.fails(findings, level) else 0)


# ---------------------------------------------------------------- table


@app.command()
def table(
    files: list[str] = typer.Argument(..., help="Notices or parse JSON; - reads stdin."),
    fmt: str = typer.Option("csv", "--format", "-f", help="csv, xlsx or md."),
    output: str = typer.Option("-", "--output", "-o", help="Output file; - is stdout (not for xlsx)."),
    combine: bool = typer.Option(False, "--combine", help="XLSX: one sheet for all inputs."),
    all_sections: bool = typer.Option(False, "--all", help="Every section, not only those that assign work."),
    script: str = typer.Option("simplified", "--script", help=SCRIPT_HELP),
    grammar: list[str] = typer.Option([], "--grammar", help=GRAMMAR_HELP),
) -> None:
    """The task ledger (任务分解表): one row per task with units, 时限 and due date.

    Example:  govplan table plan.txt --format xlsx -o ledger.xlsx
    """
    from . import export
    from .ledger import file_label, task_rows

    if fmt not in ("csv", "xlsx", "md"):
        fail(f"--format must be csv, xlsx or md (got {fmt!r})")
    if fmt == "xlsx" and output == "-":
        fail("xlsx needs a file: give -o ledger.xlsx")
    _check_writable(output)
    results = _load_all(files, script=script, grammar=tuple(grammar))
    rows = [task_rows(r, all_sections) for r in results]
    if fmt == "xlsx":
        sheets = ([("ledger", [row for rs in rows for row in rs])] if combine or len(results) == 1
                  else [(file_label(r), rs) for r, rs in zip(results, rows)])
        data = export.to_xlsx(sheets)
    else:
        flat = [row for rs in rows for row in rs]
        data = export.to_csv(flat) if fmt == "csv" else export.to_markdown(flat)
    _write_bytes(data, output)


def _write_bytes(data: bytes, output: str) -> None:
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from .atomic import write_atomic

    try:
        write_atomic(Path(output), data)
    except OSError as exc:
        fail(f"{output}: cannot write: {exc.strerror or exc}")


# ---------------------------------------------------------------- units


@app.command()
def units(
    files: list[str] = typer.Argument(..., help="Notices or parse JSON; - reads stdin."),
    as_json: bool = typer.Option(False, "--json", help="JSON for machines instead of a table."),
    grammar: list[str] = typer.Option([], "--grammar", help=GRAMMAR_HELP),
) -> None:
    """Who carries what: per unit, the tasks it leads and supports, with the nearest due date.

    Example:  govplan units plan.txt --json | jq '.[0]'
    """
    import json as _json

    from .grammar import load_grammar
    from .ledger import unit_loads
    from .units import unit_key

    results = _load_all(files, grammar=tuple(grammar))
    g = load_grammar(tuple(grammar))
    loads = unit_loads(results, lambda name: unit_key(name, g))
    if as_json:
        sys.stdout.write(_json.dumps([u.model_dump(mode="json") for u in loads],
                                     ensure_ascii=False, indent=2) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    t = Table(title="units")
    for col in ("unit", "leads", "supports", "next due", "tasks"):
        t.add_column(col)
    for u in loads:
        tasks = ", ".join(f"{x.path}" for x in (u.leads + u.supports)[:6])
        more = len(u.leads) + len(u.supports) - 6
        t.add_row(" / ".join(u.names), str(len(u.leads)), str(len(u.supports)),
                  str(u.next_due or "-"), tasks + (f" (+{more})" if more > 0 else ""))
    Console(soft_wrap=not sys.stdout.isatty()).print(t)


# ---------------------------------------------------------------- calendar


@app.command()
def calendar(
    files: list[str] = typer.Argument(..., help="Notices or parse JSON; - reads stdin."),
    output: str = typer.Option("-", "--output", "-o", help="The .ics file; - is stdout."),
    grammar: list[str] = typer.Option([], "--grammar", help=GRAMMAR_HELP),
) -> None:
    """Every dated deadline as an iCalendar event (all-day), with the task and its units.

    Example:  govplan calendar plan.txt -o deadlines.ics
    """
    from .export import to_ics

    _check_writable(output)
    results = _load_all(files, grammar=tuple(grammar))
    _write_bytes(to_ics(results), output)


# ---------------------------------------------------------------- schema


@app.command()
def schema(
    output: str = typer.Option("-", "--output", "-o", help="Where to write it; - is stdout."),
) -> None:
    """The JSON Schema of `govplan parse` output, generated from the models.

    Example:  govplan schema -o govplan.schema.json
    """
    import json as _json

    from .models import ParseResult

    text = _json.dumps(ParseResult.model_json_schema(), ensure_ascii=False, indent=2) + "\n"
    _check_writable(output)
    write_output(text, output)


def main() -> None:
    """Entry point: run the app, turning any unexpected error into one line."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("govplan: interrupted\n")
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        if os.environ.get("GOVPLAN_DEBUG"):
            raise
        sys.stderr.write(f"govplan: internal error: {type(exc).__name__}: {exc} "
                         f"(set GOVPLAN_DEBUG=1 for details)\n")
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":  # pragma: no cover
    main()
