"""Compiled grammar patterns, with a time limit per call when a user's grammar is loaded.

Shipped patterns are checked against backtracking by the tests; a pattern from a user's
``--grammar`` folder is not, so every call of a pattern built from the grammar then
carries a timeout (regex's ``timeout=``), and one that fires names the grammar file and
entry the pattern came from, instead of hanging on one line for hours.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from govplan.errors import PatternTimeout
from govplan.settings import env_number

if TYPE_CHECKING:
    import regex

# seconds one call of a user-supplied pattern may take (one line or one paragraph)
DEFAULT_TIMEOUT = 5.0


def timeout_seconds() -> float:
    return env_number("GOVPLAN_PATTERN_TIMEOUT", DEFAULT_TIMEOUT)


class TimedPattern:
    """A compiled pattern whose every call is limited in time (the methods the stages use)."""

    __slots__ = ("_pattern", "_where", "_seconds")

    def __init__(self, pattern: regex.Pattern, where: str, seconds: float):
        self._pattern, self._where, self._seconds = pattern, where, seconds

    @property
    def pattern(self) -> str:
        return self._pattern.pattern

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

    def search(self, *args, **kwargs):
        return self._call("search", *args, **kwargs)

    def match(self, *args, **kwargs):
        return self._call("match", *args, **kwargs)

    def fullmatch(self, *args, **kwargs):
        return self._call("fullmatch", *args, **kwargs)

    def sub(self, *args, **kwargs):
        return self._call("sub", *args, **kwargs)

    def subn(self, *args, **kwargs):
        return self._call("subn", *args, **kwargs)

    def findall(self, *args, **kwargs):
        return self._call("findall", *args, **kwargs)

    def finditer(self, *args, **kwargs):
        matches = self._call("finditer", *args, **kwargs)
        while True:  # the time limit also holds while the matches are taken
            try:
                yield next(matches)
            except StopIteration:
                return
            except TimeoutError:
                raise PatternTimeout(self._where, self._seconds) from None
