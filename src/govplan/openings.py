"""The characters a pattern's match begins with or holds, read off the pattern: work a stage can skip.

A stage that tries many line rules on every line (the page-cruft rules: one line in a hundred is
cruft) asks each pattern in turn, and most of them start ``^菜单|^来源…``: a line whose first
character none of them can start with is turned away by all, yet each is called.  ``opening_chars``
reads that first character off an anchored pattern's own source (its literals and sets, never its
words), and ``OpeningIndex`` hands a line only the rules its first character allows, in their order.
``first_chars`` reads what every match begins with wherever it starts, and ``held_chars`` characters
one of which every match holds (均 of ``…均(?:需|由)…``): a text that holds none of them holds no
match, and is not searched (``may_hold_a_match``: a whole text for damage such as ``锟斤拷``, a line,
a paragraph).  ``is_local`` tells whether a match depends on the span alone (no anchor or lookaround):
then a text the pattern finds nothing in holds no part it finds something in.

The source is read with the standard library's pattern parser, which reads the subset used here
(literals, sets of literals and ranges, groups, alternatives, repeats, anchors, lookarounds) as the
regex engine does; a letter under case folding stands for every case regex's engine lists for it, and
a Unicode property class (``\\p{Han}``) is read as a class.  A class (``\\d``, ``\\s``, ``.``, a
property), a negated set, a back-reference or a conditional tells nothing (another item of the pattern
may); multi-line or verbose flags (where they matter), a literal ``{`` outside a set (regex reads
``{e<=1}`` as fuzzy matching) and syntax the standard parser refuses or warns about (nested sets,
``(?<name>…)``) make the answer "cannot tell" (None) for the whole pattern, and it is then tried on
every text."""
from __future__ import annotations

import re
import sys
import warnings
from typing import Any, Generic, Iterable, TypeVar

# the names the answers are kept under between starts (precompiled.PatternStore.remembered): a new
# name whenever a pattern is read differently, so that no answer of an older reading is used
KEPT_AS = {"opening": "opening-chars-3", "held": "held-chars-2", "first": "first-chars-1"}
MAX_CHARS = 4096  # a first-character set larger than this (a wide range) is not worth an index entry
_UNICODE = 32  # regex.UNICODE: the flag a str pattern carries
SOUGHT_CHARS = 64  # more first characters than this: looking for each in a text costs more than it saves

T = TypeVar("T")


# what lets a pattern's match depend on the text around it (anchors, lookarounds, word boundaries,
# conditionals, \K, named groups written (?<name>: taken as lookbehinds, to be safe)
_CONTEXT_TOKENS = ("^", "$", "\\b", "\\B", "\\A", "\\Z", "\\z", "\\G", "\\K", "\\m", "\\M", "\\X",
                   "(?=", "(?!", "(?<", "(?(", "(?r", "(?m", "(?x")


def is_local(source: str) -> bool:
    """Does whether a span matches depend on the span alone (no anchor, lookaround or word boundary in the
    pattern; judged on its source, conservatively)?  Then a text where the pattern finds nothing holds no
    part where it finds something."""
    return not any(token in source for token in _CONTEXT_TOKENS)


class _CannotTell(Exception):
    pass


def opening_chars(source: str, flags: int = 0) -> frozenset[str] | None:
    """The characters a text must begin with for ``search`` of this pattern to find a match in it
    (the pattern is anchored at the text's start, ``^`` or ``\\A`` on every way through it, and its
    first character comes from literals and sets); None when the pattern's source does not say."""
    return _read(source, flags, re.DOTALL | re.IGNORECASE, start_asserted=False)


def first_chars(source: str, flags: int = 0) -> frozenset[str] | None:
    """The characters every match of this pattern begins with, wherever in a text it starts (a text
    holding none of them holds no match); None when the pattern's source does not say."""
    return _read(source, flags, re.DOTALL | re.MULTILINE | re.IGNORECASE, start_asserted=True)


def held_chars(source: str, flags: int = 0) -> frozenset[str] | None:
    """Characters one of which every match of this pattern holds, the fewest its source shows: its first
    characters, or those of an item every match passes through (均 of ``(?:以下)?均(?:需|由)``, the
    colon of ``(?:作者|来源)\\s*[:]``); None when the source does not say."""
    first = first_chars(source, flags)
    passed = _read(source, flags, re.DOTALL | re.MULTILINE | re.IGNORECASE, start_asserted=True, held=True)
    return min((found for found in (passed, first) if found is not None), key=len, default=None)


def may_hold_a_match(text: str, chars: frozenset[str] | None) -> bool:
    """False only when ``text`` holds none of ``chars``, characters one of which every match holds
    (``first_chars``, ``held_chars``): then a search of the text would find nothing."""
    if chars is None or len(chars) > SOUGHT_CHARS:
        return True
    for char in chars:  # (a loop: a generator for any() cost more than the looking, in a short line)
        if char in text:
            return True
    return False


def _read(source: str, flags: int, allowed: int, start_asserted: bool, held: bool = False) -> frozenset[str] | None:
    if flags & ~allowed:  # verbose, and (where the text's start matters) multi-line
        return None
    try:
        parsed = _parse(source)
        if parsed.state.flags & (re.VERBOSE | (re.MULTILINE & ~allowed)):
            return None
        if _brace_outside_sets(parsed.data):
            return None  # regex reads {e<=1} after an item as fuzzy matching, the standard parser as text
        folded = bool((flags | parsed.state.flags) & re.IGNORECASE)
        if held:
            passed = _held(list(parsed.data), folded)
            return None if passed is None or len(passed) > MAX_CHARS else frozenset(passed)
        chars, open_way = _first(list(parsed.data), anchored=start_asserted, folded=folded)
    except _CannotTell:
        return None
    if open_way or len(chars) > MAX_CHARS:  # a way through matches the empty text, or no gain
        return None
    return frozenset(chars)


# a Unicode property class (\p{Han}, \P{Han}, \pL) not after an escaped backslash: read as a class (\d),
# which the reader never takes characters from, so that the rest of the pattern can still be read
_PROPERTY = re.compile(r"(?<!\\)((?:\\\\)*)\\[pP](?:\{[^{}]*\}|[A-Za-z])")


# the standard library parser's operation codes this reader asks about (the atomic group and the possessive
# repeat, which Python 3.10's parser cannot produce, stand there as codes no item has)
_OP_NAMES = ("ASSERT", "ASSERT_NOT", "AT", "AT_BEGINNING", "AT_BEGINNING_STRING", "BRANCH", "IN", "LITERAL",
             "MAX_REPEAT", "MIN_REPEAT", "RANGE", "SUBPATTERN", "ATOMIC_GROUP", "POSSESSIVE_REPEAT")
_OPS: dict[str, Any] = {}


def _ops() -> Any:
    """The parser's operation codes by name (``re._constants`` from Python 3.11, ``sre_constants`` before)."""
    if not _OPS:
        from types import SimpleNamespace

        constants, never = _standard_parser()[1], object()
        _OPS["ops"] = SimpleNamespace(**{name: getattr(constants, name, never) for name in _OP_NAMES})
    return _OPS["ops"]


def _standard_parser() -> tuple[Any, Any]:
    """The standard library's pattern parser and its constants, as this Python names them."""
    if sys.version_info >= (3, 11):
        from re import _constants, _parser  # type: ignore[attr-defined]

        return _parser, _constants
    import sre_constants  # pragma: no cover - Python 3.10 (tests/grammar/test_openings.py runs it there)
    import sre_parse  # pragma: no cover

    return sre_parse, sre_constants  # pragma: no cover


def _parse(source: str) -> Any:
    parser = _standard_parser()[0]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "possible nested set": regex may read it otherwise
            return parser.parse(_PROPERTY.sub(r"\1\\d", source), 0)
    except (re.error, Warning, RecursionError, OverflowError, ValueError) as exc:
        raise _CannotTell from exc


def _brace_outside_sets(items) -> bool:
    c = _ops()

    for op, av in items:
        if op is c.LITERAL and av == ord("{"):
            return True
        parts = av if isinstance(av, (tuple, list)) else (av,)
        for part in parts:
            inner = getattr(part, "data", None)
            if inner is not None and _brace_outside_sets(inner):
                return True
            if op is c.BRANCH and isinstance(part, list) and any(_brace_outside_sets(alt.data) for alt in part):
                return True
    return False


def _first(items: list, anchored: bool, folded: bool) -> tuple[set[str], bool]:
    """(characters the first consumed character can be, whether a way through ``items`` consumes
    nothing), where the text's start must be asserted (``anchored``) before anything is consumed, and
    letters match in any case (``folded``)."""
    c = _ops()

    chars: set[str] = set()
    for op, av in items:
        if op in (c.LITERAL, c.IN):
            if not anchored:
                raise _CannotTell  # a match could start anywhere in the text
            chars |= _every_case(_literal_chars(op, av)) if folded else _literal_chars(op, av)
            return chars, False
        if op is c.AT:
            anchored = anchored or av in (c.AT_BEGINNING, c.AT_BEGINNING_STRING)
            continue  # other anchors and boundaries consume nothing and narrow nothing here
        if op in (c.ASSERT, c.ASSERT_NOT):
            continue  # a lookaround consumes nothing: the next item still gives the first character
        found, open_way = _first_of_part(op, av, anchored, folded, c)
        chars |= found  # (after a way that consumed nothing, ``anchored`` stays as it was: safe)
        if not open_way:
            return chars, False
    if not anchored:
        raise _CannotTell
    return chars, True


def _first_of_part(op, av, anchored: bool, folded: bool, c) -> tuple[set[str], bool]:
    """``_first`` of a group, repeat or alternation."""
    if op is c.BRANCH:
        chars: set[str] = set()
        open_way = False
        for alternative in av[1]:
            found, open_here = _first(list(alternative.data), anchored, folded)
            chars |= found
            open_way = open_way or open_here
        return chars, open_way
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, body = av
        if (add_flags | del_flags) & ~re.IGNORECASE:
            raise _CannotTell  # (?m:…), (?x:…), (?s:…) and the like
        folded = (folded or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
        return _first(list(body.data), anchored, folded)
    if op is c.ATOMIC_GROUP:
        return _first(list(av.data), anchored, folded)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _high, body = av
        chars, open_way = _first(list(body.data), anchored, folded)
        return chars, open_way or low == 0
    raise _CannotTell  # classes, any character, back-references, conditionals


def _held(items: list, folded: bool) -> set[str] | None:
    """The fewest characters one of which every way through ``items`` passes: those of the item that
    names the fewest, of the items every way passes (None: no such item is read)."""
    best = None
    for op, av in items:
        found = _held_by(op, av, folded)
        if found is not None and (best is None or len(found) < len(best)):
            best = found
    return best


def _held_by(op, av, folded: bool) -> set[str] | None:
    c = _ops()

    if op in (c.LITERAL, c.IN):
        try:
            return _every_case(_literal_chars(op, av)) if folded else _literal_chars(op, av)
        except _CannotTell:
            return None  # a class or a negated set: another item may tell
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, body = av
        if (add_flags | del_flags) & ~re.IGNORECASE:
            return None
        return _held(list(body.data), (folded or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE)
    if op is c.ATOMIC_GROUP:
        return _held(list(av.data), folded)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        return _held(list(av[2].data), folded) if av[0] >= 1 else None
    if op is c.BRANCH:
        every = [_held(list(alternative.data), folded) for alternative in av[1]]
        return None if any(found is None for found in every) else set().union(*every)  # type: ignore[arg-type]
    return None  # anchors and lookarounds consume nothing; any character, classes, back-references


def _literal_chars(op, av) -> set[str]:
    c = _ops()

    if op is c.LITERAL:
        return _char(av)
    chars: set[str] = set()
    for kind, value in av:
        if kind is c.LITERAL:
            chars |= _char(value)
        elif kind is c.RANGE and value[1] - value[0] < MAX_CHARS:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        else:
            raise _CannotTell  # a negated set, a class inside a set, a wide range
    return chars


def _char(code: int) -> set[str]:
    return {chr(code)}


def _every_case(chars: set[str]) -> set[str]:
    """The characters regex's engine takes as the same letter as one of ``chars`` under case folding:
    its own case lists (``get_all_cases``: i -> I, İ; k -> K, the Kelvin sign), followed to the end,
    since they are not symmetric (I -> i, ı)."""
    from regex import _regex  # (only where a case-folded pattern is read: its answer is kept for later starts)

    cases = _regex.get_all_cases
    found, todo = set(chars), list(chars)
    while todo:
        for code in cases(re.IGNORECASE | _UNICODE, ord(todo.pop())):
            if chr(code) not in found:
                found.add(chr(code))
                todo.append(chr(code))
    return found


class OpeningIndex(Generic[T]):
    """Rules kept in their order, each with the first characters a text must begin with for it to
    apply (None: any text); ``for_text`` gives a text only the rules its first character allows."""

    def __init__(self, rules: Iterable[tuple[T, frozenset[str] | None]]):
        listed = list(rules)
        keyed = set().union(*(chars for _rule, chars in listed if chars is not None))
        self.anywhere: tuple[T, ...] = tuple(rule for rule, chars in listed if chars is None)
        self.by_first: dict[str, tuple[T, ...]] = {
            first: tuple(rule for rule, chars in listed if chars is None or first in chars) for first in keyed}

    def for_text(self, text: str) -> tuple[T, ...]:
        return self.by_first.get(text[:1], self.anywhere)

