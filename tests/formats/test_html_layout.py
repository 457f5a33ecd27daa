"""A page laid out in a table's cells (older government sites): the cells are read as blocks, the data
tables inside them as rows, menu cells left out (formats.html._layout_tables)."""
from __future__ import annotations

import random

from govplan import parse_file

NOTICE = ["<p>{title}</p>", "<p>各县(市、区)人民政府,市政府各部门:</p>",
          "<p>现将有关事项通知如下,请认真贯彻执行。</p>",
          "<p>一、夯实数字基础设施</p>",
          "<p>(一)建设政务云平台。2025年6月底前完成扩容。(牵头单位:市数据局;责任单位:市财政局)</p>",
          "<p>(二)推进政务网络整合。(市委网信办牵头,各县区政府负责)</p>",
          "<p>二、提升政务服务水平</p>",
          "<p>(一)推进一网通办。由市政务服务中心负责,2025年9月底前完成。</p>"]
EXPECTED = [("一、", [], []), ("(一)", ["市数据局"], ["市财政局"]), ("(二)", ["市委网信办"], ["各县区政府"]),
            ("二、", [], []), ("(一)", [], ["市政务服务中心"])]
TASKS = ('<table border="1"><tr><td><p>序号</p></td><td><p>工作任务</p></td><td><p>牵头单位</p></td>'
         '<td><p>完成时限</p></td></tr><tr><td>1</td><td><p>完善数据共享目录。</p><p>推进数据回流基层。</p></td>'
         '<td>市数据局</td><td>2025年底前</td></tr><tr><td>2</td><td><p>建设城市运行中心。</p><p>接入视频资源。</p>'
         '</td><td>市城管局</td><td>2025年10月底前</td></tr></table>')


def _sections(result) -> list[tuple]:
    out = []

    def walk(sections):
        for s in sections:
            out.append((s.marker, s.lead_units, s.responsible_units))
            walk(s.children)

    for doc in result.documents:
        walk(doc.sections)
    return out


def _layout_page(rng: random.Random, title: str, body: str) -> str:
    """An older site's page: a breadcrumb table, a grid table with a menu cell of links beside the
    content cell (either side), the title in a row of its own or in the content cell, a footer table;
    sometimes the grid nested in another grid's cell."""
    menu = "<td width='200'><ul>" + "".join(f"<li><a href='/{k}'>栏目{k}</a></li>" for k in range(4)) + "</ul></td>"
    head = f"<tr><td colspan='2'><h2>{title}</h2></td></tr>" if rng.random() < 0.5 else ""
    content = f"<td class='zw'>{'' if head else f'<p>{title}</p>'}{body}</td>"
    row = f"<tr>{menu}{content}</tr>" if rng.random() < 0.5 else f"<tr>{content}{menu}</tr>"
    grid = f"<table width='960'>{head}{row}</table>"
    if rng.random() < 0.4:
        grid = f"<table><tr><td>{grid}</td></tr></table>"
    return ("<html><head><meta charset='utf-8'><title>t</title></head><body>"
            "<table><tr><td><a href='/'>首页</a> &gt; <a href='/z'>政务公开</a></td></tr></table>"
            f"{grid}<table><tr><td>版权所有:石桥市人民政府办公室</td></tr></table></body></html>")


def test_a_notice_laid_out_in_a_tables_cells_is_read_as_its_paragraphs(tmp_path):
    """Generated pages (menu side, title row, nested grids): the notice's title, headings and units are
    those of the same notice as plain paragraphs, and no menu entry is in its text."""
    rng = random.Random(2)
    title = "石桥市人民政府办公室关于推进数字政府建设的通知"
    for case in range(16):
        path = tmp_path / f"p{case}.html"
        path.write_text(_layout_page(rng, title, "".join(NOTICE[1:])), encoding="utf-8")
        result = parse_file(path)
        assert result.documents[0].title == title, path.read_text(encoding="utf-8")
        assert _sections(result) == EXPECTED, path.read_text(encoding="utf-8")
        assert "栏目" not in "".join(s.text for d in result.documents for s in d.sections)


def test_a_task_table_inside_a_layout_cell_is_still_read_as_rows(tmp_path):
    """The grid's content cell holds a task table whose task cells hold two paragraphs each: the grid is
    read as blocks, the task table as rows with their units and times."""
    rng = random.Random(4)
    path = tmp_path / "p.html"
    body = "".join(NOTICE[1:3]) + "<p>各地各部门要按照任务分工抓好落实,确保按期完成。</p>" + TASKS
    path.write_text(_layout_page(rng, "石桥市数字政府建设任务分工", body), encoding="utf-8")
    rows = [(s.marker, s.lead_units, [str(d.due) for d in s.deadlines]) for s in parse_file(path).documents[0].sections
            if s.style == "table_row"]
    assert rows == [("1", ["市数据局"], ["2025-12-31"]), ("2", ["市城管局"], ["2025-10-31"])]


def test_a_data_table_whose_cells_hold_paragraphs_stays_a_table(tmp_path):
    """A task table alone in the page's content: cells holding two paragraphs each lay nothing out."""
    path = tmp_path / "p.html"
    path.write_text("<html><body><div><p>石桥市数字政府建设任务分工</p><p>各地各部门要按照任务分工抓好落实,确保按期完成。"
                    f"</p>{TASKS}</div></body></html>", encoding="utf-8")
    from govplan.formats.html import render_html

    data = path.read_bytes()
    lines = render_html(data, str(path), data.decode("utf-8")).text.splitlines()
    assert "| 1 | 完善数据共享目录。推进数据回流基层。 | 市数据局 | 2025年底前 |" in lines


def test_reading_nested_layout_tables_grows_linearly():
    """Grids nested in grids' cells, N deep and 8N deep: the calls made grow 8 times, not 64; the text is
    read once, and kept where the nesting passes MAX_DEPTH and the innermost rows lose their cells."""
    import sys

    from govplan.formats.html import render_html

    def calls(depth: int) -> int:
        cell = "<p>推进节水改造工作,加快建设节水型社会。</p>" * 3
        page = "<html><body>" + "<table><tr><td>" * depth + cell + "</td></tr></table>" * depth + "</body></html>"
        count = 0

        def profiler(frame, event, arg):
            nonlocal count
            count += event in ("call", "c_call")

        sys.setprofile(profiler)
        try:
            text = render_html(page.encode(), "x.html", page).text
        finally:
            sys.setprofile(None)
        assert text.count("推进节水改造") == 3  # (past MAX_DEPTH the innermost cells are cut: none of the text)
        return count

    small, large = calls(40), calls(320)
    assert large / small < 10, (small, large)
    calls(900)
