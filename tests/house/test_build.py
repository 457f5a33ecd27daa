"""The wheel's build step (hatch_build.py): the parse compiled by mypyc where it can be, a pure wheel
where it cannot, and an install that tells which it is."""
from __future__ import annotations

import importlib.machinery
import importlib.util
import sys

import pytest
from conftest import ROOT, run_cli

from govplan.version import has_compiled_parse

pytest.importorskip("hatchling", reason="hatchling (a test dependency) reads the build hook")


def _hook():
    spec = importlib.util.spec_from_file_location("hatch_build", ROOT / "hatch_build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_an_install_tells_whether_its_parse_is_compiled(tmp_path):
    (tmp_path / "parse").mkdir()
    (tmp_path / "parse" / "normalize.py").write_text("", "utf-8")
    (tmp_path / "parse" / "units.abi3.so").write_bytes(b"")  # (another module's)
    assert not has_compiled_parse(tmp_path)
    (tmp_path / "parse" / ("normalize" + importlib.machinery.EXTENSION_SUFFIXES[0])).write_bytes(b"")
    assert has_compiled_parse(tmp_path)


def test_the_version_says_whether_the_parse_is_compiled():
    from govplan.version import compiled

    out = run_cli("--version").stdout.decode()
    assert out == f"govplan {sys.modules['govplan.version'].__version__} (compiled: {'yes' if compiled() else 'no'})\n"


def test_modules_that_cannot_be_compiled_leave_a_pure_wheel(tmp_path, monkeypatch, capsys):
    hook = _hook()
    monkeypatch.delenv("GOVPLAN_COMPILE", raising=False)
    assert hook._compile(ROOT, tmp_path / "a", ["govplan/parse/no_such_stage.py"]) is None
    assert "govplan: modules not compiled (" in capsys.readouterr().err
    monkeypatch.setenv("GOVPLAN_COMPILE", "require")
    with pytest.raises(RuntimeError, match="modules not compiled"):
        hook._compile(ROOT, tmp_path / "b", ["govplan/parse/no_such_stage.py"])


def test_the_modules_named_to_compile_are_the_parse_and_exist():
    from govplan.grammar.place import toml_reader

    tomllib = toml_reader()

    named = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["hatch"]["build"]["targets"]["wheel"]["hooks"]["custom"]["compiled"]
    assert all((ROOT / "src" / name).is_file() for name in named)
    assert "govplan/parse/normalize.py" in named  # (what `compiled()` looks for)


@pytest.mark.slow
def test_a_module_compiles_to_an_extension(tmp_path):
    built = _hook()._compile(ROOT, tmp_path, ["govplan/text/safe.py"])
    assert built is not None and any(p.name.startswith("safe.") for p in built)
    assert all(p.suffix in (".so", ".pyd") for p in built)


@pytest.mark.parametrize("pure", ["1", "", None])
def test_a_pure_build_asks_for_no_compiler(pure, monkeypatch):
    hook = _hook()
    if pure is None:
        monkeypatch.delenv("GOVPLAN_PURE", raising=False)
    else:
        monkeypatch.setenv("GOVPLAN_PURE", pure)
    needed = hook.CustomBuildHook.dependencies(object.__new__(hook.CustomBuildHook))
    assert needed == ([] if pure else hook.COMPILER_PACKAGES)
