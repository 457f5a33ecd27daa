"""The shape of the code: stages import only what is below them; one registry of diagnostics."""
from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli_process

from govplan.diagnostics import BY_CODE, REGISTRY

PACKAGE = ROOT / "src" / "govplan"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 450


def _name(path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)


def test_the_import_contracts_hold():
    """pyproject's [tool.importlinter]: the pipeline's layers, the parse's stages, no CLI below it."""
    linter = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert linter, "import-linter is part of the test extra"
    proc = subprocess.run([linter, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "0 broken" in proc.stdout


def test_the_type_checker_finds_nothing():
    """mypy over src/ with pyproject's [tool.mypy] settings (the pydantic plugin)."""
    proc = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_the_script_choices_are_the_librarys():
    from govplan.cli.options import Script
    from govplan.text.script import OUTPUT_SCRIPTS

    assert tuple(s.value for s in Script) == OUTPUT_SCRIPTS


def test_every_package_is_in_a_layer():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    layers = re.findall(r'^    "(govplan\.[a-z_. |]+)",$', text, re.MULTILINE)
    layered = {name.strip() for layer in layers for name in layer.split("|")}
    top = {f"govplan.{p.stem if p.is_file() else p.name}" for p in PACKAGE.iterdir()
           if (p.is_dir() and (p / "__init__.py").is_file()) or (p.suffix == ".py" and p.stem not in ("__init__", "__main__"))}
    assert top - layered == set(), top - layered


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_modules_stay_small(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


MAX_FUNCTION_LINES = 40


def _function_bodies():
    """(name, lines of the body) of every function: from its first statement after the
    docstring to its end (a command's typer options are its signature, not its body)."""
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                body = node.body[1:] if ast.get_docstring(node) and len(node.body) > 1 else node.body
                yield f"{_name(path)}.{node.name}", node.end_lineno - body[0].lineno + 1


def test_functions_stay_short():
    long = {name: n for name, n in _function_bodies() if n > MAX_FUNCTION_LINES}
    assert not long, long


def test_importing_units_pulls_in_no_later_stage():
    code = ("import sys, govplan.parse.extract.units; "
            "print(' '.join(sorted(m for m in sys.modules if m.startswith('govplan'))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert "govplan.parse.extract.units" in loaded
    assert not {m for m in loaded if m.startswith(("govplan.parse.outline", "govplan.parse.assemble"))}
    assert "govplan.parse.extract.metadata" not in loaded


# ---------------------------------------------------------------- the diagnostics registry


def _string_constants() -> dict[str, set[str]]:
    """Every string constant of every module but the registry, by module."""
    out = {}
    for path in MODULES:
        if path.stem != "diagnostics":
            tree = ast.parse(path.read_text(encoding="utf-8"))
            out[_name(path)] = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    return out


def test_every_registered_diagnostic_is_emitted_where_the_registry_says():
    constants = _string_constants()
    parse_side = set().union(*(v for k, v in constants.items() if not k.startswith("govplan.check")))
    check_side = set().union(*(v for k, v in constants.items() if k.startswith("govplan.check")))
    for kind in REGISTRY:
        if kind.emitted_by == "parse":
            assert kind.name in parse_side, kind
        else:
            assert kind.code in check_side, kind


def test_every_code_the_code_emits_is_registered():
    checks = [v for k, v in _string_constants().items() if k.startswith("govplan.check")]
    emitted_by_check = {c for c in set().union(*checks) if re.fullmatch(r"GP\d{3}", c)}
    assert {k.code for k in REGISTRY if k.emitted_by == "check"} <= emitted_by_check <= set(BY_CODE)
    source = "\n".join(p.read_text(encoding="utf-8") for p in MODULES)
    names = set(re.findall(r'(?:Diagnostic\.of|self\.report)\(\s*"([a-z-]+)"', source))
    names |= set(re.findall(r'"([a-z]+-[a-z-]+)": "[A-Z]', source))  # normalize's repair messages
    assert names and names <= {k.name for k in REGISTRY}


def test_the_schema_lists_exactly_the_registered_codes():
    from govplan.models import parse_schema

    schema = parse_schema()
    assert schema["$defs"]["Diagnostic"]["properties"]["code"]["enum"] == [k.name for k in REGISTRY]


def test_the_readme_table_is_the_registry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (GP\d{3}|-) \| `([a-z-]+)` \| (\w+) \| (.+) \|$", readme, re.MULTILINE)
    assert [(c if c != "-" else None, n, s, w) for c, n, s, w in rows] == \
        [(k.code, k.name, k.severity, k.summary) for k in REGISTRY]


def test_check_and_parse_agree_on_severity(tmp_path):
    from govplan import parse_text
    from govplan.check.rules import check_result
    from govplan.grammar.loader import load_grammar

    result = parse_text("XX方案\n一、任务\n(一)甲。(完成时限:6月底)\n")
    [diag] = [d for d in result.diagnostics if d.code == "deadline-unresolved"]
    [finding] = [f for f in check_result(result, None, __import__("datetime").date(2024, 1, 1), load_grammar()) if f.code == "GP301"]
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
