"""Ordered lists on a web page: the numbers a browser draws before their items (formats.html_lists),
and the content finder taking the whole list with the text around it."""
from __future__ import annotations

import random

import lxml.html
import pytest

from govplan import parse_file


def _markers(fragment: str) -> list[str]:
    from govplan.formats.html_lists import item_markers

    ol = lxml.html.fragment_fromstring(fragment)
    found = item_markers(ol)
    return [found.get(li, "") for li in ol if li.tag == "li"]


@pytest.mark.parametrize("fragment, expected", [
    ("<ol><li>a</li><li>b</li><li>c</li></ol>", ["1.", "2.", "3."]),
    ('<ol start="4"><li>a</li><li>b</li></ol>', ["4.", "5."]),
    ("<ol reversed><li>a</li><li>b</li><li>c</li></ol>", ["3.", "2.", "1."]),
    ('<ol><li>a</li><li value="7">b</li><li>c</li></ol>', ["1.", "7.", "8."]),
    ('<ol style="list-style-type: cjk-ideographic"><li>a</li><li>b</li></ol>', ["一、", "二、"]),
    ('<ol style="list-style: simp-chinese-informal inside"><li>a</li></ol>', ["一、"]),
    ('<ol type="a"><li>a</li><li>b</li></ol>', ["a.", "b."]),
    ('<ol type="I" start="3"><li>a</li><li>b</li></ol>', ["III.", "IV."]),
    ('<ol style="list-style:none"><li>a</li></ol>', [""]),
    ('<ol><li>a</li><li style="list-style-type:none">b</li><li>c</li></ol>', ["1.", "", "3."]),
    ('<ol start="x"><li>a</li></ol>', ["1."]),  # a start that is no number: the default
])
def test_the_numbers_a_browser_draws_before_a_lists_items(fragment, expected):
    assert _markers(fragment) == expected


def _page(rng: random.Random, groups: list[tuple[str, list[tuple[str, str]]]]) -> str:
    """A page: navigation links, the notice (title, preface, its groups as a Chinese-numbered ordered list
    or as headings that print their numbers, each group's items as an ordered list), a footer."""
    chinese_list = rng.random() < 0.5
    body = []
    for n, (title, items) in enumerate(groups, 1):
        lis = []
        for task, units in items:
            text = f"{task}。{units}"
            lis.append(f"<li><p>{text}</p></li>" if rng.random() < 0.5 else f"<li>{text}</li>")
        inner = "<ol>" + "".join(lis) + "</ol>"
        if chinese_list:
            body.append(f"<li>{title}{inner}</li>")
        else:
            body.append(f"<h3>{'一二三四'[n - 1]}、{title}</h3>{inner}")
    notice = ('<ol style="list-style-type: cjk-ideographic">' + "".join(body) + "</ol>") if chinese_list \
        else "".join(body)
    nav = "".join(f'<li><a href="/{k}">栏目{k}政务公开信息</a></li>' for k in range(5))
    return (f'<html><head><meta charset="utf-8"><title>t</title></head><body><ul class="nav">{nav}</ul>'
            f'<div class="article"><h1>青禾市2025年优化营商环境工作要点</h1><p>为持续优化营商环境,结合我市实际,'
            f'制定本工作要点。</p>{notice}</div><div class="footer"><a href="/">网站地图</a></div></body></html>')


def test_a_plan_whose_items_are_ordered_lists_is_read_with_the_numbers_a_browser_shows(tmp_path):
    """Generated pages: two or three groups, each of one to three items in an ordered list (an item's text
    in the <li> or in a <p> inside it), the groups themselves a Chinese-numbered list or headings that
    print their numbers; an annotation in each item.  Every item is a heading 1. 2. … under its group,
    with its units; the preface and the title stay the notice's."""
    rng = random.Random(3)
    units = [("(牵头单位:市数据局;责任单位:各县区政府)", ["市数据局"], ["各县区政府"]),
             ("(市住房城乡建设局牵头,市财政局配合)", ["市住房城乡建设局"], ["市财政局"]),
             ("(责任单位:市司法局)", [], ["市司法局"])]
    tasks = ["推进一网通办", "深化审批制度改革", "规范涉企检查", "清理妨碍统一市场的规定"]
    for case in range(20):
        groups, expected = [], []
        for g in range(rng.randint(2, 3)):
            items = []
            for _ in range(rng.randint(1, 3)):
                note, lead, resp = rng.choice(units)
                items.append((rng.choice(tasks), note))
                expected.append((len(items), lead, resp))
            groups.append((["提升政务服务效能", "优化市场环境", "强化要素保障"][g], items))
        path = tmp_path / f"p{case}.html"
        path.write_text(_page(rng, groups), encoding="utf-8")
        result = parse_file(path)
        doc = result.documents[0]
        assert doc.title == "青禾市2025年优化营商环境工作要点"
        assert doc.preface.startswith("为持续优化营商环境")
        got = [(c.number, c.lead_units, c.responsible_units) for s in doc.sections for c in s.children]
        assert [s.marker for s in doc.sections] == ["一、", "二、", "三、"][:len(groups)]
        assert got == expected, (path.read_text(encoding="utf-8"), got)


def test_an_items_own_number_is_not_drawn_twice(tmp_path):
    """A list whose items print their numbers in their text (the page's stylesheet hides the list's):
    the number is not doubled (1. 1. 推进…)."""
    path = tmp_path / "p.html"
    path.write_text('<html><body><div><h1>青禾市2025年工作要点</h1><p>为推进工作落实,制定本工作要点。</p><ol>'
                    "<li>1. 推进一网通办,实现高频事项全程网办。</li><li>（二）深化审批制度改革,压减审批时限。</li>"
                    "<li>完善评价机制,提升群众满意度。</li><li>3.5万户完成改造,年底前全部完成。</li></ol></div></body></html>",
                    encoding="utf-8")
    from govplan.formats.html import render_html

    data = path.read_bytes()
    lines = render_html(data, str(path), data.decode("utf-8")).text.splitlines()
    assert lines[2:] == ["1. 推进一网通办,实现高频事项全程网办。", "（二）深化审批制度改革,压减审批时限。",
                         "3. 完善评价机制,提升群众满意度。", "4. 3.5万户完成改造,年底前全部完成。"]  # (a figure: no number)
