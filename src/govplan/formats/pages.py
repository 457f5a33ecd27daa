"""Printed pages as the lines of a notice: what the readers of printed formats (PDF, OFD)
share once they know where each character and rule stands (layout.py, ruled.py).

Each page's text lines and ruled tables are read top to bottom; what the print layout adds is
removed where page boundaries are known: page numbers (`- 3 -`, `第3页`, `3/12`) at the top or
bottom of a page, and running headers or footers (the same line at the top, or the bottom, of
most pages, kept on page 1; the title, or its start, at the top of a later page).  A line cut by
the right margin is joined to the next, across a page break too; a wider space between lines
is an empty line, as in text; a table that goes on over the next page is one table, a row cut
by the page break joined, a header row the next page repeats dropped.  Lines are located as
`page P line L` (L counted from the top of the page), table rows as `page P table T row R`.
"""
from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field

import regex

from govplan.formats.base import table_line
from govplan.formats.layout import RULE_SNAP, Glyph, Grid, Rule, TextLine, join_wrapped, lines_of, wrapped
from govplan.formats.ruled import grids, table_rows

_PAGE_NUMBER = regex.compile(r"^(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[,/]?\s*共\s*\d{1,4}\s*页)?"
                             r"|\d{1,4}\s*/\s*\d{1,4}|\d{1,4})$")
# a line recognised (OCR) with a mean confidence under this is reported as possibly misread
MIN_LINE_CONFIDENCE = 80.0
# tables read on a page, at most (a page of hundreds of grids is a drawing)
MAX_TABLES = 100
# a line at the top or bottom of this share of the pages (and of two at least) runs on every page
RUNNING_SHARE = 0.5
# a line at the top of a later page that starts the first page's title is a running header
MIN_HEADER_CHARS = 6
# the text fills its measure (the right margin is where its lines end) when this many lines, and
# this share of them, end within a character of the rightmost
MIN_FULL_LINES = 3
FULL_SHARE = 0.2
# lines farther apart than this many times the usual distance have an empty line between them
BLANK_LINE_GAP = 1.6


@dataclass
class _Item:
    """A line of a page (text with its geometry), or a ruled table with its rows."""
    text: str
    where: str
    line: TextLine | None = None
    grid: Grid | None = None
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Page:
    number: int
    width: float
    items: list[_Item]


@dataclass
class _Table:
    number: int  # in the document
    xs: list[float]  # column edges
    header: list[str]  # the first row (a page that repeats it is not read twice)
    last: list[str] = field(default_factory=list)  # the row given last
    rows: int = 0  # rows given so far


@dataclass
class _Out:
    """The document's lines as they are given, with what the next item needs to know."""
    lines: list[str] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    last: _Item | None = None  # the item before (across pages)
    table: _Table | None = None  # the table, if the item before was one
    tables: int = 0
    doubtful: dict[int, float] = field(default_factory=dict)  # line (0-based) -> the least sure part's confidence

    def add(self, text: str, where: str) -> None:
        self.lines.append(text)
        self.where.append(where)


def read_page(number: int, width: float, glyphs: list[Glyph], rules: list[Rule]) -> Page:
    """A page's text lines and ruled tables, top to bottom (y grows upward)."""
    tables: list[_Item] = []
    held: set[int] = set()
    if rules:
        by_height = sorted(glyphs, key=_middle)
        middles = [_middle(g) for g in by_height]
        for grid in grids(rules)[:MAX_TABLES]:  # each table looks only at the glyphs of its band
            band = by_height[bisect.bisect_right(middles, grid.bottom): bisect.bisect_left(middles, grid.top)]
            inside = [g for g in band if grid.holds(g)]
            held.update(map(id, inside))
            tables.append(_Item("", "", grid=grid, rows=table_rows(grid, inside)))
    lines = lines_of([g for g in glyphs if id(g) not in held] if held else glyphs)
    items = [_Item(line.text, f"page {number} line {k}", line) for k, line in enumerate(lines, 1)] + tables
    items.sort(key=lambda i: -(i.line.baseline if i.line else i.grid.top))  # type: ignore[union-attr]
    return Page(number, width, items)


def _middle(g: Glyph) -> float:
    return (g.bottom + g.top) / 2


def page_lines(pages: list[Page]) -> tuple[list[str], list[str], dict[int, float]]:
    """The lines of the pages, their locators, and the lines (0-based) a recogniser was unsure
    of, with the confidence of their least sure part."""
    _drop_print_clutter(pages)
    out = _assemble(pages)
    return out.lines, out.where, out.doubtful


def text_chars(pages: list[Page]) -> int:
    return sum(len(item.text) + sum(map(len, map("".join, item.rows))) for page in pages for item in page.items)


def _drop_print_clutter(pages: list[Page]) -> None:
    """Page numbers and running headers or footers: text lines among a page's first or last two."""
    texts = [[item.text for item in page.items if item.line] for page in pages]
    running = _running_lines(texts)
    title = next((t for t in texts[0] if not _PAGE_NUMBER.match(t)), "") if texts else ""
    for page in pages:
        lines = [k for k, item in enumerate(page.items) if item.line]
        edge = set(lines[:2] + lines[-2:])
        page.items = [item for k, item in enumerate(page.items) if not (
            k in edge and (_PAGE_NUMBER.match(item.text) or page.number > 1 and (
                item.text in running or _repeats_title(item.text, title))))]


def _assemble(pages: list[Page]) -> _Out:
    """The pages' items as lines: wrapped lines joined, tables as rows, a table that goes on
    over a page break continued."""
    margins = _margins(pages)
    pitch = _pitch(pages)
    out = _Out()
    for page in pages:
        left, right = margins[round(page.width)]
        most = max((len(item.text) for item in page.items if item.line), default=0)
        for k, item in enumerate(page.items):
            if item.grid is not None:
                _add_table(out, item, page.number, first_on_page=k == 0)
                continue
            last = out.last.line if out.last else None
            if last and item.line and wrapped(last, item.line, left, right, most):
                out.lines[-1] = join_wrapped(out.lines[-1], item.text)
            else:
                if k and last and item.line and last.baseline - item.line.baseline > BLANK_LINE_GAP * pitch:
                    out.add("", "")  # a wider space between lines, as an empty line shows in text
                out.add(item.text, item.where)
            if item.line and item.line.confidence < MIN_LINE_CONFIDENCE:
                at = len(out.lines) - 1
                out.doubtful[at] = min(out.doubtful.get(at, 100.0), item.line.confidence)
            out.last, out.table = item, None
    return out


def _pitch(pages: list[Page]) -> float:
    """The distance from one line's baseline to the next's in most of the document's paragraphs."""
    steps: Counter[int] = Counter()
    for page in pages:
        lines = [item.line for item in page.items if item.line]
        steps.update(round(a.baseline - b.baseline) for a, b in zip(lines, lines[1:]) if a.height == b.height)
    return float(steps.most_common(1)[0][0]) if steps else 0.0


def _add_table(out: _Out, item: _Item, page: int, first_on_page: bool) -> None:
    """A table's rows; the first table of a page goes on with the table the page before ended
    with when its columns are the same: a header row it repeats is dropped, and a first row
    without a first cell (a row cut by the page break) is joined to the row before."""
    assert item.grid is not None
    rows = item.rows
    table = out.table
    if table and first_on_page and _same_columns(table.xs, item.grid.xs):
        if rows and rows[0] == table.header:
            rows = rows[1:]
        if rows and table.last and not rows[0][0] and any(rows[0]):
            table.last = [join_wrapped(a, b) for a, b in zip(table.last, rows[0])]
            out.lines[-1] = table_line(table.last) or out.lines[-1]
            rows = rows[1:]
    else:
        out.tables += 1
        table = _Table(out.tables, item.grid.xs, rows[0] if rows else [])
    for cells in rows:
        text = table_line(cells)
        if text:
            table.rows += 1
            table.last = cells
            out.add(text, f"page {page} table {table.number} row {table.rows}")
    out.last, out.table = item, table


def _same_columns(xs: list[float], other: list[float]) -> bool:
    return len(xs) == len(other) and all(abs(a - b) <= 2 * RULE_SNAP for a, b in zip(xs, other))


def _margins(pages: list[Page]) -> dict[int, tuple[float, float]]:
    """The left and right edges of the text on pages of each width: the margins a wrap reaches.
    The left one is where most lines begin (a line drawn off the page, a centred title, does
    not move it); the right one is where lines end when many lines end there (the text fills
    its measure); else the text never reached it, and the margin stands as far from the page's
    right edge as the text from its left."""
    found: dict[int, list[TextLine]] = {}
    for page in pages:
        found.setdefault(round(page.width), []).extend(item.line for item in page.items if item.line)
    margins = {}
    for width, lines in found.items():
        if not lines:
            margins[width] = (0.0, float(width))
            continue
        left = Counter(round(line.left) for line in lines).most_common(1)[0][0]  # where most lines begin
        right = max((line.right for line in lines if line.right <= width), default=float(width))
        full = sum(1 for line in lines if right >= line.right >= right - line.height)
        margins[width] = (left, right if full >= max(MIN_FULL_LINES, FULL_SHARE * len(lines))
                          else max(right, width - left))
    return margins


def _repeats_title(line: str, title: str) -> bool:
    """A header that repeats the document's title (or its start) at the top of later pages."""
    return len(line) >= MIN_HEADER_CHARS and title.startswith(line)


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Lines that stand at the top or bottom of most pages: running headers and footers."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({line for line in page[:2] + page[-2:] if not _PAGE_NUMBER.match(line)})
    least = max(2, RUNNING_SHARE * len(pages))
    return {line for line, n in seen.items() if n >= least}
