"""Stage normalize: web/PDF damage repaired, script converted, source kept."""
from __future__ import annotations

import pytest

from govplan.formats.decode import decode
from govplan.grammar.loader import load_grammar
from govplan.parse.normalize import normalize


def norm(text: str, script: str = "simplified"):
    return normalize(decode(text.encode("utf-8")), load_grammar(), script)


def test_pinyin_ruby_is_removed_but_latin_words_stay():
    n = norm("加强監(jiān)管,推广手机客户端(APP)和(VOCs)治理")
    assert n.lines[0].text == "加强监管,推广手机客户端(APP)和(VOCs)治理"
    assert n.lines[0].raw.startswith("加强監(jiān)管")
    assert [(d.code, d.line) for d in n.diagnostics] == [("pinyin-ruby", 1)]


def test_stray_spaces_inside_chinese_and_dates():
    line = norm("严格规范 执 法,2022 年7月 19日前完成").lines[0]
    assert line.text == "严格规范执法,2022年7月19日前完成"


def test_full_width_ascii_is_folded():
    assert norm("（一）ＡＢＣ１２３：；").lines[0].text == "(一)ABC123:;"


def test_traditional_is_converted_and_script_detected():
    n = norm("關於進一步優化營商環境的實施方案\n一、總體要求")
    assert n.lines[0].text == "关于进一步优化营商环境的实施方案"
    assert n.script == "traditional"


def test_page_cruft_lines_are_flagged_not_deleted():
    n = norm("首页\n作者:办公室    日期:2020年1月1日    点击数:12\n分享到:\nhttp://example.gov.cn/a.html\n正文。")
    assert [ln.cruft for ln in n.lines] == ["menu", "byline", "share", "url", None]
    assert n.lines[1].raw.startswith("作者")


def test_inline_pager_is_cut_and_reported():
    n = norm("各部门要认真落实。1 2 下一页")
    assert n.lines[0].text == "各部门要认真落实。"
    assert [d.code for d in n.diagnostics] == ["page-cruft"]


def test_damage_is_reported_with_its_line():
    n = norm("正常一行\n?各县人民政府:\n替换\ufffd字符")
    assert [(d.code, d.line) for d in n.diagnostics] == [("text-damage", 2), ("text-damage", 3)]


def test_private_use_characters_in_chinese_text_are_damage_a_page_icon_is_not():
    # a PDF font without a Unicode map gives private-use code points; an office's own character for a
    # rare name is one too: either way the reader cannot know what they say.  An icon font's glyph at a
    # line's start (a page's menu) is no damage.
    n = norm("一、总体要求\n负责人:张\ue000华\n\ue101\ue102\ue103\ue104\n\uf015 首页\n\ue001网站地图")
    assert [(d.code, d.line) for d in n.diagnostics if d.code == "text-damage"] == [("text-damage", 2),
                                                                                   ("text-damage", 3)]
    assert "private-use characters" in n.diagnostics[0].message
    assert n.lines[1].text == "负责人:张\ue000华"  # reported, never dropped


def test_output_scripts():
    text = "關於印發方案的通知"
    assert norm(text).to_output("关于印发方案的通知") == "关于印发方案的通知"
    assert norm(text, "original").to_output("关于印发方案的通知") == "關於印發方案的通知"
    assert norm("关于印发方案的通知", "traditional").to_output("关于印发方案的通知") == "關於印發方案的通知"


def test_page_buttons_and_font_size_rows_are_cruft():
    n = norm("【打印】【关闭】\n字号:大 中 小\n【牵头单位】市发改委")
    assert [ln.cruft for ln in n.lines] == ["buttons", "font-size", None]


def test_wide_spaces_are_layout_and_stay_as_one():
    assert norm("市发改委    市财政局 牵头").lines[0].text == "市发改委 市财政局牵头"


def test_html_left_by_a_page_source_is_removed_and_decoded():
    n = norm("一、加强领导&nbsp;(牵头单位:市发改委)<br>\n二、推行&ldquo;一网通办&rdquo;<span class=\"x\">改革</span>\nR&D投入<10%")
    assert [ln.text for ln in n.lines] == ["一、加强领导(牵头单位:市发改委)", "二、推行“一网通办”改革",
                                           "R&D投入<10%"]
    assert n.lines[0].raw.endswith("<br>")  # the source is kept as it was
    assert [(d.code, d.line) for d in n.diagnostics] == [("html-markup", 1), ("html-markup", 2)]


def test_a_users_markup_pattern_is_applied_to_a_text_without_angle_brackets_or_ampersands(tmp_path):
    """The markup scan is skipped only for a text holding none of the characters every match of the
    tag or entity pattern holds, as read off the patterns (a forum's [b] tags here; once it was skipped
    for any text without < or &)."""
    (tmp_path / "cruft.toml").write_text(
        "[html]\ntag = '</?(?:br|p|span)\\b[^<>\\n]*/?>|\\[/?b\\]'\n", encoding="utf-8")
    grammar = load_grammar((tmp_path,))
    n = normalize(decode("一、[b]加强领导[/b](牵头单位:市发改委)\n".encode("utf-8")), grammar)
    assert n.lines[0].text == "一、加强领导(牵头单位:市发改委)"
    assert [(d.code, d.line) for d in n.diagnostics] == [("html-markup", 1)]
    assert norm("一、[b]加强领导[/b]").lines[0].text == "一、[b]加强领导[/b]"  # (the shipped grammar: kept)


def test_markdown_marks_are_removed_but_pagers_and_dashes_stay():
    n = norm("## 一、总体要求\n**(一)指导思想**\n- 完善制度。\n- 2 -\n> 引文\n——2024年")
    assert [ln.text for ln in n.lines] == ["一、总体要求", "(一)指导思想", "完善制度。", "- 2 -", "引文", "——2024年"]
    assert [d.line for d in n.diagnostics if d.code == "markdown-markup"] == [1, 2, 3, 5]


def test_an_index_block_with_spaced_labels_is_page_cruft(parse):
    # 索 引 号 / 标  题: labels printed with spaces, each on its own line or with its value
    text = ("索 引 号: 0001/2020-01 主题分类: 农业\n标  题: XX市关于做好春耕的通知\n标  题:\n\nXX市关于做好春耕的通知\n"
            "各区政府:\n一、任务\n")
    result = parse(text)
    cruft = [d["line"] for d in result["diagnostics"] if d["code"] == "page-cruft"]
    assert cruft == [1, 2, 3]


@pytest.mark.source
def test_lines_given_to_opencc_in_runs_read_as_the_whole_text(monkeypatch, tmp_path):
    """OpenCC gets the lines in runs (normalize.CHUNK_CHARS), not the whole text: the same lines come out,
    the script is read from the same start, however small the runs."""
    from govplan.parse import normalize as stage

    lines = [f"第{n}條 國務院辦公廳關於{'進一步' * (n % 4)}優化營商環境的通知,請認真貫徹執行。" for n in range(1, 400)]
    lines[7] = ""  # an empty line between runs
    text = "\n".join(lines) + "\n"
    grammar = load_grammar()
    whole = normalize(decode(text.encode("utf-8"), "x.txt"), grammar)
    monkeypatch.setattr(stage, "CHUNK_CHARS", 50)
    monkeypatch.setattr(stage, "_script", lambda raw, simplified, judging: f"{len(raw)}:{raw != simplified}")
    (tmp_path / "cruft.toml").write_text("[script]\nsample_chars = 40\n", encoding="utf-8")
    runs = normalize(decode(text.encode("utf-8"), "x.txt"), load_grammar((tmp_path,)))
    assert [ln.text for ln in runs.lines] == [ln.text for ln in whole.lines]
    assert len(runs.lines) == 398 and "国务院办公厅" in runs.lines[0].text
    assert runs.script == "40:True"


def _punctuation_map_by_character(lines):
    """The definition, character by character (as it was written first)."""
    from govplan.parse.normalize import _FULL_WIDTH

    full: dict[str, int] = {}
    half: dict[str, int] = {}
    for line in lines:
        if line.raw == line.clean or len(line.raw) != len(line.clean):
            for ch in line.raw:
                if ch in _FULL_WIDTH:
                    half[ch] = half.get(ch, 0) + 1
            continue
        for c, r in zip(line.clean, line.raw):
            if c in _FULL_WIDTH:
                counts = full if r == _FULL_WIDTH[c] else half
                counts[c] = counts.get(c, 0) + 1
    return {c: _FULL_WIDTH[c] for c in _FULL_WIDTH if full.get(c, 0) > half.get(c, 0)}


@pytest.mark.parametrize("seed", range(20))
def test_the_punctuation_map_counts_as_character_by_character(seed):
    """Generated lines: full- and half-width marks mixed, cleaned lines of the same length (marks folded,
    some not where the raw has another character) and of another length."""
    import random

    from govplan.parse.normalize import Line, _punctuation_map

    rng = random.Random(seed)
    pieces = ["推进", "工作", ",", "，", ":", "：", ";", "；", "(", "（", ")", "）", "!", "？", "?", "a", "1"]
    fold = {"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!", "？": "?"}
    lines = []
    for n in range(rng.randint(1, 40)):
        raw = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        shape = rng.random()
        if shape < 0.6:  # folded at some places only, the same length
            clean = "".join(fold.get(ch, ch) if rng.random() < 0.8 else ch for ch in raw)
        elif shape < 0.8:  # another character at a mark's place
            clean = "".join("," if ch == "甲" else ch for ch in raw.replace("工", "甲"))
        else:  # cleaning changed its length
            clean = raw.replace("推进", "推")
        lines.append(Line(n + 1, raw, clean, clean))
    assert _punctuation_map(lines) == _punctuation_map_by_character(lines)


def test_marker_space_repairs_give_what_their_templates_say():
    """The replacements of spaced markers and years are functions (a template would have regex import its
    pattern parser at every start): each gives what its template, written here, gives, on generated lines."""
    import random

    import regex

    from govplan.parse.normalize import _MARKER_SPACES

    templates = [r"\1\2", r"\1、", r"(\1)", r"\1\2"]
    rng = random.Random(8)
    pieces = ["1", "12", " ", "  ", ".", "、", "(", ")", "一", "十二", "20", "19", "21", "年", "底", "加强", "3"]
    for _ in range(2000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        for (pattern, replace), template in zip(_MARKER_SPACES, templates):
            assert pattern.sub(replace, line) == regex.sub(pattern.pattern, template, line), (line, template)


def test_plain_marks_are_counted_as_line_by_line_over_runs_of_lines():
    """The punctuation map's half-width count, taken a run of lines at a time, is the per-line count."""
    import random

    from govplan.parse.normalize import _FULL_WIDTH, MARK_RUN_LINES, Line, _plain_marks

    rng = random.Random(9)
    pieces = [",", ":", ";", "!", "?", "(", ")", "一", "，", "（", "2024"]
    lines = []
    for n in range(1, 3 * MARK_RUN_LINES + 7):
        raw = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 9)))
        clean = raw if rng.random() < 0.7 else raw + "x"
        lines.append(Line(n, raw, clean, clean, None, False))
    expected = {mark: sum(ln.raw.count(mark) for ln in lines if ln.raw == ln.clean or len(ln.raw) != len(ln.clean))
                for mark in _FULL_WIDTH}
    assert _plain_marks(lines) == expected and sum(expected.values()) > 1000


def test_numbered_lines_are_the_runs_between_breaks():
    """Each run of characters between line breaks, with 1 + the breaks before it as its number, on
    generated texts (blank lines, breaks first and last, one-character lines, no break at all)."""
    import random

    import regex

    from govplan.parse.normalize import _numbered

    rng = random.Random(5)
    for _ in range(2000):
        text = "".join(rng.choice(["\n", "\n\n", "一", "推进改革", "a", " "]) for _ in range(rng.randint(0, 30)))
        want = [(text.count("\n", 0, m.start()) + 1, m.group()) for m in regex.finditer(r"[^\n]+", text)]
        assert list(_numbered(text)) == want, repr(text)


def test_the_script_shares_are_the_grammars(tmp_path):
    """cruft.toml's [script]: a user's shares decide the judgement; a mixed share not below the traditional
    one is refused with the file and entry named."""
    from govplan.errors import GrammarError

    text = "关于进一步加强监督检查工作的通知,各區县按照职责分工负责落实。\n" * 3  # (one traditional character in 29)
    assert norm(text).script == "mixed"
    (tmp_path / "cruft.toml").write_text("[script]\ntraditional_share = 0.02\n", encoding="utf-8")
    assert normalize(decode(text.encode("utf-8")), load_grammar((tmp_path,))).script == "traditional"
    wrong = tmp_path / "wrong"
    wrong.mkdir()
    (wrong / "cruft.toml").write_text("[script]\nmixed_share = 0.5\n", encoding="utf-8")
    with pytest.raises(GrammarError, match=r"cruft.toml: entry script.mixed_share: .*below traditional_share"):
        load_grammar((wrong,))
