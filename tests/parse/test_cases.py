"""Table-driven cases kept as data (tests/cases/*.toml): a grammar editor adds a case
without writing Python.  Each file says at its top how its cases are read."""
from __future__ import annotations

import sys

import pytest
from conftest import CASES, by_line

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

UNITS_HEAD = "XX方案\n一、任务\n"
DEADLINES_HEAD = ("XX市人民政府办公室关于印发XX方案的通知\n各区政府:\n现印发给你们。\nXX市人民政府办公室\n"
                  "2020年8月13日\nXX方案\n一、任务\n")


def cases(name: str) -> list[dict]:
    return tomllib.loads((CASES / name).read_text(encoding="utf-8"))["case"]


def item(parse, head: str, body: str) -> dict:
    return by_line(parse(head + body))[head.count("\n") + 1]


@pytest.mark.parametrize("case", cases("units.toml"), ids=lambda c: c["body"][:24])
def test_units_case(parse, case):
    s = item(parse, UNITS_HEAD, case["body"])
    assert (s["lead_units"], s["responsible_units"]) == (case["lead"], case["responsible"])


@pytest.mark.parametrize("case", cases("deadlines.toml"), ids=lambda c: c["body"][:24])
def test_deadlines_case(parse, case):
    s = item(parse, DEADLINES_HEAD, case["body"])
    found = [{k: v for k, v in (("kind", d["kind"]), ("due", d["due"]), ("start", d["start"])) if v is not None}
             for d in s["deadlines"] if d["kind"] not in ("duration", "recurring")]
    assert found == case["deadlines"]


def test_every_case_file_is_run():
    assert sorted(p.name for p in CASES.glob("*.toml")) == ["deadlines.toml", "units.toml"]
