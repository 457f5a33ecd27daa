"""Where an extracted value stands in the notice's own line: a unit name or a time wording (in the
output's script, width folded, without the spaces a copy scattered) found again in the line as the
file holds it, so that the page marks the document's own characters.  A value a hard wrap cut is
found across its line and the next."""
from __future__ import annotations

from dataclasses import dataclass

from govplan.text.script import fold_width, t2s


@dataclass(frozen=True)
class Mark:
    line: int
    start: int  # character offsets in the line as the file holds it
    end: int
    kind: str  # lead | responsible | deadline


class Keyed:
    """The lines in a form values are compared in (width folded, simplified, no spaces), with
    where each compared character stands in the line; made once a line, on first need."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self._keys: dict[int, tuple[str, list[int]]] = {}

    def key(self, number: int) -> tuple[str, list[int]]:
        if number not in self._keys:
            raw = self.lines[number - 1] if 0 < number <= len(self.lines) else ""
            chars, where = [], []
            for i, ch in enumerate(raw):
                folded = fold_width(ch)
                if len(folded) == 1 and not folded.isspace():
                    chars.append(folded)
                    where.append(i)
            text = "".join(chars)
            simplified = t2s(text)
            self._keys[number] = (simplified if len(simplified) == len(text) else text, where)
        return self._keys[number]


def needle_of(value: str) -> str:
    return t2s("".join(ch for ch in fold_width(value) if not ch.isspace()))


def find(keyed: Keyed, line: int, value: str, kind: str) -> list[Mark]:
    """Every place ``value`` stands on ``line`` (or begins there and goes on in the next line)."""
    needle = needle_of(value)
    if not needle:
        return []
    key, where = keyed.key(line)
    found, at = [], key.find(needle)
    while at >= 0:
        found.append(Mark(line, where[at], where[at + len(needle) - 1] + 1, kind))
        at = key.find(needle, at + len(needle))
    if found:
        return found
    return _across_wrap(keyed, line, needle, kind)


def _across_wrap(keyed: Keyed, line: int, needle: str, kind: str) -> list[Mark]:
    key, where = keyed.key(line)
    after, after_where = keyed.key(line + 1)
    tail = key[-len(needle) + 1:] if len(needle) > 1 else ""
    joined = tail + after[:len(needle) - 1]
    at = joined.find(needle)
    if at < 0 or at >= len(tail) or at + len(needle) <= len(tail):
        return []
    first = len(key) - len(tail) + at
    rest = len(needle) - (len(key) - first)
    return [Mark(line, where[first], where[-1] + 1, kind),
            Mark(line + 1, after_where[0], after_where[rest - 1] + 1, kind)]


def segments(text: str, marks: list[Mark]) -> list[tuple[str, str]]:
    """The line cut where marks begin and end: (piece, the kinds marking it, space-separated).
    One sweep over the marks' ends, in order (a line of thousands of marks is cut in n log n)."""
    if not marks:
        return [(text, "")]
    events = sorted([(m.start, 1, m.kind) for m in marks] + [(m.end, -1, m.kind) for m in marks])
    active: dict[str, int] = {}
    pieces, at = [], 0
    for position, change, kind in events:
        if position > at:
            pieces.append((text[at:position], " ".join(sorted(k for k, n in active.items() if n > 0))))
            at = position
        active[kind] = active.get(kind, 0) + change
    if at < len(text):
        pieces.append((text[at:], ""))
    return pieces
