"""A grammar is checked by pydantic (strict) when it is audited and built without it at every start
(schema.build): the two must give the same values, and what a type cannot say (a class's ``problems``)
is still reported with its file and entry."""
from __future__ import annotations

import json
from dataclasses import FrozenInstanceError

import pytest
from pydantic import TypeAdapter

from govplan.errors import GrammarError
from govplan.grammar import loader
from govplan.grammar.registry import FILE_MODELS
from govplan.grammar.tables import as_dataclasses, build


@pytest.mark.parametrize("name", sorted(FILE_MODELS))
def test_built_is_what_pydantic_validates(name):
    data = loader.read_toml(loader.shipped_dir() / f"{name}.toml")
    model = FILE_MODELS[name]
    as_dataclasses()
    assert build(model, data).as_dict() == TypeAdapter(model).validate_json(json.dumps(data)).as_dict()


def test_a_table_is_built_as_its_dataclass_would_be_without_the_machinery():
    """Tables are built by Strict.__init__ at start (no dataclass code generated); a grammar being audited
    makes them dataclasses: both take the same keywords, fill the same defaults and refuse the same."""
    data = loader.read_toml(loader.shipped_dir() / "labels.toml")
    plain = build(FILE_MODELS["labels"], data).as_dict()
    assert plain["running"] and plain["examples"] is not None
    with pytest.raises(TypeError, match="unknown|unexpected"):  # (ours, or the dataclass's after an audit)
        FILE_MODELS["markers"](marker=[], settings=None, extra=1)
    with pytest.raises(TypeError, match="missing"):
        FILE_MODELS["markers"](marker=[])


def test_the_built_grammar_is_read_only():
    markers = build(FILE_MODELS["markers"], loader.read_toml(loader.shipped_dir() / "markers.toml"))
    with pytest.raises(FrozenInstanceError):
        markers.settings.max_depth = 3


def test_a_whole_number_where_a_fraction_is_declared_is_a_float():
    data = loader.read_toml(loader.shipped_dir() / "compare.toml") | {"boilerplate_weight": 1}
    built = build(FILE_MODELS["compare"], data)
    assert type(built.boilerplate_weight) is float
    as_dataclasses()
    assert built.as_dict() == TypeAdapter(FILE_MODELS["compare"]).validate_json(json.dumps(data)).as_dict()


def _errors(tmp_path, name: str, text: str) -> list[str]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    loader._load.cache_clear()
    try:
        with pytest.raises(GrammarError) as caught:
            loader.load_grammar((tmp_path,))
    finally:
        loader._load.cache_clear()
    return caught.value.errors


@pytest.mark.parametrize("name,text,expected", [
    ("units.toml", "separators = ['、', '和与']\n", "entry separators: separators must be single characters, not '和与'"),
    ("labels.toml", "[table]\nseparators = ['||']\n", "entry table.separators: separators must be single characters"),
    ("deadlines.toml", "[month_parts]\n\"中旬\" = '40'\n", "entry month_parts: 中旬: '40' is neither 'end' nor a day 1-31"),
    ("deadlines.toml", "[year_parts]\n\"年中\" = '6-30'\n", "entry year_parts: 年中: '6-30' is not MM-DD"),
    ("deadlines.toml", "[[recurrence]]\npattern = '^每周$'\nrrule = 'FREQ=WEEKLY;BYDAY={weekday}'\n",
     "recurrence[1].rrule: rrule uses weekday, which the pattern does not name"),
    ("labels.toml", "[table]\nmin_columns = '3'\n", "entry table.min_columns: Input should be a valid integer (got '3')"),
    ("labels.toml", "[table]\nmin_columns = 3.0\n", "entry table.min_columns: Input should be a valid integer"),
    ("markers.toml", "[settings]\nmax_depth = 0\n", "entry settings.max_depth: Input should be greater than or equal to 1"),
    ("markers.toml", "[settings]\nmax_dept = 3\n", "entry settings.max_dept: Extra inputs are not permitted"),
    ("markers.toml", "[[marker]]\nname = 'x'\npattern = '^x'\n", "entry marker[1] (x).numerals: Field required"),
    ("units.toml", "generic_nouns = [2020-01-01]\n", ("entry generic_nouns[", "]: Input should be a valid string")),
], ids=["separators", "table-separators", "day", "month-day", "rrule", "number-as-text", "float-count", "bound",
        "unknown-key", "missing", "toml-date"])
def test_what_a_file_gets_wrong_is_named_by_entry(tmp_path, name, text, expected):
    errors = _errors(tmp_path, name, text)
    wanted = expected if isinstance(expected, tuple) else (expected,)
    assert any(all(w in e for w in wanted) and e.startswith(str(tmp_path / name)) for e in errors), errors
