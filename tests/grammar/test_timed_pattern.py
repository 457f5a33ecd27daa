"""grammar.patterns.TimedPattern (every pattern of a grammar with a user's folder): each method answers as
regex's own, and a call its facts rule out (matching.RuledOut, shared with HeldPattern) never reaches the
engine, so that a call site need not look for a pattern's characters itself."""
from __future__ import annotations

import pytest
import regex
from pattern_cases import PATTERNS, TEXTS
from pattern_cases import facts as _facts
from pattern_cases import same as _same

from govplan.errors import PatternTimeout
from govplan.grammar.patterns import TimedPattern


@pytest.mark.parametrize("with_facts", [False, True])
@pytest.mark.parametrize("source", PATTERNS)
def test_every_method_answers_as_regex_does(source, with_facts):
    raw = regex.compile(source)
    timed = TimedPattern(raw, "units.toml: entry x", 5.0, _facts(source) if with_facts else None)
    assert (timed.pattern, timed.flags, timed.groups, dict(timed.groupindex)) == \
        (raw.pattern, raw.flags, raw.groups, dict(raw.groupindex))
    for text in TEXTS:
        for pos, endpos in ((None, None), (2, None), (1, 6), (0, 0), (None, 3), (-4, None), (3, -1), (5, 99)):
            for method in ("match", "search", "fullmatch"):
                _same(getattr(timed, method)(text, pos, endpos), getattr(raw, method)(text, pos, endpos))
            _same(list(timed.finditer(text, pos, endpos)), list(raw.finditer(text, pos, endpos)))
            _same(timed.findall(text, pos, endpos), raw.findall(text, pos, endpos))
        for count in (0, 1, 2):
            for repl in ("<>", lambda m: m.group().upper() + "|"):
                _same(timed.sub(repl, text, count), raw.sub(repl, text, count=count))
                _same(timed.subn(repl, text, count=count), raw.subn(repl, text, count=count))
            _same(timed.split(text, count), raw.split(text, maxsplit=count))


class _Counting:
    """A compiled pattern that counts the calls the engine is given (with their time limit)."""

    def __init__(self, source: str):
        self.raw, self.calls = regex.compile(source), 0
        self.pattern = self.raw.pattern

    def __getattr__(self, name):
        method = getattr(self.raw, name)

        def counted(*args, timeout):
            self.calls += 1
            return method(*args, timeout=timeout)
        return counted


def test_a_call_its_facts_rule_out_never_reaches_the_engine():
    anchored = _Counting(r"^(?:抄送|印发)[:]")
    timed = TimedPattern(anchored, "cruft.toml: entry line", 5.0, _facts(anchored.pattern))
    assert timed.match("一、总体要求") is None and timed.fullmatch("") is None and anchored.calls == 0
    assert timed.match("抄送:市委") is not None and anchored.calls == 1
    unit = _Counting(r"(?:牵头|负责)单位[::]")
    timed = TimedPattern(unit, "labels.toml: entry lead", 5.0, _facts(unit.pattern))
    text = "推进数字政府建设"
    assert (timed.search(text), list(timed.finditer(text)), timed.findall(text), timed.sub("", text),
            timed.subn("", text)) == (None, [], [], text, (text, 0))
    assert unit.calls == 0
    assert timed.sub("", "牵头单位:市局") == "市局" and unit.calls == 1


def test_a_runaway_call_names_the_entry_even_while_its_matches_are_taken():
    runaway = regex.compile(r"(?:a|a)+c")  # (regex's guards do not catch the same branch twice)
    timed = TimedPattern(runaway, "cruft.toml: entry line[3]", 0.05, _facts(runaway.pattern))
    with pytest.raises(PatternTimeout, match=r"cruft.toml: entry line\[3\]"):
        timed.search("a" * 40 + "bc")
    with pytest.raises(PatternTimeout, match=r"cruft.toml: entry line\[3\]"):
        list(timed.finditer("ac" + "a" * 40 + "bc"))
