"""Stage extract units: labelled fields, predicate brackets, running text, list splitting."""
from __future__ import annotations

import pytest
from conftest import by_line


def units_of(parse, body: str) -> tuple[list[str], list[str]]:
    s = by_line(parse("XX方案\n一、任务\n" + body))[3]
    return s["lead_units"], s["responsible_units"]


def test_units_on_their_own_lines_after_an_item(parse):
    s = by_line(parse("XX方案\n一、任务\n1.建设平台。\n牵头单位:市大数据局\n责任单位:市财政局、各区政府\n"
                      "时间节点:2023年6月底前\n2.下一项。"))[3]
    assert (s["lead_units"], s["responsible_units"]) == (["市大数据局"], ["市财政局", "各区政府"])
    assert [d["due"] for d in s["deadlines"]] == ["2023-06-30"]


def test_each_mention_keeps_its_line_and_a_grouping_key(parse):
    s = by_line(parse("XX方案\n一、任务\n1.建设平台。(牵头单位:市直各相关单位;\n责任单位:有关县区)"))[3]
    assert [(m["name"], m["key"], m["role"], m["line"]) for m in s["units"]] == [
        ("市直各相关单位", "市直相关单位", "lead", 3), ("有关县区", "县区", "responsible", 4)]


def test_a_new_label_is_one_line_in_a_user_grammar(parse, tmp_path):
    (tmp_path / "labels.toml").write_text('[labels]\n"督办单位" = "lead"\n', encoding="utf-8")
    text = "XX方案\n一、任务\n1.甲。(督办单位:市督查室)"
    # listed nowhere, the label is read by its words: it names units, and no lead word
    assert units_of_section(parse(text)) == ([], ["市督查室"])
    assert units_of_section(parse(text, grammar_dirs=(tmp_path,))) == (["市督查室"], [])


def units_of_section(result: dict, line: int = 3) -> tuple[list[str], list[str]]:
    s = by_line(result)[line]
    return s["lead_units"], s["responsible_units"]


# labels no list names, made as labels are: free words, a role's word (or none), what it names
_FREE = ["", "", "具体", "主要"]
_LEAD_WORDS = ["牵头", "主抓", "主办", "主责"]
_RESPONSIBLE_WORDS = ["协助", "配合", "参与", "协同", "承办", "落实", "推进", "包保", ""]
_UNIT_HEADS = ["单位", "部门", "主体", "处室", "科室"]
_BARE_WORDS = ["主抓", "主办", "主责", "协助", "配合", "参与", "协同", "承办", "落实"]
_TIME_LABELS = ["时间安排", "完成节点", "办结时间", "节点要求", "计划完成时间", "截止期限", "完成日期"]
_FORMS = ["({lab}:{units};{tlab}:{time})", "【{lab}】{units}【{tlab}】{time}", "({lab}: {units},{tlab}:{time})",
          "\n{lab}:{units}\n{tlab}:{time}", "〔{lab}〕{units};{tlab}:{time}"]


def test_labels_no_list_names_are_read_by_their_words(parse):
    """Generated annotations whose labels are in no list (主抓单位, 协助处室, 【完成节点】) in any of the
    forms an annotation takes: a label's words say whether it names the lead, the responsible or the
    time, and the next label (listed or not) ends the value before it."""
    import random

    from govplan.grammar.loader import load_grammar
    from govplan.parse.fields import field_grammar

    listed = field_grammar(load_grammar(())).roles
    rng = random.Random(11)
    checked = 0
    for _ in range(150):
        lead = rng.random() < 0.5
        words = _LEAD_WORDS if lead else _RESPONSIBLE_WORDS
        word = rng.choice(words)
        # a role's word alone is a label too (配合:, 主抓:), when it is one of the words labels are read by
        alone = word in _BARE_WORDS and rng.random() < 0.3
        lab = word if alone else rng.choice(_FREE) + word + rng.choice(_UNIT_HEADS)
        tlab = rng.choice(_TIME_LABELS)
        if lab in listed or tlab in listed or len(lab) < 2:
            continue
        names = rng.sample(["县水利局", "县财政局", "县数据局", "各乡镇人民政府", "县市场监管局"], rng.randint(1, 3))
        month = rng.randint(1, 12)
        note = rng.choice(_FORMS).format(lab=lab, units="、".join(names), tlab=tlab, time=f"2025年{month}月底前")
        s = by_line(parse(f"XX方案\n一、任务\n1.完善供水保障机制。{note}"))[3]
        assert (s["lead_units"], s["responsible_units"]) == ((names, []) if lead else ([], names)), note
        assert [d["due"][:7] for d in s["deadlines"]] == [f"2025-{month:02d}"], note
        checked += 1
    assert checked > 100


@pytest.mark.parametrize("text", [
    "实施步骤:分三个阶段推进",  # a role's word, but it ends like no unit label: a heading's words
    "会议时间:2025年3月5日",  # a time label with no label of units beside it: an event's time
    "备注:重点督办", "联系人:王明",  # other columns' words
    "各有关单位:现将方案印发给你们",  # an addressee: no role's word
    "数字化推进单位:县数据局",  # a run longer than a label, opening no clause
])
def test_what_is_no_label(text):
    from govplan.grammar.loader import load_grammar
    from govplan.parse.fields import read_fields
    from govplan.parse.normalize import Line
    from govplan.text.punctuation import Paragraph

    paragraph = Paragraph([Line(1, "甲项工作" + text, "甲项工作" + text, "甲项工作" + text)])
    assert read_fields([paragraph], load_grammar(())) == []


def test_levels_counted_in_the_suffix_stay_one_unit(parse):
    assert units_of(parse, "(一)甲。(责任单位:市、县两级政府,省发展改革委、财政厅)") == (
        [], ["市、县两级政府", "省发展改革委", "财政厅"])


def test_more_labels(parse):
    s = by_line(parse("XX方案\n一、任务\n1.乙。\n牵头领导:张三\n牵头处室:规划处\n责任处室:财务处、法规处\n完成期限:2023年6月底前\n"))[3]
    assert (s["lead_units"], s["responsible_units"]) == (["规划处"], ["财务处", "法规处"])
    assert [d["due"] for d in s["deadlines"]] == ["2023-06-30"]


def test_running_text_with_a_partner(parse):
    assert units_of(parse, "(一)甲。请市发展改革委会同市财政局负责制定细则。") == (["市发展改革委"], ["市财政局"])


def test_a_bracketed_predicate_after_a_unit_sets_its_role(parse):
    assert units_of(parse, "(一)甲。(责任单位:市发改委(牵头)、市财政局、各县(市、区))") == (
        ["市发改委"], ["市财政局", "各县(市、区)"])


def test_a_time_clause_inside_a_predicate_bracket(parse):
    assert units_of(parse, "(一)甲。(市政务服务局牵头,市直各部门配合,2024年底前完成)") == (
        ["市政务服务局"], ["市直各部门"])


@pytest.mark.parametrize("body,lead,resp", [
    # 由/请 A 会同 B + an action: A convenes, B takes part
    ("(一)甲。由市商务局会同市市场监管局、市税务局等部门研究制定配套办法。",
     ["市商务局"], ["市市场监管局", "市税务局等部门"]),
    ("(一)关于乙的问题,请市教育局会同市人社局及市财政局研议解决。", ["市教育局"], ["市人社局", "市财政局"]),
    # a trailing 等 is dropped; 等 inside a unit's name stays (guide section 4)
    ("(一)甲。(责任单位:市农业农村局等部门、市林业局等)", [], ["市农业农村局等部门", "市林业局"]),
], ids=["you-huitong", "qing-huitong", "trailing-deng"])
def test_huitong_in_running_text_and_deng(parse, body, lead, resp):
    assert units_of(parse, body) == (lead, resp)


@pytest.mark.parametrize("body,lead,resp", [
    # a field whose clauses end with predicates: each clause says its own role (guide section 4)
    ("(一)甲。(责任单位:市发改委、市财政局按职责分工负责)", [], ["市发改委", "市财政局"]),
    ("(一)甲。(部门分工:市教育局牵头,市人社局、市财政局配合)", ["市教育局"], ["市人社局", "市财政局"]),
    ("(一)甲。(责任科室:办公室牵头,各科室配合;完成时限:2024年6月底)", ["办公室"], ["各科室"]),
], ids=["predicate-in-field", "division-field", "mixed-clauses"])
def test_predicate_endings_inside_labelled_fields(parse, body, lead, resp):
    assert units_of(parse, body) == (lead, resp)


def test_labels_and_redactions_in_a_broken_field_are_not_units(parse):
    # (责任单位:A、B;责任人;xx): the second label lost its colon; a person's label and a
    # redaction placeholder are not units
    assert units_of(parse, "(一)甲。(责任单位:市城管局、各社区;责任人;xx)") == ([], ["市城管局", "各社区"])


def test_a_request_to_assist_names_a_responsible_unit(parse):
    # 请A协助…: an explicit request to a named unit (a ministry's 司 is a unit)
    assert units_of(parse, "(一)各单位于10月底前完成配置图,并请总务司协助制作标示牌。") == ([], ["总务司"])


def test_a_clause_of_units_alone_takes_the_next_predicate(parse):
    # (A牵头,B、C等部门,D、E配合): the middle list shares 配合 with the clause after it
    body = "(一)甲。(区发改局牵头,区财政局、区水务局等部门,区国投公司、各街道办事处配合)"
    assert units_of(parse, body) == (["区发改局"], ["区财政局", "区水务局等部门", "区国投公司", "各街道办事处"])
    # a clause that is prose, not units, still makes the bracket prose
    assert units_of(parse, "(一)甲。(区发改局牵头,做好统筹协调,区财政局配合)") == ([], [])


def test_fields_found_whatever_closes_the_label():
    """A text with no colon and no closing bracket holds no field (find_fields looks no further); every
    way a label can be closed is still found, on generated paragraphs (labels, closers, places varied)."""
    import random

    from govplan.grammar.loader import load_grammar
    from govplan.parse.fields import field_grammar, find_fields
    from govplan.parse.normalize import Line
    from govplan.text.punctuation import Paragraph

    fg = field_grammar(load_grammar(()))
    rng = random.Random(7)
    labels = sorted(fg.roles)
    fillers = ["加快推进平台建设", "市发展改革委", "2025年底前", "各区县政府", "(试行)", "一、", "。", ","]
    forms = ["{}:", "【{}】", "[{}]", "〔{}〕", "【{}】:", "{} :", "({}", "{}"]
    for _ in range(600):
        parts = [rng.choice(fillers) for _ in range(rng.randint(0, 4))]
        for _ in range(rng.randint(0, 2)):
            parts.insert(rng.randint(0, len(parts)), rng.choice(forms).format(rng.choice(labels)) + rng.choice(fillers))
        text = "".join(parts)
        paragraph = Paragraph([Line(1, text, text, text)])
        found = [(f.label, f.start, f.value) for f in find_fields(paragraph, fg)]
        expected = [(m.group("label"), m.end()) for m in fg.label.finditer(text) if m.group("label")]
        assert [(label, start) for label, start, _ in found] == expected, text
    assert find_fields(Paragraph([Line(1, "牵头单位市发改委", "牵头单位市发改委", "牵头单位市发改委")]), fg) == []


@pytest.mark.parametrize("name, unit", [
    ("县人力资源社会保障局", True), ("县人力资源社会", False),  # 社会 ends a common word (not_unit_endings)
    ("重点督办", False), ("市政府办", True), ("县委社会工作部", True), ("机关内部", False), ("市教育局", True),
    ("市社会组织促进会", True), ("省学会", True)])
def test_a_name_ending_with_a_word_that_only_ends_like_an_organ_is_no_unit(name, unit):
    from govplan.grammar.loader import load_grammar
    from govplan.parse.extract.unitnames import UnitGrammar

    assert UnitGrammar(load_grammar(())).is_unit(name) is unit


@pytest.mark.parametrize("time", ["", ",2025年5月底前完成"])
def test_a_role_sentence_on_its_own_line_after_the_item(parse, time):
    s = by_line(parse(f"XX方案\n一、任务\n1.建立河湖巡查制度,加快形成长效机制。\n县水利局牵头,各乡镇人民政府配合{time}。\n"))[3]
    assert (s["lead_units"], s["responsible_units"]) == (["县水利局"], ["各乡镇人民政府"])
    assert [d["due"] for d in s["deadlines"]] == (["2025-05-31"] if time else [])


def test_a_role_sentence_a_hard_wrap_cut_after_a_places_bracket_is_read_whole(parse):
    """…各县(市、区) / 人民政府牵头,区编办配合。: a place's bracket ends no paragraph (the unit's name goes
    on in the next line), so the role sentence is the item's last sentence, its units whole; 人民政府 alone
    is no lead."""
    s = by_line(parse("XX方案\n一、任务\n1.深化数据共享,确保各项措\n施落地。市公积金中心、各县(市、区)\n"
                      "人民政府牵头,区编办配合。\n"))[3]
    assert (s["lead_units"], s["responsible_units"]) == (["市公积金中心", "各县(市、区)人民政府"], ["区编办"])


@pytest.mark.parametrize("note, due", [("(计划完成时间:2025年6月底)", "2025-06-30"), ("【预计完成时间】2025年7月", "2025-07-31")])
def test_a_time_label_ending_with_a_listed_one_counts_with_no_unit_beside_it(parse, note, due):
    """计划完成时间 is read whole (its tail, 完成时间, is listed): it counts as the listed label would, with
    no label of units in the item (the rule for time labels no list names does not apply)."""
    s = by_line(parse(f"XX方案\n一、任务\n1.建设平台。{note}\n"))[3]
    assert [d["due"] for d in s["deadlines"]] == [due]


def test_names_share_no_suffix_that_a_cut_inside_a_unit_ending_word_would_give():
    """A short name before a unit (市人行、滁州经开区管委会) is no place waiting for that unit's suffix where the
    suffix would start inside a word that ends units (滁州经|开区管委会: 经开区): two units.  Places of the
    same length share it (赣州、龙南、瑞金经开区).  Generated: places, short names, endings."""
    import random

    from govplan.grammar.loader import load_grammar
    from govplan.parse.extract.unitnames import UnitGrammar

    units = UnitGrammar(load_grammar(()))
    rng = random.Random(9)
    places = ["赣州", "龙南", "瑞金", "滁州", "南康", "吉安"]
    endings = ["经开区管委会", "高新区管委会", "开发区管委会", "经开区", "高新区"]
    shorts = ["市人行", "县人行", "市邮管", "县武装"]
    for _ in range(80):
        ending = rng.choice(endings)
        bare = rng.sample(places, rng.randint(1, 3))
        last = rng.choice(places) + ending
        assert units.split("、".join([*bare, last])) == [p + ending for p in bare] + [last]
        short = rng.choice(shorts)
        assert units.split(f"{short}、{last}") == [short, last]
