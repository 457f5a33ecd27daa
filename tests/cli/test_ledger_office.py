"""The office's ledger (issue 22) through the real command: its columns and rows (checked by hand
against the notices), stable task ids, --update round trips, tracking in the workbook, lists per
unit, JSON lines.  Notices are our own sentences."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess

import pytest
from conftest import SAMPLES, run_cli

NATIONAL = str(SAMPLES / "national_plan.txt")
HEADER = ["序号", "所属类别", "重点任务", "具体措施", "责任领导", "牵头单位", "责任单位", "完成时限", "截止日期",
          "进展情况", "完成状态", "备注", "任务编号"]

PLAN = """青禾县节水工作方案
青政办〔2025〕3号
一、重点任务
(一)推进节水改造。完成灌区节水改造5万亩,2025年12月底前完成。(责任领导:张明;牵头单位:县水利局;责任单位:县财政局、各乡镇人民政府)
(二)建设节水型机关。县直机关全部建成节水型单位。(牵头单位:县机关事务中心;完成时限:2025年6月底前)
(三)开展节水宣传。每季度末报送宣传情况。(县委宣传部牵头,县教育局配合)
二、保障措施
(一)加强督查。开展督查问效。(牵头单位:县政府督查室;完成时限:持续推进)
"""


def _csv(*args: str) -> list[dict[str, str]]:
    ran = run_cli("table", *args, "-f", "csv")
    assert ran.returncode == 0, ran.stderr
    rows = list(csv.reader(io.StringIO(ran.stdout.decode("utf-8-sig"))))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def _plan(tmp_path, text: str = PLAN, name: str = "plan.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- columns and rows

def test_the_office_columns_and_the_rows_of_a_plan(tmp_path):
    ran = run_cli("table", str(_plan(tmp_path)))
    header = next(csv.reader(io.StringIO(ran.stdout.decode("utf-8-sig"))))
    assert header == HEADER
    rows = _csv(str(_plan(tmp_path)))
    assert [r["序号"] for r in rows] == ["1", "2", "3", "4"]  # one row a task, numbered 1…N
    first = rows[0]
    assert (first["所属类别"], first["重点任务"], first["具体措施"]) == (
        "一、重点任务", "推进节水改造", "完成灌区节水改造5万亩,2025年12月底前完成。")  # no marker, no annotation
    assert (first["责任领导"], first["牵头单位"], first["责任单位"]) == ("张明", "县水利局", "县财政局、各乡镇人民政府")
    assert (first["完成时限"], first["截止日期"], first["完成状态"], first["备注"]) == (
        "2025年12月底前", "2025-12-31", "未开始", "")  # 前 kept as written
    assert rows[1]["完成时限"] == "2025年6月底前" and rows[1]["截止日期"] == "2025-06-30"
    # recurring and ongoing wording kept, and the reason there is no date said
    assert (rows[2]["完成时限"], rows[2]["截止日期"], rows[2]["备注"]) == ("每季度末", "", "周期性任务，无单一截止日期")
    assert (rows[2]["牵头单位"], rows[2]["责任单位"]) == ("县委宣传部", "县教育局")
    assert rows[3]["所属类别"] == "二、保障措施" and rows[3]["完成时限"] == "持续推进"
    assert rows[3]["备注"] == "持续性任务，无截止日期"


def test_a_notice_without_a_year_says_how_to_give_it(tmp_path):
    undated = _plan(tmp_path, "青禾县节水工作方案\n一、推进节水改造。6月底前完成。(牵头单位:县水利局)\n")
    row = _csv(str(undated))[0]
    assert row["完成时限"] == "6月底前" and row["截止日期"] == "" and "--year" in row["备注"]
    assert _csv(str(undated), "--year", "2026")[0]["截止日期"] == "2026-06-30"


def test_the_national_sample_rows_checked_by_hand():
    rows = _csv(NATIONAL)
    assert len(rows) == 10
    by_task = {r["重点任务"]: r for r in rows}
    r = by_task["推进村级寄递物流点建设"]
    assert (r["所属类别"], r["牵头单位"], r["责任单位"], r["完成时限"], r["截止日期"]) == (
        "(一)完善县级物流设施", "国家邮政局", "农业农村部、商务部", "2024年6月底前", "2024-06-30")
    assert r["具体措施"] == "在具备条件的行政村设立寄递服务点,2024年6月底前实现快递服务行政村全覆盖。"
    assert by_task["引导龙头企业下沉"]["完成时限"] == "第二季度"
    assert by_task["做好督促评估"]["完成时限"] == "2025年11月前；每年1月底前"


def test_the_task_table_sample_keeps_its_cells_apart():
    rows = _csv(str(SAMPLES / "task_table.txt"))
    assert [r["重点任务"] for r in rows][:2] == ["推行涉企事项“一件事一次办”,新增10个集成服务场景", "建成县级政务服务综合窗口"]
    assert rows[0]["具体措施"] == "" and rows[0]["牵头单位"] == "县行政审批局"
    assert rows[2]["完成时限"] == "每季度" and rows[4]["完成时限"] == "长期坚持"


def test_detail_columns_on_request(tmp_path):
    rows = _csv(str(_plan(tmp_path)), "--columns", "detail")
    assert (rows[0]["文件"], rows[0]["标题序号"], rows[0]["行号"]) == ("plan.txt", "一/(一)", "4")


def test_jsonl_is_a_flat_record_a_task(tmp_path):
    ran = run_cli("table", str(_plan(tmp_path)), "-f", "jsonl")
    records = [json.loads(line) for line in ran.stdout.decode().splitlines()]
    assert len(records) == 4 and records[0]["lead_units"] == "县水利局" and records[0]["due"] == "2025-12-31"
    assert records[0]["task_id"].startswith("T") and records[0]["line"] == 4


def test_headers_follow_the_script(tmp_path):
    ran = run_cli("table", str(_plan(tmp_path)), "--script", "traditional")
    header = next(csv.reader(io.StringIO(ran.stdout.decode("utf-8-sig"))))
    assert header[:3] == ["序號", "所屬類別", "重點任務"] and "任務編號" in header


# ---------------------------------------------------------------- task ids

def _ids(path, *args) -> dict[str, str]:
    return {r["重点任务"]: r["任务编号"] for r in _csv(str(path), *args)}


@pytest.mark.parametrize("edit", [
    lambda t: t.replace("(一)推进", "(二)推进", 1).replace("(二)建设", "(三)建设").replace("(三)开展", "(四)开展"),
    lambda t: t.replace("一、重点任务\n", "一、重点任务\n(一)新增一项改造任务。(牵头单位:县住建局)\n"),
    lambda t: t.replace("2025年12月底前完成", "2026年3月底前完成").replace("县水利局", "县农业农村局"),
    lambda t: t.replace("青政办〔2025〕3号\n", ""),
], ids=["renumbered", "task-inserted-before", "deadline-and-units-changed", "edit-elsewhere"])
def test_a_task_keeps_its_id_through_edits(tmp_path, edit):
    before = _ids(_plan(tmp_path))
    after = _ids(_plan(tmp_path, edit(PLAN), "edited.txt"))
    assert all(after[task] == task_id for task, task_id in before.items())
    assert len(set(after.values())) == len(after)


def test_a_task_keeps_its_id_in_another_format_and_script():
    txt = _ids(NATIONAL)
    assert _ids(SAMPLES / "formats" / "national_plan.docx") == txt
    ran = run_cli("table", NATIONAL, "--script", "traditional", "-f", "jsonl")
    assert [json.loads(line)["task_id"] for line in ran.stdout.decode().splitlines()] == list(txt.values())


def test_the_same_words_twice_get_numbered_ids(tmp_path):
    twice = _plan(tmp_path, "青禾县方案\n一、推进节水改造工作。(牵头单位:县水利局)\n二、推进节水改造工作。(牵头单位:县财政局)\n")
    ids = [r["任务编号"] for r in _csv(str(twice))]
    assert ids[1] == ids[0] + "-2"


# ---------------------------------------------------------------- --update

def _fill(ledger, entries: dict[str, tuple[str, str]], added_column: str | None = None, reverse: bool = False):
    """What a clerk does in Excel: progress and status filled per task id, maybe the task rows
    re-sorted (here: reversed) and a column of their own added at the right."""
    from openpyxl import load_workbook

    book = load_workbook(ledger)
    ws = book.worksheets[0]
    header = [c.value for c in ws[2]]
    at = [r for r in range(3, ws.max_row + 1) if ws.cell(r, header.index("任务编号") + 1).value]
    rows = [[ws.cell(r, c + 1).value for c in range(len(header))] for r in at]
    for r in rows:
        r[header.index("进展情况")], r[header.index("完成状态")] = entries.get(r[header.index("任务编号")], ("", "未开始"))
    if reverse:
        rows.reverse()
    for r, values in zip(at, rows):
        for c, value in enumerate(values):
            ws.cell(r, c + 1).value = value
        if added_column:
            ws.cell(r, len(header) + 1).value = f"{added_column}-{values[header.index('任务编号')]}"
    if added_column:
        ws.cell(2, len(header) + 1).value = added_column
    book.save(ledger)


def _read(ledger) -> list[dict]:
    from openpyxl import load_workbook

    ws = load_workbook(ledger).worksheets[0]
    header = [c.value for c in ws[2]]
    return [dict(zip(header, r)) for r in ws.iter_rows(min_row=3, values_only=True) if r[header.index("任务编号")]]


@pytest.mark.parametrize("clerk", ["as-written", "re-sorted-with-a-column-added"])
def test_update_keeps_every_entry_and_marks_the_changes(tmp_path, clerk):
    ledger = tmp_path / "台账.xlsx"
    assert run_cli("table", str(_plan(tmp_path)), "-o", str(ledger)).returncode == 0
    ids = {r["重点任务"]: r["任务编号"] for r in _read(ledger)}
    entries = {ids[task]: (f"{task}：已完成一半", "推进中") for task in ids}
    _fill(ledger, entries, added_column="督办人" if clerk != "as-written" else None, reverse=clerk != "as-written")
    revised = (PLAN.replace("(一)推进", "(二)推进", 1).replace("(二)建设", "(三)建设").replace("(三)开展", "(四)开展")
               .replace("一、重点任务\n", "一、重点任务\n(一)新增节水器具推广。(牵头单位:县市场监管局)\n")
               .replace("2025年6月底前)", "2025年9月底前)")
               .replace("(一)加强督查。开展督查问效。(牵头单位:县政府督查室;完成时限:持续推进)\n", ""))
    ran = run_cli("table", str(_plan(tmp_path, revised, "revised.txt")), "-o", str(ledger), "--update")
    assert ran.returncode == 0, ran.stderr
    assert b"1 new" in ran.stderr and b"1 no longer in the notice" in ran.stderr and b"1 changed" in ran.stderr
    rows = {r["重点任务"]: r for r in _read(ledger)}
    for task, task_id in ids.items():  # every entry kept, the removed task's too
        assert rows[task]["任务编号"] == task_id and rows[task]["进展情况"] == f"{task}：已完成一半"
        assert rows[task]["完成状态"] == "推进中"
        if clerk != "as-written":
            assert rows[task]["督办人"] == f"督办人-{task_id}"
    assert rows["新增节水器具推广"]["变更"] == "新增" and rows["新增节水器具推广"]["完成状态"] == "未开始"
    assert rows["加强督查"]["变更"] == "已删除"
    assert rows["建设节水型机关"]["变更"] == "时限变更：2025年6月底前 → 2025年9月底前"
    assert rows["建设节水型机关"]["截止日期"] == dt.datetime(2025, 9, 30)
    assert rows["推进节水改造"]["变更"] in (None, "")


def test_update_of_a_csv_ledger(tmp_path):
    ledger = tmp_path / "台账.csv"
    assert run_cli("table", str(_plan(tmp_path)), "-o", str(ledger)).returncode == 0
    text = ledger.read_text(encoding="utf-8-sig").replace(",未开始,", ",已完成,", 1)
    ledger.write_text(text, encoding="utf-8-sig")
    ran = run_cli("table", str(_plan(tmp_path)), "-o", str(ledger), "--update")
    assert ran.returncode == 0 and b"4 tasks kept" in ran.stderr
    rows = list(csv.DictReader(io.StringIO(ledger.read_text(encoding="utf-8-sig"))))
    assert rows[0]["完成状态"] == "已完成" and rows[1]["完成状态"] == "未开始"


def test_update_refuses_what_is_no_ledger(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    ran = run_cli("table", str(_plan(tmp_path)), "-o", str(other), "--update")
    assert ran.returncode == 2 and b"no \xe4\xbb\xbb\xe5\x8a\xa1\xe7\xbc\x96\xe5\x8f\xb7 column" in ran.stderr
    assert other.read_text(encoding="utf-8") == "a,b\n1,2\n"  # untouched
    assert run_cli("table", str(_plan(tmp_path)), "--update").returncode == 2  # stdout is no ledger


# ---------------------------------------------------------------- tracking in the workbook

def test_the_workbook_has_the_status_drop_down_colours_and_a_summary(tmp_path):
    from openpyxl import load_workbook

    ledger = tmp_path / "台账.xlsx"
    assert run_cli("table", str(_plan(tmp_path)), "-o", str(ledger)).returncode == 0
    book = load_workbook(ledger)
    ws = book.worksheets[0]
    assert book.sheetnames == ["台账", "汇总"]
    header = [c.value for c in ws[2]]
    assert "所属类别" not in header and ws["A3"].value == "一、重点任务"  # a category row across the sheet
    status = ws.cell(row=2, column=header.index("完成状态") + 1).column_letter
    [choice] = ws.data_validations.dataValidation
    assert choice.type == "list" and "未开始" in choice.formula1 and "已完成" in choice.formula1
    assert str(choice.sqref).startswith(f"{status}3:")
    rules = [r for cf in ws.conditional_formatting for r in cf.rules]
    assert len(rules) == 2 and all("TODAY()" in r.formula[0] for r in rules)
    summary = book["汇总"]
    cells = [c for row in summary.iter_rows(values_only=True) for c in row if c]
    assert "县水利局" in cells and any(str(c).startswith("=COUNTIF(") for c in cells)


def _row_colour(pdf_path, page_png, words: str) -> tuple[int, int, int]:
    """The colour behind ``words`` in the rendered ledger (a pixel left of them, inside their cell)."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(pdf_path)
    page = pdf[0]
    text = page.get_textpage()
    search = text.search(words)
    index, _ = search.get_next()
    left, bottom, right, top = text.get_charbox(index)
    scale = 2
    image = page.render(scale=scale).to_pil()
    _, height = page.get_size()
    return image.getpixel((int((left - 2) * scale), int((height - (top + bottom) / 2) * scale)))[:3]


def test_libreoffice_renders_overdue_and_due_soon_rows_on_a_fixed_date(tmp_path):
    from govplan.formats.office import has_component
    from govplan.formats.office import program as soffice

    if soffice() is None or not has_component("xlsx") or shutil.which("faketime") is None:
        pytest.skip("needs LibreOffice Calc and faketime (.ci/run installs both)")
    ledger = tmp_path / "ledger.xlsx"
    assert run_cli("table", str(_plan(tmp_path)), "-o", str(ledger)).returncode == 0
    subprocess.run(["faketime", "2025-06-20 12:00:00", soffice(), f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(ledger)], check=True,
                   capture_output=True, timeout=300)
    pdf = tmp_path / "ledger.pdf"
    soon = _row_colour(pdf, None, "2025-06-30")  # due ten days after the fixed date: yellow
    later = _row_colour(pdf, None, "2025-12-31")  # months away: no colour
    assert soon == (0xFF, 0xEB, 0x9C) and later == (0xFF, 0xFF, 0xFF)


# ---------------------------------------------------------------- a list per unit

def test_by_unit_a_sheet_or_a_workbook_per_unit(tmp_path):
    from openpyxl import load_workbook

    book = tmp_path / "分工.xlsx"
    assert run_cli("table", str(_plan(tmp_path)), "--by-unit", "-o", str(book)).returncode == 0
    names = load_workbook(book).sheetnames
    assert {"县水利局", "县财政局", "各乡镇人民政府", "县委宣传部", "县政府督查室"} <= set(names)
    ws = load_workbook(book)["县财政局"]
    tasks = [r[1] for r in ws.iter_rows(min_row=3, values_only=True) if r[1]]
    assert ws["A1"].value == "县财政局任务清单" and tasks == ["推进节水改造"]
    folder = tmp_path / "lists"
    assert run_cli("table", str(_plan(tmp_path)), "--by-unit", "-o", f"{folder}/").returncode == 0
    assert (folder / "县水利局.xlsx").is_file() and (folder / "县委宣传部.xlsx").is_file()
    assert run_cli("table", str(_plan(tmp_path)), "--by-unit", "-f", "csv").returncode == 2


# ---------------------------------------------------------------- one row a task

BODY_AND_TABLE = """青禾县节水工作方案
一、重点任务
(一)推进节水改造。完成灌区节水改造5万亩。(牵头单位:县水利局)
(二)建设节水型机关。县直机关全部建成节水型单位。
二、保障措施
加强督查问效,确保各项任务按期完成。
附件
青禾县节水工作任务分工表
序号\t工作任务\t具体措施\t牵头单位\t责任单位\t完成时限
1\t推进节水改造\t改造灌区渠系\t县水利局\t县财政局\t2025年12月底前
2\t建设节水型机关\t开展机关节水诊断\t县机关事务中心\t县直各单位\t2025年6月底前
"""


def test_a_body_item_and_its_table_row_are_one_row(tmp_path):
    rows = _csv(str(_plan(tmp_path, BODY_AND_TABLE)))
    assert [r["重点任务"] for r in rows] == ["推进节水改造", "建设节水型机关"]  # each task once
    first, second = rows
    # the row's measure and units, the body item's category; the units of both kept
    assert (first["所属类别"], first["具体措施"], first["牵头单位"], first["责任单位"], first["完成时限"]) == (
        "一、重点任务", "改造灌区渠系", "县水利局", "县财政局", "2025年12月底前")
    assert (second["所属类别"], second["牵头单位"], second["责任单位"]) == ("一、重点任务", "县机关事务中心", "县直各单位")


def test_a_body_item_is_not_merged_with_a_row_of_another_task(tmp_path):
    other = BODY_AND_TABLE.replace("1\t推进节水改造\t", "1\t推进雨水收集利用\t")
    rows = _csv(str(_plan(tmp_path, other)))
    assert [r["重点任务"] for r in rows] == ["推进节水改造", "推进雨水收集利用", "建设节水型机关"]


def test_an_annotation_cut_off_by_a_damaged_copy_is_not_a_measure(tmp_path):
    cut = _plan(tmp_path, "青禾县方案\n一、重点任务\n(一)推进节水改造。完成灌区改造。(牵头单位:县水利局;责任单位:县财\n")
    row = _csv(str(cut))[0]
    assert row["具体措施"] == "完成灌区改造。" and row["牵头单位"] == "县水利局"


def test_update_of_a_csv_ledger_re_sorted_with_a_column_added(tmp_path):
    ledger = tmp_path / "台账.csv"
    assert run_cli("table", str(_plan(tmp_path)), "-o", str(ledger)).returncode == 0
    rows = list(csv.reader(io.StringIO(ledger.read_text(encoding="utf-8-sig"))))
    header, body = rows[0] + ["督办人"], [r + [f"督办-{r[2]}"] for r in reversed(rows[1:])]
    body[0][header.index("进展情况")] = "已完成验收"
    buf = io.StringIO()
    csv.writer(buf).writerows([header] + body)
    ledger.write_text(buf.getvalue(), encoding="utf-8-sig")
    revised = PLAN.replace("2025年6月底前)", "2025年9月底前)")
    ran = run_cli("table", str(_plan(tmp_path, revised, "revised.txt")), "-o", str(ledger), "--update")
    assert ran.returncode == 0 and b"1 changed" in ran.stderr
    after = {r["重点任务"]: r for r in csv.DictReader(io.StringIO(ledger.read_text(encoding="utf-8-sig")))}
    assert after[body[0][2]]["进展情况"] == "已完成验收"
    assert all(after[task]["督办人"] == f"督办-{task}" for task in after)
    assert after["建设节水型机关"]["变更"].startswith("时限变更")


TABLE_COLUMNS = """青禾县节水工作任务分工表
序号\t重点任务\t具体措施\t牵头单位\t配合单位\t完成时限\t内设处室\t进展情况
1\t推进节水改造\t改造灌区渠系\t县水利局\t县财政局\t2025年12月底前\t农水股\t已完成设计
2\t建设节水型机关\t开展机关节水诊断\t县机关事务中心\t县直各单位\t2025年6月底前\t综合股\t
"""


def test_a_task_tables_own_columns_are_carried_through_by_name(tmp_path):
    from openpyxl import load_workbook

    plan = _plan(tmp_path, TABLE_COLUMNS)
    rows = _csv(str(plan))
    first = rows[0]
    # columns named as the ledger's own fill them; any other keeps its name, after the office's columns
    assert (first["具体措施"], first["进展情况"], first["内设处室"]) == ("改造灌区渠系", "已完成设计", "农水股")
    assert list(first)[-1] == "内设处室" and rows[1]["内设处室"] == "综合股"
    record = json.loads(run_cli("table", str(plan), "-f", "jsonl").stdout.decode().splitlines()[0])
    assert record["columns"] == {"内设处室": "农水股"}
    book = tmp_path / "台账.xlsx"
    assert run_cli("table", str(plan), "-o", str(book)).returncode == 0
    ws = load_workbook(book).worksheets[0]
    header = [c.value for c in ws[2]]
    assert header[-1] == "内设处室" and ws.cell(3, len(header)).value == "农水股"
    # --update: the table's column takes the new parse's value, never a clerk's column twice
    revised = _plan(tmp_path, TABLE_COLUMNS.replace("农水股", "水资源股"), "revised.txt")
    assert run_cli("table", str(revised), "-o", str(book), "--update").returncode == 0
    ws = load_workbook(book).worksheets[0]
    header = [c.value for c in ws[2]]
    assert header.count("内设处室") == 1 and ws.cell(3, header.index("内设处室") + 1).value == "水资源股"


VERTICAL = """青禾县节水工作任务分工表
序号 |
重点任务 |
牵头单位 |
责任单位 |
情况说明 |
1 |
推进节水改造,完成灌区渠系改造 |
县水利局 |
县财政局 |
已完成设计 |
2 |
建设节水型机关,开展机关节水诊断 |
县机关事务中心 |
县直各单位 |
待诊断 |
"""


def test_a_table_printed_one_cell_a_line_carries_its_columns_too(tmp_path):
    rows = _csv(str(_plan(tmp_path, VERTICAL)))
    assert [(r["重点任务"], r["牵头单位"], r["情况说明"]) for r in rows] == [
        ("推进节水改造,完成灌区渠系改造", "县水利局", "已完成设计"), ("建设节水型机关,开展机关节水诊断", "县机关事务中心", "待诊断")]


# ---------------------------------------------------------------- nothing found

def test_an_input_with_no_task_is_a_warning_and_an_empty_ledger_exits_1(tmp_path):
    empty = _plan(tmp_path, "青禾县节水工作方案\n各乡镇要高度重视节水工作,切实抓好落实。\n", "empty.txt")
    ran = run_cli("table", str(empty))
    assert ran.returncode == 1 and ran.stderr.count(b"\n") == 1
    assert b"empty.txt: no tasks: no heading found" in ran.stderr
    both = run_cli("table", str(empty), NATIONAL, "-f", "csv")
    assert both.returncode == 0 and b"empty.txt: no tasks" in both.stderr  # one input empty, the ledger not
    headings = _plan(tmp_path, "青禾县节水工作方案\n一、总体要求\n全面推进节水。\n二、工作措施\n加强宣传。\n", "loose.txt")
    assert b"none of its 2 headings names a unit or a deadline" in run_cli("table", str(headings)).stderr
    checked = run_cli("check", str(empty))
    assert checked.returncode == 0 and b"empty.txt: no tasks" in checked.stderr
