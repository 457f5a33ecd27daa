"""Regression guards for speed: parse work must grow linearly with the input.

First half: counts the function calls (Python and C) a parse makes, which is
deterministic, for a plan of N items and of 8N items.  A quadratic step in Python (a
loop over all earlier items) shows up as a ratio far above 8.  Second half: inputs that
once were quadratic inside regex scans, guarded by CPU-time ratios (see below).
"""
from __future__ import annotations

import sys

import pytest

ITEM = ("{n}.推进第{n}项重点任务。{m}月底前完成阶段目标,力争到年底前全面完成。"
        "(牵头单位:市发展改革委;责任单位:市财政局、各县(市、区)人民政府;完成时限:2024年{m}月底)\n")


def plan(items: int) -> str:
    parts = ["XX市重点任务推进方案\n一、总体要求\n全面完成年度任务。\n二、重点任务\n"]
    for i in range(items):
        if i % 25 == 0:
            parts.append(f"({'一二三四五六七八九十'[(i // 25) % 10]})第{i // 25 + 1}组任务\n")
        parts.append(ITEM.format(n=i % 25 + 1, m=i % 12 + 1))
    return "".join(parts)


def counted(work) -> tuple[int, object]:
    """(function calls, Python and C, that ``work()`` makes; what it returns)."""
    count = 0

    def profiler(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profiler)
    try:
        done = work()
    finally:
        sys.setprofile(None)
    return count, done


def calls(text: str) -> int:
    from govplan import parse_text

    parse_text("一、预热")  # grammar loading and compiling is not per-item work
    return counted(lambda: parse_text(text))[0]


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


# ---------------------------------------------------------------- inputs that were quadratic
# Each case below took 10-17 times as long for 4 times the input before it was fixed (a
# regex that rescanned a run, a check of every match against all earlier ones, a paragraph
# rescanned per field).  Such work is inside C calls (regex scans), which call counting
# does not see, so these compare the CPU time (not wall time) of n and 4n: linear work
# gives a ratio near 4, quadratic near 16; the bound is 8.

QUADRATIC_BEFORE = {
    "duration over a run of numerals": lambda n: "一、任务\n" + "一" * n,
    "running text 由A牵头 repeated": lambda n: "XX方案\n一、任务\n(一)甲。" + "由市发改委牵头," * (n // 8) + "\n",
    "deadline fields without a reference year": lambda n: "一、任务\n(一)2023年甲。" + "时限:6月;" * (n // 6) + "\n",
    "attachment labels": lambda n: "XX方案\n一、任务\n" + "".join(f"附件{i % 99 + 1}\n" for i in range(n // 4)),
    "units joined by 和": lambda n: "一、任务\n(一)甲。(牵头单位:" + "市发改委和" * (n // 5) + "市财政局)\n",
    "a long line of byline labels": lambda n: "作者:甲" * (n // 4) + "\n一、任务\n",
    # times in a line with no clause end: each time's clause is looked for a bounded way back
    "times in one clause": lambda n: "XX方案\n一、任务\n(一)甲。" + "于2024年1月完成" * (n // 10) + "\n",
    # labels no list names, each found by looking back from its colon or bracket (fields._open_labels)
    "labels no list names in one paragraph": lambda n: "XX方案\n一、任务\n(一)甲。"
                                                       + "(协助单位 :县财政局;【完成节点】2025年6月)" * (n // 25) + "\n",
    # a vertical table whose rows print fewer cells than columns (merged cells placed by content)
    "merged table cells": lambda n: "XX清单\n序号\n工作任务\n牵头单位\n配合单位\n完成时限\n"
                                    + "".join(f"{i + 1}\n推进第{i + 1}项\n县发改局\n" for i in range(n // 20)),
}


def cpu_seconds(text: str) -> float:
    import time

    from govplan import parse_text

    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        parse_text(text)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("make", QUADRATIC_BEFORE.values(), ids=QUADRATIC_BEFORE.keys())
def test_work_grows_linearly_on_inputs_that_were_quadratic(make):
    from govplan import parse_text

    parse_text("一、预热")
    n = 40000
    small, large = cpu_seconds(make(n)), cpu_seconds(make(4 * n))
    assert large / max(small, 1e-3) < 8, (small, large)


def test_blank_lines_cost_no_objects():
    import tracemalloc

    from govplan import parse_text

    parse_text("一、预热")

    def peak(blank: int) -> int:
        tracemalloc.start()
        result = parse_text("\n" * blank + "XX方案\n一、任务\n")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert result.source.lines == blank + 2
        return peak

    # a few copies of the text, not an object per line (that was 170 bytes a line)
    assert peak(2_000_000) < 12 * 2_000_000


def test_a_huge_line_is_not_kept_after_the_parse():
    from govplan import parse_text
    from govplan.grammar.loader import load_grammar
    from govplan.parse.outline.lines import classifier

    parse_text("XX方案\n一、" + "甲" * 1_000_000 + "\n")
    cache = classifier(load_grammar())._markers_seen  # (a Memo: the dict of the lines it remembers)
    assert cache and max(map(len, cache)) <= 256


def _ledger_calls(items: int) -> int:
    """Calls office_rows makes for a plan whose body lists ``items`` tasks that an attached task
    table repeats (every table row is matched against the body's headings)."""
    from govplan import parse_text
    from govplan.grammar.loader import load_grammar
    from govplan.output.office import office_rows

    def han(n: int) -> str:  # a task's own words (digits are no words of a task id)
        return "".join("零一二三四五六七八九"[int(d)] for d in str(n))

    body = "".join(f"{n}.推进{han(n)}号水厂节水改造。(牵头单位:县水利局)\n" for n in range(1, items + 1))
    # the task cell goes on after the body's title: matched by its beginning (a lookup, not a scan)
    table = "".join(f"{n}\t推进{han(n)}号水厂节水改造并更新管网\t县水利局\t县财政局\t2025年6月底前\n" for n in range(1, items + 1))
    result = parse_text("青禾县节水方案\n一、重点任务\n" + body + "附件\n任务分工表\n序号\t重点任务\t牵头单位\t责任单位\t完成时限\n"
                        + table)
    grammar = load_grammar(())
    office_rows(result, grammar)  # warm: grammar compiling is not per-row work
    count, rows = counted(lambda: office_rows(result, grammar))
    assert len(rows) == items  # (each body task and its row: one row)
    return count


def test_the_ledger_work_grows_linearly_with_tasks():
    small, large = _ledger_calls(40), _ledger_calls(320)
    assert large / small < 8 * 1.15, (small, large)


# ---------------------------------------------------------------- the review page


def lines_run(work) -> int:
    """Python lines executed by ``work()`` (a comprehension's every turn counts, unlike calls)."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        work()
    finally:
        sys.settrace(None)
    return count


def _review_lines(text: str) -> int:
    import datetime as dt

    from govplan import parse_text
    from govplan.grammar.loader import load_grammar
    from govplan.output.office import office_rows
    from govplan.review.view import notice_view

    grammar = load_grammar(())
    result = parse_text(text, script="original")
    rows = office_rows(result, grammar)
    notice_view(result, text, (), rows, dt.date(2025, 1, 1))  # warm: OpenCC and caches
    return lines_run(lambda: notice_view(result, text, (), rows, dt.date(2025, 1, 1)))


def test_the_review_page_work_grows_linearly_with_tasks():
    small, large = _review_lines(plan(40)), _review_lines(plan(320))
    assert large / small < 8 * 1.15, (small, large)


def test_the_review_page_work_grows_linearly_with_marks_on_one_line():
    """One line naming the same units and times again and again (a copy that lost its line
    breaks): each value is looked for once, and the line cut in one sweep over its marks."""
    clause = "由市民政局牵头,市财政局配合,于2025年6月底前完成,"
    small = _review_lines("XX方案\n一、任务\n(一)甲。" + clause * 100 + "\n")
    large = _review_lines("XX方案\n一、任务\n(一)甲。" + clause * 800 + "\n")
    assert large / small < 8 * 1.15, (small, large)


def test_the_many_values_of_a_plan_keep_no_dict_of_their_own():
    """Sections, deadlines and unit mentions are slotted: no per-instance dict (a pydantic model kept a
    dict and a set of the given fields, 1 KB a section: half the memory of a long plan's parse)."""
    from govplan import parse_text

    result = parse_text(plan(60))
    sections, todo = [], [s for doc in result.documents for s in doc.sections]
    while todo:
        sections.append(todo.pop())
        todo += sections[-1].children
    assert len(sections) > 60
    values = sections + [d for s in sections for d in s.deadlines] + [u for s in sections for u in s.units]
    assert len(values) > 2 * len(sections)
    assert not [v for v in values if hasattr(v, "__dict__")]
