"""Each check rule on its own cases (tests/cases/check/GPnnn.toml), run on the library, not
through the command line: a rule's findings, as [code, line], for that rule only."""
from __future__ import annotations

import datetime as dt
import sys

import pytest
from conftest import CASES

from govplan import parse_text
from govplan.check.rules import check_result
from govplan.diagnostics import REGISTRY
from govplan.grammar.loader import load_grammar

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

RULE_FILES = sorted((CASES / "check").glob("GP*.toml"))
TODAY = dt.date(2024, 6, 1)  # stands in for an undated notice's date


def _cases() -> list:
    return [pytest.param(path.stem, case, id=f"{path.stem}-{n}") for path in RULE_FILES
            for n, case in enumerate(tomllib.loads(path.read_text(encoding="utf-8"))["case"], 1)]


@pytest.mark.parametrize("code,case", _cases())
def test_rule_case(code, case):
    text = case["text"]
    findings = check_result(parse_text(text), text.split("\n"), TODAY, load_grammar())
    assert [[f.code, f.line] for f in findings if f.code == code] == case["findings"]


def test_every_check_rule_has_a_case_file():
    numbering_and_dates = {"GP101", "GP102", "GP103", "GP301"}  # parse diagnostics that check reports
    assert {p.stem for p in RULE_FILES} == {k.code for k in REGISTRY if k.emitted_by == "check"} | numbering_and_dates
