"""One error hierarchy, mapped to exit codes and one-line messages in one place (cli.app.main)."""
from __future__ import annotations

import pytest

from govplan import errors
from govplan.cli.app import main

SAMPLE = "samples/national_plan.txt"
CASES = [
    (errors.UsageError("no input given"), ["no input given"]),
    (errors.ReadError("a.txt", "not a text file (binary data)"), ["a.txt: not a text file (binary data)"]),
    (errors.RenderError("b.pdf", "no text layer"), ["b.pdf: no text layer"]),
    (errors.GrammarError(["x.toml: entry marker[2]: bad", "y.toml: missing"]),
     ["grammar: x.toml: entry marker[2]: bad", "grammar: y.toml: missing"]),
    (errors.PatternTimeout("units.toml: entry x", 0.5),
     ["grammar: units.toml: entry x: pattern took longer than 0.5 s on one piece of the input (it backtracks "
      "too much: make its repetitions bounded or possessive)"]),
    (errors.ConfigError("pyproject.toml: [tool.govplan] has an unknown key 'x'"), None),
    (errors.ManifestError("OUT/_manifest.jsonl:3: not a manifest record"), None),
    (errors.EngineError("cannot reach the Dask scheduler"), None),
    (errors.DependencyMissing("no Chinese segmenter installed"), None),
    (errors.OutputError("out.xlsx: cannot write"), None),
    (errors.AlreadyReported(), []),  # (its lines were written before: only the exit code is left)
]


def test_every_error_class_is_a_case():
    classes = {c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, errors.GovplanError)}
    assert classes - {errors.GovplanError, errors.InputError} == {type(e) for e, _ in CASES}


@pytest.mark.parametrize("error,lines", CASES, ids=lambda c: type(c).__name__ if isinstance(c, Exception) else "")
def test_an_error_raised_in_a_command_is_its_lines_and_exit_2(monkeypatch, capsys, error, lines):
    def raising(*args, **kwargs):
        raise error

    monkeypatch.setattr("govplan.cli.parsing.assemble_file", raising)
    code = main(["parse", SAMPLE])
    err = capsys.readouterr().err
    assert code == error.exit_code == 2
    expected = lines or str(error).splitlines()
    assert err.splitlines() == [f"govplan: error: {line}" for line in expected]
    assert "Traceback" not in err


def test_anything_else_is_an_internal_error_in_one_line(monkeypatch, capsys):
    monkeypatch.setattr("govplan.cli.parsing.assemble_file", lambda *a, **k: {}["missing"])
    monkeypatch.delenv("GOVPLAN_DEBUG", raising=False)
    assert main(["parse", SAMPLE]) == errors.ExitCode.INTERNAL == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("govplan: internal error: KeyError")
