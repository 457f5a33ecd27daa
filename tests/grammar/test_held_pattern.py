"""govplan.matching.HeldPattern: every method answers as regex's own (its arguments passed at the places
regex's C code reads them; the calls its facts rule out answered without the engine, as the engine
would), and a match holds the GIL (no other thread runs during it)."""
from __future__ import annotations

import threading
import time

import pytest
import regex
from pattern_cases import PATTERNS, TEXTS
from pattern_cases import facts as _facts
from pattern_cases import same as _same

from govplan.matching import HeldPattern


@pytest.mark.parametrize("with_facts", [False, True])
@pytest.mark.parametrize("source", PATTERNS)
def test_every_method_answers_as_regex_does(source, with_facts):
    raw = regex.compile(source)
    held = HeldPattern(raw, _facts(source) if with_facts else None)
    assert (held.pattern, held.flags, held.groups, dict(held.groupindex)) == \
        (raw.pattern, raw.flags, raw.groups, dict(raw.groupindex))
    for text in TEXTS:
        for pos, endpos in ((None, None), (2, None), (1, 6), (0, 0), (None, 3), (-4, None), (3, -1), (5, 99)):
            for method in ("match", "search", "fullmatch"):
                _same(getattr(held, method)(text, pos, endpos), getattr(raw, method)(text, pos, endpos, concurrent=False))
            _same(list(held.finditer(text, pos, endpos)), list(raw.finditer(text, pos, endpos, concurrent=False)))
            _same(held.findall(text, pos, endpos), raw.findall(text, pos, endpos, concurrent=False))
        for count in (0, 1, 2):
            for repl in ("<>", lambda m: m.group().upper() + "|"):
                _same(held.sub(repl, text, count), raw.sub(repl, text, count=count, concurrent=False))
                _same(held.subn(repl, text, count=count), raw.subn(repl, text, count=count, concurrent=False))
            _same(held.split(text, count), raw.split(text, maxsplit=count, concurrent=False))


def test_pickles_as_the_pattern_it_holds_with_its_facts():
    import pickle

    source = r"(?P<y>\d{4})年"
    held = pickle.loads(pickle.dumps(HeldPattern(regex.compile(source), _facts(source))))
    assert isinstance(held, HeldPattern) and held.search("于2025年底").group("y") == "2025"
    assert held.search("于2025底") is None and held._ruled.read()[1] == ("年",)


class _Counting:
    """A compiled pattern that counts the calls the engine is given."""

    def __init__(self, source: str):
        self.raw, self.calls = regex.compile(source), 0
        for name in ("pattern", "flags", "groups", "groupindex"):
            setattr(self, name, getattr(self.raw, name))

    def __getattr__(self, name):
        method = getattr(self.raw, name)

        def counted(*args):
            self.calls += 1
            return method(*args)
        return counted


def test_a_call_its_facts_rule_out_never_reaches_the_engine():
    anchored = _Counting(r"^(?:抄送|印发)[:]")
    held = HeldPattern(anchored, _facts(anchored.pattern))
    assert held.match("一、总体要求") is None and held.fullmatch("") is None and anchored.calls == 0
    assert held.match("抄送:市委") is not None and anchored.calls == 1
    opening = _Counting(r"(?:抄送|印发)[:]")
    held = HeldPattern(opening, _facts(opening.pattern))
    assert held.match("一抄送:") is None and opening.calls == 0
    assert held.match("一抄送:", 1) is not None and opening.calls == 1  # from another place: asked
    unit = _Counting(r"(?:牵头|负责)单位[::]")
    held = HeldPattern(unit, _facts(unit.pattern))
    text = "推进数字政府建设"
    assert (held.search(text), list(held.finditer(text)), held.findall(text), held.sub("", text),
            held.subn("", text)) == (None, [], [], text, (text, 0))
    assert unit.calls == 0
    assert held.sub("", "牵头单位:市局") == "市局" and unit.calls == 1
    wide = _Counting(r"[一二三四五六七八九十百]+")  # more held characters than are worth looking for: asked
    held = HeldPattern(wide, _facts(wide.pattern))
    assert held.search("推进") is None and wide.calls == 1


def _pause_in_search(search) -> float:
    """The longest time the main thread could not run during one long ``search`` in another thread, as a
    share of that search's time (the main thread runs all along, looking at the clock)."""
    text = "1" * 4_000_000 + "x"
    spans: list[float] = []

    def long_search():
        spans.append(time.perf_counter())
        search(text)
        spans.append(time.perf_counter())

    worker = threading.Thread(target=long_search)
    ticks: list[float] = []
    worker.start()
    while worker.is_alive():
        ticks.append(time.perf_counter())
    worker.join()
    start, end = spans
    gaps = [b - a for a, b in zip(ticks, ticks[1:]) if b > start and a < end]
    return max(gaps, default=end - start) / (end - start)


def test_a_held_match_lets_no_other_thread_run():
    """The control (regex's default) lets the main thread run during the match; the held pattern does not
    (its call passes concurrent=False where regex reads it: a wrong place would let go of the lock)."""
    raw = regex.compile(r"(?:\d\d)+y")
    assert _pause_in_search(raw.search) < 0.5
    assert _pause_in_search(HeldPattern(raw).search) > 0.9
    assert _pause_in_search(lambda s: list(HeldPattern(raw).finditer(s))) > 0.9
    assert _pause_in_search(lambda s: HeldPattern(raw).sub("", s)) > 0.9
    assert _pause_in_search(lambda s: HeldPattern(raw).split(s)) > 0.9
