"""Property tests: arbitrary text never crashes parse, and every line number is in the input."""
from __future__ import annotations

from conftest import walk
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govplan.output.json_stream import to_data

# Pieces notices are made of, so that generated text hits the interesting paths.
PIECES = ["一、", "(一)", "（二）", "1.", "2、", "(1)", "①", "一是", "第一章", "第二篇:", "附件", "附件:",
          "附件1", "牵头单位:", "责任单位:", "完成时限:", "(", ")", "〔", "〕", "【", "】", "“", "”",
          "市发改委", "各县(市、区)", "牵头", "负责", "由", "请", "、", ",", ";", "。", ":", "\n", "\r\n",
          "\r", " ", "2020年", "9月底前", "8月15日", "至", "-", "年底", "上半年", "第二季度", "长期",
          "关于印发", "方案", "的通知", "2021年3月1日", "〔2021〕3号", "(此件公开发布)", "?", "\ufffd",
          "監(jiān)", "首页", "http://x.cn", "1 2 下一页", "民国110年", "壹、",
          # tables, markup, subtitles
          "\t", "|", "|---|", "    ", "序号", "重点任务", "责任单位(部门)", "1\n", "<br>", "&nbsp;", "&#10;",
          "## ", "**", "- ", "——", "3-5月", "中下旬"]

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=60).map("".join),
)


def _line_count(text: str) -> int:
    import regex

    parts = regex.split(r"\r\n|\r|\n", text)
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()
    return len(parts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_parse_never_crashes_and_lines_are_in_range(text):
    from govplan import parse_text

    result = to_data(parse_text(text))
    n = _line_count(text)
    assert result["source"]["lines"] == n
    for doc in result["documents"]:
        assert 1 <= doc["line"] <= doc["end_line"] <= n
        for s in walk(doc["sections"]):
            assert doc["line"] <= s["line"] <= s["end_line"] <= doc["end_line"]
            assert s["level"] >= 1
            for d in s["deadlines"]:
                assert 1 <= d["line"] <= n
                if d["start"] and d["due"]:
                    assert d["start"] <= d["due"]
            for m in s["units"]:
                assert 1 <= m["line"] <= n
    for diag in result["diagnostics"]:
        assert diag["line"] is None or 1 <= diag["line"] <= n
