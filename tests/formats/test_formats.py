"""Notices in the formats they are published in (issue 11): web pages, Word, PDF, sheets.

The strongest check is agreement: the same notice as .txt (whose parse is the hand-checked
tests/fixtures/gold snapshot) and as .docx, .pdf and .html (samples/formats, written by
make_formats.py) gives the same tasks, units and deadlines.  The real pages of
../shared/formats/html are checked against what each page states, read by hand.
"""
from __future__ import annotations

import io
import json
import zipfile

import pytest
from conftest import FONT_MISSING_REASON, FORMATS, RENDERINGS, SAMPLES, SHARED, cjk_font_missing, run_cli
from gold_format import walk

from govplan.output.json_stream import to_data

PAGES = SHARED / "formats" / "html"


def _tasks(result) -> list[tuple]:
    data = result if isinstance(result, dict) else to_data(result)
    return [(s["marker"], s["level"], s["lead_units"], s["responsible_units"],
             [(d["kind"], d["start"], d["due"]) for d in s["deadlines"]])
            for d in data["documents"] for s in walk(d["sections"])]


def _documents(result) -> list[tuple]:
    return [(d.title, d.doc_number, d.issued and d.issued.isoformat()) for d in result.documents]


@pytest.mark.parametrize("name,fmt", [(n, f) for n in ("national_plan", "work_plan_stages", "meeting_minutes",
                                                       "traditional_tw") for f in ("docx", "pdf", "html")]
                         + [("task_table", f) for f in ("docx", "html")])
def test_the_same_notice_in_every_format_gives_the_same_tasks(name, fmt):
    from govplan import parse_file

    text = parse_file(SAMPLES / f"{name}.txt")
    other = parse_file(FORMATS / f"{name}.{fmt}")
    assert other.source.format == fmt
    assert _tasks(other) == _tasks(text)
    assert _documents(other) == _documents(text)
    assert all(s.locator for d in other.documents for s in d.sections)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_task_table_sheet_gives_the_rows_of_the_table_in_the_notice(fmt):
    from govplan import parse_file

    text = parse_file(SAMPLES / "task_table.txt")
    sheet = parse_file(FORMATS / f"task_table.{fmt}")
    table = [d for d in text.documents if d.title == "XX县2025年优化营商环境重点任务清单"]
    assert [d.title for d in sheet.documents] == ["XX县2025年优化营商环境重点任务清单"]
    assert _tasks(sheet) == _tasks({"documents": [to_data(d) for d in table]})
    row = sheet.documents[0].sections[0].children[0]
    assert (row.marker, row.locator) == ("1", "sheet 任务清单 row 4" if fmt == "xlsx" else "row 4")


def test_word_numbering_is_rendered_as_the_marker_word_shows():
    # the .docx has no marker in its text: 一、 （一） 1. come from numbering.xml, 1. running
    # on through the plan (lvlRestart 0), as the hand-checked .txt numbers it
    proc = run_cli("parse", str(FORMATS / "national_plan.docx"), "--text")
    lines = [line.split("\t") for line in proc.stdout.decode("utf-8").splitlines()]
    where = {text: place for _, place, text in lines}
    assert where["一、总体要求"] == "paragraph 10"
    starts = [text[:7] for _, _, text in lines]
    assert {"（一）完善县级", "4.引导龙头企", "（三）提升数字"} <= set(starts)
    assert not any(text.startswith("青禾政务") for _, _, text in lines)  # the page header is not the body


def test_word_list_formats(tmp_path):
    from govplan.formats.docx import _format
    from govplan.text.numerals import to_chinese

    assert [_format(n, "chineseCounting") for n in (1, 10, 11, 21)] == ["一", "十", "十一", "二十一"]
    # (what LibreOffice writes for the same list, and the formal numerals of 壹、 lists)
    assert [_format(12, f) for f in ("taiwaneseCountingThousand", "chineseLegalSimplified", "ideographDigital")] \
        == ["十二", "拾贰", "一二"]
    assert [_format(n, f) for n, f in ((3, "decimalEnclosedCircle"), (2, "ideographTraditional"),
                                       (4, "upperRoman"), (28, "lowerLetter"))] == ["③", "乙", "IV", "bb"]
    assert to_chinese(105) == "一百零五"


@pytest.mark.parametrize("page,title,number,issued", [
    ("gz_gov_suifubangui_2021_19_temp_relief", "广州市人民政府办公厅关于印发广州市临时救助实施细则的通知",
     "穗府办规〔2021〕19号", "2021-12-01"),
    ("gz_gov_suifubangui_2022_13_home_elderly_care", "广州市人民政府办公厅关于印发广州市居家社区养老服务管理办法的通知",
     "穗府办规〔2022〕13号", "2022-09-06"),
    ("gz_rsj_2025_pension_qualification_notice",
     "广州市社会保险基金管理中心关于开展2025年企业职工和城乡居民养老保险待遇领取资格认证的通告", None, "2025-03-27"),
    ("gz_scjgj_repost_state_council_order_746", "中华人民共和国市场主体登记管理条例",
     "中华人民共和国国务院令第746号", "2021-07-27"),
    ("gz_thnet_repost_suiminguizi_2024_3_elderly_meals",
     "广州市民政局广州市财政局广州市市场监督管理局关于印发广州市老年人助餐配餐服务管理办法的通知",
     "穗民规字〔2024〕3号", "2024-03-14"),
    ("gz_wjw_suiweihan_2023_1930_family_doctor_plan",
     "广州市卫生健康委等4部门关于印发推进广州市家庭医生签约服务高质量发展实施方案的通知", "穗卫函〔2023〕1930号",
     "2023-10-19"),
    # signed 19 March (the signature); the page's PubDate, 20 March, is not the signed date
    ("gz_zfcj_2025_public_rental_notice", "关于推出供应广州市2025年第一批户籍家庭公共租赁住房常态分配房源的通告",
     None, "2025-03-19"),
    ("thnet_edu_2026_kindergarten_enrolment_plan",
     "广州市天河区教育局关于印发《2026年广州市天河区幼儿园招生工作方案》的通知", None, "2026-04-20"),
    # a repost with no 文号 and no signed date (PubDate 2022-11-16 is the page's)
    ("zc_gov_repost_disability_subsidies_measures", "广州市困难残疾人生活补贴和重度残疾人护理补贴实施办法", None, None),
])
def test_real_government_pages(page, title, number, issued):
    from govplan import parse_file

    path = PAGES / f"{page}.html"
    if not path.exists():
        pytest.skip("../shared/formats/html is not beside the repository")
    result = parse_file(path)
    first = result.documents[0]
    assert (first.title, first.doc_number, first.issued and first.issued.isoformat()) == (title, number, issued)
    page_words = ("网站地图", "当前位置", "扫一扫", "分享到", "打印本页", "关闭窗口", "ICP备", "var ", "function(")
    for d in result.documents:
        for s in walk([to_data(x) for x in d.sections]):
            assert not any(w in s["text"] for w in page_words), (s["line"], s["text"][:80])


def test_the_task_table_of_a_real_page_gives_its_rows_with_their_units():
    from govplan import parse_file

    path = PAGES / "gz_wjw_suiweihan_2023_1930_family_doctor_plan.html"
    if not path.exists():
        pytest.skip("../shared/formats/html is not beside the repository")
    table = parse_file(path).documents[-1]
    assert table.title == "关于推进广州市家庭医生签约服务高质量发展工作的任务分工表"
    numbered = {s.marker: s for s in table.sections if s.marker}
    assert sorted(map(int, numbered)) == list(range(1, 25))
    # read by hand from the page's table (牵头单位 | 配合单位)
    assert (numbered["1"].lead_units, numbered["1"].responsible_units) == (["各区政府"], ["市卫生健康委"])
    assert (numbered["10"].lead_units, numbered["10"].responsible_units) == (["市卫生健康委", "各区政府"], ["市医保局"])
    assert (numbered["21"].lead_units, numbered["21"].responsible_units) == (["市医保局"], ["市卫生健康委", "各区政府"])
    assert (numbered["24"].lead_units, numbered["24"].responsible_units) == (["各区政府", "市卫生健康委"], [])


def test_a_gbk_page_is_read_by_its_declared_charset():
    from govplan import parse_file

    raw = (FORMATS / "work_plan_stages.html").read_bytes()
    assert b"charset=gb2312" in raw and "区教育局".encode("gb18030") in raw
    result = parse_file(FORMATS / "work_plan_stages.html")
    assert result.source.encoding == "gb18030"
    assert result.documents[0].title == "XX区教育局关于开展校园安全隐患排查整治专项行动的通知"


def test_the_format_comes_from_the_bytes_not_the_name(tmp_path):
    from govplan import parse_file

    disguised = tmp_path / "notice.txt"
    disguised.write_bytes((FORMATS / "national_plan.pdf").read_bytes())
    assert parse_file(disguised).source.format == "pdf"


def _format_folder(tmp_path):
    import shutil

    folder = tmp_path / "in"
    folder.mkdir()
    for path in FORMATS.glob("*.*"):
        if path.suffix != ".py":
            shutil.copy(path, folder / path.name)
    return folder


def test_batch_reads_every_format_in_a_folder(tmp_path):
    out = tmp_path / "out"
    proc = run_cli("batch", str(_format_folder(tmp_path)), "-o", str(out), "-j", "1", "-q")
    assert proc.returncode == 0, proc.stderr
    made = sorted(p.name for p in out.rglob("*.json"))
    # the same notice in three formats: three outputs, named by the whole input name
    assert {"national_plan.docx.json", "national_plan.pdf.json", "national_plan.html.json"} <= set(made)
    formats = {json.loads(p.read_text(encoding="utf-8"))["source"]["format"] for p in out.rglob("*.json")}
    assert formats == {"docx", "pdf", "ofd", "html", "xlsx", "csv"}


# ---------------------------------------------------------------- what cannot be read: one line, exit 2

def _scanned_pdf(path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.rect(50, 50, 400, 600, fill=1)  # a page that is a picture: no text layer
    c.showPage()
    c.save()


def _error(proc) -> str:
    lines = proc.stderr.decode("utf-8").strip().splitlines()
    assert proc.returncode == 2 and len(lines) == 1 and proc.stdout == b"", (proc.returncode, lines)
    return lines[0]


def test_a_scanned_pdf_is_refused_in_one_line(tmp_path):
    scan = tmp_path / "scan.pdf"
    _scanned_pdf(scan)
    assert "without a text layer" in _error(run_cli("parse", str(scan)))


def test_a_truncated_word_file_is_refused_in_one_line(tmp_path):
    broken = tmp_path / "plan.docx"
    broken.write_bytes((FORMATS / "national_plan.docx").read_bytes()[:5000])
    assert "not a readable Word file" in _error(run_cli("parse", str(broken)))


def test_a_page_of_only_scripts_is_refused_in_one_line(tmp_path):
    page = tmp_path / "app.html"
    page.write_text("<!DOCTYPE html><html><head><script>var a = '一二三四五六七八九十一二三四五六七八九十一二三';</script>"
                    "</head><body><div id='app'></div><script src='main.js'></script></body></html>", encoding="utf-8")
    assert "without text content" in _error(run_cli("parse", str(page)))


def test_a_sheet_without_known_columns_is_reported(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["姓名", "电话"])
    book.active.append(["张三", "12345678"])
    path = tmp_path / "contacts.xlsx"
    book.save(path)
    proc = run_cli("parse", str(path))
    assert proc.returncode == 0
    result = json.loads(proc.stdout)
    assert [d["code"] for d in result["diagnostics"] if d["code"] == "no-task-table"] == ["no-task-table"]


def test_an_old_word_file_without_libreoffice_names_it(tmp_path, monkeypatch):
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    message = _error(run_cli("parse", str(doc)))
    assert "LibreOffice Writer" in message and "old.doc" in message and "libreoffice-writer" in message


def test_a_missing_libreoffice_component_is_named(tmp_path, monkeypatch):
    # Writer installed but not Calc: the .xls names Calc and its package, not "damaged?"
    from govplan.formats import office

    program = tmp_path / "program"
    program.mkdir()
    (program / "soffice").write_text("#!/bin/sh\nexit 1\n")
    (program / "soffice").chmod(0o755)
    (program / "libswlo.so").write_bytes(b"")
    monkeypatch.setattr(office.shutil, "which", lambda name: str(program / "soffice") if name == "soffice" else None)
    assert office.has_component("docx") and not office.has_component("xlsx")
    sheet = tmp_path / "old.xls"
    sheet.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    message = _error(run_cli("parse", str(sheet)))
    assert "LibreOffice Calc" in message and "libreoffice-calc" in message and "damaged" not in message


def test_a_zip_that_is_no_office_file_is_refused(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hello")
    path = tmp_path / "bundle.zip"
    path.write_bytes(buf.getvalue())
    assert "neither a Word" in _error(run_cli("parse", str(path)))


def test_reading_text_loads_no_format_library():
    import subprocess
    import sys

    code = ("import sys; from govplan import parse_file; parse_file('samples/national_plan.txt'); "
            "print(' '.join(m for m in ('lxml', 'pypdfium2', 'openpyxl', 'docx') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=SAMPLES.parent,
                            check=True).stdout.split()
    assert loaded == []


def test_glob_may_be_given_several_times(tmp_path):
    out = tmp_path / "out"
    proc = run_cli("batch", str(_format_folder(tmp_path)), "-o", str(out), "-j", "1", "-q",
                   "--glob", "*.docx", "--glob", "*.csv")
    assert proc.returncode == 0, proc.stderr
    assert {p.name.split(".")[-2] for p in out.rglob("*.json")} == {"docx", "csv"}


@pytest.mark.parametrize("expected", sorted(RENDERINGS.glob("*.txt")), ids=lambda p: p.stem)
def test_each_rendering_is_its_reviewed_snapshot(expected):
    # tests/fixtures/renderings: `govplan parse FILE --text` of each sample, checked line by line
    # against the file it renders (reviewed snapshots; the parse after it is checked above by
    # agreement with the .txt's gold)
    proc = run_cli("parse", str(FORMATS / expected.stem), "--text")
    assert proc.returncode == 0
    same = proc.stdout.decode("utf-8") == expected.read_text(encoding="utf-8")
    if not same and expected.stem.endswith(".pdf") and cjk_font_missing():
        pytest.skip(FONT_MISSING_REASON)
    assert same, proc.stdout.decode("utf-8")


def test_characters_of_a_font_pdfium_cannot_read_are_never_lost_silently():
    # the sample's task table wraps 县行政审批局 in its cell: the second line holds 局 alone, a text
    # object PDFium reads as empty when no installed font stands in for the PDF's STSong-Light
    from govplan.formats.sniff import load_file

    read = load_file(FORMATS / "task_table.pdf")
    notes = [message for _, code, message in read.notes if code == "font-missing"]
    if "县行政审批局" in read.text and "出让改革" in read.text:
        assert notes == []  # a CJK font is installed: every character read, nothing to report
    else:
        assert len(notes) == 1 and "STSong-Light (pages 1, 2)" in notes[0] and "fonts-wqy-zenhei" in notes[0]


def test_each_sheet_of_a_workbook_is_a_document(tmp_path):
    from openpyxl import Workbook

    from govplan import parse_file

    book = Workbook()
    first = book.active
    first.title = "一季度"
    first.append(["青禾县一季度重点任务"])
    first.merge_cells("A1:D1")
    for row in (["序号", "任务", "牵头单位", "完成时限"], [1, "修建便民桥", "县交通局", "2024年3月底前"],
                [2, "整治河道", "县水利局", "2024年3月15日前"]):
        first.append(row)
    second = book.create_sheet("二季度")  # no title row: the sheet's name titles it
    for row in (["序号", "任务", "牵头单位", "完成时限"], [1, "建设公园", "县住建局", "2024年6月底前"]):
        second.append(row)
    path = tmp_path / "tasks.xlsx"
    book.save(path)
    docs = parse_file(path).documents
    assert [(d.title, [(s.marker, s.lead_units) for s in d.sections]) for d in docs] == [
        ("青禾县一季度重点任务", [("1", ["县交通局"]), ("2", ["县水利局"])]),
        ("二季度", [("1", ["县住建局"])])]
    assert docs[1].sections[0].locator == "sheet 二季度 row 2"


@pytest.mark.parametrize("name,fmt", [("meeting_minutes", "doc"), ("work_plan_stages", "odt"), ("task_table", "xls")])
def test_old_office_files_through_libreoffice(name, fmt):
    from govplan import parse_file
    from govplan.formats.office import COMPONENTS, has_component

    target = "xlsx" if fmt == "xls" else "docx"
    if not has_component(target):
        pytest.skip(f"LibreOffice {COMPONENTS[target][0]} is not installed here (without it these files are "
                    "refused: tested above)")
    text = parse_file(SAMPLES / f"{name}.txt")
    other = parse_file(FORMATS / "office" / f"{name}.{fmt}")
    assert other.source.format == fmt
    raw = (FORMATS / "office" / f"{name}.{fmt}").read_bytes()  # the file's own hash, not the converted one's
    assert (other.source.sha256, other.source.bytes) == (__import__("hashlib").sha256(raw).hexdigest(), len(raw))
    if fmt == "xls":  # the sheet holds the attachment's table only
        text.documents = [d for d in text.documents if d.title == "XX县2025年优化营商环境重点任务清单"]
    assert _tasks(other) == _tasks(text)


def test_a_pages_index_table_never_overrides_the_notices_own_facts(tmp_path):
    # the page's table says 成文日期 2024-05-01 and one 文号; the notice signs 2024-04-28 and
    # prints its own 文号: the notice's own facts win; the page's fill only what it lacks
    page = ("<html><head><meta charset='utf-8'><meta name='ArticleTitle' content='青禾县防汛工作方案'>"
            "<meta name='PubDate' content='2024-05-06'></head><body><div class='nav'><a>首页</a><a>政务公开</a></div>"
            "<table><tr><td>索引号：</td><td>QH-2024-001</td><td>文号：</td><td>青政办〔2024〕9号</td></tr>"
            "<tr><td>发布机构：</td><td>青禾县人民政府办公室</td><td>成文日期：</td><td>2024-05-01</td></tr></table>"
            "<div class='content'><p>青禾县防汛工作方案</p><p>青政办发〔2024〕7号</p>"
            "<p>一、压实防汛责任，各乡镇于5月底前完成隐患排查。（责任单位：县水利局）</p>"
            "<p>二、做好物资储备，确保防汛物资足额到位。（责任单位：县应急管理局）</p>"
            "<p>青禾县人民政府办公室</p><p>2024年4月28日</p></div><div class='footer'>版权所有</div></body></html>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    from govplan import parse_file

    [doc] = parse_file(path).documents
    assert (doc.title, doc.doc_number, doc.issued.isoformat()) == ("青禾县防汛工作方案", "青政办发〔2024〕7号", "2024-04-28")
    assert doc.sections[0].deadlines[0].due.isoformat() == "2024-05-31"
