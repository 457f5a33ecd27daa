"""The years a notice states, line by line: what a deadline without a year falls back on (the last
year stated before its paragraph).  Searched in runs of lines, never the whole text at once, and kept
as the points where the year changes."""
from __future__ import annotations

import bisect
from array import array
from typing import Any, Sequence

from govplan.parse.normalize import Line

STATED_RUN = 1 << 16  # characters of lines searched for stated years at a time


class YearsBefore:
    """line number of a text line -> the last year (19xx/20xx) stated on a text line before it, as a
    dict's ``get`` (None for no such year, or a number that is no text line): the text lines' numbers
    in an array and the points where the year changes (a dict of every line was a tenth of a long
    notice's memory)."""

    __slots__ = ("_numbers", "_changes", "_years")

    def __init__(self, numbers: Sequence[int] = (), changes: Sequence[tuple[int, int]] = ()):
        self._numbers = array("q", numbers)  # ascending
        self._changes = [index for index, _ in changes]  # (index into numbers from which a year holds)
        self._years = [year for _, year in changes]

    def get(self, line: int) -> int | None:
        i = bisect.bisect_left(self._numbers, line)
        if i == len(self._numbers) or self._numbers[i] != line:
            return None
        k = bisect.bisect_right(self._changes, i) - 1
        return self._years[k] if k >= 0 else None


def years_before(lines: Sequence[Line], pattern: Any) -> YearsBefore:
    """For each text line, the last year ``pattern`` (its group 1) finds stated on any line before it
    (one pass, in runs of lines: the pattern is searched in the lines joined by line breaks, as over
    the whole text)."""
    last_on: dict[int, int] = {}  # index of a line -> the last year stated on it
    start = 0
    while start < len(lines):
        end, size = start, 0
        while end < len(lines) and (size < STATED_RUN or end == start):
            size += len(lines[end].text) + 1
            end += 1
        _years_in_run(lines, start, end, pattern, last_on)
        start = end
    return YearsBefore([line.number for line in lines], [(i + 1, last_on[i]) for i in sorted(last_on)])


def _years_in_run(lines: Sequence[Line], start: int, end: int, pattern, last_on: dict[int, int]) -> None:
    """The years stated on lines[start:end], searched with the following lines up to one with text beyond
    a space as context (a year's lookahead may reach across a line break), matches in the run kept."""
    context = end
    while context < len(lines) and (context == end or not lines[context - 1].text.strip()):
        context += 1
    texts = [line.text for line in lines[start:context]]
    starts, pos = [], 0
    for text in texts:
        starts.append(pos)
        pos += len(text) + 1
    limit = starts[end - start] if end < context else pos
    for m in pattern.finditer("\n".join(texts)):
        if m.start() >= limit:
            break
        last_on[start + bisect.bisect_right(starts, m.start()) - 1] = int(m.group(1))
