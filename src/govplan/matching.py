"""A compiled pattern that matches without letting go of the interpreter's lock, and is not called where
its own source says it cannot match.

regex lets go of the GIL during every match on a ``str`` (its default ``concurrent=None``) and takes it
back after: three hand-overs a call, about 1,000 of the 8,000 instructions a search of a 30-character
line costs, and 7% of a compiled warm parse, which called patterns 43,000 times on the real notices.
Nothing else runs in a parse's process that could use the time, but for a Dask worker given several
threads: its other parses then wait during a match as they wait during the rest of a parse (about two
thirds of it), which holds the lock anyway.

Passing ``concurrent=False`` by keyword costs more than it saves (regex reads keywords slowly), so each
method passes it by position, at the place regex's C code reads it (its docstrings name a ``flags`` of
``sub`` that its code does not take; tests/grammar/test_held_pattern.py holds each method to regex's
keyword call).  regex still checks for signals during a long match, so a batch's SIGALRM time limit
lands.  A user's patterns, which alone are not tested against runaway backtracking, are not held: they
keep their time limit and let go of the lock (``grammar.patterns.TimedPattern``), and share the facts
below (``RuledOut``).

Half of those calls cannot match, and their pattern's source says so (``openings``): a ``match`` of a
text whose first character no match begins with, or a search of a text that holds none of the
characters one of which every match holds.  Those are answered here, as regex would answer them (no
match; a ``sub`` gives the text back), for the cost of looking at the first character or looking for a
few characters in the text.  The facts are read from the source when the pattern is first called
(``precompiled.PatternStore.facts``: once, then kept for later starts).
"""
from __future__ import annotations

from functools import partial
from typing import Any, Callable, Final

# a search is answered here only for a pattern whose matches hold one of at most this many characters:
# looking for more costs more than regex's search of a line (counted: a page-cruft rule whose matches
# may begin with any of 14 or 21 characters, 时 and 文 among them, cost 1.6% more than it saved)
HELD_SOUGHT: Final = 8


class RuledOut:
    """What a pattern's facts (``facts()``: the characters every match begins with, and characters one of
    which every match holds) rule out, read on the first question: shared by ``HeldPattern`` and a user
    grammar's ``grammar.patterns.TimedPattern``, so that a call site need not look for the characters
    itself."""

    __slots__ = ("_facts", "_first", "_held")

    def __init__(self, facts: Callable[[], tuple] | None = None) -> None:
        self._facts: Callable[[], tuple] | None = facts  # (None once read)
        self._first: frozenset[str] | None = None
        self._held: tuple[str, ...] | None = None  # (a tuple: quicker to go through than a set)

    def read(self) -> tuple:
        """The facts, as a pickled pattern carries them: (first characters, held characters)."""
        if self._facts is not None:
            self._read_facts()
        return self._first, self._held

    def _read_facts(self) -> None:
        facts, self._facts = self._facts, None
        if facts is not None:
            first, held = facts()
            self._first = first
            self._held = tuple(sorted(held)) if held is not None and len(held) <= HELD_SOUGHT else None

    def cannot_begin(self, string: Any, pos: int | None) -> bool:
        """No match begins at the text's start (``match`` and ``fullmatch`` from its start)."""
        if self._facts is not None:
            self._read_facts()
        first = self._first
        return first is not None and not pos and (not string or string[0] not in first)

    def holds_none(self, string: Any, pos: int | None = None, endpos: int | None = None) -> bool:
        """The text (from ``pos`` to ``endpos``, where a match must lie) holds no match (a str: the facts
        are read of str patterns alone)."""
        if self._facts is not None:
            self._read_facts()
        held = self._held
        if held is None:
            return False
        return _holds_none_of(held, string) if pos is None and endpos is None else \
            _holds_none_between(held, string, pos, endpos)


class HeldPattern:
    """The methods of a compiled ``regex`` pattern the stages use, each matching with the GIL held and
    answered without the engine where the pattern's facts rule a match out (``RuledOut``); the pattern's
    ``pattern``, ``flags``, ``groups`` and ``groupindex`` as they are."""

    __slots__ = ("compiled", "pattern", "flags", "groups", "groupindex", "_match", "_search", "_fullmatch",
                 "_finditer", "_findall", "_sub", "_subn", "_split", "_ruled")

    def __init__(self, compiled: Any, facts: Callable[[], tuple] | None = None) -> None:
        self.compiled = compiled
        self.pattern: Any = compiled.pattern
        self.flags: int = compiled.flags
        self.groups: int = compiled.groups
        self.groupindex: Any = compiled.groupindex
        self._match: Any = compiled.match
        self._search: Any = compiled.search
        self._fullmatch: Any = compiled.fullmatch
        self._finditer: Any = compiled.finditer
        self._findall: Any = compiled.findall
        self._sub: Any = compiled.sub
        self._subn: Any = compiled.subn
        self._split: Any = compiled.split
        self._ruled = RuledOut(facts)

    def __reduce__(self) -> tuple:
        return HeldPattern, (self.compiled, partial(_given, self._ruled.read()))

    def __repr__(self) -> str:
        return f"HeldPattern({self.compiled!r})"

    def match(self, string: Any, pos: int | None = None, endpos: int | None = None) -> Any:
        if self._ruled.cannot_begin(string, pos):
            return None
        return self._match(string, pos, endpos, False)

    def fullmatch(self, string: Any, pos: int | None = None, endpos: int | None = None) -> Any:
        if self._ruled.cannot_begin(string, pos):
            return None
        return self._fullmatch(string, pos, endpos, False)

    def search(self, string: Any, pos: int | None = None, endpos: int | None = None) -> Any:
        if self._ruled.holds_none(string, pos, endpos):
            return None
        return self._search(string, pos, endpos, False)

    def finditer(self, string: Any, pos: int | None = None, endpos: int | None = None) -> Any:
        if self._ruled.holds_none(string, pos, endpos):
            return iter(())
        return self._finditer(string, pos, endpos, False, False)

    def findall(self, string: Any, pos: int | None = None, endpos: int | None = None) -> Any:
        if self._ruled.holds_none(string, pos, endpos):
            return []
        return self._findall(string, pos, endpos, False, False)

    def sub(self, repl: Any, string: Any, count: int = 0) -> Any:
        if self._ruled.holds_none(string):
            return string
        return self._sub(repl, string, count, None, None, False)

    def subn(self, repl: Any, string: Any, count: int = 0) -> Any:
        if self._ruled.holds_none(string):
            return string, 0
        return self._subn(repl, string, count, None, None, False)

    def split(self, string: Any, maxsplit: int = 0) -> Any:
        return self._split(string, maxsplit, False)


def _given(facts: tuple) -> tuple:
    """Facts already read (what a pickled pattern carries)."""
    return facts


def _holds_none_of(chars: tuple[str, ...], text: str) -> bool:
    for char in chars:  # (a loop: a generator for any() cost more than the looking, in a short line)
        if char in text:
            return False
    return True


def _holds_none_between(chars: tuple[str, ...], text: str, pos: int | None, endpos: int | None) -> bool:
    """Only the part searched is looked at: a long text searched a window at a time stays linear."""
    start = 0 if pos is None else pos
    end = len(text) if endpos is None else endpos
    if start < 0 or end < 0:  # (counted from the end: left to the engine)
        return False
    for char in chars:
        if text.find(char, start, end) >= 0:
            return False
    return True
