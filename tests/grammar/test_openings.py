"""What a text must begin with for an anchored pattern to find anything (govplan.openings): read off the
pattern's source, never wrong (a pattern that finds a match in a text whose first character is not in
the answer would make a rule be skipped where it applies), and "cannot tell" for what it does not read."""
from __future__ import annotations

import random
import sys

import pytest
import regex

from govplan.grammar.loader import load_grammar
from govplan.openings import OpeningIndex, first_chars, held_chars, may_hold_a_match, opening_chars
from govplan.parse.normalize import _compiled, _cruft, _damage, repair_markup
from govplan.precompiled import PatternStore


@pytest.mark.parametrize("source, flags, expected", [
    ("^abc", 0, "a"),
    (r"\Aab", 0, "a"),
    ("^(?:菜单|首页|导航)", 0, "菜首导"),
    ("^a?b", 0, "ab"),  # an optional first item: the next one may begin the match
    ("^(?:a|)b", 0, "ab"),
    ("^[x-z]?[0-2]", 0, "xyz012"),
    ("(?:^a)|(?:^b)", 0, "ab"),  # every alternative anchored
    ("^(?=a)b", 0, "b"),  # a lookaround consumes nothing (narrowing is not needed to be right)
    ("^(?<!x)甲", 0, "甲"),
    ("^(?:ab)+c", 0, "a"),
    ("^(a)\\1", 0, "a"),
    ("^a{2}", 0, "a"),
    ("^[{}]", 0, "{}"),  # a brace inside a set is the character in both engines
    ("^(?>ab|c)", 0, "ac" if sys.version_info >= (3, 11) else None),  # (Python 3.10's parser reads no atomic group)
    ("^a", regex.DOTALL, "a"),
    ("abc", 0, None),  # not anchored: a match may start anywhere
    ("(?:^a)|b", 0, None),  # one alternative not anchored
    ("^a*", 0, None),  # matches the empty text
    ("^$", 0, None),
    ("^(?:a?|b)", 0, None),
    (r"^\d", 0, None),  # classes: not read
    ("^.", 0, None),
    ("^[^a]", 0, None),
    (r"^[\s,]", 0, None),
    ("^(?i:a)", 0, "aA"),  # case folding: every case regex's engine takes as the letter
    ("(?i)^a", 0, "aA"),
    ("^a", regex.IGNORECASE, "aA"),
    ("(?i)^k", 0, "kK\u212a"),  # the Kelvin sign
    ("(?i)^i", 0, "iI\u0130\u0131"),  # dotted and dotless: regex's case lists are not symmetric
    ("(?i)^(?-i:b)", 0, "b"),
    ("^(?i:[a-b])c", 0, "aAbB"),
    ("^(?s:a)", 0, None),  # other scoped flags: not read
    ("^a", regex.MULTILINE, None),  # ^ would be every line's start
    ("(?m)^a", 0, None),
    ("(?x)^a", 0, None),
    ("^x{e<=1}", 0, None),  # regex: fuzzy matching (any first character); the standard parser: text
    ("^(?:ab){e<=1}", 0, None),
    ("^a(?:b|c{i<=2})", 0, None),
    (r"^a\{", 0, None),
    (r"^\p{Han}", 0, None),  # syntax the standard parser refuses
    ("^[[:alpha:]]", 0, None),  # warned about as a nested set: regex reads a POSIX class
    ("^(?P<x>a)(?(x)b|c)", 0, "a"),
    ("^(?(1)b|c)", 0, None),
    ("^[\u4e00-\u9fff]", 0, None),  # wider than an index entry is worth
    ("^(", 0, None),  # not a pattern
])
def test_opening_chars(source, flags, expected):
    found = opening_chars(source, flags)
    assert found == (None if expected is None else frozenset(expected))


@pytest.mark.parametrize("source, flags, expected", [
    ("abc", 0, "a"),  # anywhere in the text
    ("x|^y", 0, "xy"),
    ("(?m)^a|b", 0, "ab"),  # multi-line anchors consume nothing: the first character is still read
    ("^a", regex.MULTILINE, "a"),
    ("(?<=\\d)[ab]c?", 0, "ab"),
    ("锟斤拷|[ÃÂ][\u0080-\u00BF]", 0, "锟ÃÂ"),
    ("a*", 0, None),  # matches the empty text: in every text
    ("a|", 0, None),
    ("(?i)a", 0, "aA"),
    ("(?i:javascript)|(?:IE\\d|Firefox)", 0, "jJIF"),  # the case-sensitive alternatives keep their case
    ("\\d+", 0, None),
    ("\\p{Han}", 0, None),
])
def test_first_chars(source, flags, expected):
    assert first_chars(source, flags) == (None if expected is None else frozenset(expected))


@pytest.mark.parametrize("source, expected", [
    ("(?:以下|具体)?均(?:需|由)", "均"),  # an item every match passes through, fewer than the first ones
    ("(?:作者|来源|发布时间)\\s*[:]\\s*.{0,20}", ":"),
    ("(?<![理自])由(?!于)(?P<u>[^,。]{2,40}?)牵头", "由"),  # ties: the first such item
    ("\\d+(?:个)?(?:日|天)(?:内|以内)", "日天"),
    ("a?b", "b"),
    ("(?:ab|cd)", "ac"),
    ("(?:a|)b", "b"),
    ("[^a]b", "b"),
    ("(?i)k\\d", "kK\u212a"),
    ("(?:ab)?(?:cd)?", None),  # every item can be passed by
    ("\\d+", None),
    ("(?:a|\\d)", None),  # an alternative that names no character
    ("\\p{Han}+号", "号"),  # a property class is read as a class: the rest of the pattern still tells
    ("[\\p{Han}A-Z]{2}局", "局"),
    ("\\pL+x", "x"),
    ("\\\\p{Han}", None),  # an escaped backslash, then p{Han} as text: a brace, not read
])
def test_held_chars(source, expected):
    assert held_chars(source) == (None if expected is None else frozenset(expected))


def test_a_text_is_scanned_unless_it_holds_none_of_the_first_characters():
    assert may_hold_a_match("甲乙丙", frozenset("丙")) and not may_hold_a_match("甲乙丙", frozenset("丁戊"))
    assert may_hold_a_match("甲", None)  # cannot tell: scanned
    assert may_hold_a_match("甲", frozenset(chr(0x4E00 + n) for n in range(500)))  # too many to look for


# generated patterns: every construct the reader handles and many it does not, mixed at random
_ALPHABET = "aAbB甲乙{"


def _item(rng: random.Random, depth: int) -> str:
    choice = rng.randrange(16 if depth < 3 else 9)
    simple = ["a", "B", "甲", "[aB]", "[甲-乙]", r"\d", ".", r"\p{Han}", r"[\P{Han}a]"]
    if choice < 9:
        return simple[choice]
    inner = _sequence(rng, depth + 1)
    return [f"(?:{inner})", f"(?i:{inner})?", f"(?:{inner})*", f"(?:{inner})+", f"(?:{inner}|{_sequence(rng, depth + 1)})",
            f"(?=({inner}))", f"(?<!a)(?-i:{inner}){{1,2}}"][choice - 9]


def _sequence(rng: random.Random, depth: int) -> str:
    parts = [_item(rng, depth) for _ in range(rng.randint(0, 3))]
    if rng.random() < 0.5:
        parts.insert(0, rng.choice(["^", r"\A", "^", "(?<=a)", r"\b"]))
    return "".join(parts)


def _generated(seed: int, read, flags: int, newlines: bool):
    """(pattern, text, characters read) for 3,000 generated patterns and 60 texts each, of the patterns
    whose answer ``read`` gives (enough of them: the generator reaches what the reader knows)."""
    rng = random.Random(seed)
    known = 0
    for _ in range(3000):
        source = _sequence(rng, 0) + rng.choice(["", "$", "b", "甲(?:乙|a)"])
        chars = read(source, flags)
        if chars is None:
            continue
        known += 1
        compiled = regex.compile(source, flags)
        for _ in range(60):
            text = "".join(rng.choice(_ALPHABET + ("3\n" if newlines else "3")) for _ in range(rng.randint(0, 7)))
            yield compiled, text, chars
    assert known > 300


def test_no_generated_pattern_matches_a_text_its_opening_chars_turn_away():
    """A pattern whose opening characters are known finds a match only in a text beginning with one of
    them, and only at its start."""
    for compiled, text, chars in _generated(11, opening_chars, 0, newlines=False):
        m = compiled.search(text)
        assert m is None or (text[:1] in chars and m.start() == 0), (compiled.pattern, text, sorted(chars))


def test_no_generated_pattern_finds_a_match_beginning_outside_its_first_chars():
    """Every match found begins with one of the pattern's first characters, so a text holding none of
    them is rightly not scanned."""
    for compiled, text, chars in _generated(12, first_chars, regex.MULTILINE, newlines=True):
        found = list(compiled.finditer(text))
        assert all(text[m.start():m.start() + 1] in chars for m in found), (compiled.pattern, text, sorted(chars))
        assert may_hold_a_match(text, chars) or not found


def test_no_generated_match_holds_none_of_the_held_chars():
    """Every match holds one of the characters read."""
    for compiled, text, chars in _generated(13, held_chars, regex.MULTILINE, newlines=True):
        for m in compiled.finditer(text):
            assert any(c in m.group() for c in chars), (compiled.pattern, text, sorted(chars))
        assert may_hold_a_match(text, chars) or compiled.search(text) is None


def test_the_index_gives_each_text_the_rules_its_first_character_allows_in_their_order():
    rules = [("r1", frozenset("ab")), ("r2", None), ("r3", frozenset("b")), ("r4", None), ("r5", frozenset("c"))]
    index = OpeningIndex(rules)
    for text in ["", "a", "b1", "c", "d", "bb"]:
        expected = tuple(name for name, chars in rules if chars is None or text[:1] in (chars or ""))
        assert index.for_text(text) == expected, text


def _lines_beginning_with_every_opening(grammar) -> list[str]:
    """Lines that begin as each page-cruft rule does and lines that do not, of every length the rules
    allow, from the rules' own opening characters and a notice's words."""
    rng = random.Random(5)
    tails = ["", ":", ":2024年", "首页", " 12 ", "】【关闭】", "了解更多", "分享到微信", "//x.cn", "打印",
             "IE浏览器", "请按键盘放大", "Chrome字体大小", "JavaScript", "文库", "第一范文", "Ctrl+"]
    firsts = sorted(set().union(*(opening_chars(r.pattern) or first_chars(r.pattern) or set()
                                  for r in grammar.cruft.line))) + list("一(1【x ")
    lines = []
    for first in firsts:
        for _ in range(12):
            lines.append(first + "".join(rng.choice(tails) for _ in range(rng.randint(0, 4))))
    for rule in grammar.cruft.line:  # the words each rule's alternatives begin with
        for word in regex.findall(r"[\p{Han}A-Za-z:]{2,6}", rule.pattern)[:40]:
            lines += [word, word + rng.choice(tails), "【" + word + "】"]
    return lines


def test_page_cruft_through_the_index_is_the_first_rule_that_takes_the_line():
    """The page-cruft check through the index answers as trying every rule in order does."""
    grammar = load_grammar()
    rules = _compiled(grammar)
    every = [(r.name, regex.compile(r.pattern), r.max_chars) for r in grammar.cruft.line]
    lines = _lines_beginning_with_every_opening(grammar)
    found = 0
    for line in lines:
        plain = next((name for name, pattern, limit in every if len(line) <= limit and pattern.search(line)), None)
        assert _cruft(line, rules) == plain, line
        found += plain is not None
    assert found > 50 and len(lines) - found > 200  # both kinds of line were asked


def test_damage_and_markup_scans_find_what_scanning_every_text_finds():
    """The whole-text scans skipped where the text holds none of their first characters report what
    scanning every text reports, on generated texts with and without damage and markup."""
    grammar = load_grammar()
    rules = _compiled(grammar)
    plain = dict(rules, held={key: None for key in rules["held"]})
    rng = random.Random(3)
    pieces = ["一、总体要求", "各有关单位:", "锟斤拷", "Ã©", "æ–‡", "\ufffd", "加强?监管", "## 二、", "**(一)加强领导**",
              "- 项目一", "> 引文", "烫烫烫", "屯屯", "ã", "2024年", " ", "\n"]
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert _damage(text, rules) == _damage(text, plain), text
        assert repair_markup(text, rules) == repair_markup(text, plain), text
    assert rules["held"]["mojibake"] and rules["held"]["replacement"]  # (the scans are read, not all None)


def test_an_answer_is_kept_for_later_starts_none_included(tmp_path):
    calls: list[str] = []

    def counted(source, flags):
        calls.append(source)
        return opening_chars(source, flags)

    first = PatternStore(tmp_path)
    assert first.remembered("opening-test", "^ab", 0, counted) == frozenset("a")
    assert first.remembered("opening-test", "ab", 0, counted) is None
    first.save()
    later = PatternStore(tmp_path)
    assert later.remembered("opening-test", "^ab", 0, counted) == frozenset("a")
    assert later.remembered("opening-test", "ab", 0, counted) is None
    assert calls == ["^ab", "ab"]  # the later store computed nothing
    assert later.remembered("opening-other", "^ab", 0, counted) == frozenset("a")  # another kind: computed
    assert calls == ["^ab", "ab", "^ab"]


def test_case_folded_first_characters_hold_every_character_regex_takes_as_the_letter():
    """Every code point that a case-folded literal or set matches is among the characters read off it
    (one pass over all of Unicode for each pattern: the letters, and letters with unusual cases)."""
    import sys

    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZßµåσǅﬀ"
    either = regex.compile("(?i)(?:" + "|".join(f"({c})" for c in letters) + ")")
    ranged = regex.compile("(?i)[a-z\u00e0-\u00ff]")
    ranged_chars = first_chars(ranged.pattern)
    allowed = {c: first_chars("(?i)" + c) for c in letters}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        m = either.fullmatch(char)
        if m is not None:
            assert char in allowed[letters[m.lastindex - 1]], (hex(code), letters[m.lastindex - 1])
        if ranged.fullmatch(char):
            assert char in ranged_chars, hex(code)
