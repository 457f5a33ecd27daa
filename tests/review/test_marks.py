"""Finding an extracted value again in the line as the file holds it: generated variations of a
line (full-width characters, stray spaces, traditional characters, a hard wrap inside the value)."""
from __future__ import annotations

import random

import pytest

from govplan.review.marks import Keyed, Mark, find, segments

UNITS = ["市发展改革委", "县市场监管局", "区教育局", "市政府办公室", "各乡镇人民政府"]
TIMES = ["2025年6月底前", "第三季度", "2024年12月31日"]


def _variants(rng: random.Random, before: str, value: str, after: str) -> tuple[str, int, int]:
    """A line holding ``value`` with some of the damage copies carry, and where the value stands."""
    chars = list(value)
    if rng.random() < 0.5:  # a stray space inside
        at = rng.randrange(1, len(chars))
        chars.insert(at, " ")
    if rng.random() < 0.5:  # digits full-width
        chars = [chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in chars]
    written = "".join(chars)
    return before + written + after, len(before), len(before) + len(written)


@pytest.mark.parametrize("seed", range(40))
def test_a_value_is_found_whatever_the_copy_did_to_it(seed):
    rng = random.Random(seed)
    value = rng.choice(UNITS + TIMES)
    line, start, end = _variants(rng, rng.choice(["（", "由", "请", ""]), value, rng.choice(["负责）", "牵头", "。"]))
    assert find(Keyed([line]), 1, value, "lead") == [Mark(1, start, end, "lead")]


def test_traditional_characters_are_found_by_their_simplified_value():
    line = "（主辦機關：都市發展局；協辦機關：財政局）"
    [mark] = find(Keyed([line]), 1, "都市发展局", "lead")
    assert line[mark.start:mark.end] == "都市發展局"


def test_a_value_cut_by_a_hard_wrap_is_marked_on_both_lines():
    lines = ["1.建设县级物流配送中心，2023年底前完成选址。（国家发展改", "革委牵头，各地区负责）"]
    marks = find(Keyed(lines), 1, "国家发展改革委", "lead")
    assert [(m.line, lines[m.line - 1][m.start:m.end]) for m in marks] == [(1, "国家发展改"), (2, "革委")]


def test_every_place_on_the_line_and_nothing_else():
    line = "商务部会同有关部门，商务部负责督促。"
    assert [(m.start, m.end) for m in find(Keyed([line]), 1, "商务部", "lead")] == [(0, 3), (10, 13)]
    assert find(Keyed([line]), 1, "财政部", "lead") == []
    assert find(Keyed([line]), 2, "商务部", "lead") == []  # a line past the end holds nothing


def test_segments_cut_where_marks_begin_and_end_and_overlaps_carry_both_kinds():
    text = "由市民政局牵头"
    pieces = segments(text, [Mark(1, 1, 5, "lead"), Mark(1, 1, 5, "responsible"), Mark(1, 2, 4, "deadline")])
    assert "".join(p for p, _ in pieces) == text
    assert pieces == [("由", ""), ("市", "lead responsible"), ("民政", "deadline lead responsible"),
                      ("局", "lead responsible"), ("牵头", "")]
