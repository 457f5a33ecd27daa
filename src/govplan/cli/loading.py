"""Reading a command's inputs (notices in any format read, or parse JSON; files, folders or stdin)
without typer: ``govplan compare`` runs without it (``cli.quick``), the commands on typer use it too."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from govplan.cli.writing import fail, read_corrections, report_corrections
from govplan.errors import AlreadyReported, ExitCode


class Loaded(list):
    """The inputs a command read: (result, the notice's text or None) pairs; ``failed``
    counts inputs that could not be read (each reported on stderr)."""

    failed: int = 0

    @property
    def results(self):
        return [result for result, _ in self]

    def exit_code(self, code: ExitCode = ExitCode.OK) -> int:
        """``code``, or 1 when some inputs could not be read."""
        return int(ExitCode.FINDINGS if self.failed and code == ExitCode.OK else code)


def without_twins(paths: list[str]) -> tuple[list[str], int]:
    """A folder that holds notices and their batch JSON (x.txt and x.json, x.docx and
    x.docx.json) would give every task twice: the JSON beside its notice is left out."""
    from govplan.formats.sniff import NOTICE_SUFFIXES

    notices = {p for p in paths if Path(p).suffix.lower() in NOTICE_SUFFIXES}
    stems = {str(Path(p).with_suffix("")) for p in notices if Path(p).suffix.lower() in (".txt", ".text")} | notices

    def twin(path: str) -> bool:
        return path.lower().endswith(".json") and str(Path(path).with_suffix("")) in stems

    kept = [p for p in paths if not twin(p)]
    return kept, len(paths) - len(kept)


def load_all(files: list[str], script: str = "simplified", grammar: tuple[str, ...] = (),
             reference: dt.date | None = None, corrections: str | None = None) -> Loaded:
    """Every input (notices or parse JSON), read and parsed (with a reviewer's corrections file).

    An unreadable input is reported on its own line and the rest are read; when none
    could be read the command fails (exit 2), else it finishes and exits 1 (``finish``).
    """
    from govplan.errors import ReadError
    from govplan.files.inputs import expand, load_inputs

    if not files:
        fail("no input given")
    rules = load_grammar(grammar)
    if files.count("-") > 1:
        fail("stdin (-) can be read only once")
    fixes = read_corrections(corrections, files)
    loaded = Loaded()
    for src in files:
        paths = [src] if src == "-" else [p for p, _ in expand([src])]
        if not paths:
            fail(f"{src}: no notices (*.txt, *.json) in this folder")
        paths, twins = without_twins(paths)
        if twins:
            sys.stderr.write(f"govplan: {src}: {twins} parse JSON file(s) beside their notice left out "
                             f"(the notice is read instead)\n")
        for path in paths:
            try:
                loaded.extend(load_inputs(path, rules, script=script, reference=reference, corrections=fixes))
            except ReadError as exc:  # reported, and the other inputs are read
                loaded.failed += 1
                sys.stderr.write(f"govplan: error: {exc}\n")
    if not loaded:  # (each said why)
        raise AlreadyReported()
    if fixes is not None:
        report_corrections(fixes, loaded.results)
    return loaded


def load_grammar(grammar: tuple[str, ...]):
    """The shipped grammar plus the user's folders, imported only by the commands that need it."""
    from govplan.grammar.loader import load_grammar as load

    return load(grammar)
