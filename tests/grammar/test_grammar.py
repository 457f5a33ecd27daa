"""Rules are data: every grammar value is validated on load, and carries examples it matches."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLES, run_cli

from govplan.grammar.loader import GrammarError, declared_values, example_failures, example_problems, load_grammar

SHIPPED = declared_values(load_grammar())


@pytest.mark.parametrize("where,value", SHIPPED, ids=[w for w, _ in SHIPPED])
def test_every_pattern_and_word_list_matches_its_own_examples(where, value):
    assert example_problems(where, value) == []


def test_the_example_check_can_fail(tmp_path):
    (tmp_path / "markers.toml").write_text(
        '[[marker]]\nname = "problem"\npattern = \'(?P<marker>问题(?P<num>\\d{1,3}))[:]\'\n'
        'numerals = "arabic"\nexamples = ["问题1:", "第1个问题"]\nnot_examples = ["问题2:"]\n', encoding="utf-8")
    failures = example_failures(load_grammar((tmp_path,)))
    assert failures == [
        "markers.toml: entry marker[12] (problem).pattern: does not match its example '第1个问题'",
        "markers.toml: entry marker[12] (problem).pattern: matches its counter-example '问题2:'"]


def _errors(tmp_path, files: dict[str, str]) -> list[str]:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(GrammarError) as caught:
        load_grammar((tmp_path,))
    return caught.value.errors


def test_every_error_at_once_with_file_and_entry(tmp_path):
    errors = _errors(tmp_path, {
        # a broken point regex and an unknown placeholder in one file, a traditional label in another
        "deadlines.toml": "[[point]]\nkind = \"day\"\npattern = '{M}(?P<d>\\d+'\n\n"
                          "[[point]]\nkind = \"month\"\npattern = '{MONTH}'\n",
        "labels.toml": '[labels]\n"督辦單位" = "lead"\n',
    })
    deadlines, labels = str(tmp_path / "deadlines.toml"), str(tmp_path / "labels.toml")
    assert len(errors) == 3, errors
    assert errors[0].startswith(f"{labels}: entry labels: '督辦單位' can never match: traditional")
    assert errors[1].startswith(f"{deadlines}: entry point[1].pattern: invalid regex")
    assert errors[2].startswith(f"{deadlines}: entry point[2].pattern: unknown placeholder {{MONTH}}")


@pytest.mark.parametrize("text,expected", [
    ("[range_connectors]\n", "entry range_connectors: Input should be a valid array"),  # (TOML's word)
    ("range_connectors = ['～']\n", "entry range_connectors: '～' can never match: full-width"),
    ("[binding]\nafter = ['前', 3]\n", "entry binding.after[8]: Input should be a valid string (got 3)"),
    ("[examples]\n\"binding.afterwards\" = ['前']\n", "entry examples.binding.afterwards: no pattern or word list"),
], ids=["shape", "full-width", "nested", "example-key"])
def test_each_kind_of_error_names_its_entry(tmp_path, text, expected):
    errors = _errors(tmp_path, {"deadlines.toml": text})
    assert any(expected in e for e in errors), errors


def test_bad_grammar_folder_is_exit_2_with_a_line_per_error(tmp_path):
    (tmp_path / "deadlines.toml").write_text("[[point]]\nkind = \"day\"\npattern = '{M}(?P<d>\\d+'\n\n"
                                             "[[point]]\nkind = \"month\"\npattern = '{MONTH}'\n", encoding="utf-8")
    (tmp_path / "labels.toml").write_text('[labels]\n"督辦單位" = "lead"\n"（主辦）" = "lead"\n', encoding="utf-8")
    proc = run_cli("parse", str(SAMPLES / "national_plan.txt"), "--grammar", str(tmp_path))
    lines = proc.stderr.decode("utf-8").splitlines()
    assert proc.returncode == 2 and proc.stdout == b""
    assert [line.split(": entry ")[1].split(":")[0] for line in lines] == [
        "labels", "labels", "point[1].pattern", "point[2].pattern"], lines
    assert all(line.startswith(f"govplan: error: grammar: {tmp_path}") for line in lines)


def test_user_lists_are_appended_after_the_shipped_entries(tmp_path):
    (tmp_path / "deadlines.toml").write_text("ongoing = ['常抓不懈']\n", encoding="utf-8")
    ongoing = load_grammar((tmp_path,)).deadlines.ongoing
    assert ongoing[-1] == "常抓不懈" and ongoing[0] == load_grammar().deadlines.ongoing[0]


def test_a_relative_year_added_to_the_grammar_is_found_and_resolved(parse, tmp_path):
    text = "XX方案\n一、任务\n(一)建设平台。下一年6月底前完成。\nXX市人民政府\n2024年1月5日\n"
    (tmp_path / "deadlines.toml").write_text('[relative_years]\n"下一年" = 1\n', encoding="utf-8")
    due = [d["due"] for d in parse(text, grammar_dirs=(tmp_path,))["documents"][0]["sections"][0]["children"][0]
           ["deadlines"]]
    assert due == ["2025-06-30"]


def _adversarial(value) -> list[str]:
    """Long runs of what a pattern looks for: its Chinese words alone or with a colon, a
    character or a bracket after them, and its own examples repeated without end."""
    import regex

    size = 30000
    words = sorted(set(regex.findall(r"\p{Han}{1,4}", "".join(value.patterns + value.examples))))[:40]
    units = [w + tail for w in words for tail in ("", ":甲", ":", "甲", " 1", "(甲")]
    units += [ex for ex in value.examples if ex]
    return [u * (size // len(u)) for u in units]


PATTERNS = [(w, v) for w, v in SHIPPED if v.use.pattern]


@pytest.mark.parametrize("where,value", PATTERNS, ids=[w for w, _ in PATTERNS])
def test_shipped_patterns_do_not_backtrack_on_long_runs(where, value):
    # a pattern that is linear scans 30,000 characters in milliseconds; one that rescans a
    # run from every position (as the byline pattern's .* did) needs seconds: the timeout
    # fires only on such a pattern
    import regex

    for pattern in value.patterns:
        compiled = regex.compile(pattern)
        for text in _adversarial(value):
            list(compiled.finditer(text, timeout=3.0))


def test_a_user_pattern_that_backtracks_is_stopped_and_named(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVPLAN_PATTERN_TIMEOUT", "0.5")
    (tmp_path / "markers.toml").write_text(
        "[[marker]]\nname = 'slow'\npattern = '(?P<num>\\d)(?:a|aa)+b'\nnumerals = 'arabic'\n", encoding="utf-8")
    notice = tmp_path / "n.txt"
    notice.write_text("XX方案\n一、任务\n1" + "a" * 60 + "\n", encoding="utf-8")
    proc = run_cli("parse", str(notice), "--grammar", str(tmp_path))
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 2 and err.count("\n") == 1, err
    assert "markers.toml: one of the entries marker: pattern took longer than 0.5 s" in err
    shipped = run_cli("parse", str(notice))  # the shipped grammar alone: no time limit needed, none set
    assert shipped.returncode == 0


def test_the_classifier_declares_every_pattern_it_compiles():
    """Read off the source (a compiled class keeps no annotations)."""
    import ast

    from govplan.parse.outline import lines

    tree = ast.parse((Path(lines.__file__).parent / "lines.py").read_text("utf-8"))
    body = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "Classifier").body
    declared = {node.target.id for node in body if isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name) and ast.unparse(node.annotation).strip("'\"") == "Pattern"}
    assert declared == set(lines.DOCUMENT_PATTERNS) and len(declared) > 5


def test_patterns_are_located_the_same_way_for_every_entry():
    from govplan.grammar.compiled import located

    assert located("markers.settings.dated_line") == "markers.toml: entry settings.dated_line"
    grammar = load_grammar()
    [(first, _), *_] = grammar.rules("cruft.line")
    assert first is grammar.cruft.line[0]
    assert grammar.rule("documents.compilation").pattern == grammar.documents.compilation
