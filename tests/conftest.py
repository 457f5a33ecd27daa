from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from gold_format import walk

# the browser fixtures (headless Chromium for the review page): tests/browser.py
pytest_plugins = ["browser"]

# the tests' own cache folder (grammars audited before: govplan.grammar.audited), not the user's; the
# processes the tests start inherit it
if "GOVPLAN_CACHE_DIR" not in os.environ:
    import tempfile

    os.environ["GOVPLAN_CACHE_DIR"] = tempfile.mkdtemp(prefix="govplan-test-cache-")

from govplan.output.json_stream import to_data  # noqa: E402 - (govplan only once the cache folder is set)

# Every fixture folder, named here once
ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"  # the shipped sample notices (own text), in every format
FORMATS = SAMPLES / "formats"  # the samples as .docx/.pdf/.html/.xlsx/.csv (make_formats.py)
FIXTURES = ROOT / "tests" / "fixtures"
GOLD = FIXTURES / "gold"  # reviewed snapshots of each sample's parse, in the gold format
RENDERINGS = FIXTURES / "renderings"  # `govplan parse FILE --text` of each format sample, reviewed
CASES = ROOT / "tests" / "cases"  # table-driven cases as data: units, deadlines, check rules
SHARED = ROOT.parent / "shared"  # the real notices and their gold (beside the repository)


class Ran:
    """What a command printed and returned (the shape of subprocess.CompletedProcess)."""

    def __init__(self, returncode: int, stdout: bytes, stderr: bytes):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None, timeout: int = 120,
            typer_only: bool = False) -> Ran:
    """Run the command line in this process as the console script does (govplan.cli.entry.main: ``parse``
    read without typer when it can be) and capture bytes; ``typer_only``: always through typer
    (govplan.cli.app.main).

    The streams are byte buffers, not terminals, as in a pipe.  ``timeout`` is kept for
    the signature of run_cli_process; in process nothing can hang past the test's own end.
    """
    if typer_only:
        from govplan.cli.app import main
    else:
        from govplan.cli.entry import main

    streams = {name: io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")
               for name, data in (("stdin", stdin or b""), ("stdout", b""), ("stderr", b""))}
    saved = {name: getattr(sys, name) for name in streams}
    old_cwd = os.getcwd()
    debug = os.environ.pop("GOVPLAN_DEBUG", None)
    try:
        for name, stream in streams.items():
            setattr(sys, name, stream)
        os.chdir(cwd or ROOT)
        code = main(list(args))
    finally:
        for name, stream in saved.items():
            setattr(sys, name, stream)
        os.chdir(old_cwd)
        if debug is not None:
            os.environ["GOVPLAN_DEBUG"] = debug
    out = {}
    for name in ("stdout", "stderr"):
        streams[name].flush()
        out[name] = streams[name].buffer.getvalue()
    return Ran(int(code), out["stdout"], out["stderr"])


def run_cli_process(*args: str, stdin: bytes | None = None, cwd: Path | None = None,
                    timeout: int = 120) -> subprocess.CompletedProcess:
    """Run the real command line in a new process (python -m govplan) and capture bytes."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("GOVPLAN_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "govplan", *args], input=stdin,
                          capture_output=True, cwd=cwd or ROOT, env=env, timeout=timeout)


def sections_of(result) -> list[dict]:
    data = result if isinstance(result, dict) else to_data(result)
    return [s for d in data["documents"] for s in walk(d["sections"])]


@pytest.fixture
def parse():
    from govplan import parse_text

    def _parse(text: str, **kw) -> dict:
        return to_data(parse_text(text, **kw))

    return _parse


def by_line(result: dict) -> dict[int, dict]:
    return {s["line"]: s for s in sections_of(result)}


def outline(result) -> list[tuple[int, str, int]]:
    """(line, marker, level) of every heading, in order."""
    return [(s["line"], s["marker"], s["level"]) for s in sections_of(result)]


def roles(result, line: int) -> tuple[list[str], list[str]]:
    """(lead units, responsible units) of the heading on ``line``."""
    s = by_line(result)[line]
    return s["lead_units"], s["responsible_units"]


_FONT_MISSING: list[bool] = []
FONT_MISSING_REASON = ("no installed font stands in for the samples' PDF font (STSong-Light, not embedded): PDFium "
                       "loses some of its characters, as govplan reports (font-missing); .ci/run installs "
                       "fonts-wqy-zenhei")


def cjk_font_missing() -> bool:
    """Does this machine lack a font for the sample PDFs' Chinese font?  Then PDFium reads some of their
    characters wrongly or not at all (govplan says so: a font-missing note), and a page drawn from them
    (a scan made for OCR) shows no characters."""
    if not _FONT_MISSING:
        from govplan.formats.sniff import load_file

        notes = load_file(FORMATS / "task_table.pdf").notes
        _FONT_MISSING.append(any(code == "font-missing" for _, code, _ in notes))
    return _FONT_MISSING[0]


def loads(stdout: bytes) -> dict:
    return json.loads(stdout.decode("utf-8"))


def pytest_terminal_summary(terminalreporter):
    """How many inputs the fuzzer (tests/robustness/fuzz) checked, when it ran."""
    readers = sys.modules.get("test_fuzz_readers")
    if readers is not None and readers.STATS:
        counts = ", ".join(f"{name} {n}" for name, n in sorted(readers.STATS.items()))
        terminalreporter.write_line(f"reader fuzz: inputs read per reader: {counts} "
                                    f"({readers.BUDGET:g} s a reader)")
    fuzz = sys.modules.get("test_fuzz")
    if fuzz is not None and fuzz.STATS["inputs"]:
        terminalreporter.write_line(f"fuzz: {fuzz.STATS['inputs']} mutated inputs checked in "
                                    f"{fuzz.STATS['seconds']:.0f} s (GOVPLAN_FUZZ_SECONDS={fuzz.BUDGET:g})")


def pytest_report_header(config):
    """Which govplan the tests run: a compiled install's parse is C built from the same source."""
    import govplan
    from govplan.version import compiled

    return f"govplan: {Path(govplan.__file__).parent} (compiled: {'yes' if compiled() else 'no'})"


def pytest_collection_modifyitems(config, items):
    """Tests marked `source` replace one of the parse's own functions (monkeypatch): a compiled module
    calls its functions directly, so there they would test nothing.  They skip in a compiled install and
    run in a pure one (the README's test command, .ci/run's first step)."""
    from govplan.version import compiled

    if not compiled():
        return
    skip = pytest.mark.skip(reason="replaces a compiled function: runs in a pure install (.ci/run step 1)")
    for item in items:
        if item.get_closest_marker("source") is not None:
            item.add_marker(skip)
