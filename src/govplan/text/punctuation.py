"""Positioned text and the punctuation of normalized Chinese text.

Normalized text (see normalize.fold_width) has half-width ASCII punctuation; the CJK
marks below survive normalization.  They are written once, here, as escapes, so that no
editor and no width fold can silently turn one of them into another.

``Paragraph`` is a run of physical lines rejoined where a hard wrap cut a sentence; it
maps a character offset back to its physical line, which every extractor needs.
"""
from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from govplan.precompiled import escape, kept

if TYPE_CHECKING:
    from govplan.parse.normalize import Line

FULL_STOP = "\u3002"  # 。
ENUMERATION_COMMA = "\u3001"  # 、
# bracket pairs that enclose annotations: () 【】 〔〕 []
BRACKETS = {"(": ")", "\u3010": "\u3011", "\u3014": "\u3015", "[": "]"}
# quote pairs: “” ‘’ 《》 「」
QUOTES = {"\u201c": "\u201d", "\u2018": "\u2019", "\u300a": "\u300b", "\u300c": "\u300d"}
OPENERS = BRACKETS | QUOTES
CLOSERS = {v: k for k, v in OPENERS.items()}
# the same as a document prints them: output text keeps the full-width （）
PRINTED_BRACKETS = {**BRACKETS, "\uff08": "\uff09"}
BRACKET_OPENERS = tuple(BRACKETS)
BRACKET_CLOSERS = tuple(BRACKETS.values())
CLOSING_QUOTES = ("\u201d", "\u2019", '"')  # ” ’ "
# what is trimmed from both ends of a field value or a unit name
TRIM = " \t,\u3001;\u3002:.\"'"
# clause separators inside an annotation: , ;
CLAUSE_SEPARATORS = frozenset(",;")

def unwrap_book_title(text: str) -> str:
    """A title a page prints inside 《》, without them (《XX方案》 -> XX方案); else as it is."""
    if text.startswith("\u300a") and text.endswith("\u300b") and text.count("\u300a") == 1:
        return text[1:-1]
    return text


def _bracket_chars(pairs: dict[str, str]) -> tuple[str, ...]:
    return _distinct(tuple(pairs) + tuple(pairs.values()))


def _distinct(chars: tuple[str, ...]) -> tuple[str, ...]:
    """Single characters (a grammar's separators are checked to be), each once: ``char_places``
    would find a repeated one twice."""
    return tuple(dict.fromkeys(chars))


def char_places(text: str, chars: tuple[str, ...]) -> list[tuple[int, str]]:
    """(offset, character) of each of ``chars`` in ``text``, in order: each character found with str.find
    (a text holds few brackets; a pattern's scan of every character cost three times more)."""
    places = []
    for char in chars:
        at = text.find(char)
        while at >= 0:
            places.append((at, char))
            at = text.find(char, at + 1)
    places.sort()
    return places


_BRACKET_CHARS = {id(BRACKETS): _bracket_chars(BRACKETS), id(PRINTED_BRACKETS): _bracket_chars(PRINTED_BRACKETS)}
# what can end a field value: brackets and the opening quote (for depth), and 。
_VALUE_STOPS = kept("[" + escape("".join(BRACKETS) + "\u201c" + "".join(BRACKETS.values())
                                                + "\u201d" + FULL_STOP) + "]")


class Paragraph:
    """Physical lines rejoined where a hard wrap cut a sentence."""

    __slots__ = ("lines", "_text", "_ends", "_groups")

    def __init__(self, lines: list["Line"]):
        self.lines = lines
        self._text: str | None = None
        self._ends: list[int] | None = None
        self._groups: list[tuple[int, int]] | None = None

    def add(self, line: "Line") -> None:
        self.lines.append(line)
        self._text = self._ends = self._groups = None

    def bracket_groups(self) -> list[tuple[int, int]]:
        """``bracket_groups(self.text)``, found once (the units and the deadlines both read them)."""
        if self._groups is None:
            self._groups = bracket_groups(self.text)
        return self._groups

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(line.text for line in self.lines)
        return self._text

    @property
    def start(self) -> int:
        return self.lines[0].number

    def line_at(self, offset: int) -> int:
        """Physical line number of a character offset in ``text``."""
        if self._ends is None:
            ends, pos = [], 0
            for line in self.lines:
                pos += len(line.text)
                ends.append(pos)
            self._ends = ends
        i = bisect.bisect_right(self._ends, offset)
        return self.lines[min(i, len(self.lines) - 1)].number


def bracket_groups(text: str, pairs: dict[str, str] = BRACKETS, open_to_end: bool = False) -> list[tuple[int, int]]:
    """(start, end) of each top-level bracket group, end exclusive; unbalanced ones skipped, except
    with ``open_to_end`` a group left open at the end (a copy cut mid-annotation), which runs to it.
    ``pairs``: BRACKETS (normalized text) or PRINTED_BRACKETS (output text)."""
    groups: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for i, ch in char_places(text, _BRACKET_CHARS[id(pairs)]):
        if ch in pairs:
            stack.append((ch, i))
        elif stack and pairs[stack[-1][0]] == ch:
            _, start = stack.pop()
            if not stack:
                groups.append((start, i + 1))
        else:
            stack.clear()  # a stray closer: resynchronise
    if open_to_end and stack:
        groups.append((stack[0][1], len(text)))
    return groups


def split_top_level(text: str, separators: set[str] | frozenset[str]) -> list[tuple[str, str]]:
    """Split outside brackets and quotes; each piece with the separator after it.  Only the brackets,
    quotes and separators are visited, not every character."""
    pieces: list[tuple[str, str]] = []
    depth: list[str] = []
    begin = 0
    for at, ch in char_places(text, _split_chars(frozenset(separators))):
        if ch in OPENERS and not (ch == "\u201c" and depth and depth[-1] == "\u201c"):
            depth.append(ch)
        elif depth and ch == OPENERS[depth[-1]]:
            depth.pop()
        elif not depth and ch in separators:
            pieces.append((text[begin:at], ch))
            begin = at + 1
    pieces.append((text[begin:], ""))
    return pieces


_SPLIT_CHARS: dict[frozenset[str], tuple[str, ...]] = {}


def _split_chars(separators: frozenset[str]) -> tuple[str, ...]:
    """The characters split_top_level acts on: openers, closers and ``separators``, each once (a few
    sets, each made once)."""
    found = _SPLIT_CHARS.get(separators)
    if found is None:
        chars = tuple(OPENERS) + tuple(OPENERS.values()) + tuple(sorted(separators))
        found = _SPLIT_CHARS[separators] = _distinct(chars)
    return found


def value_end(text: str, start: int, stop: int) -> int:
    """Where a field value starting at ``start`` ends: a closing bracket or 。 at depth 0."""
    depth = 0
    for m in _VALUE_STOPS.finditer(text, start, stop):
        ch = m.group()
        if ch in BRACKETS or ch == "\u201c":
            depth += 1
        elif ch != FULL_STOP:
            if depth == 0:
                return m.start()
            depth -= 1
        elif depth == 0:
            return m.start()
    return stop
