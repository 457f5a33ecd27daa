"""Regression guard for speed without timing: parse work must grow linearly.

Counts the function calls (Python and C) a parse makes, which is deterministic, for
a plan of N items and of 8N items.  A quadratic step (a loop over all earlier items,
rescanning a paragraph per match, …) shows up as a ratio far above 8.
"""
from __future__ import annotations

import sys

ITEM = ("{n}.推进第{n}项重点任务。{m}月底前完成阶段目标,力争到年底前全面完成。"
        "(牵头单位:市发展改革委;责任单位:市财政局、各县(市、区)人民政府;完成时限:2024年{m}月底)\n")


def plan(items: int) -> str:
    parts = ["XX市重点任务推进方案\n一、总体要求\n全面完成年度任务。\n二、重点任务\n"]
    for i in range(items):
        if i % 25 == 0:
            parts.append(f"({'一二三四五六七八九十'[(i // 25) % 10]})第{i // 25 + 1}组任务\n")
        parts.append(ITEM.format(n=i % 25 + 1, m=i % 12 + 1))
    return "".join(parts)


def calls(text: str) -> int:
    from govplan import parse_text

    parse_text("一、预热")  # grammar loading and compiling is not per-item work
    count = 0

    def profiler(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profiler)
    try:
        parse_text(text)
    finally:
        sys.setprofile(None)
    return count


def test_parse_work_grows_linearly_with_items():
    small, large = calls(plan(50)), calls(plan(400))
    assert large / small < 8 * 1.15, (small, large)


def test_parse_work_grows_linearly_with_one_long_paragraph():
    sentence = "各地区要加强协调配合,于8月底前完成排查,确保各项任务落到实处,"
    small = calls("XX方案\n一、任务\n(一)甲。" + sentence * 200 + "\n")
    large = calls("XX方案\n一、任务\n(一)甲。" + sentence * 1600 + "\n")
    assert large / small < 8 * 1.15, (small, large)


def test_parse_work_grows_linearly_with_a_hard_wrapped_paragraph():
    # every line ends mid-sentence, so all of them join one paragraph of many lines
    line = "各地区要加强协调配合,于8月底前完成排查,\n"
    small = calls("XX方案\n一、任务\n(一)甲。" + line * 200)
    large = calls("XX方案\n一、任务\n(一)甲。" + line * 1600)
    assert large / small < 8 * 1.15, (small, large)
