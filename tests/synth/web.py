"""A generated notice published as a web page: its lines as the page's paragraphs, in one of the ways
government sites lay a page out (a content block among menus and a footer; an older site's grid table
with a menu cell; lines parted by <br>), with its answer following the rendered lines."""
from __future__ import annotations

from html import escape

from synth.choose import Chooser
from synth.damage import _remap
from synth.page import Page

LAYOUTS = ("block", "grid", "breaks")
_MENU = "".join(f'<li><a href="/c{k}">栏目{k}</a></li>' for k in range(5))
_FOOTER = '<div class="footer"><a href="/map">网站地图</a> <a href="/about">关于我们</a></div>'


def published(page: Page, choose: Chooser, layout: str | None = None) -> tuple[str, Page]:
    """(the page's HTML, the answer keyed by the lines govplan renders from it: one a non-blank line);
    ``layout`` one of LAYOUTS, else chosen."""
    layout = layout or choose.pick(list(LAYOUTS))
    kept = [(n, line) for n, line in enumerate(page.lines, 1) if line.strip()]
    if layout == "breaks":
        body = "<div class='content'>" + "<br>\n".join(escape(line) for _, line in kept) + "</div>"
    else:
        body = "".join(f"<p>{escape(line)}</p>\n" for _, line in kept)
        body = body if layout == "grid" and choose.chance(70) else f"<div class='content'>{body}</div>"
    if layout == "grid":  # (an older site's content cell holds its paragraphs, or a block of them)
        menu = f"<td width='180'><ul>{_MENU}</ul></td>"
        cells = f"{menu}<td>{body}</td>" if choose.chance(50) else f"<td>{body}</td>{menu}"
        body = f"<table width='960'><tr>{cells}</tr></table>"
    else:
        body = f'<ul class="nav">{_MENU}</ul>{body}'
    html = f'<html><head><meta charset="utf-8"><title>政务公开</title></head><body>{body}{_FOOTER}</body></html>'
    answer = _remap(page, {n: k for k, (n, _) in enumerate(kept, 1)})
    answer.variant = f"{page.variant}+{layout}"
    return html, answer
