"""Stage outline: documents, heading markers, levels by nesting, numbering diagnostics."""
from __future__ import annotations

import pytest
from conftest import by_line, sections_of


def levels(result) -> list[tuple[int, str, int]]:
    return [(s["line"], s["marker"], s["level"]) for s in sections_of(result)]


def test_levels_follow_nesting_as_printed(parse):
    # the same marker style is level 2 here and level 3 in the next test
    text = "XX方案\n一、目标\n1、完成改造。\n2、完成验收。\n二、措施\n1、加强领导。"
    assert levels(parse(text)) == [(2, "一、", 1), (3, "1、", 2), (4, "2、", 2), (5, "二、", 1), (6, "1、", 2)]


def test_full_national_ladder(parse):
    text = ("XX方案\n第一章 总则\n一、目标\n(一)近期目标\n1.完成改造。\n(1)城区。\n①东片。\n"
            "一是加快进度。\n第二章 任务\n一、重点")
    assert levels(parse(text)) == [
        (2, "第一章", 1), (3, "一、", 2), (4, "(一)", 3), (5, "1.", 4), (6, "(1)", 5),
        (7, "①", 6), (8, "一是", 7), (9, "第二章", 1), (10, "一、", 2)]


def test_heading_title_and_body_on_one_line(parse):
    s = by_line(parse("XX方案\n一、任务\n(一)指导思想:以人为本。\n(1)强化教育培训。对窗口人员定期培训。"))
    assert s[3]["title"] == "指导思想"
    assert s[4]["title"] == "强化教育培训"
    assert "对窗口人员定期培训" in s[4]["text"]


def test_dates_quantities_and_inline_enumerations_are_not_headings(parse):
    text = ("XX方案\n一、任务\n12月10日前,各部门报送材料。\n2017年,新区共完成改造。\n12345热线全天受理。\n"
            "1.5亿元资金已到位。\n加强督办;②落实整改。\n组 长:张三\n")
    assert levels(parse(text)) == [(2, "一、", 1)]


def test_unnumbered_headings_between_numbered_ones(parse):
    text = ("XX方案\n一、工作举措\n强化要素管理,夯实基础\n按照要求全面实施提速。\n1、减少审批事项。\n"
            "强化创新服务\n1、拓展网上审批。\n二、工作要求\n加强领导,落实责任\n各部门要明确专人负责。")
    assert levels(parse(text)) == [(2, "一、", 1), (3, "", 2), (5, "1、", 3), (6, "", 2), (7, "1、", 3),
                                   (8, "二、", 1), (9, "", 2)]


def test_hard_wrapped_lines_are_rejoined(parse):
    text = ("XX方案\n一、任务\n1、拓展网上审批。对审批服务网进行全面提升改造,完善审批\n服务系统功能。(市行政审批局\n"
            "负责)\n县局将采取定期和不定期的方式对开展指导工作\n情况进行督查。")
    s = by_line(parse(text))
    assert sorted(s) == [2, 3]  # the 23-character wrapped line is not a heading
    assert s[3]["responsible_units"] == ["市行政审批局"]


def test_numbering_problems_become_diagnostics(parse):
    text = "XX方案\n一、任务\n(一)甲。\n(二)乙。\n(四)丙。\n(四)丁。\n(三)戊。"
    result = parse(text)
    assert len(sections_of(result)) == 6  # no heading lost
    codes = [(d["code"], d["line"]) for d in result["diagnostics"] if d["code"].startswith("numbering")]
    assert codes == [("numbering-gap", 5), ("numbering-repeat", 6), ("numbering-order", 7)]


def test_numbering_may_continue_across_parents(parse):
    text = "XX方案\n一、甲\n(一)a。\n(二)b。\n二、乙\n(三)c。\n(四)d。"
    result = parse(text)
    assert not [d for d in result["diagnostics"] if d["code"].startswith("numbering")]


def test_covering_notice_and_plan(parse):
    text = ("XX市人民政府办公室关于印发XX工作方案的通知\nX府办发〔2021〕3号\n各区人民政府:\n现将方案印发给你们。\n"
            "XX市人民政府办公室\n2021年3月1日\n(此件公开发布)\nXX工作方案\n一、目标\n(一)任务。")
    docs = parse(text)["documents"]
    assert [(d["line"], d["kind"]) for d in docs] == [(1, "notice"), (8, "plan")]
    assert docs[0]["doc_number"] == "X府办发〔2021〕3号"
    assert docs[0]["issuer"] == "XX市人民政府办公室"
    assert docs[0]["issued"] == "2021-03-01"
    assert docs[0]["recipients"] == ["各区人民政府"]
    assert docs[0]["disclosure"] == "此件公开发布"
    assert docs[1]["issued"] is None and docs[1]["reference_year"] == 2021


def test_bundle_of_plans_restarting_numbering(parse):
    text = ("关于开展甲专项整治行动方案\n为了甲,制定本方案。\n一、目标\n正文。\n二、措施\n正文。\n"
            "关于开展乙专项整治行动方案\n为了乙,制定本方案。\n一、目标\n正文。")
    docs = parse(text)["documents"]
    assert [(d["line"], d["title"]) for d in docs] == [(1, "关于开展甲专项整治行动方案"), (7, "关于开展乙专项整治行动方案")]
    assert [s["line"] for s in docs[1]["sections"]] == [9]


def test_compilation_articles(parse):
    text = "第一篇:甲工作方案\n甲工作方案\n一、目标\n正文。\n第二篇:乙工作总结\n一、成绩\n正文。"
    docs = parse(text)["documents"]
    assert [(d["line"], d["title"], d["kind"]) for d in docs] == [(1, "甲工作方案", "article"),
                                                                  (5, "乙工作总结", "article")]


def test_attachment_list_is_metadata_and_attachment_is_a_document(parse):
    text = ("XX工作方案\n一、目标\n正文。\n附件:\n1.任务分解表\n2.联系人名单\n附件1\n任务分解表\n1.城区:300户。\n2.郊区:200户。")
    docs = parse(text)["documents"]
    assert docs[0]["attachments"] == ["任务分解表", "联系人名单"]
    assert [s["line"] for s in docs[0]["sections"]] == [2]
    assert (docs[1]["line"], docs[1]["title"], docs[1]["kind"]) == (8, "任务分解表", "attachment")
    assert [s["line"] for s in docs[1]["sections"]] == [9, 10]


def test_web_page_title_and_index_table_before_the_real_title(parse):
    text = ("菜单\nXX市人民政府关于甲的通知\n作者:办公室    日期:2016年11月23日    点击数:5\n"
            "X府发〔2016〕9号\n\nXX市人民政府\n关于甲的通知\n\n各县人民政府:\n现将有关事项通知如下。\n一、要求\n正文。")
    doc = parse(text)["documents"][0]
    assert (doc["line"], doc["title"], doc["doc_number"]) == (6, "XX市人民政府关于甲的通知", "X府发〔2016〕9号")
    assert doc["issuer"] == "XX市人民政府"


def test_enclosed_numerals_are_markers(parse):
    assert levels(parse("XX方案\n㈠任务\n⑴全面自查。\n⑵集中整改。\n㈡要求\n⒈按时报送。")) == [
        (2, "(一)", 1), (3, "(1)", 2), (4, "(2)", 2), (5, "(二)", 1), (6, "1.", 2)]


def test_closing_words_and_trailing_signature_are_not_headings(parse):
    text = "XX方案\n一、任务\n正文。\n特此通知\nXX区教育局"
    result = parse(text)
    assert levels(result) == [(2, "一、", 1)]
    assert result["documents"][0]["issuer"] == "XX区教育局"


def test_attachment_titled_on_one_line(parse):
    listing = parse("XX通知\n各单位:\n正文。\n附件1:排查清单\n附件2:统计表\nXX局\n2023年4月10日")
    assert listing["documents"][0]["attachments"] == ["排查清单", "统计表"]
    assert len(listing["documents"]) == 1
    starts = parse("XX通知\n各单位:\n正文。\nXX局\n2023年4月10日\n附件1:排查清单\n一、校舍\n1.结构安全。")
    assert [(d["line"], d["title"], d["kind"]) for d in starts["documents"]][1] == (6, "排查清单", "attachment")


def test_heading_ending_like_a_document_type_does_not_split_the_document(parse):
    text = "XX方案\n一、任务\n建立健全工作制度\n1.完善规则。\n2.加强考核。\n二、要求\n专项工作计划\n1.按时报送。"
    result = parse(text)
    assert len(result["documents"]) == 1
    assert levels(result) == [(2, "一、", 1), (3, "", 2), (4, "1.", 3), (5, "2.", 3), (6, "二、", 1),
                              (7, "", 2), (8, "1.", 3)]


def test_title_wrapped_across_blank_lines(parse):
    text = "XX市人民政府关于印发《XX市优化营商\n\n环境实施方案》的通知\n\n各区人民政府:\n\n现印发给你们。\n\n一、要求\n\n正文。"
    doc = parse(text)["documents"][0]
    assert (doc["line"], doc["title"]) == (1, "XX市人民政府关于印发《XX市优化营商环境实施方案》的通知")


def test_red_header_doc_number_with_signer(parse):
    text = "XX市人民政府办公室文件\nX府办文〔2023〕1号　　签发人：张三\n关于XX工作情况的报告\n市政府：\n现将情况报告如下。\n一、主要工作\n正文。"
    doc = parse(text)["documents"][0]
    assert (doc["line"], doc["title"], doc["doc_number"]) == (3, "关于XX工作情况的报告", "X府办文〔2023〕1号")


def test_weak_document_types_need_a_title_shape(parse):
    text = ("关于开展甲整治的若干措施\n为了甲,制定本措施。\n一、目标\n正文。\n二、任务\n正文。\n"
            "关于开展乙整治的若干措施\n为了乙,制定本措施。\n一、目标\n正文。")
    assert [d["line"] for d in parse(text)["documents"]] == [1, 7]
    plain = "XX方案\n一、任务\n正文。\n二、要求\n完善考核制度\n1.按时报送。\n2.严格考核。"
    assert len(parse(plain)["documents"]) == 1


def test_a_colon_sentence_is_not_a_recipients_line(parse):
    doc = parse("XX方案\n为做好工作,各部门具体要求如下:\n一、任务\n正文。")["documents"][0]
    assert doc["recipients"] == []


def test_line_cut_by_a_page_pager_is_body_not_a_heading(parse):
    # a web copy breaks the last paragraph at the page end: "...的1 2 下一页"
    text = ("XX方案\n一、工作要求\n加强领导,落实责任\n各部门要明确专人负责。\n"
            "狠抓落实,务求实效\n各部门要将推进工作的1 2 下一页\n")
    result = parse(text)
    assert levels(result) == [(2, "一、", 1), (3, "", 2), (5, "", 2)]
    assert "各部门要将推进工作的" in by_line(result)[5]["text"]


def test_a_page_converted_to_markdown_keeps_its_headings(parse):
    text = "# XX市行动方案\n## 一、总体要求\n**(一)指导思想**\n以改革为动力。\n## 二、重点任务\n1. 推进改革。"
    result = parse(text)
    assert result["documents"][0]["title"] == "XX市行动方案"
    assert levels(result) == [(2, "一、", 1), (3, "(一)", 2), (5, "二、", 1), (6, "1.", 2)]


def test_a_user_marker_style_from_a_grammar_folder(parse, tmp_path):
    (tmp_path / "markers.toml").write_text(
        "[[marker]]\nname = \"problem\"\npattern = '(?P<marker>问题(?P<num>\\d{1,3}))\\s*[::、.]\\s*'\n"
        "numerals = \"arabic\"\n", encoding="utf-8")
    text = "XX整改清单\n一、主体责任\n问题1:部署不够。\n责任单位:市发改委\n问题2:督查不到位。\n"
    assert levels(parse(text)) == [(2, "一、", 1)]  # not a heading by the shipped grammar
    assert levels(parse(text, grammar_dirs=(tmp_path,))) == [(2, "一、", 1), (3, "问题1", 2), (5, "问题2", 2)]


def test_a_title_wrapped_over_a_blank_line(parse):
    # guide section 2: a title wrapped over several lines, blank lines between, is one title;
    # the line that goes on starts with 和 (or 及, 与, 暨 …)
    text = ("XX市人民政府关于印发重点任务分解方案的通知\n各区政府:\n现印发给你们。\nXX市人民政府\n2024年3月1日\n\n"
            "2024年重点任务分解\n\n和责任分工方案\n\n一、总体要求\n(一)甲。\n")
    docs = parse(text)["documents"]
    assert [(d["line"], d["title"]) for d in docs] == [
        (1, "XX市人民政府关于印发重点任务分解方案的通知"), (7, "2024年重点任务分解和责任分工方案")]


def test_a_title_above_a_pages_byline_and_fields(parse):
    # the page prints the title, then a byline and 发布部门/文号 fields, then the body
    text = ("XX县人民政府关于做好秋季防火工作的通知\n\n时间:2023-09-01 08:00 作者:网友 字数:500字\n"
            "发布部门: XX县人民政府\n发布文号: X政发[2023]7号\n\n各乡镇人民政府:\n一、任务\n(一)甲。\n")
    [doc] = parse(text)["documents"]
    assert (doc["line"], doc["title"], doc["doc_number"], doc["issuer"]) == (
        1, "XX县人民政府关于做好秋季防火工作的通知", "X政发[2023]7号", "XX县人民政府")


def test_a_title_printed_in_book_brackets_and_repeated(parse):
    # guide section 2: a page title repeated before the body: the document starts at the last one
    text = "《XX市关于建立月报制度的通知》\n浏览量: 时间:2023-01-02\n《XX市关于建立月报制度的通知》\n各区政府:\n一、任务\n"
    [doc] = parse(text)["documents"]
    assert doc["line"] == 3


def test_a_pages_index_block_gives_number_date_and_issuer(parse):
    text = ("索引号 0001/2020-01 主题分类 综合政务\n发文机构XX市人民政府办公厅发文字号X政办〔2020〕1号\n"
            "成文日期2020年01月17日\n\nXX市人民政府办公厅关于印发任务分解方案的通知\n各区人民政府:\n一、任务\n")
    [doc] = parse(text)["documents"]
    assert (doc["doc_number"], doc["issued"], doc["issuer"]) == ("X政办〔2020〕1号", "2020-01-17", "XX市人民政府办公厅")


@pytest.mark.parametrize("first,title,number", [
    ("【政策解读】XX区清洁家园行动方案", "XX区清洁家园行动方案", None),  # a page's column tag
    ("X政办发〔2023〕5号 XX市人民政府办公室关于印发治理方案的通知", "XX市人民政府办公室关于印发治理方案的通知",
     "X政办发〔2023〕5号"),  # 文号 glued before the title
    ("2023年区政府重点工作任务(X政发〔2023〕2号)", "2023年区政府重点工作任务", "X政发〔2023〕2号"),
    ("《XX市关于建立月报制度的通知》", "XX市关于建立月报制度的通知", None),  # printed in 《》
], ids=["tag", "number-before", "number-after", "book-brackets"])
def test_what_a_page_puts_around_a_title(parse, first, title, number):
    [doc] = parse(f"{first}\n各区政府:\n一、任务\n(一)甲。\n")["documents"]
    assert (doc["title"], doc["doc_number"]) == (title, number)


def test_a_repeated_title_and_the_issuer_line_under_it(parse):
    text = ("XX市网络专线工作办法\nXX市网络专线工作办法\nXX市人民政府\n第一条 为规范管理,制定本办法。\n"
            "第二条 本办法自印发之日起施行。\n")
    [doc] = parse(text)["documents"]
    assert (doc["line"], doc["title"], doc["issuer"]) == (2, "XX市网络专线工作办法", "XX市人民政府")


def test_a_pages_field_holding_the_title_is_not_the_title(parse):
    text = ("XX市人民政府关于印发《2023年任务分解\n和责任分工方案》的通知\n信息名称 XX市人民政府关于印发《2023年任务分解和责任分工方案》的通知\n"
            "产生日期 2023-02-01 文  号 X政发〔2023〕1号\n各区政府:\n一、任务\n")
    [doc] = parse(text)["documents"]
    assert (doc["line"], doc["title"], doc["doc_number"]) == (
        1, "XX市人民政府关于印发《2023年任务分解和责任分工方案》的通知", "X政发〔2023〕1号")


def test_a_list_whose_first_numeral_was_damaged_into_a_formal_one(parse):
    # 壹、 … 二、: a copy turned 一 into 壹 (also (壹)); 二、 continues the list at the same level
    text = "XX方案\n壹、总体要求\n(壹)加强领导\n1.成立专班\n二、重点任务\n(一)甲\n"
    assert levels(parse(text)) == [(2, "壹、", 1), (3, "(壹)", 2), (4, "1.", 3), (5, "二、", 1), (6, "(一)", 2)]


def test_a_pages_authority_line_above_the_title_is_the_last_issuer_fallback(parse):
    # a law database prints the organ above the title; no signature organ, no 关于 in the title
    text = "XX省道路管理规定\n\nXX省人民政府\n\nXX省道路管理规定\n\n政府令〔2010〕第5号\n\n第一条 为加强管理,制定本规定。\n"
    [doc] = parse(text)["documents"]
    assert (doc["line"], doc["issuer"]) == (5, "XX省人民政府")


def test_an_unnumbered_line_that_titles_a_new_list(parse):
    # 三、… / 报告事项 / 一、…: the unnumbered line titles a list that starts again at 一、; it is a
    # sibling of the list before it, and the new list nests under it
    text = "XX会议纪要\n一、甲事项。\n二、乙事项。\n报告事项\n一、丙报告。\n(一)准予备查。\n"
    assert levels(parse(text)) == [(2, "一、", 1), (3, "二、", 1), (4, "", 1), (5, "一、", 2), (6, "(一)", 3)]


def test_a_label_above_the_first_list_titles_it_when_a_later_line_titles_the_next(parse):
    # 会议决定: / (a date line) / 一、二、 / 研究事项 / 一、…: the label is the first list's title, as the
    # later unnumbered line is the second's; the date line between is the label's text
    text = ("XX县政府常务会议纪要\n会议决定:\n2024年3月5日第8次常务会议\n一、同意甲方案。\n二、同意乙方案。\n"
            "研究事项\n一、丙事项。\n")
    result = parse(text)
    assert levels(result) == [(2, "", 1), (4, "一、", 2), (5, "二、", 2), (6, "", 1), (7, "一、", 2)]
    [doc] = result["documents"]
    assert doc["sections"][0]["title"] == "会议决定" and doc["preface"] == ""
    assert "2024年3月5日" in doc["sections"][0]["text"]


@pytest.mark.parametrize("lead_in", ["具体如下:", "各区县人民政府:", "请认真贯彻执行。现将有关事项通知如下:"])
def test_a_line_that_introduces_the_text_titles_no_list(parse, lead_in):
    text = f"XX会议纪要\n{lead_in}\n一、甲事项。\n二、乙事项。\n报告事项\n一、丙报告。\n"
    assert levels(parse(text))[:2] == [(3, "一、", 1), (4, "二、", 1)]


def test_without_a_second_titled_list_a_label_stays_text(parse):
    text = "XX会议纪要\n会议决定:\n一、同意甲方案。\n二、同意乙方案。\n"
    assert levels(parse(text)) == [(3, "一、", 1), (4, "二、", 1)]


def test_one_character_left_of_a_cut_label_is_no_heading(parse):
    """A web copy cut inside the last label (牵 of 牵头单位): the fragment stays in the item's
    text instead of becoming a sub-heading titled 牵."""
    text = "一、主要目标\n1.城镇新增就业一万人。\n牵头单位:县人社局\n2.农村居民收入增长7%。\n牵\n"
    secs = by_line(parse(text))
    assert sorted(secs) == [1, 2, 4]
    assert secs[4]["title"] == "农村居民收入增长7%" and "牵" in secs[4]["text"]


def test_title_only_in_an_index_field_starts_the_document_there(parse):
    # guide v3 section 2: no title line follows the page's index block, so the document
    # starts at the field that holds the title, and the title is the field's value
    text = ("索引号 | 11223344/2021-00007 | 分类 | 工作动态 |\n"
            "发布机构 | 红石镇人民政府 | 发文日期 | 2022-01-05 |\n"
            "标题 | 红石镇2021年度河道保洁工作情况汇报 | |\n"
            "文号 | 红镇发〔2021〕9号 | |\n"
            "县政府:\n"
            "2021年,我镇持续开展河道保洁。现将有关情况汇报如下:\n"
            "一、主要做法\n(一)落实河长责任。\n")
    doc = parse(text)["documents"][0]
    assert doc["line"] == 3
    assert doc["title"] == "红石镇2021年度河道保洁工作情况汇报"
    assert doc["doc_number"] == "红镇发〔2021〕9号"


def test_a_title_line_below_the_index_block_keeps_the_document_there(parse):
    text = ("标题 | 关于做好河道保洁的通知 | |\n发文字号 | 红镇发〔2021〕9号 | |\n"
            "关于做好河道保洁的通知\n各村委会:\n现将有关事项通知如下:\n一、落实责任\n")
    assert parse(text)["documents"][0]["line"] == 3


def test_a_higher_rank_printed_after_a_lower_one_does_not_nest_under_it(parse):
    # guide v3 section 3: depth follows rank where the printed order contradicts it
    text = ("XX考核办法\n(五)考核结果的运用情况。\n(六)公众满意情况。\n第七条 考核按年度进行。\n"
            "(一)制定考核方案。\n(二)组织自查。\n第八条 本办法自印发之日起施行。\n")
    assert levels(parse(text)) == [(2, "(五)", 1), (3, "(六)", 1), (4, "第七条", 1), (5, "(一)", 2),
                                   (6, "(二)", 2), (7, "第八条", 1)]
    text = "XX施政计划\n七、强化智能应用。\n八、建设安全环境。\n壹、年度施政目标\n一、推进铁路改革\n(一)调整组织\n"
    assert levels(parse(text)) == [(2, "七、", 1), (3, "八、", 1), (4, "壹、", 1), (5, "一、", 2), (6, "(一)", 3)]


def test_the_printed_nesting_still_decides_where_ranks_agree_or_are_absent(parse):
    # 一、 straight to 1、 (no (一)): 1、 is level 2; 一是 has no rank and nests as printed
    text = "XX方案\n一、目标\n1、完成改造。\n一是加快进度。\n二是加强督办。\n二、措施\n"
    assert levels(parse(text)) == [(2, "一、", 1), (3, "1、", 2), (4, "一是", 3), (5, "二是", 3), (6, "二、", 1)]


def test_stages_and_steps_nest_where_the_plan_lists_them(parse):
    text = "XX方案\n一、工作步骤\n第一阶段:动员部署。\n第二步,全面推开。\n二、保障措施\n"
    assert levels(parse(text)) == [(2, "一、", 1), (3, "第一阶段", 2), (4, "第二步", 2), (5, "二、", 1)]


def test_a_group_line_before_the_first_number_titles_the_list_under_it(parse):
    # guide v3 section 3: an unnumbered heading may come before the first numbered one
    text = ("XX规划\n为做好防汛工作,制定本规划。\n五项重点建设任务\n(一)监测预警建设\n1.完善站网布局\n"
            "(1)新建雨量站。\n(二)队伍建设\n")
    assert levels(parse(text)) == [(3, "", 1), (4, "(一)", 2), (5, "1.", 3), (6, "(1)", 4), (7, "(二)", 2)]


def test_group_lines_between_items_of_one_list_are_its_groups(parse):
    # numbering runs on across groups: each group line is a sibling of the first
    text = ("XX工作方案\n社区服务统筹组\n1. 新增服务点不少于20个。\n街道整治统筹组\n2. 改善街巷卫生:\n"
            "- 黑点于年底前减半。\n3. 完成路面翻新。\n")
    assert levels(parse(text)) == [(2, "", 1), (3, "1.", 2), (4, "", 1), (5, "2.", 2), (7, "3.", 2)]


def test_a_page_label_apart_from_the_list_or_a_dated_line_titles_nothing(parse):
    # a blank line between the label and the list, or a line that begins with a date
    assert levels(parse("XX注意事项\n功能按钮区\n\n一、共通原则\n二、其他\n")) == [(4, "一、", 1), (5, "二、", 1)]
    assert levels(parse("XX会议纪要\n2024年3月5日第12次会议\n一、听取汇报\n")) == [(3, "一、", 1)]


def test_a_title_wrapped_across_blank_lines_is_one_title(parse):
    # guide v3 section 2: the page's own title and tools above are not the document's start
    text = ("首页 > 政务公开 > 通知公告\n\n青禾县人民政府关于印发2024年县《政府工作报告》重点任务分工方案的通知\n\n"
            "时间: 2024-03-02 09:10:11 来源: 本网\n【打印】【关闭】\n\n青禾县人民政府关于印发2024年\n\n"
            "县《政府工作报告》重点任务\n\n分工方案的通知\n\n青政〔2024〕3号\n\n各乡镇人民政府,县直各部门:\n\n"
            "现将分工方案印发给你们,请认真贯彻执行。\n")
    docs = parse(text)["documents"]
    assert [(d["line"], d["title"], d["doc_number"]) for d in docs] == [
        (8, "青禾县人民政府关于印发2024年县《政府工作报告》重点任务分工方案的通知", "青政〔2024〕3号")]


def test_a_site_name_above_a_whole_title_is_not_part_of_it(parse):
    text = "返回首页\n\n政务服务网\n\n县政府关于做好秋季防火工作的意见\n\n各乡镇:\n现提出如下意见。\n一、压实责任\n"
    [doc] = parse(text)["documents"]
    assert (doc["line"], doc["title"]) == (5, "县政府关于做好秋季防火工作的意见")


def test_a_title_after_the_signature_is_a_title_by_its_place(parse):
    # whatever its last word: here 责任分解, which names no document type
    text = ("县人民政府办公室关于印发防汛规划的通知\n各乡镇:\n现印发给你们。\n县人民政府办公室\n2024年4月13日\n"
            "青禾县防汛体系建设规划责任分解\n为提高防汛能力,制定本分解。\n一、监测预警\n")
    docs = parse(text)["documents"]
    assert [(d["line"], d["title"]) for d in docs][1] == (6, "青禾县防汛体系建设规划责任分解")


def test_markers_and_years_broken_by_a_space_are_the_markers_they_stand_for(parse):
    # guide v3 section 3: 1 . / 一 、 / ( 1 ) are damaged markers; 20 21年 a damaged year
    text = "XX方案\n一 、总体要求\n1 . 加快改造,20 21年底前完成。\n( 1 ) 城区先行。\n二 、保障措施\n"
    result = parse(text)
    assert levels(result) == [(2, "一、", 1), (3, "1.", 2), (4, "(1)", 3), (5, "二、", 1)]
    assert by_line(result)[3]["deadlines"][0]["due"] == "2021-12-31"


def test_a_leftover_list_number_before_a_real_marker(parse):
    # a web page's own numbered list printed in front of each real marker
    text = "XX报告\n1. 壹、民政\n1. 一、地方制度\n(一)修订法规。\n2. 二、宗教事务\n2. 贰、财政\n"
    assert levels(parse(text)) == [(2, "1. 壹、", 1), (3, "1. 一、", 2), (4, "(一)", 3), (5, "2. 二、", 2),
                                   (6, "2. 贰、", 1)]
    # a list number before a marker of a lower rank stays the marker it is
    assert levels(parse("XX方案\n一、任务\n1. 一是加强领导。\n")) == [(2, "一、", 1), (3, "1.", 2)]


def test_the_lines_right_above_the_body_are_its_title_whatever_they_end_with(parse):
    # an index block of bullet fields above, then the title, then the first chapter
    text = ("返回顶部\n\n青禾县人民政府议事规程\n\n  • 索引号:\n\n    11223344/2024-0001\n  • 发布日期:\n\n"
            "    2024年04月06日\n\n青禾县人民政府议事规程\n\n第一章 总则\n第一条 为规范议事,制定本规程。\n")
    [doc] = parse(text)["documents"]
    assert (doc["line"], doc["title"]) == (12, "青禾县人民政府议事规程")


def test_a_page_headline_that_quotes_the_title_and_a_remark_line_under_it(parse):
    text = ("“政务公开” 青禾县人民政府办公室印发《青禾县打响服务品牌三年行动计划(2024—2026年)》的通知\n"
            "青禾县打响服务品牌\n三年行动计划\n(2024—2026年)\n为打响服务品牌,制定本计划。\n一、总体要求\n")
    [doc] = parse(text)["documents"]
    assert (doc["line"], doc["title"]) == (2, "青禾县打响服务品牌三年行动计划(2024—2026年)")


def test_markers_garbled_into_bopomofo_or_currency_signs_continue_their_list(parse):
    # (三) and (六) read through the wrong code page: ? 。 then a bopomofo letter or a currency sign
    text = ("XX方案\n一、任务\n(一)建设园区。(牵头单位:县发改局)\n?。ㄈ┲加快物流建设。(牵头单位:县商务局)\n"
            "?。﹩优f推进市场建设。(牵头单位:县市场监管局)\n")
    result = parse(text)
    assert [(s["line"], s["level"]) for s in sections_of(result)] == [(2, 1), (3, 2), (4, 2), (5, 2)]
    assert [s["lead_units"] for s in sections_of(result)][1:] == [["县发改局"], ["县商务局"], ["县市场监管局"]]


@pytest.mark.parametrize("style", ["{n}.", "{n}、", "({n})", "{n})"])
@pytest.mark.parametrize("start,count", [(1, 120), (97, 8)])
def test_a_task_list_runs_past_99(parse, style, start, count):
    """A long task list (任务分工 of 120 items) numbers past 99: item 100 opens its own section, under
    whatever heading, with whatever words and a wrapped item among them."""
    verbs = ["完善", "推进", "加强", "健全", "落实"]
    items = []
    for n in range(start, start + count):
        body = f"{verbs[n % 5]}第{n}项重点工作的制度安排和督办"
        if n % 7 == 0:  # a hard wrap inside the item
            body += "机制,\n确保按期完成"
        items.append(style.format(n=n) + body + "。")
    data = parse("关于分解落实重点任务的通知\n一、工作任务\n" + "\n".join(items) + "\n")
    numbered = [s for s in data["documents"][0]["sections"][0]["children"]]
    assert [s["number"] for s in numbered] == list(range(start, start + count))
    assert all(f"第{s['number']}项" in s["title"] + s["text"] for s in numbered)


@pytest.mark.parametrize("number", ["150、", "(300)", "20.", "45)", "12、"])
@pytest.mark.parametrize("before", ["推进港口码头,", "推进港口、码头、", "推进港口码头。其中码头泊位建设与"])
def test_a_number_a_hard_wrap_put_first_on_a_line_is_text(parse, number, before):
    """…完善机制,/150、200吨级…: a line that starts with a number and 、 . ) inside an unfinished sentence, whose
    number continues no list, is text of the item before it; the next item goes on the list.  (After a short
    title with no punctuation the sentence is not known to go on: that line stays a heading.)"""
    text = (f"一、工作任务\n1. 加强统筹协调。\n2. {before}\n{number}200吨级泊位改造同步完成。\n"
            "3. 做好宣传引导。\n")
    data = parse(text)
    items = data["documents"][0]["sections"][0]["children"]
    assert [s["number"] for s in items] == [1, 2, 3]
    assert "200吨级泊位" in items[1]["text"] and not items[1]["children"]
    assert not [d for d in data["diagnostics"] if d["code"].startswith("numbering")]


@pytest.mark.parametrize("line", ["3. 做好宣传引导。", "1. 明确责任分工。"])
def test_a_number_that_continues_or_opens_a_list_after_an_unfinished_line_stays_a_heading(parse, line):
    data = parse(f"一、工作任务\n1. 加强统筹协调。\n2. 推进港口码头建设,\n{line}\n")
    items = data["documents"][0]["sections"][0]["children"]
    titles = [s["title"] for s in items] + [c["title"] for s in items for c in s["children"]]
    assert line[3:7] in "".join(titles)


def test_a_gap_after_a_finished_sentence_stays_a_heading_and_is_reported(parse):
    data = parse("一、工作任务\n1. 加强统筹协调。\n2. 推进港口码头建设。\n5. 做好宣传引导。\n")
    items = data["documents"][0]["sections"][0]["children"]
    assert [s["number"] for s in items] == [1, 2, 5]
    assert [d["code"] for d in data["diagnostics"]] == ["numbering-gap"]


def test_one_alternation_tells_a_line_that_opens_no_part():
    """The document splitter skips its 第N篇 and 附件 handlers for a line that Classifier.any_part_opening
    does not match: it matches exactly the lines one of their four patterns matches (generated lines)."""
    import random

    from govplan.grammar.loader import load_grammar
    from govplan.parse.outline.lines import classifier

    kinds = classifier(load_grammar(()))
    four = (kinds.compilation, kinds.attachment_list, kinds.attachment_titled, kinds.attachment_label)
    rng = random.Random(13)
    pieces = ["附件", "附表", "附 件", "1", "12", "三", ":", " ", "第二篇", "篇", "XX市实施方案", "。", "一、总体要求",
              "附件:", "2.工作台账", "加强领导", "(", ")"]
    matched = 0
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 5)))
        expected = any(p.match(text) for p in four)
        assert bool(kinds.any_part_opening.match(text)) is expected, text
        matched += expected
    assert matched > 500  # (the generated lines hold many openings, and many more other lines)


def test_a_title_wrapped_after_a_word_ending_like_an_organ_is_one_title():
    """XX县2025年数字政府 / 建设施政计划: a title's first line that ends like an organ (政府) but holds a
    figure is no issuer's name, and the title is not cut there; nor is a page's title line with a year
    taken for the issuer.  Generated: places, years, document types, a blank line or none between the
    pieces, a 文号 or addressees after, page clutter above or none."""
    import random

    from govplan import parse_text

    rng = random.Random(73)
    for _ in range(40):
        place = rng.choice(["云溪县", "石桥区", "白石市", "青禾县"])
        year = rng.choice(["2024", "2025", "2026"])
        first, rest = f"{place}{year}年数字政府", rng.choice(["建设施政计划", "建设责任分解", "建设工作要点", "建设三年行动"])
        clutter = rng.choice([[], ["首页 > 政务公开 > 通知公告", "无障碍浏览", ""],
                              [f"{first}{rest}_通知公告_{place}人民政府", "【打印】【关闭】", ""]])
        after = rng.choice([["云政办发〔2025〕34号"], ["各乡镇人民政府,县直各单位:"]])
        text = "\n".join([*clutter, first, *([""] if rng.random() < 0.5 else []), rest, "", *after,
                          "推进数字政府建设,做到底数清楚。", "一、总体要求", "加强统筹协调,确保各项措施落地。"])
        [doc] = parse_text(text).documents
        assert (doc.title, doc.issuer) == (first + rest, None), text


@pytest.mark.parametrize("text, issuer", [("青禾县人民政府", True), ("县人民政府办公室", True),
                                          ("云溪县2025年数字政府", False), ("2025年市政府", False)])
def test_an_issuer_line_names_an_organ_without_figures(text, issuer):
    from govplan.grammar.loader import load_grammar
    from govplan.parse.outline.lines import classifier

    assert classifier(load_grammar(())).is_issuer(text) is issuer


def test_a_line_ending_with_a_places_bracket_goes_on_in_the_next_line():
    """A hard wrap right after a place's bracket (各县(市、区) / 人民政府…; 县(市、区) / 政府…) cuts a unit's
    name, not a paragraph: the item's text, its 由…负责 or role sentence and its units stay whole.  A line
    ending with another bracket ((试行), an annotation) still ends its paragraph.  Generated: places,
    bodies, constructions, the item's marker."""
    import random

    from govplan import parse_text

    rng = random.Random(17)
    places = ["各县(市、区)", "县(市、区)", "各市(州)", "各乡(镇)", "各县(区、市)"]
    bodies = ["人民政府", "政府", "党委"]
    forms = ["由{u}负责推进数据共享,做到底数清楚。", "{o}、{u}牵头,区编办配合。", "请{u}牵头落实,确保实效。"]
    for _ in range(60):
        place, body, form = rng.choice(places), rng.choice(bodies), rng.choice(forms)
        other = rng.choice(["市公积金中心", "县数据局"])
        sentence = form.format(u=place + body, o=other)
        cut = sentence.index(place) + len(place)
        marker, marker2 = rng.choice([("1.", "2."), ("(一)", "(二)"), ("一是", "二是")])
        text = (f"XX方案\n一、任务\n{marker}推进政务服务改革,形成可复制的经验。{sentence[:cut]}\n{sentence[cut:]}\n"
                f"{marker2}建立巡查制度。(试行)\n县水利局负责组织实施。\n")
        first, second = parse_text(text).documents[0].sections[0].children
        units = first.lead_units + first.responsible_units
        assert place + body in units and body not in units, (text, units)
        assert first.end_line == 4 and "(试行)\n县水利局" in second.text, (text, second.text)


def test_a_titles_last_words_wrapped_onto_a_line_of_their_own_stay_in_the_title():
    """A plan after its covering notice whose title wrapped its last words onto a short line of their own
    (2022年市《政府工作报告》目标任务 / 责任分解方案), with or without a blank line between: one title, not a
    title and a header line.  Generated: subjects, last words, blank lines, the notice's closing."""
    import random

    from govplan import parse_text

    rng = random.Random(23)
    subjects = ["2025年市《政府工作报告》目标任务", "2024年省《政府工作报告》重点任务", "石桥市2025年营商环境优化重点任务",
                "关于推进数字政府建设的若干措施"]
    last_words = ["分工方案", "责任分解方案", "任务清单", "实施方案", "工作台账"]
    for _ in range(40):
        subject, words = rng.choice(subjects), rng.choice(last_words)
        gap = "\n" if rng.random() < 0.5 else ""
        text = (f"石桥市人民政府办公室关于印发{subject}{words}的通知\n各县(市、区)人民政府,市直各单位:\n"
                f"现将《{subject}{words}》印发给你们,请认真贯彻执行。\n石桥市人民政府办公室\n2025年2月8日\n\n"
                f"{subject}\n{gap}{words}\n\n一、强化统筹\n(一)建立工作专班。(牵头单位:市发展改革委)\n")
        plan = parse_text(text).documents[-1]
        assert (plan.title, plan.header) == (subject + words, []), text
