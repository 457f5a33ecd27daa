"""Task tables (任务分工表) copied as text: a header row of known columns, then one row a line."""
from __future__ import annotations

import pytest
from conftest import by_line, sections_of

HEADER = "序号\t主要任务\t牵头单位\t责任单位\t完成时限"


def rows(result) -> list[tuple]:
    return [(s["line"], s["marker"], s["level"], s["title"], s["lead_units"], s["responsible_units"],
             [(d["text"], d["kind"], d["due"]) for d in s["deadlines"]])
            for s in sections_of(result)]


def test_tab_separated_rows_become_tasks_with_their_cells_as_fields(parse):
    text = ("XX市2024年数字政府建设任务分工\n" + HEADER + "\n"
            "1\t上线“一网统管”平台\t市大数据局\t市公安局、市应急局\t2024年6月底前\n"
            "2\t推进电子证照共享\t市政务服务中心\t各县(市、区)人民政府\t长期坚持\n")
    assert rows(parse(text)) == [
        (3, "1", 1, "上线“一网统管”平台", ["市大数据局"], ["市公安局", "市应急局"],
         [("2024年6月底", "date", "2024-06-30")]),
        (4, "2", 1, "推进电子证照共享", ["市政务服务中心"], ["各县(市、区)人民政府"],
         [("长期坚持", "ongoing", None)]),
    ]


def test_category_lines_between_rows_nest_the_rows(parse):
    text = ("XX区任务清单\n" + HEADER + "\n一、政务服务\n1\t建设综合窗口\t区审批局\t各街道办事处\t9月底前\n"
            "二、要素保障\n2\t盘活存量土地\t区自然资源局\t区财政局\t2024年12月31日\n")
    got = [(s["line"], s["marker"], s["level"], s["path"]) for s in sections_of(parse(text))]
    assert got == [(3, "一、", 1, "一"), (4, "1", 2, "一/1"), (5, "二、", 1, "二"), (6, "2", 2, "二/2")]


def test_pipe_table_with_a_rule_line_and_a_bracketed_column_note(parse):
    text = ("XX县整改清单\n| 序号 | 整改任务 | 责任单位(部门) | 整改时限 |\n|---|---|---|---|\n"
            "| 1 | 清理拖欠企业账款 | 县财政局 | 2024年8月底前 |\n")
    result = parse(text)
    assert rows(result) == [(4, "1", 1, "清理拖欠企业账款", [], ["县财政局"],
                             [("2024年8月底", "date", "2024-08-31")])]
    doc = result["documents"][0]
    assert "|---|" in doc["preface"] and "整改任务" in doc["preface"]  # the header is kept as text


def test_prose_line_ends_the_table(parse):
    text = ("XX方案\n" + HEADER + "\n1\t完成改造\t市住建局\t市财政局\t5月底前\n"
            "各单位要加强协调配合,确保任务落实。\n说明\t此表由市政府办汇总\t无\n")
    result = parse(text)
    assert [s["line"] for s in sections_of(result)] == [3]
    assert "此表由市政府办汇总" in by_line(result)[3]["text"] + result["documents"][0]["preface"]


def test_a_header_without_a_role_column_is_not_a_table(parse):
    text = "XX名单\n序号\t任务\t地址\n1\t窗口改造\t人民路1号\n"
    assert sections_of(parse(text)) == []


@pytest.mark.parametrize("text,kept", [
    ("XX方案\n一、任务\n市发改委\t市财政局\t市商务局\n各单位要抓好落实。\n", "市财政局"),  # tabs, no header
    ("XX方案\n一、任务\n序号\n牵头单位\n完成时限\n各单位要抓好落实。\n", "完成时限"),  # a header, no rows
], ids=["tabs-without-header", "column-names-without-rows"])
def test_lines_that_are_not_a_table_stay_text(parse, text, kept):
    result = parse(text)
    assert [s["line"] for s in sections_of(result)] == [2]
    assert kept in by_line(result)[2]["text"]


def test_attachment_file_that_starts_with_its_label(parse):
    text = "附件2\nXX市重点任务分工表\n" + HEADER + "\n1\t建设园区\t市发改委\t市财政局\t2025年底前\n"
    result = parse(text)
    doc, = result["documents"]
    assert (doc["line"], doc["kind"], doc["title"]) == (2, "attachment", "XX市重点任务分工表")
    assert rows(result)[0][4] == ["市发改委"]
    assert any(d["code"] == "unplaced-text" and d["line"] == 1 for d in result["diagnostics"])


def test_header_and_closing_lines_are_kept(parse):
    text = ("XX市提升行动方案\nX府发〔2024〕3号\n一、目标\n全面提升服务水平。\n"
            "抄送:市委办公室。\nXX市人民政府办公室\n2024年3月1日\n")
    doc = parse(text)["documents"][0]
    assert doc["header"] == [{"line": 2, "text": "X府发〔2024〕3号"}]
    assert {"line": 5, "text": "抄送:市委办公室。"} in doc["closing"]
    assert doc["issued"] == "2024-03-01"


VERTICAL = ("XX市政务服务任务清单\n序号\n重点任务\n牵头单位\n责任单位\n完成时限\n一、提升效率\n"
            "1\n推行企业开办全程网办\n市市场监管局\n市税务局、市公安局\n2025年6月底前\n"
            "2\n落实首问负责制度\n市政务服务中心\n长期坚持\n"
            "3\n开展满意度评价\n市政务服务中心\n市直各部门\n2025年9月30日\n")


def test_table_flattened_one_cell_a_line(parse):
    result = parse(VERTICAL)
    assert rows(result) == [
        (7, "一、", 1, "提升效率", [], [], []),
        (8, "1", 2, "推行企业开办全程网办", ["市市场监管局"], ["市税务局", "市公安局"],
         [("2025年6月底", "date", "2025-06-30")]),
        # a row that prints fewer cells: the missing one is merged from the row above (guide v3
        # section 4); its cells go where their text fits (长期坚持 is a time: the time column)
        (13, "2", 2, "落实首问负责制度", ["市政务服务中心"], ["市税务局", "市公安局"], [("长期坚持", "ongoing", None)]),
        (17, "3", 2, "开展满意度评价", ["市政务服务中心"], ["市直各部门"], [("2025年9月30日", "date", "2025-09-30")]),
    ]
    assert result["diagnostics"] == []
    doc = result["documents"][0]
    assert doc["title"] == "XX市政务服务任务清单" and doc["preface"].split("\n") == [
        "序号", "重点任务", "牵头单位", "责任单位", "完成时限"]
    assert "长期坚持" in by_line(result)[13]["text"]


def test_check_reports_html_markup_and_takes_a_merged_row_for_no_fault(tmp_path):
    from conftest import run_cli

    path = tmp_path / "list.txt"
    path.write_text(VERTICAL.replace("推行企业开办全程网办", "推行企业开办&ldquo;全程网办&rdquo;"), encoding="utf-8")
    proc = run_cli("check", str(path), "--format", "json")
    found = {(f["code"], f["line"]) for f in __import__("json").loads(proc.stdout)}
    assert ("GP503", 9) in found and ("GP104", 13) not in found


def test_table_whose_cells_are_split_by_spaces(parse):
    # a PDF's table as text: columns kept apart by runs of spaces
    text = ("XX县任务分工\n序号    重点任务    牵头单位    责任单位    完成时限\n"
            "1    推行企业开办全程网办    县市场监管局    县税务局、县公安局    2025年6月底前\n"
            "2    推进 5G 基站建设    县工信局    县通信发展办    2025年12月底前\n"
            "各单位要按照分工抓好落实。\n")
    result = parse(text)
    got = rows(result)
    assert got[0] == (3, "1", 1, "推行企业开办全程网办", ["县市场监管局"], ["县税务局", "县公安局"],
                      [("2025年6月底", "date", "2025-06-30")])
    # a space inside a cell breaks the alignment: still a row, its cells not read, reported
    assert got[1][:2] == (4, "2") and got[1][4:6] == ([], [])
    assert [(d["code"], d["line"]) for d in result["diagnostics"]] == [("table-row-cells", 4)]
    assert result["documents"][0]["title"] == "XX县任务分工"  # the line above a table's header


def test_prose_with_spaces_is_not_a_spaced_table(parse):
    text = "XX方案\n一、任务\n牵头单位 市发改委  责任单位 市财政局\n"
    assert [s["line"] for s in sections_of(parse(text))] == [2]


def test_taiwan_style_table_in_traditional_characters(parse):
    text = ("臺北市推動計畫分工表\n項次\t工作項目\t主辦機關\t協辦機關\t預定完成日期\n"
            "1\t建置整合服務平臺\t資訊局\t研考會、各區公所\t113年6月\n")
    assert rows(parse(text)) == [(3, "1", 1, "建置整合服务平台", ["资讯局"], ["研考会", "各区公所"],
                                  [("113年6月", "date", "2024-06-30")])]


def test_a_row_whose_number_cell_is_empty_keeps_its_columns(parse):
    text = "XX任务表\n" + HEADER + "\n1\t建设平台\t市大数据局\t市财政局\t6月底前\n\t开展培训\t市人社局\t各区政府\t9月底前\n"
    got = rows(parse(text))
    assert got[1][1:6] == ("", 1, "开展培训", ["市人社局"], ["各区政府"])


def test_a_row_whose_last_cell_is_empty_keeps_its_number(parse):
    text = "XX任务表\n" + HEADER + "\n一\t建设平台\t市大数据局\t市财政局\t\n"
    assert rows(parse(text))[0][1:6] == ("一", 1, "建设平台", ["市大数据局"], ["市财政局"])


def test_a_category_cell_sharing_its_line_with_the_first_row(parse):
    # a | table without a number column: the category cell (一、…) and its first row share a
    # line; later rows of the category lost the spanned cell, so their cells are the last columns
    text = ("XX局信息公开任务表\n工作任务 | 具体要求 | 责任部门 |\n"
            "一、做好财务公开。 | 1.按时公开预算决算。 | 财务科 |\n"
            "2.及时更新专栏。 | 办公室牵头,各科室配合 | |\n"
            "二、加强政策解读。 | 3.开展图文解读。 | 各科室 |\n")
    rows = [(s["line"], s["marker"], s["level"], s["lead_units"], s["responsible_units"])
            for s in by_line(parse(text)).values()]
    assert rows == [(3, "一、", 1, [], ["财务科"]), (4, "2.", 2, ["办公室"], ["各科室"]), (5, "二、", 1, [], ["各科室"])]


def test_a_table_printed_one_cell_a_line_each_closed_by_a_bar(parse):
    # a page's table flattened one cell a line, each cell followed by " |"; above it the page
    # title, then 附件 and the title again (guide section 2: the document starts at the last one)
    text = ("2024年重点任务分解表\n附件\n2024年重点任务分解表\n序号 |\n目标与任务 |\n分管区领导 |\n牵头责任单位 |\n责任单位 |\n"
            "7 |\n新建托育机构3所。\n王 某 |\n区卫健委 |\n区各有关单位 |\n")
    result = parse(text)
    assert [(d["line"], d["title"]) for d in result["documents"]] == [(3, "2024年重点任务分解表")]
    rows = [(s["line"], s["marker"], s["lead_units"], s["responsible_units"]) for s in by_line(result).values()]
    assert rows == [(9, "7", ["区卫健委"], ["区各有关单位"])]


def test_a_table_one_cell_a_line_with_bars_between_and_category_cells(parse):
    # a page's table flattened one cell a line with | lines between the cells; the header has
    # no number column, and a category cell spans the rows below it (guide section 3)
    cells = ["工作任务", "具体要求", "责任科室", "时限要求",
             "规范信息公开", "1", "清理并公布现行文件目录。", "办公室", "2023年底前",
             "2", "更新公开指南。", "各科室", "持续推进",
             "加强政策解读", "3", "开展图文解读。", "各科室", "持续推进"]
    text = "XX局信息公开任务表\n" + "\n|\n".join(cells) + "\n"
    got = [(s["marker"], s["level"], s["responsible_units"], [d["kind"] for d in s["deadlines"]])
           for s in by_line(parse(text)).values()]
    assert got == [("", 1, [], []), ("1", 2, ["办公室"], ["date"]), ("2", 2, ["各科室"], ["ongoing"]),
                   ("", 1, [], []), ("3", 2, ["各科室"], ["ongoing"])]


ROLE_NAMED = [("牵头科室(部门)", "协同单位", "时间节点"), ("主办处室", "参与部门", "完成时间安排"),
              ("主责单位", "配合科室", "办结期限")]


@pytest.mark.parametrize("lead,resp,due", ROLE_NAMED)
@pytest.mark.parametrize("shape", ["bars", "vertical"])
def test_columns_are_known_by_what_their_names_contain(parse, lead, resp, due, shape):
    # issue 20: a column's role comes from its name's words, not a closed list; a progress
    # column is kept apart and never mined for deadlines
    header = ["序号", "重点任务", lead, resp, due, "进展情况"]
    rows = [["1", "推进审批改革", "审批科", "法规科、信息中心", "2024年6月底前", "2024年3月已启动"],
            ["2", "完善执法监督", "法规科", "各执法大队", "2024年12月底前", "正在推进"]]
    if shape == "bars":
        body = "\n".join("|".join(r) for r in [header] + rows)
    else:
        body = "\n".join(cell for r in [header[:5]] + [r[:5] for r in rows] for cell in r)
    sections = sections_of(parse("XX局2024年重点工作任务分解表\n" + body + "\n"))
    assert [(s["marker"], s["lead_units"], s["responsible_units"], [d["due"] for d in s["deadlines"]])
            for s in sections] == [("1", ["审批科"], ["法规科", "信息中心"], ["2024-06-30"]),
                                   ("2", ["法规科"], ["各执法大队"], ["2024-12-31"])]


def test_a_short_line_alone_is_no_column_name_by_its_words(parse):
    # 重点工作任务 contains column words, but a line alone decides nothing by its words
    text = "XX方案\n重点工作任务\n一、推进审批改革\n二、完善执法监督\n"
    assert [s["marker"] for s in sections_of(parse(text))][-2:] == ["一、", "二、"]


def test_a_second_column_of_a_filled_role_is_a_column_of_its_own(parse):
    # 局内牵头处室 beside 牵头单位 names offices inside one unit: not the task's lead units
    body = ("序号|工作事项|牵头单位|配合单位|局内牵头处室\n"
            "1|完善培训体系|各区政府|市卫生健康委|科教处\n")
    [row] = sections_of(parse("XX任务分工表\n" + body))
    assert (row["lead_units"], row["responsible_units"]) == (["各区政府"], ["市卫生健康委"])


def test_a_wrapped_task_cell_and_merged_unit_cells_in_a_one_cell_a_line_table(parse):
    # issue 20: a cell wrapped over two lines does not shift the cells after it; a unit cell
    # merged over rows (printed once) applies to each row it spans
    text = ("XX局重点任务清单\n序号\n工作任务\n牵头单位\n配合单位\n完成时限\n"
            "1\n推进工程建设项目审批改革,\n压减审批时间\n县住建局\n县自然资源局\n2025年6月底前\n"
            "2\n推行联合验收\n县发改局\n2025年9月底前\n"
            "3\n完善信用监管\n县发改局\n县市场监管局\n长期坚持\n"
            "各单位要抓好落实。\n")
    got = [(s["marker"], s["title"], s["lead_units"], s["responsible_units"], [d["due"] for d in s["deadlines"]])
           for s in sections_of(parse(text))]
    assert got == [("1", "推进工程建设项目审批改革,压减审批时间", ["县住建局"], ["县自然资源局"], ["2025-06-30"]),
                   ("2", "推行联合验收", ["县发改局"], ["县自然资源局"], ["2025-09-30"]),
                   ("3", "完善信用监管", ["县发改局"], ["县市场监管局"], [None])]


@pytest.mark.parametrize("name", ["内设处室", "归口科室", "对接人员"])
def test_a_one_cell_a_line_header_may_end_with_a_name_of_no_known_kind(name):
    """… 责任单位 | NAME | 1 |: under a numbered header, a short line just before the first row's
    number is the last column's name, whatever its words (the rows' widths confirm it)."""
    from govplan import parse_text

    text = (f"青禾县任务分工表\n序号 |\n重点任务 |\n牵头单位 |\n责任单位 |\n{name} |\n"
            "1 |\n推进节水改造 |\n县水利局 |\n县财政局 |\n农水股 |\n"
            "2 |\n建设节水型机关 |\n县机关事务中心 |\n县直各单位 |\n综合股 |\n")
    rows = parse_text(text).documents[0].sections
    assert [(r.style, r.title, r.lead_units, r.responsible_units) for r in rows] == [
        ("table_row", "推进节水改造", ["县水利局"], ["县财政局"]),
        ("table_row", "建设节水型机关", ["县机关事务中心"], ["县直各单位"])]
    assert [c.column for c in rows[0].table_cells][-1] == name


def test_a_cell_too_long_for_any_column_name_is_passed_over_and_no_header_is_lost():
    """TableColumns.may_name_column is a necessary condition of names_column (every listed name, with
    notes and marks, and generated cells of every length), and the flattened-table finder that skips
    lines failing it finds what it finds without skipping (generated runs of lines)."""
    import random

    from govplan.grammar.loader import load_grammar
    from govplan.parse.normalize import Line
    from govplan.parse.outline import vertical
    from govplan.parse.outline.lines import classifier

    line_kinds = classifier(load_grammar(()))
    columns = line_kinds.tables
    rng = random.Random(5)
    listed = sorted({*columns.number_columns, *columns.task_columns, *columns.role_labels})
    words = listed + ["进度", "备注", "工作任务", "市发展改革委", "2025年底前", "1", "2", "|", "建设平台加快推进审批",
                      "(牵头)", "主要内容及具体工作措施和完成标准", "一、总体要求"]
    for name in listed:
        for cell in (name, name + "(部门)", name + ":", name + "*", name + " "):
            assert not columns.names_column(cell) or columns.may_name_column(cell), cell
    for _ in range(2000):
        cell = "".join(rng.choice(words) for _ in range(rng.randint(1, 4)))
        assert not columns.names_column(cell) or columns.may_name_column(cell), cell
    skipping = vertical._may_open_header
    for _ in range(300):
        texts = [rng.choice(words) for _ in range(rng.randint(1, 14))]
        content = [Line(n, t, t, t) for n, t in enumerate(texts, 1)]
        found = vertical.find_vertical_tables(content, columns, lambda t: line_kinds.marker(t) is not None)
        vertical._may_open_header = lambda text, columns: True
        try:
            every = vertical.find_vertical_tables(content, columns, lambda t: line_kinds.marker(t) is not None)
        finally:
            vertical._may_open_header = skipping
        assert (found.rows, found.column_lines, found.cell_lines) == (every.rows, every.column_lines,
                                                                      every.cell_lines), texts


def test_a_unit_list_wrapped_in_its_cell_stays_in_its_column_wherever_it_wraps():
    """A one-cell-a-line table whose last row's unit cell wraps in its list (县大数据中心、市交通 /
    运输局; 市商务局、县交 / 通运输局、区商务局; 县财 / 政局、市民政局), its task cell wrapped too or not:
    the line that opens the list opens the unit cell (tables.opens_unit_list) unless a unit's name goes
    on into it (unit_name_goes_on), so the task keeps none of it.  Generated: units, tasks, wrap points,
    a blank line inside the wrap, two column orders."""
    import random

    from govplan import parse_text

    rng = random.Random(11)
    places, kinds = ["县", "市", "区"], ["财政局", "大数据中心", "交通运输局", "民政局", "城投公司", "商务局", "妇联"]
    tasks = ["推进乡村道路养护制度,推动工作提质增效", "完善政务数据共享目录,确保各项措施落地",
             "健全夜间消费街区建设,做到底数清楚"]
    for _ in range(60):
        units = rng.sample([p + k for p in places for k in kinds], rng.randint(2, 3))
        listed = "、".join(units)
        cut = rng.randint(2, len(listed) - 1)  # wrapped anywhere (县人力资源社会 / 保障局、县司法局)
        unit_lines = [listed[:cut]] + ([""] if rng.random() < 0.5 else []) + [listed[cut:]]
        task = rng.choice(tasks)
        task_lines = [task] if rng.random() < 0.5 else [task[:11], task[11:]]
        lead_first = rng.random() < 0.5
        header = ["序号", "牵头单位", "工作任务", "完成时限"] if lead_first else ["序号", "工作任务", "牵头单位", "完成时限"]
        cells = [*unit_lines, *task_lines] if lead_first else [*task_lines, *unit_lines]
        text = "\n".join(["XX县重点任务清单", *header, "1", "县发改局" if lead_first else "推行联合验收",
                          "推行联合验收" if lead_first else "县发改局", "2025年6月底前", "2", *cells, "2025年9月底前"])
        last = parse_text(text).documents[0].sections[-1]
        assert (last.title, last.lead_units) == (task, units), text


@pytest.mark.parametrize("text, opens", [
    ("市民政局、县城", True), ("县财政局、", True), ("县大数据中心、市交通", True),
    ("深化公共文化设施布局,推动工作", False),  # clauses parted by a comma: a task's, though 布局 ends like 局
    ("加强协调、形成合力", False), ("推动工作", False), ("各县(市、区)", False)])
def test_a_line_opens_a_unit_list_where_units_stand_before_its_last_enumeration_comma(text, opens):
    from govplan.grammar.loader import load_grammar
    from govplan.parse.outline.tables import TableColumns

    assert TableColumns(load_grammar(())).opens_unit_list(text) is opens


def test_a_unit_name_wrapped_after_its_place_stays_in_its_column():
    """各县(市、区) / 人民政府: a unit column's cell wrapped after the place its name opens with
    (tables.cuts_unit_name), the task cell before it wrapped too: the place is not the task's.
    Generated: places, bodies, wraps of the task, a blank line inside the unit cell, a second unit."""
    import random

    from govplan import parse_text

    rng = random.Random(23)
    places = ["各县(市、区)", "各乡(镇)", "各市(州)", "各县(区)", "各乡镇", "各县区", "各旗县"]  # (各乡镇 names a unit too)
    bodies = ["人民政府", "人民政府办公室"]
    tasks = ["深化冷链物流网络建设,加快形成长效机制", "完善公共文化设施布局,持续改善群众体验"]
    for _ in range(40):
        place, body, task = rng.choice(places), rng.choice(bodies), rng.choice(tasks)
        second = rng.choice(["", "、县财政局", "、市科协"])
        unit_lines = [place] + ([""] if rng.random() < 0.5 else []) + [body + second]
        cut = rng.randint(5, len(task) - 2)
        task_lines = [task] if rng.random() < 0.5 else [task[:cut], task[cut:]]
        text = "\n".join(["XX市重点任务清单", "序号", "完成时限", "工作事项", "主办单位", "协办单位",
                          "1", "2027年7月", "推行联合验收", "县发展改革委", "县自然资源局",
                          "2", "2027年上半年", *task_lines, *unit_lines, "市融媒体中心"])
        last = parse_text(text).documents[0].sections[-1]
        want = [place + body] + ([second[1:]] if second else [])
        assert (last.title, last.lead_units, last.responsible_units) == (task, want, ["市融媒体中心"]), text


def test_a_unit_name_wrapped_after_its_place_before_the_task_cell_stays_in_its_column():
    """市发展改革委、各乡镇 / 人民政府: a unit column's cell wrapped after the place its last name opens with,
    the task cell after it: the body is not the task's (tables.cuts_unit_name between a unit cell and the
    cell after it).  Generated: places, bodies, a unit before or not, a blank line inside the unit cell,
    the task wrapped or not, two time columns."""
    import random

    from govplan import parse_text

    rng = random.Random(29)
    places = ["各乡镇", "各县区", "各县(市、区)", "各乡(镇)", "各旗县"]
    tasks = ["落实历史街区保护利用,持续改善群众体验", "完善夜间消费街区建设,推动工作提质增效"]
    for _ in range(40):
        place, body, task = rng.choice(places), rng.choice(["人民政府", "人民政府办公室"]), rng.choice(tasks)
        first = rng.choice(["", "市发展改革委、", "县财政局、"])
        unit_lines = [first + place] + ([""] if rng.random() < 0.5 else []) + [body]
        task_lines = [task] if rng.random() < 0.5 else [task[:9], task[9:]]
        when = rng.choice(["长期坚持", "2024年底前"])
        text = "\n".join(["XX县重点任务责任分解", "序号", "完成时限", "牵头单位", "工作任务",
                          "1", "2024年6月底前", "县发改局", "推行联合验收",
                          "2", when, *unit_lines, *task_lines])
        last = parse_text(text).documents[0].sections[-1]
        want = ([first[:-1]] if first else []) + [place + body]
        assert (last.title, last.lead_units) == (task, want), text


@pytest.mark.parametrize("before, after, cut", [
    ("各县(市、区)", "人民政府", True), ("各乡(镇)", "人民政府、区妇联", True),
    ("效机制", "各县(市、区)", False),  # a task's tail: no place
    ("县财政局", "县商务局", False),  # a unit of its own before
    ("市交通", "运输局", True),  # opens like a unit and names none: its name goes on
    ("县人力资源社会", "保障局", True),  # 社会 ends a word, not an organ's name (units.toml not_unit_endings)
    ("区人力资源和社会", "保障局、区民政局", True),
    ("市场监管", "2025年底前", False)])
def test_a_cell_ending_with_a_place_cuts_the_unit_name_the_next_cell_goes_on_with(before, after, cut):
    from govplan.grammar.loader import load_grammar
    from govplan.parse.outline.tables import TableColumns

    assert TableColumns(load_grammar(())).cuts_unit_name(before, after) is cut


def test_a_column_name_wrapped_in_a_table_whose_cells_open_with_a_bar_is_one_name():
    """| 时限 / 要求: in a table printed one cell a line, each cell opened by |, a line without one goes on
    with the name above it, whichever two kinds its pieces would name alone.  Generated: names, which
    one wraps and where, column orders."""
    import random

    from govplan import parse_text

    rng = random.Random(41)
    for _ in range(40):
        names = {"lead": rng.choice(["牵头单位", "主办单位", "牵头部门"]), "task": rng.choice(["主要内容", "工作任务"]),
                 "due": rng.choice(["时限要求", "完成时限", "完成时间"]), "note": "说明"}
        order = ["task", "lead", "due", "note"]
        rng.shuffle(order)
        wrapped = rng.choice(order)
        header = []
        for kind in order:
            name = names[kind]
            cut = rng.randint(1, len(name) - 1) if kind == wrapped else len(name)
            header += [f"| {name[:cut]}"] + ([name[cut:]] if cut < len(name) else [])
        cells = {"task": "推进节水改造,做到底数清楚", "lead": "县水利局", "due": "2025年10月19日前", "note": "无"}
        row = [f"| {cells[k]}" for k in order]
        text = "\n".join(["XX县重点任务清单", "| 序号", *header, "|", "| 1", *row, "|", "| 2", *row, "|"])
        rows = parse_text(text).documents[0].sections
        assert [(r.lead_units, [str(d.due) for d in r.deadlines]) for r in rows] == [
            (["县水利局"], ["2025-10-19"])] * 2, text


def test_two_short_header_lines_are_one_name_where_the_rows_texts_fit_it_so():
    """时限 / 要求 (each names a column of its own kind) over a table with no number column: where the
    rows' lines divide into rows of either width, the reading whose columns the texts fit (times in the
    time column, units in the unit column) is taken.  Generated: column orders, 5 or 10 rows."""
    import random

    from govplan import parse_text

    rng = random.Random(47)
    units = ["区医保局", "县编办", "市林业局、县直有关部门", "各街道办事处", "区统计局"]
    times = ["2027年底前", "2027年10月", "2027年上半年", "2027年9月23日前"]
    for _ in range(20):
        order = ["lead", "progress", "task", "due"]
        rng.shuffle(order)
        header = {"lead": ["牵头部门"], "progress": ["目前进度"], "task": ["重点任务"], "due": ["时限", "要求"]}
        lines, want = [], []
        for n in range(rng.choice([5, 10])):
            row = {"lead": rng.choice(units), "progress": f"已于2026年{n % 9 + 1}月启动,完成{n + 20}%",
                   "task": f"推进第{n + 1}项重点工作,形成长效机制", "due": rng.choice(times)}
            lines += [row[k] for k in order]
            want.append((row["task"], row["lead"].split("、"), 1))
        text = "\n".join(["白石市2027年工作台账", *[h for k in order for h in header[k]], *lines])
        rows = parse_text(text).documents[0].sections
        assert [(r.title, r.lead_units, len(r.deadlines)) for r in rows] == want, text


def test_short_header_lines_of_a_numbered_table_are_read_pair_by_pair_on_every_row():
    """A numbered table one cell a line whose header has two doubtful pairs (编号 / 说明: a number column
    and a notes column; 时限 / 要求: one time column): each pair is read as one name or two on its own,
    by how every numbered row fits (its line count, a wrap costing a line, and its texts in their
    columns), not by the first row alone, whose cells may wrap.  Generated: wraps (in the first rows
    or not, or in every row: then the line counts alone read the header one column too wide; with a
    blank line or not), 4 to 6 rows, column orders."""
    import random

    from govplan import parse_text

    rng = random.Random(67)
    units = ["区医保局", "县编办", "市林业局、县直有关部门", "各园区管委会", "区统计局"]
    times = ["2025年底前", "2025年10月", "2025年上半年", "长期坚持"]
    for _ in range(30):
        order = ["lead", "task", "progress", "due"]
        rng.shuffle(order)
        header = {"lead": ["主办单位"], "progress": ["目前进度"], "task": ["工作事项"], "due": ["时限", "要求"]}
        lines, want = [], []
        every_row = rng.random() < 0.4
        for n in range(rng.randint(4, 6)):
            row = {"lead": [rng.choice(units)], "progress": [f"已于2024年{n % 9 + 1}月启动,完成{n + 20}%"],
                   "task": [f"推进第{n + 1}项重点工作,形成长效机制"], "due": [rng.choice(times)]}
            if every_row or n < 2 and rng.random() < 0.7:  # a wrapped cell in the first rows, or in each
                kind = rng.choice(["progress", "task"])
                text = row[kind][0]
                cut = text.index(",") + 1  # (a cell ending with a comma goes on: 已于2024年2月 / 启动 would not tell)
                row[kind] = [text[:cut], *([""] if rng.random() < 0.5 else []), text[cut:]]
            lines += [str(n + 1), rng.choice(["无", "重点督办"]), *[piece for k in order for piece in row[k]]]
            want.append(("".join(row["task"]), row["lead"][0].split("、"), row["due"][0]))
        text = "\n".join(["松湾区2025年任务分工", "编号", "说明", *[h for k in order for h in header[k]], *lines])
        rows = parse_text(text).documents[0].sections
        got = [(r.title, r.lead_units, [d.text for d in r.deadlines]) for r in rows]
        # (the time read from the time column: 2025年底 of 2025年底前)
        assert [(t, u, len(d) == 1 and due.startswith(d[0])) for (t, u, d), (*_, due) in zip(got, want)] == \
            [(t, u, True) for t, u, _ in want], text


def test_a_units_name_opening_with_its_level_ends_the_header_though_a_note_after_it_reads_like_a_column():
    """A table one cell a line with no number column whose first column names units: the first row's unit
    (区消防救援大队) is never read as one more column name, even where the note after it reads like one (新增
    任务: 任务 is a task column's word).  Generated: units, notes, column orders after the unit column,
    时限 / 要求 over two lines or one, 3 to 5 rows."""
    import random

    from govplan import parse_text

    rng = random.Random(71)
    units = [["区消防救援大队"], ["市交通运输局"], ["市民政局", "县科协"], ["各乡镇人民政府"], ["县编办"]]
    times = ["2026年5月", "2026年上半年", "2026年底前"]
    for _ in range(30):
        rest = ["note", "due", "task"]
        rng.shuffle(rest)
        header = {"lead": ["牵头责任单位"], "note": ["备注"], "task": ["主要内容"],
                  "due": rng.choice([["时限", "要求"], ["时限要求"]])}
        lines, want = [], []
        for n in range(rng.randint(3, 5)):
            row = {"lead": rng.choice(units), "note": rng.choice(["新增任务", "无", "重点任务"]),
                   "task": f"推进第{n + 1}项重点工作,做到底数清楚", "due": rng.choice(times)}
            lines += ["、".join(row["lead"]), *[row[k] for k in rest]]
            want.append((row["task"], row["lead"]))
        text = "\n".join(["白石市2026年工作责任分解", *[h for k in ["lead", *rest] for h in header[k]], *lines])
        rows = parse_text(text).documents[0].sections
        assert [(r.title, r.lead_units) for r in rows] == want, text


def test_the_last_rows_last_cell_wrapped_over_a_blank_line_is_the_rows():
    """The last row of a table printed one cell a line, its last cell wrapped over a blank line at the end
    of the notice (已于2026年6月 / (blank) / 启动,完成67%; 已于2025年4月启动 / (blank) / ,完成75%): the rest
    is the cell's, not a heading or text of its own.  Generated: cells, wrap points, column orders."""
    import random

    from govplan import parse_text

    rng = random.Random(53)
    for _ in range(30):
        order = ["lead", "task", "progress"]
        rng.shuffle(order)
        order = [o for o in order if o != "progress"] + ["progress"]  # the wrapped cell is the last one
        progress = f"已于2026年{rng.randint(1, 12)}月启动,完成{rng.randint(10, 99)}%"
        # (wrapped before its figure's label: 完成 / 68% is another matter, a cell's figure alone)
        cut = rng.randint(4, progress.index(","))
        rows = [{"lead": "县水利局", "task": "推进节水改造,做到底数清楚", "progress": "已于2026年3月启动,完成20%"},
                {"lead": "县财政局", "task": "建设节水型机关,形成长效机制", "progress": progress}]
        names = {"lead": "牵头单位", "task": "工作任务", "progress": "推进情况"}
        lines = ["XX县重点任务清单", "序号", *[names[k] for k in order]]
        for n, row in enumerate(rows, 1):
            lines += [str(n), *[row[k] for k in order]]
        lines[-1:] = [progress[:cut], "", progress[cut:]]
        result = parse_text("\n".join(lines))
        sections = result.documents[0].sections
        assert [(s.title, s.lead_units) for s in sections] == [(r["task"], [r["lead"]]) for r in rows], lines
        assert dict((c.column, c.text) for c in sections[-1].table_cells)["推进情况"] == progress, lines


def test_a_row_that_prints_its_first_cell_like_the_one_above_has_its_unit_merged_not_its_first_cell():
    """A table with no number column, one row a line: a row printing fewer cells whose first cell reads
    like the first cell above it (已于…启动 under 已于…启动, a time under a time) left out another column
    (the lead unit merged from above), not the first (a category spanning rows).  Generated: first
    columns, separators, notes."""
    import random

    from govplan import parse_text

    rng = random.Random(59)
    for _ in range(30):
        first_name, firsts = rng.choice([("目前进度", ["已于2023年9月启动,完成63%", "已于2023年10月启动,完成83%"]),
                                        ("完成时限", ["2024年底前", "2024年6月底前"])])
        note = rng.choice(["重点督办", "新增任务", "无"])
        sep = rng.choice(["|", "\t"])

        def line(cells: list[str], sep: str = sep) -> str:
            return f"| {' | '.join(cells)} |" if sep == "|" else "\t".join(cells)

        text = "\n".join(["青禾区2024年任务清单", line([first_name, "牵头单位", "工作任务", "备注"]),
                          line([firsts[0], "县公安局", "优化数字政务服务平台", note]),
                          line([firsts[1], "完善乡村道路养护制度", note])])
        rows = parse_text(text).documents[0].sections
        assert [(r.title, r.lead_units) for r in rows] == [("优化数字政务服务平台", ["县公安局"]),
                                                           ("完善乡村道路养护制度", ["县公安局"])], text


def test_a_row_one_cell_short_whose_first_cell_names_no_unit_has_its_unit_merged_not_its_first_cell():
    """A table with no number column, one row a line, its first column the task or a note: a row printing
    one cell fewer whose first cell names no unit (a task in clauses 扩大…,做到…; a note 新增任务, 重点督办)
    left out its lead unit (merged from the row above), not its first cell (a category spanning rows): a
    unit column's cell that names no unit fits it worst.  Generated: first columns, separators, units,
    notes, tasks, with a progress column or not."""
    import random

    from govplan import parse_text

    rng = random.Random(61)
    tasks = ["扩大校园周边交通秩序,做到底数清楚", "推广中小企业融资服务,逐步实现全域覆盖",
             "深化城乡垃圾分类体系,加快形成长效机制", "提升老旧管网更新改造,切实提高服务质量"]
    for _ in range(60):
        sep = rng.choice(["|", "\t", "  "])
        units = rng.choice([["各乡镇人民政府"], ["县生态环境局"], ["市消防救援大队", "市司法局"], ["各县(市、区)人民政府"]])
        unit = "、".join(units)
        first, second = rng.sample(tasks, 2)
        progress = rng.random() < 0.5
        tail_names = [*(["进展情况"] if progress else []), "时间节点"]
        tail_above = [*(["已于2026年5月启动,完成30%"] if progress else []), "2027年8月1日至9月19日"]
        tail_row = [*(["已于2026年11月启动,完成24%"] if progress else []), "2027年底前"]
        note_above, note = rng.choice(["新增任务", "无"]), rng.choice(["新增任务", "重点督办"])
        if rng.random() < 0.5:  # the task first, a note column after the unit
            names = ["工作事项", "牵头责任单位", "备注", *tail_names]
            above, row = [first, unit, note_above, *tail_above], [second, note, *tail_row]
        else:  # a note first
            names = ["说明", "牵头责任单位", "工作任务", *tail_names]
            above, row = [note_above, unit, first, *tail_above], [note, second, *tail_row]

        def line(cells: list[str], sep: str = sep) -> str:
            return f"| {' | '.join(cells)} |" if sep == "|" else sep.join(cells)

        text = "\n".join(["云溪市2027年工作台账", line(names), line(above), line(row)])
        rows = parse_text(text).documents[0].sections
        assert [(r.title, r.lead_units) for r in rows] == [(first, units), (second, units)], text


def test_a_time_wrapped_in_its_cell_is_not_cut_between_two_cells():
    """A time cell of a table printed one cell a line wrapped inside its date or after its range word
    (2027年6月 / 1日至7月24日; 2026年7月1日至 / 8月8日), a unit cell wrapped inside its name where its
    first part names no unit (各县(市、区)人 / 民政府): no cell ends inside a date, a range or a unit's
    name.  Generated: times, cut points, column orders."""
    import random

    from govplan import parse_text
    from govplan.grammar.loader import load_grammar
    from govplan.parse.outline.tables import TableColumns

    columns = TableColumns(load_grammar(()))
    rng = random.Random(43)
    for _ in range(40):
        m = rng.randint(3, 9)
        time = f"2027年{m}月1日至{m + 1}月{rng.randint(10, 28)}日"
        cut = rng.choice([time.index("月") + 1, time.index("至") + 1])
        unit = rng.choice(["各县(市、区)人民政府", "县人力资源社会保障局"])
        ucut = rng.choice([k for k in range(3, len(unit) - 1) if not columns.names_units(unit[:k])])
        order = ["task", "time", "unit"]
        rng.shuffle(order)
        names = {"task": "具体措施", "time": "完成时限", "unit": "牵头责任单位"}
        cells = {"task": ["优化职业技能培训体系,逐步实现全域覆盖"], "time": [time[:cut], time[cut:]],
                 "unit": [unit[:ucut], unit[ucut:]]}
        lines = ["XX区任务分工", "序号", *[names[k] for k in order], "1", *[x for k in order for x in cells[k]],
                 "2", *[{"task": "推行联合验收", "time": "2027年底前", "unit": "县发改局"}[k] for k in order]]
        first = parse_text("\n".join(lines)).documents[0].sections[0]
        got = (first.title, first.lead_units, [(d.kind, str(d.start)) for d in first.deadlines])
        assert got == ("优化职业技能培训体系,逐步实现全域覆盖", [unit], [("range", f"2027-{m:02}-01")]), (lines, got)


_ROWS = [("1", "完善供水保障机制", "县水利局", "县财政局、各乡镇人民政府", "2025年6月底前", "2025-06-30"),
         ("2", "推进老旧管网改造", "县住房城乡建设局", "县城投公司", "长期坚持", None),
         ("3", "健全河湖巡查制度", "县生态环境局", "县农业农村局、县水利局", "2025年9月", "2025-09-30")]


def _print_table(layout: str, names: list[str], order: list[int]) -> str:
    """A table of _ROWS with columns (number, task, lead, responsible, time) in ``order``."""
    rows = [[row[i] for i in order] for row in _ROWS]
    header = [names[i] for i in order]
    if layout == "tab":
        return "\n".join("\t".join(cells) for cells in [header, *rows])
    if layout == "pipe":
        return "\n".join("| " + " | ".join(cells) + " |" for cells in [header, *rows])
    return "\n".join(cell for cells in [header, *rows] for cell in cells)  # one cell a line


@pytest.mark.parametrize("layout", ["tab", "pipe", "lines"])
@pytest.mark.parametrize("lead, responsible, time", [
    ("主抓单位", "包保单位", "时间安排"), ("牵头单位", "实施主体", "完成节点"), ("主抓部门", "协助部门", "完成时限"),
    ("牵头部门", "包保单位", "办结时间")])
@pytest.mark.parametrize("order", [[0, 1, 2, 3, 4], [0, 3, 1, 4, 2], [0, 4, 2, 1, 3]])
def test_columns_no_list_names_are_read_by_their_words_and_endings(parse, layout, lead, responsible, time, order):
    """A column's name in no list is known by its words (主抓 leads, 时间 / 节点 is a time) or, naming no
    role, by its ending (包保单位, 实施主体: units, the responsible's), in any layout and column order."""
    names = ["序号", "工作任务", lead, responsible, time]
    text = "青禾县2025年任务清单\n" + _print_table(layout, names, order) + "\n"
    got = [(s["marker"], s["lead_units"], s["responsible_units"], [d["due"] for d in s["deadlines"]])
           for s in sections_of(parse(text))]
    assert got == [(n, [lead_unit], resp.split("、"), [due]) for n, _, lead_unit, resp, _, due in _ROWS]


@pytest.mark.parametrize("row", [
    "| 3 | 2025年上半年 | 落实基层医疗服务,逐步实现全域覆盖 | 县审计局、市直有关单位 | 新增任务 |",
    "| 3 | 2025年上半年 | 落实基层医疗服务能力 | 市直有关单位 | 新增任务 |"])
def test_a_row_whose_unit_cell_ends_like_a_label_of_units_is_no_header(parse, row):
    """A unit list or a unit of a level ending with 单位 is a row's cell, not a column's name: the row
    stays a row (and the table's)."""
    text = ("青禾县任务清单\n| 编号 | 完成时限 | 工作事项 | 牵头部门 | 备注 |\n"
            "| 1 | 常态化 | 推进融资服务 | 市卫生健康委 | 新增任务 |\n"
            "| 2 | 2025年10月底前 | 健全养老服务网络 | 县交通运输局 | 重点督办 |\n" + row + "\n")
    rows = sections_of(parse(text))
    assert [s["marker"] for s in rows] == ["1", "2", "3"]
    assert rows[2]["lead_units"] == row.split(" | ")[3].split("、")


@pytest.mark.parametrize("note", ["重点督办", "新增任务", "无"])
@pytest.mark.parametrize("unit", ["区科技局", "县市场监管局", "市政务服务中心"])
def test_a_unit_of_a_level_after_a_note_opens_its_cell_though_another_cell_wrapped(parse, note, unit):
    """序号 / 进展情况 / 备注 / 牵头单位 / 工作事项, the progress cell wrapped over two lines: the row has a
    line more than columns, and the note before the unit's name (重点督办 / 区科技局) is no piece of it."""
    text = ("青禾区任务分工\n序号\n进展情况\n备注\n牵头单位\n工作事项\n"
            f"1\n已于2026年12月\n\n启动,完成14%\n{note}\n{unit}\n完善冷链物流网络建设,持续改善群众体验\n"
            "2\n已于2026年7月启动,完成39%\n新增任务\n县科技局、市发展改革委\n健全山林防火监测预警\n")
    rows = sections_of(parse(text))
    assert [(s["marker"], s["lead_units"]) for s in rows] == [("1", [unit]), ("2", ["县科技局", "市发展改革委"])]


@pytest.mark.parametrize("before, after, cut", [
    ("区医保局、各园区管委", "会、市商务局", True),  # 会 names no unit: it ends the name before
    ("县直有关部", "门", True),
    ("市财政局", "牵头", True),  # a role word after its unit
    ("县消防救援大队、区人力资源社", "会保障局", True),  # the cut split 社会, a word that ends no organ's name
    ("区民政局", "会保障局", False),  # a unit before, and no word split
    ("县财政局", "会同县商务局推进", False),  # prose after: no unit's name when joined
    ("县财政局", "2025年底前", False)])
def test_a_line_that_opens_with_the_end_of_the_unit_name_before_it_goes_on_with_it(before, after, cut):
    from govplan.grammar.loader import load_grammar
    from govplan.parse.outline.tables import TableColumns

    assert TableColumns(load_grammar(())).cuts_unit_name(before, after) is cut


def test_a_unit_name_wrapped_where_its_pieces_look_whole_stays_one_name():
    """One cell a line, the unit cell wrapped inside a name where the piece before looks like a whole unit
    (各园区管委 / 会, 县直有关部 / 门, 区人力资源社 / 会保障局): the name stays whole and the line after it
    stays in its cell.  Generated: names, other units before and after, column orders, blank lines."""
    import random

    from govplan import parse_text

    rng = random.Random(5)
    wrapped = [("各园区管委会", 5), ("县直有关部门", 5), ("区人力资源社会保障局", 6), ("市人力资源社会保障局", 6)]
    others = ["县财政局", "市商务局", "区民政局", "县城投公司"]
    for _ in range(60):
        name, cut = rng.choice(wrapped)
        units = rng.sample(others, rng.randint(0, 2))
        units.insert(rng.randint(0, len(units)), name)
        listed = "、".join(units)
        at = listed.index(name) + cut
        unit_lines = [listed[:at]] + ([""] if rng.random() < 0.3 else []) + [listed[at:]]
        order = ["task", "unit", "time"]
        rng.shuffle(order)
        names = {"task": "工作任务", "unit": "责任单位", "time": "完成时限"}
        cells = {"task": ["完善冷链物流网络建设,持续改善群众体验"], "unit": unit_lines, "time": ["2025年6月底前"]}
        second = {"task": "推行联合验收", "unit": "县发改局", "time": "2025年底前"}
        lines = ["XX县重点任务清单", "序号", *[names[k] for k in order], "1", *[x for k in order for x in cells[k]],
                 "2", *[second[k] for k in order]]
        first = parse_text("\n".join(lines)).documents[0].sections[0]
        got = (first.title, first.responsible_units, [str(d.due) for d in first.deadlines])
        assert got == ("完善冷链物流网络建设,持续改善群众体验", units, ["2025-06-30"]), (lines, got)


def test_cells_opened_by_a_bar_end_where_the_next_opens_however_many_wrapped():
    """One cell a line, each opened by |: a cell wrapped onto lines without a bar goes on there, however
    many of a row's cells wrapped (more than cells.MAX_PLACED_SURPLUS lines more than columns).
    Generated: cut points, blank lines, column orders."""
    import random

    from govplan import parse_text

    rng = random.Random(8)
    for _ in range(40):
        order = ["task", "lead", "resp", "time"]
        rng.shuffle(order)
        names = {"task": "工作任务", "lead": "牵头单位", "resp": "配合单位", "time": "完成时限"}
        row = {"task": "扩大基层医疗服务能力,形成可复制的经验", "lead": "县融媒体中心、市直有关单位",
               "resp": "区政务服务中心、区民政局", "time": "2024年11月1日至12月5日"}

        def wrapped(text: str) -> list[str]:
            cut = rng.randint(1, len(text) - 1)
            return [f"| {text[:cut]}", *([""] if rng.random() < 0.3 else []), text[cut:]]

        lines = ["XX区任务分工", "| 序号", *[f"| {names[k]}" for k in order], "|", "| 1",
                 *[x for k in order for x in wrapped(row[k])], "|", "| 2",
                 *[f"| {x}" for x in [{"task": "推行联合验收", "lead": "县发改局", "resp": "县财政局",
                                       "time": "2024年底前"}[k] for k in order]], "|"]
        first = parse_text("\n".join(lines)).documents[0].sections[0]
        got = (first.title, first.lead_units, first.responsible_units,
               [(d.kind, str(d.start), str(d.due)) for d in first.deadlines])
        assert got == (row["task"], row["lead"].split("、"), row["resp"].split("、"),
                       [("range", "2024-11-01", "2024-12-05")]), ("\n".join(lines), got)
