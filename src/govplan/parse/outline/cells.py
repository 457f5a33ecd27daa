"""Which column each cell of a task-table row belongs to, by what its text holds: rows whose
cells wrapped over more lines than columns, and rows that print fewer cells than columns
(the others merged from the row above, guide section 4)."""
from __future__ import annotations

import itertools

from govplan.parse.normalize import Line
from govplan.parse.outline.heading import GOES_ON
from govplan.parse.outline.tables import MAX_ALIGNED_COLUMNS, Kinds, TableColumns, is_row_number
from govplan.precompiled import kept
from govplan.text.punctuation import BRACKET_CLOSERS, ENUMERATION_COMMA

# a wrapped cell goes on in a line that opens with punctuation: a cell never begins so
# a cell never opens with what goes on from a line above, nor with 至 (the rest of a range:
# 2027年6月1日 / 至7月13日); nor does it end inside a list or a range (县供电公司、 / 区司法局)
CELL_GOES_ON = (*GOES_ON, "至")
_LIST_CUT = (",", ENUMERATION_COMMA)
_OPEN_ENDS = (*_LIST_CUT, "至")  # a cell never ends inside a list or a range (2026年7月1日至 / 8月8日)
_GOES_INTO_NEXT = (*_LIST_CUT, *BRACKET_CLOSERS)  # a line ending so may end inside a unit's name
_CUT_FIGURE = kept(r"\d[\d年月日号%]|[年月]\d")  # 已于202 / 6年…; 2027年6月 / 1日至…
# a row with more lines than columns: at most this many surplus lines are placed by content
# (C(columns + surplus, surplus) groupings tried); beyond it the task cell takes them
MAX_PLACED_SURPLUS = 3


def grouping(lines: list[Line], kinds: Kinds, columns: TableColumns) -> tuple[list[list[Line]], int]:
    """A row's lines (at least one a column), in order, grouped one group a column where the
    text fits best (``_fit``), and how well; the task cell takes what is left (of groupings that fit
    as well, the one that gives it the most text: the widest column, of running text, where nothing
    else tells, as the default has it)."""
    at = next((i for i, k in enumerate(kinds) if k == "task"), 0)
    surplus = len(lines) - len(kinds)
    default = [[ln] for ln in lines[:at]] + [lines[at: at + 1 + surplus]] + [[ln] for ln in lines[at + 1 + surplus:]]
    starts = [i for i, ln in enumerate(lines) if ln.text.startswith(columns.separators)]
    opened = bool(starts)  # cells opened by |
    if starts and starts[0] == 0 and len(starts) == len(kinds):  # each cell opened by |: it ends where the next opens
        groups = [lines[a:b] for a, b in zip(starts, (*starts[1:], len(lines)))]
        return groups, _fit(groups, kinds, columns, opened)
    if surplus < 0 or surplus > MAX_PLACED_SURPLUS or len(kinds) > MAX_ALIGNED_COLUMNS or not kinds:
        return default, _fit(default, kinds, columns, opened) if surplus >= 0 and kinds else -len(lines)

    def key(groups: list[list[Line]]) -> tuple[int, int]:
        return _fit(groups, kinds, columns, opened), sum(len(ln.text) for ln in groups[at])

    best, best_key = default, key(default)
    for cuts in itertools.combinations(range(1, len(lines)), len(kinds) - 1):
        groups = [lines[a:b] for a, b in zip((0, *cuts), (*cuts, len(lines)))]
        if (found := key(groups)) > best_key:
            best, best_key = groups, found
    return best, best_key[0]


def _fit(groups: list[list[Line]], kinds: Kinds, columns: TableColumns, opened: bool) -> int:
    """How well a row's lines fit their columns so grouped (higher is better): no cell begins with
    punctuation (nor, in a table whose cells open with |, without it), nor ends inside a list, a range or a
    date, nor inside a unit's name; a time stands in the time column, unit columns end like units and hold
    no figures, and a line that opens a list of units opens its cell."""
    score = 0
    unit_columns = [columns.role_labels.get(kind or "") in ("lead", "responsible") for kind in kinds]
    for n, (group, kind) in enumerate(zip(groups, kinds)):
        text = "".join(ln.text for ln in group)
        score -= 3 * group[0].text.startswith(CELL_GOES_ON)
        # a figure is never cut between two cells (已于202 / 6年2月启动, 10月1 / 日至…), nor
        # does a cell end inside a list or a range (县供电公司、 / 区司法局; …1日至 / 8月8日): such a cell
        # is wrapped
        score -= 3 * bool(n and _CUT_FIGURE.match(groups[n - 1][-1].text[-1:] + group[0].text[:1]))
        score -= 3 * text.endswith(_OPEN_ENDS)
        if opened:  # each cell opens with | and a wrapped piece does not
            score -= 3 * (not group[0].text.startswith(columns.separators))
            score -= 3 * sum(ln.text.startswith(columns.separators) for ln in group[1:])
        timed, dated = columns.is_time_cell(text), columns.is_time_column(kind)
        if kind is not None:  # a progress or notes column may state times
            score += 2 if timed and dated else -2 if timed or dated else 0
        if unit_columns[n]:
            score += 1 if columns.names_units(text) else -1
        # nor is a unit's name cut between two cells, one of them a unit column's (各县(市、区) / 人民政府,
        # its place left to the task before; 市发展改革委、各乡镇 / 人民政府, its body to the task after)
        if n and (unit_columns[n - 1] or unit_columns[n]):
            score -= columns.cuts_unit_name(groups[n - 1][-1].text, group[0].text)
        # a line that opens a list of units (市民政局、县城 / 投公司), or names a unit of a level
        # (重点督办 / 区科技局: a note, then the unit cell), opens its cell, unless the
        # line before it ends inside a list (县财政局、 / 县商务局、县教育局; 市商务局、县交 /
        # 通运输局、区商务局) or inside a unit's name (各县(市、区) / 人民政府、区妇联; 县人力资源社会 /
        # 保障局、县司法局; 各乡镇 / 人民政府办公室、市科协)
        score -= sum((columns.opens_unit_list(ln.text) or columns.names_a_unit_of_a_level(ln.text))
                     and not before.text.endswith(_GOES_INTO_NEXT)
                     and not columns.opens_unit_list(before.text) and not columns.unit_name_goes_on(before.text)
                     and not columns.cuts_unit_name(before.text, ln.text)
                     for before, ln in zip(group, group[1:]))
    return score


def align_cells(lines: list[Line], kinds: Kinds, columns: TableColumns,
                merged: list[str | None]) -> list[list[Line] | None]:
    """The lines of each column of a row printed one cell a line (``kinds`` without the number
    column).  One line a cell; a row with more lines has cells wrapped (_wrapped_cells).  A row
    with fewer lines printed only the cells not merged from above (guide section 4): its lines
    keep their order, in the columns their text fits best (a time in the time column, the
    longest text in the task column), preferring columns the row above can fill (``merged``);
    the others are None."""
    if len(lines) >= len(kinds):
        return list(grouping(lines, kinds, columns)[0])
    if not lines:
        return [None] * len(kinds)
    places = place_cells([ln.text for ln in lines], kinds, columns, merged)
    out: list[list[Line] | None] = [None] * len(kinds)
    for line, column in zip(lines, places):
        out[column] = [line]
    return out


def _cell_fit(text: str, kind: str | None, columns: TableColumns, longest: bool) -> int:
    """How well a cell's text fits a column of this kind (higher is better)."""
    timed, dated = columns.is_time_cell(text), columns.is_time_column(kind)
    score = 2 if timed and dated else -2 if timed or dated else 0
    numbered = is_row_number(text)
    score += (2 if numbered else -2) if kind == "number" else -2 * numbered
    if columns.role_labels.get(kind or "") in ("lead", "responsible"):
        # a unit column's cell that names no unit (a task's clauses 推进…,做到…; a note 新增任务) fits it
        # as badly as a time fits a column of another kind
        score += 1 if columns.names_units(text) else -2
    return score + (kind == "task" and longest)


def place_cells(texts: list[str], kinds: Kinds, columns: TableColumns, merged: list[str | None],
                leading_merged: bool = False) -> list[int]:
    """The column of each cell of a row that printed fewer cells than its table has columns
    (the others merged from the row above, guide section 4): cells keep their order and go
    where their text fits best, preferring to leave out columns the row above can fill.  With
    ``leading_merged`` (a one-line table with no number column) the cells merged are first taken
    to be the leading ones (a category spanning rows), unless the text clearly fits other columns
    better."""
    if len(kinds) > MAX_ALIGNED_COLUMNS or len(texts) >= len(kinds):
        return list(range(len(texts)))
    longest = max(range(len(texts)), key=lambda i: len(texts[i]))

    def fit(places: tuple[int, ...]) -> tuple[int, int, int]:
        score = sum(_cell_fit(texts[n], kinds[c], columns, n == longest) for n, c in enumerate(places))
        left_out = [c for c in range(len(kinds)) if c not in places]
        # cells merged over rows are most often who and when (a unit or a time column)
        roles = sum(columns.role_labels.get(kinds[c] or "") is not None for c in left_out)
        return score, sum(merged[c] is not None for c in left_out), roles

    best = max(itertools.combinations(range(len(kinds)), len(texts)), key=fit)
    if leading_merged:
        last = tuple(range(len(kinds) - len(texts), len(kinds)))
        if fit(best)[0] < fit(last)[0] + columns.merged_clear_margin:
            best = last
    return list(best)


def merge_row(cells: list[tuple[str, int]], kinds: Kinds, columns: TableColumns,
              above: list[str | None], end: int) -> list[tuple[str, int]]:
    """A one-line row with fewer cells than columns: its cells in their columns, the columns
    it does not print filled from the row above (cells merged over rows).  A row of a table
    with no number column that lost its leading cells to a category is left as printed
    (row_parts reads it: the category is a heading of its own, not a cell of the row).  A cell
    from above is not on this line: its offset is the line's ``end``."""
    merged: list[str | None] = above if len(above) == len(kinds) else [None] * len(kinds)
    # (a leading cell like the one above it is that column's own: no category spans the rows there)
    leading = kinds[0] != "number" and not (cells and _alike(cells[0][0], merged[0] or "", columns))
    places = place_cells([c for c, _ in cells], kinds, columns, merged, leading_merged=leading)
    if kinds[0] != "number" and 0 not in places:
        return cells
    out = [(m or "", end) for m in merged]
    for cell, column in zip(cells, places):
        out[column] = cell
    return out


def _alike(cell: str, above: str, columns: TableColumns) -> bool:
    """Does a row's cell read like the cell above it (the same opening words, or both times)?"""
    return bool(cell and above) and (cell[:2] == above[:2]
                                     or columns.is_time_cell(cell) and columns.is_time_cell(above))
