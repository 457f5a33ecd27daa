"""check on an undated draft (issue 22): a relative deadline with no year is a warning that says
how to give the year, never an error that fails CI; --year, --reference-date and [tool.govplan]
year / reference-date give it."""
from __future__ import annotations

import json

import pytest
from conftest import run_cli

DRAFT = "青禾县节水工作方案(征求意见稿)\n一、推进节水改造。年底前完成。(牵头单位:县水利局)\n二、开展宣传。6月底前完成。(牵头单位:县委宣传部)\n"


def _draft(folder):
    path = folder / "draft.txt"
    path.write_text(DRAFT, encoding="utf-8")
    return path


def test_an_undated_draft_is_a_warning_that_says_how_to_give_the_year(tmp_path):
    ran = run_cli("check", str(_draft(tmp_path)), "-f", "json")
    findings = json.loads(ran.stdout)
    assert ran.returncode == 0  # warnings do not fail the default --fail-on error
    assert [(f["code"], f["severity"], f["line"]) for f in findings] == [("GP301", "warning", 2), ("GP301", "warning", 3)]
    assert all("--year" in f["message"] for f in findings)
    assert run_cli("check", str(_draft(tmp_path)), "--fail-on", "warning").returncode == 1


@pytest.mark.parametrize("given", [("--year", "2026"), ("--reference-date", "2026-03-01")])
def test_the_year_given_on_the_command_line_resolves_the_deadlines(tmp_path, given):
    ran = run_cli("check", str(_draft(tmp_path)), "-f", "json", *given, "--fail-on", "warning")
    assert ran.returncode == 0 and json.loads(ran.stdout) == []


@pytest.mark.parametrize("key", ["year = 2026", 'reference-date = "2026-03-01"'])
def test_the_year_given_in_pyproject_resolves_the_deadlines(tmp_path, key):
    (tmp_path / "pyproject.toml").write_text(f"[tool.govplan]\n{key}\n", encoding="utf-8")
    ran = run_cli("check", str(_draft(tmp_path)), "-f", "json", "--fail-on", "warning")
    assert ran.returncode == 0 and json.loads(ran.stdout) == []


@pytest.mark.parametrize("key", ["year = \"2026\"", "year = 26", 'reference-date = "March"', 'year = 2026\nreference-date = "2026-03-01"'])
def test_a_wrong_year_in_pyproject_is_one_line_naming_the_file(tmp_path, key):
    (tmp_path / "pyproject.toml").write_text(f"[tool.govplan]\n{key}\n", encoding="utf-8")
    ran = run_cli("check", str(_draft(tmp_path)))
    assert ran.returncode == 2 and b"pyproject.toml" in ran.stderr and ran.stderr.count(b"\n") == 1
