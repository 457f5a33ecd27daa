"""Damage a copied notice suffers, applied to a generated page with its answer kept: markers
broken by a space, hard wraps at a fixed width, full-width indents, page clutter above and
below, pinyin ruby, markup and entities left from the page's source."""
from __future__ import annotations

import regex

from synth.choose import Chooser
from synth.page import Page

MARKER = regex.compile(r"^(?P<open>[(（]?)(?P<num>[0-9一二三四五六七八九十]+)(?P<close>[)）.、．]?)")
RUBY = {"数": "shù", "据": "jù", "监": "jiān", "管": "guǎn", "供": "gōng", "水": "shuǐ", "农": "nóng"}
TOP = ["首页 > 政务公开 > 通知公告", "【打印】【关闭】", "字体:大 中 小", "当前位置:首页 > 政策文件"]
BOTTOM = ["扫一扫在手机打开当前页", "上一篇:关于做好年度统计工作的通知", "【打印】【关闭】", "分享到:"]


def spaced_marker(line: str) -> str:
    """1. -> 1 . ; 一、 -> 一 、 ; (1) -> ( 1 )"""
    m = MARKER.match(line)
    if not m or not m.group("close"):
        return line
    inner = " ".join(part for part in (m.group("open"), m.group("num"), m.group("close")) if part)
    return inner + " " + line[m.end():]


def wrap(line: str, width: int) -> list[str]:
    """A hard wrap at a fixed width (a PDF's or an e-mail's copy)."""
    return [line[i: i + width] for i in range(0, len(line), width)] or [line]


def ruby(text: str) -> str:
    return "".join(ch + (f"({RUBY[ch]})" if ch in RUBY else "") for ch in text)


def _remap(page: Page, new_number: dict[int, int]) -> Page:
    out = Page(variant=page.variant)
    out.documents = [(new_number[line], title) for line, title in page.documents]
    out.headings = [(new_number[line], marker, level) for line, marker, level in page.headings]
    for table_name in ("leads", "responsible", "deadlines"):
        table = getattr(page, table_name)
        setattr(out, table_name, {new_number[line]: items for line, items in table.items()})
    return out


def damaged(page: Page, choose: Chooser) -> Page:
    """The page as a damaged copy prints it; the answer follows its lines."""
    kinds = [k for k in ("space", "wrap", "indent", "clutter", "ruby", "markup") if choose.chance(45)] or ["space"]
    if "wrap" in kinds and "ruby" in kinds:  # ruby comes with a web page, a hard wrap with a PDF's copy
        kinds.remove(choose.pick(["wrap", "ruby"]))
    width = choose.number(18, 30)
    titles = {line for line, _ in page.documents}
    headings = {line for line, _, _ in page.headings}
    lines: list[str] = []
    new_number: dict[int, int] = {}
    if "clutter" in kinds:
        lines += [choose.pick(TOP) for _ in range(choose.number(1, 2))] + [""]
    for number, text in enumerate(page.lines, 1):
        new_number[number] = len(lines) + 1
        if number in headings and "space" in kinds:
            text = spaced_marker(text)
        if "ruby" in kinds and number not in titles:
            text = ruby(text)
        pieces = wrap(text, width) if "wrap" in kinds and number not in titles and not (number in headings and len(text) < width) else [text]
        if "indent" in kinds and number not in titles:
            pieces[0] = "\u3000\u3000" + pieces[0]
        if "markup" in kinds and number not in titles:
            pieces = [p + ("<br>" if p else "") for p in pieces]
        lines += pieces
    if "clutter" in kinds:
        lines += [""] + [choose.pick(BOTTOM) for _ in range(choose.number(1, 2))]
    out = _remap(page, new_number)
    out.lines = lines
    out.variant = "+".join(kinds)
    return out
