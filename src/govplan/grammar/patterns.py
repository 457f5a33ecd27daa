"""Compiled grammar patterns, with a time limit per call when a user's grammar is loaded.

Shipped patterns are checked against backtracking by the tests; a pattern from a user's
``--grammar`` folder is not, so every call of a pattern built from the grammar then
carries a timeout (regex's ``timeout=``), and one that fires names the grammar file and
entry the pattern came from, instead of hanging on one line for hours.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from govplan.errors import PatternTimeout
from govplan.matching import RuledOut
from govplan.settings import env_number

if TYPE_CHECKING:
    import regex

# seconds one call of a user-supplied pattern may take (one line or one paragraph)
DEFAULT_TIMEOUT = 5.0


def timeout_seconds() -> float:
    return env_number("GOVPLAN_PATTERN_TIMEOUT", DEFAULT_TIMEOUT)


class TimedPattern:
    """A compiled pattern whose every call is limited in time (the methods the stages use, with
    ``HeldPattern``'s arguments); a call its facts rule out (``matching.RuledOut``) is answered without
    the engine, as the shipped grammar's are."""

    __slots__ = ("_pattern", "_where", "_seconds", "_ruled")

    def __init__(self, pattern: regex.Pattern, where: str, seconds: float,
                 facts: Callable[[], tuple] | None = None):
        self._pattern, self._where, self._seconds = pattern, where, seconds
        self._ruled = RuledOut(facts)

    @property
    def pattern(self) -> str:
        return self._pattern.pattern

    @property
    def flags(self) -> int:
        return self._pattern.flags

    @property
    def groupindex(self):
        return self._pattern.groupindex

    @property
    def groups(self) -> int:
        return self._pattern.groups

    def _call(self, method: str, *args, **kwargs):
        try:
            return getattr(self._pattern, method)(*args, timeout=self._seconds, **kwargs)
        except TimeoutError:
            raise PatternTimeout(self._where, self._seconds) from None

    def search(self, string, pos=None, endpos=None):
        if self._ruled.holds_none(string, pos, endpos):
            return None
        return self._call("search", string, pos, endpos)

    def match(self, string, pos=None, endpos=None):
        if self._ruled.cannot_begin(string, pos):
            return None
        return self._call("match", string, pos, endpos)

    def fullmatch(self, string, pos=None, endpos=None):
        if self._ruled.cannot_begin(string, pos):
            return None
        return self._call("fullmatch", string, pos, endpos)

    def sub(self, repl, string, count=0):
        if self._ruled.holds_none(string):
            return string
        return self._call("sub", repl, string, count)

    def subn(self, repl, string, count=0):
        if self._ruled.holds_none(string):
            return string, 0
        return self._call("subn", repl, string, count)

    def split(self, string, maxsplit=0):
        return self._call("split", string, maxsplit)

    def findall(self, string, pos=None, endpos=None):
        if self._ruled.holds_none(string, pos, endpos):
            return []
        return self._call("findall", string, pos, endpos)

    def finditer(self, string, pos=None, endpos=None):
        if self._ruled.holds_none(string, pos, endpos):
            return iter(())
        return self._timed_matches(self._call("finditer", string, pos, endpos))

    def _timed_matches(self, matches):
        while True:  # the time limit also holds while the matches are taken
            try:
                yield next(matches)
            except StopIteration:
                return
            except TimeoutError:
                raise PatternTimeout(self._where, self._seconds) from None
