"""govplan.matching.HeldPattern: every method answers as regex's own (its arguments passed at the places
regex's C code reads them), and a match holds the GIL (no other thread runs during it)."""
from __future__ import annotations

import threading
import time

import pytest
import regex

from govplan.matching import HeldPattern

TEXTS = ["", "2025年底前完成", "一、总体要求\n(一)工作目标:2026年6月底前", "市发展改革委、市财政局按职责分工负责",
         "ab" * 40]
PATTERNS = [r"\d{4}年", r"(?P<y>\d{4})年(?P<m>\d{1,2})月", r"^[一二三四五六七八九十]+、", r"[、,]", r"(?m)^\(", r"b"]


def _same(got, want) -> None:
    if isinstance(want, list) and want and hasattr(want[0], "span"):
        got, want = list(got), list(want)
    if hasattr(want, "span") or want is None:
        assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups()))
    elif isinstance(want, list) and all(hasattr(m, "span") for m in want):
        assert [(m.span(), m.groups()) for m in got] == [(m.span(), m.groups()) for m in want]
    else:
        assert got == want


@pytest.mark.parametrize("source", PATTERNS)
def test_every_method_answers_as_regex_does(source):
    raw = regex.compile(source)
    held = HeldPattern(raw)
    assert (held.pattern, held.flags, held.groups, dict(held.groupindex)) == \
        (raw.pattern, raw.flags, raw.groups, dict(raw.groupindex))
    for text in TEXTS:
        for pos, endpos in ((None, None), (2, None), (1, 6), (0, 0)):
            for method in ("match", "search", "fullmatch"):
                _same(getattr(held, method)(text, pos, endpos), getattr(raw, method)(text, pos, endpos, concurrent=False))
            _same(list(held.finditer(text, pos, endpos)), list(raw.finditer(text, pos, endpos, concurrent=False)))
            _same(held.findall(text, pos, endpos), raw.findall(text, pos, endpos, concurrent=False))
        for count in (0, 1, 2):
            for repl in ("<>", lambda m: m.group().upper() + "|"):
                _same(held.sub(repl, text, count), raw.sub(repl, text, count=count, concurrent=False))
                _same(held.subn(repl, text, count=count), raw.subn(repl, text, count=count, concurrent=False))
            _same(held.split(text, count), raw.split(text, maxsplit=count, concurrent=False))


def test_pickles_as_the_pattern_it_holds():
    import pickle

    held = pickle.loads(pickle.dumps(HeldPattern(regex.compile(r"(?P<y>\d{4})年"))))
    assert isinstance(held, HeldPattern) and held.search("于2025年底").group("y") == "2025"


def _other_thread_ran(search) -> int:
    """How many times the main thread ran while another thread was inside one long ``search``."""
    inside = threading.Event()
    times: list[float] = []

    def long_search():
        times.append(time.perf_counter())
        inside.set()
        search("1" * 4_000_000 + "x")
        times.append(time.perf_counter())

    worker = threading.Thread(target=long_search)
    ticks: list[float] = []
    worker.start()
    inside.wait()
    while worker.is_alive():
        ticks.append(time.perf_counter())
    worker.join()
    start, end = times
    return sum(start < t < end for t in ticks)


def test_a_held_match_lets_no_other_thread_run():
    """The control (regex's default) lets the main thread run during the match; the held pattern does not
    (its call passes concurrent=False where regex reads it: a wrong place would let go of the lock)."""
    raw = regex.compile(r"(?:\d\d)+y")
    assert _other_thread_ran(raw.search) > 20
    assert _other_thread_ran(HeldPattern(raw).search) <= 2
    assert _other_thread_ran(lambda s: list(HeldPattern(raw).finditer(s))) <= 2
    assert _other_thread_ran(lambda s: HeldPattern(raw).sub("", s)) <= 2
    assert _other_thread_ran(lambda s: HeldPattern(raw).split(s)) <= 2
