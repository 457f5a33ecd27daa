"""One test per item of ../shared/ANNOTATION.md version 3 ("Changes in version 3" and section 8,
the clarifications), each on sentences written for this file (not copied from a notice).  The
item is named in the test's name or first comment so that a reader can find it in the guide.
The layout generator (tests/synth) checks the same items over many generated layouts."""
from __future__ import annotations

import pytest
from conftest import by_line, outline, roles


def dues(result, line: int) -> list[tuple[str, str | None, str | None]]:
    """The deadlines the guide scores (durations and recurring items are not)."""
    return [(d["kind"], d["start"], d["due"]) for d in by_line(result)[line]["deadlines"]
            if d["kind"] in ("date", "range", "ongoing")]


def starts(result) -> list[tuple[int, str | None]]:
    return [(d["line"], d["title"]) for d in result["documents"]]


# ---------------------------------------------------------------- section 2: documents

@pytest.mark.parametrize("title", ["白沙镇集镇风貌整治参考原则", "白沙镇集镇风貌整治任务责任分解",
                                   "白沙镇集镇风貌整治"])  # any last word, or none
def test_a_title_is_a_title_by_its_place_not_its_last_word(parse, title):
    text = f"首页 > 通知公告\n\n{title}\n\n各村委会:\n为改善集镇面貌,现提出以下要求。\n一、拆除违建\n"
    assert starts(parse(text)) == [(3, title)]


@pytest.mark.parametrize("block", [
    "信息类别:规范性文件\n公开属性:主动公开\n载体日期:2025-04-02",          # invented labels
    "• 栏目归属:通知公告\n• 页面编号:A-0031",                               # bullet fields
    "  • 所属机构:\n\n    白沙镇人民政府\n  • 成文时效:\n\n    有效",         # a value under its label
    "分类名目 | 通知 | 发布部门 | 白沙镇人民政府 |",                         # | rows of fields
])
def test_an_index_block_of_any_labels_above_the_title_is_page_clutter(parse, block):
    text = f"{block}\n白沙镇农贸市场改造方案\n为改善购物环境,制定本方案。\n一、改造内容\n"
    title_line = block.count("\n") + 2
    assert starts(parse(text)) == [(title_line, "白沙镇农贸市场改造方案")]


def test_markdown_front_matter_is_an_index_block_and_its_facts_are_metadata(parse):
    text = ("---\n标题: 白沙镇农贸市场改造方案\n文号: 白政发〔2025〕7号\n发布单位: 白沙镇人民政府\n---\n\n"
            "# 白沙镇农贸市场改造方案\n\n一、改造内容\n更换市场顶棚。\n")
    result = parse(text)
    doc = result["documents"][0]
    assert (doc["line"], doc["title"], doc["doc_number"]) == (7, "白沙镇农贸市场改造方案", "白政发〔2025〕7号")
    assert not [d for d in result["diagnostics"] if d["code"] == "unplaced-text"]


@pytest.mark.parametrize("printed,title", [
    ("白沙镇防汛应急预案 2025-05-06", "白沙镇防汛应急预案"),                          # a date stamp
    ("白沙镇防汛应急预案(2025年修正)", "白沙镇防汛应急预案"),                       # a remark
    ("白沙镇防汛应急预案_通知公告_白沙镇人民政府", "白沙镇防汛应急预案"),            # a site's names
])
def test_date_stamps_remarks_and_site_suffixes_are_not_part_of_a_title(parse, printed, title):
    text = f"{printed}\n各村委会:\n为做好防汛工作,制定本预案。\n一、组织体系\n"
    assert starts(parse(text))[0][1] == title


def test_pinyin_ruby_inside_a_title_is_dropped(parse):
    text = "白沙镇数(shù)字乡村建设方案\n为推进数字乡村建设,制定本方案。\n一、建设内容\n"
    assert starts(parse(text))[0][1] == "白沙镇数字乡村建设方案"


def test_a_title_only_in_an_index_field_starts_the_document_at_that_field(parse):
    text = ("信息名称:白沙镇2024年垃圾清运工作总结\n发布机构:白沙镇人民政府\n"
            "2024年,我镇全年清运垃圾三千吨。现将有关情况总结如下:\n一、主要做法\n")
    assert starts(parse(text)) == [(1, "白沙镇2024年垃圾清运工作总结")]


# ---------------------------------------------------------------- section 3: headings

def test_steps_are_headings_like_stages(parse):
    text = "白沙镇改厕方案\n一、实施步骤\n第一步,摸清底数。\n第二步,分批改造。\n二、保障措施\n"
    assert outline(parse(text)) == [(2, "一、", 1), (3, "第一步", 2), (4, "第二步", 2), (5, "二、", 1)]


def test_a_marker_broken_by_a_space_is_the_marker_it_stands_for(parse):
    text = "白沙镇改厕方案\n一 、 目标任务\n1 . 完成改厕五百户。\n2 . 建立管护制度。\n"
    assert [(m.replace(" ", ""), lv) for _, m, lv in outline(parse(text))] == [("一、", 1), ("1.", 2), ("2.", 2)]


def test_a_table_of_contents_and_page_numbers_are_not_headings(parse):
    text = ("白沙镇改厕方案\n目  录\n一、目标任务……………2\n二、保障措施……………5\n"
            "一、目标任务\n完成改厕五百户。\n- 2 -\n二、保障措施\n落实资金。\n")
    assert outline(parse(text)) == [(5, "一、", 1), (8, "二、", 1)]


def test_an_unnumbered_group_line_may_come_before_the_first_number(parse):
    text = "白沙镇改厕方案\n为改善人居环境,制定本方案。\n三项重点工作\n(一)改造旱厕\n(二)建设公厕\n"
    assert outline(parse(text)) == [(3, "", 1), (4, "(一)", 2), (5, "(二)", 2)]


def test_depth_follows_rank_where_the_printed_order_contradicts_it(parse):
    text = "白沙镇集贸市场管理办法\n(一)摊位划分。\n(二)卫生保洁。\n第五条 市场实行统一管理。\n(一)统一收费。\n"
    assert outline(parse(text)) == [(2, "(一)", 1), (3, "(二)", 1), (4, "第五条", 1), (5, "(一)", 2)]


# ---------------------------------------------------------------- section 4: units

def test_a_role_word_in_front_of_a_unit_is_dropped_like_a_label(parse):
    text = "白沙镇防汛方案\n一、巡堤查险\n(一)加强巡查。(包片单位镇水利站)\n"
    assert roles(parse(text), 3) == ([], ["镇水利站"])


@pytest.mark.parametrize("note,lead,resp", [
    ("(镇综治办牵头,持续推进)", ["镇综治办"], []),
    ("(责任单位:镇综治办,长期坚持)", [], ["镇综治办"]),
])
def test_time_words_inside_an_annotation_are_deadlines_not_units(parse, note, lead, resp):
    result = parse(f"白沙镇平安建设方案\n一、矛盾排查\n(一)每周排查一次。{note}\n")
    assert roles(result, 3) == (lead, resp)
    assert dues(result, 3) == [("ongoing", None, None)]


def test_a_table_cell_merged_over_rows_applies_to_each_row(parse):
    text = ("白沙镇任务分工表\n序号\t工作任务\t牵头单位\t完成时限\n1\t修缮校舍\t镇中心校\t2025年8月底前\n"
            "2\t更新课桌\t\t2025年9月底前\n")
    assert roles(parse(text), 4) == (["镇中心校"], [])


# ---------------------------------------------------------------- section 5: deadlines

def test_ongoing_in_a_stage_bracket_where_the_siblings_give_dates(parse):
    text = ("白沙镇改厕方案\n一、实施步骤\n(一)摸底阶段(2025年3月底前)\n(二)改造阶段(2025年10月底前)\n"
            "(三)管护阶段(长期)\n")
    assert dues(parse(text), 5) == [("ongoing", None, None)]


def test_huo_zhi_qian_reads_as_qian(parse):
    text = "白沙镇改厕方案\n一、任务\n(一)2026年或之前完成全部改造。\n"
    assert dues(parse(text), 3) == [("date", None, "2026-12-31")]


def test_a_year_with_a_binding_verb_is_a_date_a_bare_year_opening_a_sentence_is_not(parse):
    result = parse("白沙镇改厕方案\n一、任务\n(一)新建公厕三座,于2026年投入使用。\n(二)2023年,全镇改厕八百户。\n")
    assert dues(result, 3) == [("date", None, "2026-12-31")]
    assert dues(result, 4) == []


def test_a_masked_year_gives_no_deadline(parse):
    text = "白沙镇改厕方案\n一、任务\n(一)20**年底前完成改造。\n"
    assert dues(parse(text), 3) == []


@pytest.mark.parametrize("sentence", [
    "过去三年,镇里于2024年6月完成了改造",           # 过去…
    "该项目已于2025年3月10日通过验收",              # 已于…
    "原办法实施至2025年12月31日",                    # the end of a policy being replaced
])
def test_past_facts_are_no_deadlines(parse, sentence):
    text = f"白沙镇改厕方案\n一、任务\n(一){sentence}。\n"
    assert dues(parse(text), 3) == []


# ---------------------------------------------------------------- section 8: clarifications

def test_a_title_glued_to_its_doc_number_is_a_title_line_and_the_last_copy_starts_it(parse):
    text = ("白沙镇人民政府关于做好秋粮收购工作的通知\n白沙镇人民政府关于做好秋粮收购工作的通知白政发〔2025〕9号\n"
            "各村委会:\n现将有关事项通知如下。\n一、做好准备\n")
    assert starts(parse(text))[0][0] == 2


def test_a_task_table_row_without_a_number_has_its_heading_at_its_first_cell(parse):
    text = ("白沙镇任务分工表\n牵头单位\n工作任务\n完成时限\n镇农办\n建设晒场\n2025年9月底前\n"
            "镇林业站\n补植苗木\n2025年4月底前\n")
    result = parse(text)
    assert outline(result) == [(5, "", 1), (8, "", 1)]
    assert roles(result, 8) == (["镇林业站"], [])


def test_a_bare_month_in_running_text_needs_a_binding_word(parse):
    result = parse("白沙镇消防方案\n一、任务\n(一)7月为消防宣传月。\n(二)于9月完成隐患排查。\n")
    assert dues(result, 3) == []
    assert dues(result, 4)[0][0] == "date"


def test_assignments_count_by_their_words(parse):
    # 牵头 makes a lead whatever follows it; a substitute word (主抓) makes no assignment
    result = parse("白沙镇消防方案\n一、任务\n(一)开展排查。(镇安监站牵头抓总)\n(二)开展宣传。(镇文化站主抓)\n")
    assert roles(result, 3)[0] == ["镇安监站"]
    assert roles(result, 4) == ([], [])


def test_a_line_ending_with_a_colon_heads_a_section_but_not_a_label(parse):
    # a section label over the document's first list names the section under it (a heading);
    # a label inside an item (具体措施:) introduces the item's own list: no heading
    text = ("白沙镇党政联席会议纪要\n镇长提示:\n一、抓好秋收。\n二、防范火灾。\n议定事项\n一、修缮校舍。\n"
            "(一)改造操场。\n具体措施:\n1.铺设跑道。\n")
    assert outline(parse(text)) == [(2, "", 1), (3, "一、", 2), (4, "二、", 2), (5, "", 1), (6, "一、", 2),
                                    (7, "(一)", 3), (9, "1.", 4)]


def test_a_year_bound_by_a_verb_states_the_target_whoever_its_subject_is(parse):
    text = "白沙镇规划\n一、目标\n(一)争取全镇道路于2030年全部硬化。\n"
    assert dues(parse(text), 3) == [("date", None, "2030-12-31")]


def test_a_page_title_above_an_attachment_with_another_title_is_its_own_document(parse):
    text = ("白沙镇关于印发改厕方案的通知\n各村委会:\n现将方案印发给你们。\n\n白沙镇人民政府\n2025年2月1日\n"
            "附件1\n白沙镇改厕方案\n一、目标\n")
    assert starts(parse(text)) == [(1, "白沙镇关于印发改厕方案的通知"), (8, "白沙镇改厕方案")]


def test_a_date_the_plan_schedules_is_a_deadline_even_before_the_issue_date(parse):
    text = ("白沙镇改厕方案\n一、任务\n(一)1月10日前完成摸底。\n\n白沙镇人民政府\n2025年2月1日\n")
    assert dues(parse(text), 3) == [("date", None, "2025-01-10")]


def test_a_convention_naming_units_for_every_task_adds_them(parse):
    text = ("白沙镇改厕方案\n一、任务\n(一)完成摸底。(镇农办牵头,以下各项均需各村委会落实,不再单独列出)\n"
            "(二)完成改造。(镇建设办牵头)\n")
    result = parse(text)
    assert "各村委会" in roles(result, 3)[1] and "各村委会" in roles(result, 4)[1]
