"""Shapes of notices, each composed from parts with its answer (see __init__)."""
from __future__ import annotations

from collections.abc import Callable

from synth import parts, words
from synth.choose import Chooser, some
from synth.damage import damaged
from synth.page import Page
from synth.tables import table


def _body(page: Page, choose: Chooser, low: int) -> None:
    for _ in range(choose.number(low, 2)):
        page.add(parts.sentence(choose))


def _write_list(page: Page, choose: Chooser, families: list[str], level: int, count: int) -> None:
    """One list of the ladder's first family, each item with a body or the next family under it."""
    family, rest = families[0], families[1:]
    number = parts.numbering(choose, family)
    for n in range(1, count + 1):
        mark = number(n)
        line = page.add(parts.heading_line(choose, family, mark))
        page.heading(line, mark, level)
        bare = family == "chapter" or not page.lines[-1].endswith("。")
        if rest and choose.chance(60):
            if choose.chance(40):
                page.add(parts.sentence(choose))
            _write_list(page, choose, rest, level + 1, choose.number(1, 3))
        else:
            _body(page, choose, 1 if bare else 0)


def ladder(choose: Chooser) -> Page:
    """Headings in any ladder of ranks, with or without a group line over the first list."""
    page = Page()
    title = parts.plan_title(choose, end=choose.pick(words.TITLE_ENDS[:-1]))
    page.document(page.add(title), title)
    page.add(parts.sentence(choose))
    level = 1
    if choose.chance(25):
        page.heading(page.add(choose.pick(words.PLACES) + choose.pick(words.GOALS)), "", 1)
        level = 2
    _write_list(page, choose, parts.ladder(choose), level, choose.number(2, 4))
    return page


def annotations(choose: Chooser) -> Page:
    """Items under 一、 groups, each carrying an annotation in one of the guide's forms."""
    page, year = Page(), choose.number(2024, 2027)
    title = parts.plan_title(choose, year, end=choose.pick(words.TITLE_ENDS[:-1]))
    page.document(page.add(title), title)
    page.add(parts.sentence(choose))
    item_family = choose.pick(["paren_han", "arabic"])
    for g in range(1, choose.number(1, 3) + 1):
        page.heading(page.add(f"{parts.han(g)}、{choose.pick(words.GOALS)}"), f"{parts.han(g)}、", 1)
        number = parts.numbering(choose, item_family)
        for n in range(1, choose.number(1, 4) + 1):
            form = choose.pick(list(parts.FORMS))
            note = parts.FORMS[form](choose, year) if choose.chance(85) else None
            parts.write_item(page, choose, number(n), 2, note)
    return page


# ------------------------------------------------------------------ titles and page clutter

CLUTTER = ["首页 > 政务公开 > 通知公告", "当前位置:首页 > 信息公开", "【打印】【关闭】", "字体:大 中 小",
           "分享到:", "扫一扫在手机打开当前页", "返回顶部", "无障碍浏览"]
SITE_SUFFIXES = ["_通知公告_{p}人民政府", "-{p}人民政府网", "_政策文件_{p}政务网"]


def index_block(page: Page, choose: Chooser) -> None:
    """A page's index block: fields of any labels, as label:value, bullets or | rows."""
    style = choose.pick(["colon", "bullet", "dot", "pipe", "split"])
    fields = [(words.label(choose), choose.pick(words.VALUES)) for _ in range(choose.number(2, 5))]
    if style == "pipe":
        for i in range(0, len(fields), 2):
            page.add("".join(f"{k} | {v} | " for k, v in fields[i:i + 2]).rstrip())
        return
    for key, value in fields:
        if style == "split":  # the label on one line, its value on the next
            page.add(f"  • {key}:")
            page.blank(choose.number(0, 1))
            page.add(f"    {value}")
        else:
            page.add({"colon": "", "bullet": "• ", "dot": "· "}[style] + f"{key}:{value}")


def wrapped(page: Page, choose: Chooser, title: str) -> int:
    """Print a title over one to three lines, blank lines between or not; its first line."""
    pieces = choose.number(1, 3) if len(title) > 12 else 1
    # a line's width: every piece but the last fills it, the last is at least 4 characters
    width = len(title) if pieces == 1 else choose.number(max(8, -(-len(title) // pieces)), max(8, len(title) - 4))
    bits = [title[a: a + width] for a in range(0, len(title), width)]
    gap = choose.number(0, 1)
    first = page.add(bits[0])
    for bit in bits[1:]:
        page.blank(gap)
        page.add(bit)
    return first


def titles(choose: Chooser) -> Page:
    """A web page: clutter, an index block, the title by its place (any last word), the body."""
    page, p = Page(), words.place(choose)
    title = parts.plan_title(choose, choose.pick([None, 2025]))
    if choose.chance(40):
        page.add(title + choose.pick(SITE_SUFFIXES).format(p=p))
    for line in some(choose, CLUTTER, 0, 3):
        page.add(line)
    if choose.chance(70):
        index_block(page, choose)
    page.blank(choose.number(0, 1))
    page.document(wrapped(page, choose, title), title)
    page.blank(choose.number(0, 1))
    if choose.chance(40):
        page.add(f"{p[0]}政办发〔2025〕{choose.number(1, 60)}号")
    if choose.chance(50):
        page.add("各乡镇人民政府,县直各单位:")
    page.add(parts.sentence(choose))
    for n in range(1, choose.number(2, 3) + 1):
        page.heading(page.add(f"{parts.han(n)}、{choose.pick(words.GOALS)}"), f"{parts.han(n)}、", 1)
        page.add(parts.sentence(choose))
    return page


# ------------------------------------------------------------------ a covering notice

def covering(choose: Chooser) -> Page:
    """A notice issuing one or two plans (as attachments or after its signature); the plans'
    deadlines leave out the year, which is the notice's."""
    page, year = Page(), choose.number(2024, 2027)
    p = words.place(choose)
    plans = [parts.plan_title(choose, end=choose.pick(words.TITLE_ENDS[:5])) for _ in range(choose.number(1, 2))]
    plans = plans if len(plans) == 1 or plans[0] != plans[1] else plans[:1]
    notice = f"{p}人民政府办公室关于印发{'和'.join(plans)}的通知"
    page.document(page.add(notice), notice)
    page.add(f"{p[0]}政办发〔{year}〕{choose.number(1, 60)}号")
    page.add("各乡镇人民政府,县直各单位:")
    page.add(f"现将{'、'.join('《' + t + '》' for t in plans)}印发给你们,请认真组织实施。")
    attached = len(plans) > 1 or choose.chance(50)
    if attached:
        page.blank()
        page.add("附件:" + " ".join(f"{i}.{t}" for i, t in enumerate(plans, 1)))
    page.blank()
    page.add(f"{p}人民政府办公室")
    page.add(f"{year}年{choose.number(1, 2)}月{choose.number(1, 28)}日")
    for i, plan in enumerate(plans, 1):
        page.blank()
        if attached:
            page.add(f"附件{i}" if len(plans) > 1 else choose.pick(["附件", "附件1"]))
        page.document(page.add(plan), plan)
        page.add(parts.sentence(choose))
        _dated_items(page, choose, year)
    return page


def _dated_items(page: Page, choose: Chooser, year: int) -> None:
    for g in range(1, choose.number(1, 2) + 1):
        page.heading(page.add(f"{parts.han(g)}、{choose.pick(words.GOALS)}"), f"{parts.han(g)}、", 1)
        for n in range(1, choose.number(1, 3) + 1):
            m = choose.number(4, 11)
            who = words.unit(choose)
            line = page.add(f"({parts.han(n)}){words.task(choose)}。{m}月底前完成。(责任单位:{who})")
            page.heading(line, f"({parts.han(n)})", 2)
            page.assign(line, (), [who], [("date", None, parts.month_end(year, m))])


def damage(choose: Chooser) -> Page:
    """An annotated plan or a ladder, copied with damage (damage.py)."""
    base = annotations(choose) if choose.chance(70) else ladder(choose)
    return damaged(base, choose)


# Every shape the generator makes, by name (the recovery is reported per shape)
SHAPES: dict[str, Callable[[Chooser], Page]] = {
    "ladder": ladder, "annotations": annotations, "titles": titles, "covering": covering,
    "table": table, "damage": damage,
}
