"""A compiled pattern that matches without letting go of the interpreter's lock.

regex lets go of the GIL during every match on a ``str`` (its default ``concurrent=None``) and takes it
back after: three hand-overs a call, about 1,000 of the 8,000 instructions a search of a 30-character
line costs, and a tenth of a warm parse, which calls patterns 43,000 times on the real notices.  Nothing
runs beside a parse in its thread's process that could use the time (a batch runs its parses in worker
processes, one a process, or in Dask's worker threads, where the lock is contended anyway).

Passing ``concurrent=False`` by keyword costs more than it saves (regex reads keywords slowly), so each
method passes it by position, at the place regex's C code reads it (its docstrings name a ``flags`` of
``sub`` that its code does not take; tests/grammar/test_held_pattern.py holds each method to regex's keyword call).
regex still checks for signals during a long match, so a batch's SIGALRM time limit lands.  A user's
patterns, which alone are not tested against runaway backtracking, are not held: they keep their time
limit and let go of the lock (``grammar.patterns.TimedPattern``).
"""
from __future__ import annotations

from typing import Any


class HeldPattern:
    """The methods of a compiled ``regex`` pattern the stages use, each matching with the GIL held; the
    pattern's ``pattern``, ``flags``, ``groups`` and ``groupindex`` as they are."""

    __slots__ = ("compiled", "pattern", "flags", "groups", "groupindex", "_match", "_search", "_fullmatch",
                 "_finditer", "_findall", "_sub", "_subn", "_split")

    def __init__(self, compiled: Any) -> None:
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

    def __reduce__(self) -> tuple:
        return HeldPattern, (self.compiled,)

    def __repr__(self) -> str:
        return f"HeldPattern({self.compiled!r})"

    def match(self, string: Any, pos: int | None = None, endpos: int | None = None) -> Any:
        return self._match(string, pos, endpos, False)

    def search(self, string: Any, pos: int | None = None, endpos: int | None = None) -> Any:
        return self._search(string, pos, endpos, False)

    def fullmatch(self, string: Any, pos: int | None = None, endpos: int | None = None) -> Any:
        return self._fullmatch(string, pos, endpos, False)

    def finditer(self, string: Any, pos: int | None = None, endpos: int | None = None) -> Any:
        return self._finditer(string, pos, endpos, False, False)

    def findall(self, string: Any, pos: int | None = None, endpos: int | None = None) -> Any:
        return self._findall(string, pos, endpos, False, False)

    def sub(self, repl: Any, string: Any, count: int = 0) -> Any:
        return self._sub(repl, string, count, None, None, False)

    def subn(self, repl: Any, string: Any, count: int = 0) -> Any:
        return self._subn(repl, string, count, None, None, False)

    def split(self, string: Any, maxsplit: int = 0) -> Any:
        return self._split(string, maxsplit, False)
