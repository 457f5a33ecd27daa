"""The shape of the code: stages import only what is below them; one registry of diagnostics."""
from __future__ import annotations

import ast
import json
import re
import subprocess
import sys

import pytest
from conftest import ROOT, run_cli_process

from govplan.diagnostics import BY_CODE, REGISTRY

PACKAGE = ROOT / "src" / "govplan"
# Bottom to top: a module may import only modules listed before it (lazy imports too).
LAYERS = ["diagnostics", "convert", "models", "numerals", "grammar_files", "patterns", "grammar", "read", "text",
          "rendering", "render_html", "render_docx", "render_pdf", "render_sheet", "render_office", "render", "normalize", "fields", "tables", "classify", "documents", "frame", "tree", "outline", "unitnames", "units", "deadlines",
          "metadata", "assemble", "emit", "api", "runtime", "atomic", "spill", "walk", "manifest", "inputs", "ledger", "export", "calendar_ics", "similarity", "compare", "check",
          "batch", "planner", "pool", "engine_dask", "runner", "cli_common", "cli_views", "cli_compare", "cli", "__main__", "__init__"]
MAX_LINES = 450


def _imports(path) -> set[str]:
    """govplan modules a file imports, anywhere in it, except under `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
               and getattr(node.test, "id", "") == "TYPE_CHECKING" for n in ast.walk(node)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped or not isinstance(node, ast.ImportFrom) or node.level != 1:
            continue
        # `from . import X`: a module of the package, or an attribute of it (__version__)
        found |= {node.module} if node.module else {a.name for a in node.names
                                                    if (PACKAGE / f"{a.name}.py").is_file()}
    return found


def test_every_module_is_placed_in_the_layers():
    assert sorted(p.stem for p in PACKAGE.glob("*.py")) == sorted(LAYERS)


@pytest.mark.parametrize("module", LAYERS)
def test_a_module_imports_only_what_is_below_it(module):
    below = set(LAYERS[: LAYERS.index(module)])
    assert _imports(PACKAGE / f"{module}.py") <= below, _imports(PACKAGE / f"{module}.py") - below


@pytest.mark.parametrize("module", LAYERS)
def test_modules_stay_small(module):
    assert len((PACKAGE / f"{module}.py").read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_importing_units_pulls_in_no_later_stage():
    code = "import sys, govplan.units; print(' '.join(sorted(m for m in sys.modules if m.startswith('govplan'))))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert "govplan.units" in loaded
    assert not {"govplan.outline", "govplan.metadata", "govplan.documents", "govplan.tree"} & set(loaded)


# ---------------------------------------------------------------- the diagnostics registry


def _string_constants() -> dict[str, set[str]]:
    """Every string constant of every module but the registry, by module."""
    out = {}
    for path in PACKAGE.glob("*.py"):
        if path.stem != "diagnostics":
            tree = ast.parse(path.read_text(encoding="utf-8"))
            out[path.stem] = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    return out


def test_every_registered_diagnostic_is_emitted_where_the_registry_says():
    constants = _string_constants()
    parse_side = set().union(*(v for k, v in constants.items() if k != "check"))
    for kind in REGISTRY:
        if kind.emitted_by == "parse":
            assert kind.name in parse_side, kind
        else:
            assert kind.code in constants["check"], kind


def test_every_code_the_code_emits_is_registered():
    emitted_by_check = {c for c in _string_constants()["check"] if re.fullmatch(r"GP\d{3}", c)}
    assert {k.code for k in REGISTRY if k.emitted_by == "check"} <= emitted_by_check <= set(BY_CODE)
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.glob("*.py"))
    names = set(re.findall(r'(?:Diagnostic\.of|self\.report)\(\s*"([a-z-]+)"', source))
    names |= set(re.findall(r'"([a-z]+-[a-z-]+)": "[A-Z]', source))  # normalize's repair messages
    assert names and names <= {k.name for k in REGISTRY}


def test_the_schema_lists_exactly_the_registered_codes():
    from govplan.models import ParseResult

    schema = ParseResult.model_json_schema()
    assert schema["$defs"]["Diagnostic"]["properties"]["code"]["enum"] == [k.name for k in REGISTRY]


def test_the_readme_table_is_the_registry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (GP\d{3}|-) \| `([a-z-]+)` \| (\w+) \| (.+) \|$", readme, re.MULTILINE)
    assert [(c if c != "-" else None, n, s, w) for c, n, s, w in rows] == \
        [(k.code, k.name, k.severity, k.summary) for k in REGISTRY]


def test_check_and_parse_agree_on_severity(tmp_path):
    from govplan import parse_text
    from govplan.check import check_result

    result = parse_text("XX方案\n一、任务\n(一)甲。(完成时限:6月底)\n")
    [diag] = [d for d in result.diagnostics if d.code == "deadline-unresolved"]
    [finding] = [f for f in check_result(result, None, __import__("datetime").date(2024, 1, 1)) if f.code == "GP301"]
    assert diag.severity == finding.severity == BY_CODE["GP301"].severity


# ---------------------------------------------------------------- the real command, in a new process


def test_smoke_version_and_parse_in_a_real_process():
    version = run_cli_process("--version")
    assert version.returncode == 0 and version.stdout.startswith(b"govplan ")
    parsed = run_cli_process("parse", "samples/national_plan.txt", "--compact")
    assert parsed.returncode == 0 and json.loads(parsed.stdout)["documents"][1]["title"]


def test_smoke_usage_error_in_a_real_process():
    proc = run_cli_process("parse", "samples/national_plan.txt", "--script", "trad")
    assert proc.returncode == 2 and proc.stderr.decode().count("\n") == 1 and b"--script" in proc.stderr
