"""Stage extract deadlines: every form of ANNOTATION.md section 5, resolved to ISO dates."""
from __future__ import annotations

import pytest
from conftest import by_line

HEAD = "XX市人民政府办公室关于印发XX方案的通知\n各区政府:\n现印发给你们。\nXX市人民政府办公室\n2020年8月13日\nXX方案\n一、任务\n"


def deadlines(parse, body: str, head: str = HEAD) -> list[tuple]:
    result = parse(head + body)
    line = head.count("\n") + 1
    s = by_line(result)[line]
    return [(d["kind"], d["due"], d["start"]) for d in s["deadlines"] if d["kind"] not in ("duration", "recurring")]


def test_multi_part_field(parse):
    body = "(一)甲。(完成时限:省网与市网互联互通,2016年7月;市网与县网互联互通,2016年12月)"
    assert deadlines(parse, body) == [("date", "2016-07-31", None), ("date", "2016-12-31", None)]
    body = "(一)甲。(完成时限:2016年10月,其中推进综合执法改革在2017年10月前完成)"
    assert deadlines(parse, body) == [("date", "2016-10-31", None), ("date", "2017-10-31", None)]


@pytest.mark.parametrize("body,expected", [
    ("(一)准备阶段(2020年8月14日至8月21日)。", [("range", "2020-08-21", "2020-08-14")]),
    ("(一)自评阶段。(7月18日-7月31日)", [("range", "2020-07-31", "2020-07-18")]),
    ("(一)总评阶段。(9月1日-年底)", [("range", "2020-12-31", "2020-09-01")]),
])
def test_ranges(parse, body, expected):
    assert deadlines(parse, body) == expected


def test_durations_and_recurring_are_reported_with_their_kind(parse):
    s = by_line(parse(HEAD + "(一)甲。5个工作日内办结,每季度通报一次。"))[8]
    assert [(d["kind"], d["text"]) for d in s["deadlines"]] == [("duration", "5个工作日内"), ("recurring", "每季度")]


def test_reference_year_falls_back_to_the_nearest_stated_year(parse):
    result = parse("2016年XX工作方案\n一、任务\n(一)甲。在12月15日前报送。")
    assert [d["due"] for d in by_line(result)[3]["deadlines"]] == ["2016-12-15"]


def test_unresolvable_deadline_keeps_text_and_gets_a_diagnostic(parse):
    result = parse("XX工作方案\n一、任务\n(一)甲。(完成时限:9月底)\n(二)乙。(完成时限:尽快)")
    s = by_line(result)
    assert [(d["text"], d["due"]) for d in s[3]["deadlines"]] == [("9月底", None)]
    assert [(d["text"], d["due"]) for d in s[4]["deadlines"]] == [("尽快", None)]
    assert [d["line"] for d in result["diagnostics"] if d["code"] == "deadline-unresolved"] == [3, 4]


def test_taiwan_roc_years(parse):
    result = parse("甲计划\n发文日期:中华民国110年3月2日\n壹、目标\n一、于民国112年底前完成。\n二、111年上半年完成发包。")
    s = by_line(result)
    assert result["documents"][0]["issued"] == "2021-03-02"
    assert [d["due"] for d in s[4]["deadlines"]] == ["2023-12-31"]
    assert [d["due"] for d in s[5]["deadlines"]] == ["2022-06-30"]


@pytest.mark.parametrize("body,expected", [
    ("(一)动员部署阶段(2023年4月)", [("date", "2023-04-30", None)]),
    ("(一)排查阶段(2023年5月1日至31日)", [("range", "2023-05-31", "2023-05-01")]),
    ("(一)甲。不晚于2023.5.31完成年检。", [("date", "2023-05-31", None)]),
    ("(一)甲。(完成时限:2023-06)", [("date", "2023-06-30", None)]),
    ("(一)甲。(完成时限:2023/6/30)", [("date", "2023-06-30", None)]),
])
def test_stage_periods_and_numeric_dates(parse, body, expected):
    assert deadlines(parse, body, head="XX方案\n一、任务\n") == expected


def test_open_start_until_a_date(parse):
    assert deadlines(parse, "(一)甲。即日起至2023年6月30日,开展专项整治。", head="XX方案\n一、任务\n") == [
        ("date", "2023-06-30", None)]


def test_bare_month_before_a_month_opens_a_range(parse):
    assert deadlines(parse, "(一)甲。(完成时限:2020年9-11月)") == [("range", "2020-11-30", "2020-09-01")]
    assert deadlines(parse, "(一)甲。10—12月开展集中整治。") == [("range", "2020-12-31", "2020-10-01")]


def test_a_year_with_nei_is_a_date_not_a_duration(parse):
    result = parse(HEAD + "(一)甲。(完成时限:2020年内)")
    kinds = [d["kind"] for s in result["documents"][1]["sections"] for c in s["children"] for d in c["deadlines"]]
    assert kinds == ["date"]


def test_a_range_in_running_text_binds_like_a_date(parse):
    # a period that reports figures is not a deadline; a period of work is
    assert deadlines(parse, "(一)甲。1—11月,规模以上工业增加值增长7.2%。") == []
    assert deadlines(parse, "(一)甲。2020年9月1日至30日开展自查。") == [("range", "2020-09-30", "2020-09-01")]


@pytest.mark.parametrize("body,expected", [
    # ROC years written in Chinese numerals (guide section 5: ROC years are the year + 1911)
    ("(一)各科应于一百一十二年五月三十一日前完成盘点。", [("date", "2023-05-31", None)]),
    ("(一)请于一百零九年十二月下旬前报送清册。", [("date", "2020-12-31", None)]),
    ("(一)九十八年六月底前完成。", [("date", "2009-06-30", None)]),
], ids=["roc-day", "roc-month-part", "roc-two-digits"])
def test_roc_years_in_chinese_numerals(parse, body, expected):
    assert deadlines(parse, body, head="XX注意事项\n一、任务\n") == expected


@pytest.mark.parametrize("cue", ["应于", "须于", "要于"])
def test_an_obligation_binds_a_time_without_qian(parse, cue):
    # 应于2020年9月上旬报送: "shall by", a deadline; 于 alone (已于9月上旬举办) may be a past event
    assert deadlines(parse, f"(一)各区{cue}2020年9月上旬报送材料。") == [("date", "2020-09-10", None)]
    assert deadlines(parse, "(一)全区已于2020年9月上旬举办培训。") == []


def test_a_list_of_dates_shares_its_binding(parse):
    # 分别于A、B和C前报送: the 前 after the last date binds every date of the list
    body = "(一)各区分别于2020年9月15日、12月15日和2021年3月15日前报送进展。"
    assert deadlines(parse, body) == [("date", "2020-09-15", None), ("date", "2020-12-15", None),
                                      ("date", "2021-03-15", None)]
    # a list whose last date is not bound is not a deadline list
    assert deadlines(parse, "(一)全区已在2020年9月15日、12月15日举办培训。") == []


def test_hong_kong_fiscal_years(parse):
    # guide section 5: 2027-28年度 is a range from 1 April to 31 March of the next year
    body = "(一)新校舍将于2027-28年度落成。"
    assert deadlines(parse, body) == [("range", "2028-03-31", "2027-04-01")]
    # two calendar years are no fiscal year
    assert deadlines(parse, "(一)将于2022-24年间分批落成。") == []


def test_a_time_that_is_a_paragraph_of_its_own(parse):
    # 一、活动时间 / 2020年9月-11月。: the paragraph states the item's time
    body = "(一)活动时间\n2020年9月-11月。"
    assert deadlines(parse, body) == [("range", "2020-11-30", "2020-09-01")]


# ---------------------------------------------------------------- stated years, searched in runs of lines


def _years_over_the_whole_text(lines, grammar):
    """The definition: the stated-year pattern over the lines joined by line breaks; each line gets the
    last year stated on a line before it."""
    import bisect

    from govplan.parse.extract.deadlines import DeadlineGrammar

    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line.text) + 1
    last_on = {}
    for m in grammar.compiled("deadlines", DeadlineGrammar).stated_year.finditer("\n".join(ln.text for ln in lines)):
        last_on[bisect.bisect_right(starts, m.start()) - 1] = int(m.group(1))
    out, last = {}, None
    for i, line in enumerate(lines):
        if last is not None:
            out[line.number] = last
        last = last_on.get(i, last)
    return out


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("run", [1, 2, 5, 1 << 16])
def test_stated_years_in_runs_are_those_of_the_whole_text(monkeypatch, seed, run):
    """Years at a line's end whose next line starts with a counter (2021 / 个…: no year), across blank
    and space-only lines, at every run length: the same as over the whole text."""
    import random

    from govplan.grammar.loader import load_grammar
    from govplan.parse.extract import deadlines, years
    from govplan.parse.normalize import Line

    monkeypatch.setattr(years, "STATED_RUN", run)
    grammar = load_grammar(())
    rng = random.Random(seed)
    pieces = ["2021", "2035", "1998", "20210", "到", "个项目", "万元", "年底前", "完成", " ", "\u3000", "推进工作", "5"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 4))) for _ in range(60)]
    at = rng.randrange(60)
    texts[at:at] = ["推进2021", " \u3000", "个项目"]  # (a year whose lookahead crosses a space-only line)
    lines, number = [], 0
    for text in texts:
        number += rng.choice((1, 1, 2))
        lines.append(Line(number, text, text, text))
    expected = _years_over_the_whole_text(lines, grammar)
    found = deadlines.stated_years(lines, grammar)
    assert {n: found.get(n) for n in range(number + 2)} == {n: expected.get(n) for n in range(number + 2)}
    assert any(v is not None for v in expected.values())


def test_the_last_day_of_a_month_is_the_calendar_s():
    """deadlines._last_day (its own leap-year rule, so that a parse does not import calendar) gives what
    calendar.monthrange gives, for every month of years 1-3000; a month outside 1-12 is a ValueError."""
    import calendar

    from govplan.parse.extract.deadlines import _last_day

    assert all(_last_day(y, m) == calendar.monthrange(y, m)[1] for y in range(1, 3001) for m in range(1, 13))
    for month in (0, 13):
        with pytest.raises(ValueError):
            _last_day(2024, month)


@pytest.mark.parametrize("source,local", [
    (r"[年月季]|\d[-./]\d", True), (r"\d{4}年", True), (r"^\d", False), (r"年$", False), (r"\b年", False),
    (r"(?<=到)\d", False), (r"\d(?=月)", False), (r"(?!x)月", False), (r"(?<name>月)", False), (r"(?m)月", False),
    (r"\X", False), (r"\G月", False)])
def test_a_pattern_is_local_when_nothing_outside_a_span_decides_it(source, local):
    from govplan.openings import is_local

    assert is_local(source) is local


def test_points_skip_a_text_without_a_time_word_and_find_the_same_elsewhere():
    """A text with no time word is not scanned window by window (deadlines.points): the points found are
    those of the scan of every window, on generated texts with and without times."""
    import random

    from govplan.grammar.loader import load_grammar
    from govplan.parse.extract.deadlines import DeadlineGrammar

    grammar = load_grammar(())
    quick, full = DeadlineGrammar(grammar), DeadlineGrammar(grammar)
    full.time_word_local = False
    assert quick.time_word_local
    rng = random.Random(3)
    pieces = ["加快推进", "2025年", "6月底前", "第三季度", "本年度", "上半年", "12-31", " ", "一二三", "下一步", "内",
              "中", "完成", "。", ",", "3月1日至15日", "2024-06", "每年", "十四五"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert quick.points(text) == full.points(text), text
