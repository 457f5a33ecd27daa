"""Write the samples of samples/formats/ from the text samples, in the formats notices are
published in.  Run from the project root (the test install has what it needs):

    .venv/bin/python samples/formats/make_formats.py

Each notice (own wording, see samples/) is written as
- .docx: one paragraph a line; 一、 (一) 1. typed as Word automatic numbering (the marker is
  not in the text: numbering.xml shows it), 1. numbered through the whole plan as a
  national plan does; tab-separated lines as a Word table, a category line a merged row;
- .pdf: A4 in the CID font STSong-Light, the title centred in a larger size, lines wrapped at
  the page width (hard wraps), a running header on pages 2+ and `- N -` page numbers; a task
  table ruled, each cell's text wrapped in its column, a category line one cell across;
- .html: a GBK page in the common government template: navigation, a location bar, an index
  table (索引号 / 发布机构 / 成文日期 / 文号), the title, a byline, the body, share buttons,
  a footer and scripts;
- national_plan and task_table also as .ofd (written from the specification: write_ofd);
- and the task table also as .xlsx (merged title and category rows, a 牵头单位 merged over
  two rows is not used: each row names its own) and .csv.
The files are committed; this script makes them again byte-for-byte except for the
timestamps the libraries write (tests compare parses, not bytes).
"""
from __future__ import annotations

import html
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent
NOTICES = ["national_plan", "work_plan_stages", "meeting_minutes", "traditional_tw", "task_table"]
# the index table of each page: what the notice itself states (no invented facts)
INDEX = {
    "national_plan": ("国务院办公厅", "2023-03-15", "国办发〔2023〕41号"),
    "work_plan_stages": ("XX区教育局", "2023-04-10", "X教发〔2023〕12号"),
    "meeting_minutes": ("青禾县人民政府办公室", "", ""),
    "task_table": ("XX县人民政府办公室", "2025-02-20", "X府办发〔2025〕8号"),
    "traditional_tw": ("臺北市政府", "2021-03-02", "府都住字第1100001234號"),
}
MARKERS = [  # (level, pattern) of the markers typed as Word numbering
    (0, re.compile(r"^([一二三四五六七八九十]{1,3})、")),
    (1, re.compile(r"^[（(]([一二三四五六七八九十]{1,3})[）)]")),
    (2, re.compile(r"^(\d{1,2})\.")),
]


def lines_of(name: str) -> list[str]:
    return (SAMPLES / f"{name}.txt").read_text(encoding="utf-8").splitlines()


# ---------------------------------------------------------------- Word

NUMBERING = """<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:lvlRestart w:val="0"/><w:numFmt w:val="decimal"/><w:suff w:val="nothing"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>"""


def write_docx(name: str) -> None:
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    doc = Document()
    numbering = doc.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    lists = [0]

    def new_list() -> int:
        lists[0] += 1
        num_id = 900 + lists[0]
        numbering.append(parse_xml(
            f'<w:num xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:numId="{num_id}">'
            f'<w:abstractNumId w:val="90"/></w:num>'))
        return num_id

    current, table, last_top = None, None, 0
    for line in lines_of(name):
        if "\t" in line:
            cells = line.split("\t")
            if table is None:
                table = doc.add_table(rows=0, cols=len(cells))
            row = table.add_row().cells
            for cell, text in zip(row, cells):
                cell.text = text
            continue
        if table is not None and line.strip() and not re.match(r"^\d", line):
            row = table.add_row().cells  # a category line inside the table: one merged cell
            row[0].merge(row[-1]).text = line
            continue
        table = None
        found = next(((lvl, m) for lvl, m in ((lvl, p.match(line)) for lvl, p in MARKERS) if m), None)
        if found is None:
            doc.add_paragraph(line)
            continue
        level, m = found
        if level == 0 and (current is None or m.group(1) == "一" and last_top):
            current = new_list()  # a list that starts again (meeting minutes: two lists)
        if level == 0:
            last_top = 1
        if current is None:
            current = new_list()
        p = doc.add_paragraph(line[m.end():])
        ppr = p._p.get_or_add_pPr()
        ppr.append(parse_xml(
            f'<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f'<w:ilvl w:val="{level}"/><w:numId w:val="{current}"/></w:numPr>'))
        assert ppr.find(qn("w:numPr")) is not None
    section = doc.sections[0]
    section.header.paragraphs[0].text = "青禾政务 · 内部资料"  # a header: not part of the body
    section.footer.paragraphs[0].text = "第 1 页"
    doc.save(HERE / f"{name}.docx")


# ---------------------------------------------------------------- PDF

def write_pdf(name: str) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, height = A4
    size, per_line, pitch = 14, 30, 24
    c = canvas.Canvas(str(HERE / f"{name}.pdf"), pagesize=A4, invariant=1)
    header = lines_of(name)[0][:20]
    state = {"page": 1, "y": height - 80.0}

    def room(needed: float) -> None:  # a new page when what comes does not fit (24 lines a page)
        if state["y"] - needed < height - 80 - 24 * pitch:
            c.showPage()
            state["page"] += 1
            state["y"] = height - 80.0
            c.setFont("STSong-Light", 9)
            c.drawString(72, height - 40, header)
            c.drawCentredString(width / 2, 30, f"- {state['page']} -")

    c.setFont("STSong-Light", 9)
    c.drawCentredString(width / 2, 30, "- 1 -")
    lines = lines_of(name)
    k = 0
    while k < len(lines):
        if "\t" in lines[k]:  # a task table: ruled, each cell wrapped in its column
            block = [lines[k]]
            while k + 1 < len(lines) and lines[k + 1].strip() and ("\t" in lines[k + 1] or not lines[k + 1][0].isdigit()):
                k += 1
                block.append(lines[k])
            _pdf_table(c, block, state, room)
        else:
            text, title = lines[k], k == 0
            for row in _wrapped(text, 20 if title else per_line):  # a hard wrap at the page width
                room(pitch)
                c.setFont("STSong-Light", 18 if title else size)
                if title:
                    c.drawCentredString(width / 2, state["y"], row)
                else:
                    c.drawString(60, state["y"], row)
                state["y"] -= pitch
        k += 1
    c.showPage()
    c.save()


def _wrapped(text: str, width: int) -> list[str]:
    rows = []
    while len(text) > width:
        rows.append(text[:width])
        text = text[width:]
    return rows + [text]


def _fill(text: str, measure: float, size: int) -> list[str]:
    """A cell's text in lines no wider than ``measure``, as a word processor fills them."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    rows, row = [], ""
    for ch in text:
        if row and stringWidth(row + ch, "STSong-Light", size) > measure:
            rows.append(row)
            row = ""
        row += ch
    return rows + [row]


def _pdf_table(c, block: list[str], state: dict, room) -> None:
    """A table drawn as Word prints one: a rule on every cell edge, each cell's text wrapped in
    its column (10 pt), a category line one cell across the table."""
    size, pad, lead = 10, 4, 13
    columns = max(len(line.split("\t")) for line in block)
    longest = [max(len(line.split("\t")[j]) if "\t" in line and j < len(line.split("\t")) else 0 for line in block)
               for j in range(columns)]
    total = 475.0
    widths = [total * max(3, min(n, 16)) / sum(max(3, min(m, 16)) for m in longest) for n in longest]
    xs = [60.0]
    for w in widths:
        xs.append(xs[-1] + w)
    for line in block:
        cells = line.split("\t") if "\t" in line else [line]
        spans = [(xs[j], xs[j + 1]) for j in range(len(cells))] if len(cells) > 1 else [(xs[0], xs[-1])]
        wrapped = [_fill(text, right - left - 2 * pad, size) for text, (left, right) in zip(cells, spans)]
        tall = max(len(w) for w in wrapped) * lead + 2 * pad
        room(tall)
        top = state["y"] + size + pad
        c.setFont("STSong-Light", size)
        for (left, right), rows in zip(spans, wrapped):
            for n, row in enumerate(rows):
                c.drawString(left + pad, top - pad - size - n * lead, row)
            c.line(left, top, right, top)
            c.line(left, top - tall, right, top - tall)
            c.line(left, top, left, top - tall)
            c.line(right, top, right, top - tall)
        state["y"] -= tall


# ---------------------------------------------------------------- web page (GBK)

PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>{title}_青禾县人民政府门户网站</title>
<meta name="SiteName" content="青禾县人民政府门户网站" />
<meta name="ArticleTitle" content="{title}" />
<meta name="PubDate" content="{pub} 09:30" />
<meta name="ContentSource" content="县政府办公室" />
<link rel="stylesheet" href="/css/style.css" />
<script type="text/javascript">var _hmt = _hmt || []; (function() {{ var hm = document.createElement("script"); }})();</script>
<style>.nav li {{ float: left; }} .hidden {{ display:none }}</style>
</head>
<body>
<div class="top"><div class="logo"><img src="/images/logo.png" alt="青禾县人民政府" /></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li>
<li><a href="/hdjl/">互动交流</a></li><li><a href="/zjqh/">走进青禾</a></li></ul>
<div class="search"><input type="text" value="请输入关键字" /><button>搜索</button></div></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/tzgg/">通知公告</a></div>
<div class="xxgk_table"><table cellspacing="0">
<tr><td class="t1">索引号：</td><td>QH000-0102-{pub}-001</td><td class="t1">主题分类：</td><td>综合政务</td></tr>
<tr><td class="t1">发布机构：</td><td>{issuer}</td><td class="t1">成文日期：</td><td>{signed}</td></tr>
<tr><td class="t1">文号：</td><td>{number}</td><td class="t1">发布日期：</td><td>{pub}</td></tr>
</table></div>
<div class="article">
<h1 class="title">{title}</h1>
<div class="byline">发布时间：{pub} &nbsp; 来源：县政府办公室 &nbsp; 浏览次数：<span id="hits">128</span>
 &nbsp;【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</div>
<div class="content" id="zoom">
{body}
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
<div class="hidden">隐藏的统计代码区域</div>
</div>
<div class="footer"><p>主办单位：青禾县人民政府办公室 &nbsp; 承办：县政务服务数据管理局</p>
<p>网站标识码：0000000001 &nbsp; 备案号：青ICP备00000000号</p></div>
<script type="text/javascript" src="/js/common.js"></script>
<script>document.getElementById("hits").innerHTML = "129";</script>
</body>
</html>
"""


def write_html(name: str) -> None:
    lines = lines_of(name)
    issuer, signed, number = INDEX[name]
    parts: list[str] = []
    rows: list[list[str]] = []  # the table being written; a category row is one cell

    def flush() -> None:
        if rows:
            width = max(len(r) for r in rows)
            cells = "\n".join("<tr>" + ("".join(f"<td>{html.escape(c)}</td>" for c in r) if len(r) > 1
                                        else f'<td colspan="{width}">{html.escape(r[0])}</td>') + "</tr>"
                              for r in rows)
            parts.append(f'<table border="1" cellspacing="0">\n{cells}\n</table>')
            rows.clear()

    for line in lines:
        if "\t" in line:
            rows.append(line.split("\t"))
        elif rows and line.strip():
            rows.append([line])  # a category line inside the table
        else:
            flush()
            parts.append(f'<p style="text-indent:2em">{html.escape(line)}</p>' if line.strip() else "<p>&nbsp;</p>")
    flush()
    title = lines[1] if name == "meeting_minutes" else lines[0]
    page = PAGE.format(title=html.escape(title), pub="2025-03-01", issuer=issuer, signed=signed,
                       number=number, body="\n".join(parts))
    (HERE / f"{name}.html").write_bytes(page.encode("gb18030"))


# ---------------------------------------------------------------- spreadsheet

def write_sheets(name: str) -> None:
    from openpyxl import Workbook

    lines = lines_of(name)
    start = next(i for i, line in enumerate(lines) if "\t" in line)
    title = lines[start - 1]
    book = Workbook()
    sheet = book.active
    sheet.title = "任务清单"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=5)
    rows = []
    for line in lines[start:]:
        if "\t" in line:
            cells = line.split("\t")
            sheet.append([int(c) if c.isdigit() else c for c in cells])
            rows.append(cells)
        elif line.strip():
            sheet.append([line])
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=5)
            rows.append([line])
    book.save(HERE / f"{name}.xlsx")
    with open(HERE / f"{name}.csv", "w", encoding="utf-8-sig", newline="") as fh:
        import csv

        writer = csv.writer(fh)
        writer.writerow([title])
        for cells in rows:
            writer.writerow(cells)


def write_office() -> bool:
    """office/: old and other office formats, converted from the files above by LibreOffice
    (when it is installed): meeting_minutes.doc, work_plan_stages.odt, task_table.xls."""
    import shutil
    import subprocess
    import tempfile

    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        print("LibreOffice is not installed: office/ left as it is")
        return False
    (HERE / "office").mkdir(exist_ok=True)
    for name, target in (("meeting_minutes.docx", "doc"), ("work_plan_stages.docx", "odt"), ("task_table.xlsx", "xls")):
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run([program, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                            "--convert-to", target, "--outdir", str(HERE / "office"), str(HERE / name)],
                           check=True, capture_output=True, timeout=300)
    return True


def write_ofd() -> None:
    """OFD copies of two printed samples, written from the specification by the tests' writer
    (tests/ofd_writer.py: the task table with every variation writers show)."""
    sys.path.insert(0, str(SAMPLES.parent / "tests"))
    from ofd_writer import pdf_to_ofd

    pdf_to_ofd(HERE / "national_plan.pdf", HERE / "national_plan.ofd")
    pdf_to_ofd(HERE / "task_table.pdf", HERE / "task_table.ofd", ctm=True, per_char=True, rules_as_data=True,
               header_template=True)


def main() -> int:
    for name in NOTICES:
        write_docx(name)
        write_pdf(name)
        write_html(name)
    write_sheets("task_table")
    write_office()
    write_ofd()
    print(f"wrote {len(NOTICES)} notices as .docx .pdf .html, national_plan and task_table as .ofd, and task_table "
          f"as .xlsx .csv in {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
