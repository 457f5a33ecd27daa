"""Task tables printed as text, in the shapes web and PDF copies print them (guide section 3):
cells split by |, tabs or runs of spaces, one cell a line (with or without a number column),
cells opened by | with a lone | closing each row; column names and order drawn, extra columns,
wrapped cells (also across a blank line), wrapped header cells and cells merged over rows."""
from __future__ import annotations

from dataclasses import dataclass

from synth import parts, words
from synth.choose import Chooser, some
from synth.page import Deadline, Page

NAMES = {
    "number": ["序号", "编号"],
    "task": ["重点任务", "工作任务", "主要内容", "具体措施", "任务内容", "工作事项"],
    "lead": ["牵头单位", "牵头部门", "主办单位", "牵头责任单位", "主抓单位", "主抓部门"],
    "responsible": ["责任单位", "配合单位", "协同单位", "协办部门", "参与单位", "责任部门", "协助部门", "实施主体",
                    "包保单位"],
    "deadline": ["完成时限", "时间节点", "完成时间", "时限要求", "时间安排", "完成节点"],
    "progress": ["进展情况", "推进情况", "目前进度"],
    "remark": ["备注", "说明"],
}
LAYOUTS = ["pipe", "tab", "spaces", "cell_lines", "cell_lines_bare", "pipe_lines"]


@dataclass
class Row:
    cells: dict[str, str]
    lead: list[str]
    responsible: list[str]
    deadlines: list[Deadline]


def columns(choose: Chooser, layout: str) -> list[str]:
    """The table's roles in printed order: a task column and a unit column always, others
    drawn, the order drawn; a number column first when there is one, and a table with no number
    column printed one cell a line begins each row with its unit."""
    unit_role = "lead" if choose.chance(70) else "responsible"
    others = some(choose, [r for r in ("responsible", "deadline", "progress", "remark") if r != unit_role], 1, 3)
    roles = ["task", unit_role, *others]
    order = some(choose, roles, len(roles), len(roles))
    if layout == "cell_lines_bare":
        first = next(r for r in order if r in ("lead", "responsible"))
        return [first] + [r for r in order if r != first]
    numbered = layout in ("cell_lines", "pipe_lines") or choose.chance(70)
    return (["number"] if numbered else []) + order


def _units(choose: Chooser, role: str, taken: list[str]) -> list[str]:
    names = [u for u in words.units(choose, 1, 2 if role == "lead" else 3) if u not in taken]
    return names or [next(u for u in words.GENERIC if u not in taken)]


def row(choose: Chooser, roles: list[str], n: int, year: int) -> Row:
    cells: dict[str, str] = {}
    out = Row(cells, [], [], [])
    for role in roles:
        if role == "number":
            cells[role] = str(n)
        elif role == "task":
            cells[role] = words.task(choose)
        elif role in ("lead", "responsible"):
            names = _units(choose, role, out.lead)
            cells[role] = "、".join(names)
            (out.lead if role == "lead" else out.responsible).extend(names)
        elif role == "deadline":
            cells[role], reading = parts.deadline(choose, year)
            out.deadlines.append(reading)
        elif role == "progress":
            cells[role] = f"已于{year - 1}年{choose.number(1, 12)}月启动,完成{choose.number(10, 90)}%"
        else:
            cells[role] = choose.pick(["无", "重点督办", "新增任务"])
    return out


def merge_leads(choose: Chooser, rows: list[Row]) -> list[set[int]]:
    """Cells merged over rows: the lead unit printed once for a group of rows; for each row,
    the roles it does not print."""
    hidden: list[set[int]] = [set() for _ in rows]
    i = 0
    while i < len(rows):
        span = choose.number(1, 3)
        for j in range(i + 1, min(i + span, len(rows))):
            rows[j].lead = list(rows[i].lead)
            hidden[j].add(1)
        i += span
    return hidden


_JOIN = {"pipe": lambda cells: "| " + " | ".join(cells) + " |", "tab": "\t".join, "spaces": "  ".join}


def write_rows(page: Page, choose: Chooser, roles: list[str], rows: list[Row], level: int,
               layout: str, hidden: list[set[int]]) -> None:
    """Print the header and rows; record each row's heading and fields."""
    header = [choose.pick(NAMES[r]) for r in roles]
    if layout in _JOIN:
        page.add(_JOIN[layout](header))
        if layout == "pipe" and choose.chance(50):
            page.add("|" + "---|" * len(header))
    else:
        _cell_lines(page, choose, header, layout, header_row=True)
    # a row under a merged lead cell prints no lead cell; where another unit column could take its
    # place (the text alone cannot tell which unit column is missing), a copy keeping the cell
    # grid prints it empty (| 2 |  | 区统计局 |), as a word processor's or Markdown copy does
    empty = "responsible" in roles and layout in ("pipe", "tab")
    for r, skip in zip(rows, hidden):
        cells = [("" if empty else None) if role == "lead" and skip else r.cells[role] for role in roles]
        cells = [c for c in cells if c is not None]
        if layout in _JOIN:
            line = page.add(_JOIN[layout](cells))
        else:
            line = _cell_lines(page, choose, cells, layout, header_row=False)
        page.heading(line, r.cells.get("number", ""), level)
        page.assign(line, r.lead, r.responsible, r.deadlines)


def _cell_lines(page: Page, choose: Chooser, cells: list[str], layout: str, header_row: bool) -> int:
    """One cell a line (opened by | in pipe_lines, a lone | closing the row); a long cell may
    wrap onto the next line, a blank line between or not.  The line of the row's first cell."""
    first = 0
    for cell in cells:
        bits = [cell]
        if len(cell) >= 10 and not header_row and layout != "cell_lines_bare" and choose.chance(30):
            cut = choose.number(max(5, len(cell) // 2), len(cell) - 3)  # the first piece fills the column
            bits = [cell[:cut], cell[cut:]]
        elif header_row and len(cell) == 4 and choose.chance(20):
            bits = [cell[:2], cell[2:]]
        for b, bit in enumerate(bits):
            if b and not header_row and choose.chance(40):
                page.blank()
            line = page.add(("| " if layout == "pipe_lines" and not b else "") + bit)
            first = first or line
    if layout == "pipe_lines":
        page.add("|")
    return first


def table(choose: Chooser) -> Page:
    """A plan whose tasks stand in a table, under a heading or at the top."""
    page, year = Page(), choose.number(2024, 2027)
    title = parts.plan_title(choose, year, end=choose.pick(["任务分工", "任务清单", "工作台账", "责任分解"]))
    page.document(page.add(title), title)
    page.add(parts.sentence(choose))
    level = 1
    if choose.chance(50):
        page.heading(page.add("一、重点任务"), "一、", 1)
        level = 2
    layout = choose.pick(LAYOUTS)
    page.variant = layout
    roles = columns(choose, layout)
    rows = [row(choose, roles, n, year) for n in range(1, choose.number(2, 5) + 1)]
    merged = "lead" in roles and roles.index("lead") == 1 and layout in ("pipe", "tab", "spaces") and choose.chance(40)
    merged = merged and not (layout == "spaces" and "responsible" in roles)  # spaces print no empty cell
    hidden = merge_leads(choose, rows) if merged else [set() for _ in rows]
    if merged:
        page.variant += "+merged"
    write_rows(page, choose, roles, rows, level, layout, hidden)
    return page
