"""One test per item of ../shared/ANNOTATION.md version 2, each on sentences written for this
file in the format the guide names (not copied from a notice).  The item is quoted in the
test's name or first comment so that a reader can find it in the guide."""
from __future__ import annotations

import pytest
from conftest import by_line, outline, roles


def dues(result, line: int) -> list[tuple[str, str | None, str | None]]:
    return [(d["kind"], d["start"], d["due"]) for d in by_line(result)[line]["deadlines"]]


def documents(result) -> list[tuple[int, str | None, str | None, str | None]]:
    return [(d["line"], d["title"], d["issuer"], d["issued"]) for d in result["documents"]]


# ---------------------------------------------------------------- 2. documents

def test_a_title_wrapped_over_lines_with_blank_lines_between_is_one_title(parse):
    text = "青禾县推进老旧小区改造\n\n和物业服务提升工作方案\n\n一、工作目标\n改造小区二十个。\n"
    assert documents(parse(text))[0][:2] == (1, "青禾县推进老旧小区改造和物业服务提升工作方案")


def test_a_page_title_repeated_above_the_body_title_starts_at_the_last_one(parse):
    text = ("青禾县节水型社会建设实施方案\n发布时间:2024-05-06 来源:县水利局\n"
            "青禾县节水型社会建设实施方案\n一、总体要求\n全面推进节水。\n")
    assert documents(parse(text))[0][:2] == (3, "青禾县节水型社会建设实施方案")


def test_a_column_tag_in_front_of_a_title_is_not_part_of_it(parse):
    text = "【政策文件】青禾县农村厕所改造工作方案\n一、目标任务\n完成改厕一千户。\n"
    assert documents(parse(text))[0][1] == "青禾县农村厕所改造工作方案"


@pytest.mark.parametrize("text,issuer", [
    # the signature first
    ("青禾县人民政府关于做好防汛工作的通知\n各乡镇:\n一、压实责任。\n\n青禾县人民政府办公室\n2024年5月6日\n",
     "青禾县人民政府办公室"),
    # else the organ the title names before 关于
    ("青禾县人民政府关于做好防汛工作的通知\n各乡镇:\n一、压实责任。\n", "青禾县人民政府"),
    # else a page's 发布机构 field
    ("发布机构:青禾县应急管理局\n青禾县防汛抢险工作方案\n一、压实责任。\n", "青禾县应急管理局"),
    # else nothing
    ("青禾县防汛抢险工作方案\n一、压实责任。\n", None),
])
def test_the_issuer_is_the_signature_else_the_organ_before_guanyu_else_the_field(parse, text, issuer):
    assert documents(parse(text))[0][2] == issuer


def test_a_plan_inside_a_notice_has_no_issuer_or_date_of_its_own(parse):
    text = ("青禾县人民政府办公室关于印发青禾县夜间经济发展方案的通知\n各乡镇人民政府,县直各单位:\n"
            "现将方案印发给你们,请认真组织实施。\n\n青禾县人民政府办公室\n2024年6月3日\n\n"
            "青禾县夜间经济发展方案\n一、打造夜间消费街区\n9月底前建成两条特色街区。(责任单位:县商务局)\n")
    result = parse(text)
    notice, plan = documents(result)
    assert notice[2:] == ("青禾县人民政府办公室", "2024-06-03")
    assert plan[1:] == ("青禾县夜间经济发展方案", None, None)
    assert dues(result, 9) == [("date", None, "2024-09-30")]  # the notice's year still applies


# ---------------------------------------------------------------- 3. headings

def test_articles_are_headings_and_their_enumerations_nest_under_them(parse):
    text = ("青禾县公共资源交易管理办法\n第一章 总则\n第一条 为规范交易活动,制定本办法。\n"
            "第二条 本办法适用于下列交易:\n(一)工程建设项目招标投标;\n(二)土地使用权出让。\n")
    assert outline(parse(text)) == [(2, "第一章", 1), (3, "第一条", 2), (4, "第二条", 2),
                                    (5, "(一)", 3), (6, "(二)", 3)]


def test_formal_numerals_are_headings(parse):
    text = "青禾县社区照护计划\n壹、计划目标\n一、设置照护站十处。\n贰、执行策略\n一、培训照护人员。\n"
    assert outline(parse(text)) == [(2, "壹、", 1), (3, "一、", 2), (4, "贰、", 1), (5, "一、", 2)]


@pytest.mark.parametrize("damaged", ["()", "?。ǘ┩"])  # the number lost; the bytes of (二) garbled
def test_a_marker_destroyed_by_damage_is_still_a_heading_where_its_place_is_evident(parse, damaged):
    text = (f"青禾县供水保障工作方案\n一、重点任务\n(一)改造老旧管网。\n{damaged}新建加压泵站。\n"
            "(三)更换智能水表。\n")
    result = parse(text)
    assert outline(result) == [(2, "一、", 1), (3, "(一)", 2), (4, damaged, 2), (5, "(三)", 2)]
    assert [(d["code"], d["line"]) for d in result["diagnostics"]] == [("marker-damaged", 4)]


def test_a_damaged_marker_with_no_numbered_heading_before_it_is_text(parse):
    result = parse("青禾县供水保障工作方案\n()新建加压泵站。\n")
    assert outline(result) == []


def test_task_table_rows_are_headings_and_their_cells_are_fields(parse):
    text = ("青禾县2024年重点任务分工表\n序号\t重点任务\t牵头单位\t责任单位\t完成时限\n"
            "1\t建成县级物流中心\t县商务局\t县交通运输局\t2024年10月底\n"
            "2\t完成河道清淤\t县水利局\t各乡镇人民政府\t2024年6月底\n")
    result = parse(text)
    assert outline(result) == [(3, "1", 1), (4, "2", 1)]
    assert roles(result, 3) == (["县商务局"], ["县交通运输局"])
    assert dues(result, 4) == [("date", None, "2024-06-30")]


def test_a_plan_that_goes_straight_from_yi_to_1_puts_1_at_level_2(parse):
    text = "青禾县粮食安全工作要点\n一、稳定面积\n1、落实耕地保护责任。\n2、建设高标准农田。\n二、提高单产\n"
    assert outline(parse(text)) == [(2, "一、", 1), (3, "1、", 2), (4, "2、", 2), (5, "二、", 1)]


# ---------------------------------------------------------------- 4. units

@pytest.mark.parametrize("annotation,lead,resp", [
    # a trailing 等 is dropped; 等 inside a unit stays
    ("(责任单位:县财政局、县审计局等)", [], ["县财政局", "县审计局"]),
    ("(责任单位:县水利局等县直有关部门)", [], ["县水利局等县直有关部门"]),
    # a bare generic noun takes the prefix of the element before it
    ("(责任单位:县直有关部门、单位)", [], ["县直有关部门", "县直有关单位"]),
    # a fixed designation of administrative levels is one unit
    ("(责任单位:各县、市、区政府)", [], ["各县、市、区政府"]),
    # 部门分工:A牵头,B、C配合
    ("部门分工:县教育局牵头,县卫健局、县体育局配合。", ["县教育局"], ["县卫健局", "县体育局"]),
    # A、B分别负责
    ("(县民政局、县残联分别负责)", [], ["县民政局", "县残联"]),
    # / separates units like 、
    ("(县发展改革局/县统计局)", [], ["县发展改革局", "县统计局"]),
])
def test_unit_lists_in_the_forms_of_the_guide(parse, annotation, lead, resp):
    result = parse(f"青禾县工作方案\n一、重点任务\n(一)做好甲工作。{annotation}\n")
    assert roles(result, 3) == (lead, resp)


def test_a_person_is_not_a_unit(parse):
    text = "青禾县工作方案\n一、推进乙项目建设。\n牵头领导:张明\n牵头单位:县住建局\n"
    assert roles(parse(text), 2) == (["县住建局"], [])


def test_an_unlabelled_bracket_of_unit_names_at_the_end_of_an_item_names_the_responsible(parse):
    text = "青禾县工作方案\n一、加快冷链物流设施建设。(县商务局、县农业农村局)\n"
    assert roles(parse(text), 2) == ([], ["县商务局", "县农业农村局"])


def test_labels_on_their_own_lines_after_an_item_belong_to_it(parse):
    text = "青禾县工作方案\n一、完善应急物资储备。\n  牵头单位:县应急管理局\n  责任单位:县粮食和储备局\n二、下一项。\n"
    assert roles(parse(text), 2) == (["县应急管理局"], ["县粮食和储备局"])


def test_a_stated_convention_applies_to_the_annotations_after_it(parse):
    text = ("青禾县工作方案\n一、甲任务。(责任单位:县发改局、县财政局,排在首位的为牵头单位,下同)\n"
            "二、乙任务。(责任单位:县科技局、县工信局)\n")
    result = parse(text)
    assert roles(result, 2) == (["县发改局"], ["县财政局"])
    assert roles(result, 3) == (["县科技局"], ["县工信局"])


def test_an_annotation_alone_after_sub_items_without_any_belongs_to_the_parent(parse):
    text = ("青禾县工作方案\n一、提升政务服务\n1.推行一窗受理。\n2.压缩办理时限。\n"
            "(牵头单位:县政务服务中心;责任单位:县直各部门)\n")
    result = parse(text)
    assert roles(result, 2) == (["县政务服务中心"], ["县直各部门"])
    assert roles(result, 4) == ([], [])


# ---------------------------------------------------------------- 5. deadlines

@pytest.mark.parametrize("phrase,due", [
    ("年中前完成验收", "2024-06-30"),
    ("年初启动招标", "2024-03-31"),
    ("年内持续推进", "2024-12-31"),
])
def test_mid_year_start_of_year_and_within_the_year(parse, phrase, due):
    result = parse(f"青禾县2024年工作要点\n一、建设污水处理厂,{phrase}。\n")
    assert dues(result, 2) == [("date", None, due)]


@pytest.mark.parametrize("phrase,due", [
    ("於113年底前完成", "2024-12-31"),
    ("民國113年6月30日前完成", "2024-06-30"),
    ("一百一十三年九月三十日前完成", "2024-09-30"),
])
def test_roc_years_are_the_year_plus_1911(parse, phrase, due):
    result = parse(f"臺北市社區營造計畫\n一、培力社區組織,{phrase}。\n")
    assert dues(result, 2) == [("date", None, due)]


@pytest.mark.parametrize("phrase", ["2025-26年度", "2025/26年度"])
def test_a_hong_kong_fiscal_year_is_a_range_from_april_to_march(parse, phrase):
    result = parse(f"房屋供應計劃\n一、公營房屋單位預計在{phrase}落成。\n")
    assert dues(result, 2) == [("range", "2025-04-01", "2026-03-31")]
