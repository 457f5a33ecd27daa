"""split_top_level visits only brackets, quotes and separators: the same pieces as the definition,
character by character, on generated texts."""
from __future__ import annotations

import random

from govplan.text.punctuation import CLAUSE_SEPARATORS, OPENERS, split_top_level


def _by_character(text: str, separators) -> list[tuple[str, str]]:
    """The definition: depth kept over every character; a separator outside brackets and quotes cuts."""
    pieces, depth, current = [], [], []
    for ch in text:
        if ch in OPENERS and not (ch == "\u201c" and depth and depth[-1] == "\u201c"):
            depth.append(ch)
        elif depth and ch == OPENERS[depth[-1]]:
            depth.pop()
        elif not depth and ch in separators:
            pieces.append(("".join(current), ch))
            current = []
            continue
        current.append(ch)
    pieces.append(("".join(current), ""))
    return pieces


def test_pieces_equal_the_character_by_character_definition():
    rng = random.Random(11)
    alphabet = list("市县局委甲乙ab1 ") + list(OPENERS) + list(OPENERS.values()) + list(",;、。:/")
    for separators in (CLAUSE_SEPARATORS, {"、", "/"}, frozenset("、,;")):
        for _ in range(3000):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
            assert split_top_level(text, separators) == _by_character(text, separators), (text, separators)


def test_a_separator_inside_brackets_or_quotes_does_not_cut():
    assert split_top_level("A牵头,B(含C,D)配合;“E,F”负责", CLAUSE_SEPARATORS) == [
        ("A牵头", ","), ("B(含C,D)配合", ";"), ("“E,F”负责", "")]


def test_a_paragraph_s_bracket_groups_follow_its_lines():
    """Paragraph.bracket_groups is found once and found again when a line is added (a bracket closed on
    the next line)."""
    from govplan.parse.normalize import Line
    from govplan.text.punctuation import Paragraph, bracket_groups

    first, second = "1.建设平台(牵头单位:市数据局;", "责任单位:各区)。(2025年底前)"
    paragraph = Paragraph([Line(1, first, first, first)])
    assert paragraph.bracket_groups() == bracket_groups(first) == []
    paragraph.add(Line(2, second, second, second))
    assert paragraph.bracket_groups() == bracket_groups(first + second) == [(6, 25), (26, 35)]  # (牵头单位…各区) and (2025年底前)


def test_bracket_and_separator_places_are_those_a_pattern_scan_finds():
    """char_places: every bracket, quote or separator character of a text with its offset, in order,
    as a scan for the character set finds them (generated texts: none, several, repeated, adjacent,
    at both ends)."""
    import random

    import regex

    from govplan.text.punctuation import BRACKETS, PRINTED_BRACKETS, _bracket_chars, _split_chars, char_places

    rng = random.Random(3)
    sets = [_bracket_chars(BRACKETS), _bracket_chars(PRINTED_BRACKETS), _split_chars(frozenset(",;")),
            _split_chars(frozenset("、,;/(")), _split_chars(frozenset("、"))]
    for _ in range(3000):
        chars = rng.choice(sets)
        text = "".join(rng.choice(chars + ("县", "发改委", "2025年", " ")) for _ in range(rng.randint(0, 25)))
        want = [(m.start(), m.group()) for m in regex.finditer("[" + regex.escape("".join(chars)) + "]", text)]
        assert char_places(text, chars) == want, (text, chars)
    assert len(_split_chars(frozenset("、,;/("))) == len(set(_split_chars(frozenset("、,;/("))))
