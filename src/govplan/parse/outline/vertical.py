"""Task tables printed one cell a line (a web page's table flattened), for the outline stage.

A header is a run of column-name lines (any kind of column: tables.TableColumns); each row
opens at its number line (the cells may be wrapped over more lines), is closed by a lone | when
the page prints one, or, with no number column, takes as many lines as the header has names.
The lines of a row are put in their columns by ``cells``.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Callable

from govplan.parse.normalize import Line
from govplan.parse.outline.cells import CELL_GOES_ON, MAX_PLACED_SURPLUS, grouping
from govplan.parse.outline.tables import ROW_NUMBER, Kinds, TableColumns, is_row_number
from govplan.text.punctuation import FULL_STOP

# a header's pairs of lines that may be one column name or two (时限 / 要求) are tried in every combination
# while there are at most this many (2**3 readings of the rows below)
MAX_DOUBTFUL_PAIRS = 3
FIT_ROWS = 50  # numbered rows whose texts are fitted to each reading (the first ones: the work stays bounded)


@dataclass
class VerticalTables:
    """Tables printed one cell a line, found in a document's content lines."""

    column_lines: set[int] = field(default_factory=set)  # header lines (序号 / 重点任务 / …)
    rows: dict[int, tuple[Kinds, list[Line]]] = field(default_factory=dict)  # number line -> cells
    cell_lines: set[int] = field(default_factory=set)
    categories: set[int] = field(default_factory=set)  # a first-column cell spanning the rows below
    separators: set[int] = field(default_factory=set)  # lines that only separate cells: |

    @property
    def lines(self) -> set[int]:
        return self.column_lines | self.cell_lines | set(self.rows) | self.categories | self.separators


def find_vertical_tables(content: list[Line], columns: TableColumns,
                         is_heading: Callable[[str], bool]) -> VerticalTables:
    """Header runs and the rows under them; ``is_heading`` tells category lines (一、…)."""
    found = VerticalTables()
    # a page may print a separator line (|) between cells or closing each row: it holds no cell,
    # and the line before it ends a row (when the table's rows are closed so)
    found.separators = {ln.number for ln in content if ln.text.strip() in columns.separators}
    closing = {a.number for a, b in zip(content, content[1:]) if b.number in found.separators}
    content = [ln for ln in content if ln.number not in found.separators]
    i = 0
    while i < len(content):
        if not _may_open_header(content[i].text, columns):  # (most lines: a header's first name is short)
            i += 1
            continue
        kinds, used = _header_run(content, i, columns, is_heading)
        if not kinds:
            i += 1
            continue
        j = i + used
        # a | after every header line separates cells; after the last one only, it closes rows
        closes = set() if all(ln.number in closing for ln in content[i: j]) else closing
        if kinds[0] == "number":
            j = _rows(content, j, kinds, is_heading, found, columns, categorized=False, closing=closes)
        elif kinds[0] == "task" and any(is_row_number(columns.one_cell(ln.text) or "") for ln in content[j: j + 2]):
            # a category column and no number column: rows open at a number
            j = _rows(content, j, ["number"] + kinds[1:], is_heading, found, columns, categorized=True)
        else:
            j = _plain_rows(content, j, kinds, is_heading, found, columns, closes)
        found.column_lines.update(ln.number for ln in content[i: i + used])
        i = max(j, i + 1)
    if not found.rows:
        found.separators = set()  # no table after all: the bars stay text
    return found


def _may_open_header(text: str, columns: TableColumns) -> bool:
    """A quick necessary condition of a header run opening at this line (_names): its cell names a column,
    alone or joined with the next line's when both are short pieces of one name."""
    cell = columns.one_cell(text)
    return cell is not None and (columns.may_name_column(cell) or len(cell) <= columns.header_piece_max_chars)


def _header_run(content: list[Line], i: int, columns: TableColumns,
                is_heading: Callable[[str], bool]) -> tuple[Kinds, int]:
    """Column kinds of a run of column-name lines from content[i], and how many lines it takes.
    A name is known by the lists or by its words, of any kind (progress and notes columns too);
    a name wrapped over two lines (牵头 / 单位) is one.  A header names at least min_columns
    columns, two of known kind, one of them a unit or time column.  Where two short lines could
    be two names or one (时限 / 要求), the reading whose width the rows below fit is taken."""
    names, used, doubtful = _names(content, i, columns, is_heading, frozenset())
    if doubtful:  # (rare: most runs of lines are no header, and most headers have no such pair)
        best = _rows_fit(content, i + used, names, columns, is_heading)
        for joins in _join_choices(doubtful):  # each doubtful pair joined or not (编号 / 说明 apart, 时限 / 要求 one)
            joined, joined_used, _ = _names(content, i, columns, is_heading, joins)
            fit = _rows_fit(content, i + joined_used, joined, columns, is_heading)
            if fit > best:
                best, names, used = fit, joined, joined_used
    kinds: Kinds = columns.header_kinds(names)
    roles = [k for k in kinds if k not in (None, "number", "task")]
    known = [k for k in kinds if k is not None]
    if len(kinds) < columns.min_columns or not roles or len(known) < 2 or "number" in kinds[1:]:
        return [], 0
    return kinds, used


def _could_name_column(name: str, columns: TableColumns) -> bool:
    """A name of a known kind, or one that ends like a label of units (包保 / 单位 wrapped)."""
    return columns.names_column(name) or columns.words.names_units(name)


def _names_units_before_a_name(name: str, content: list[Line], after: int, columns: TableColumns) -> bool:
    """A name that ends like a label of units (包保单位) followed by a line that names a column, the first
    row's number, or the first row's unit cell (a unit's name opening with its level, 县财政局): a unit
    column's name, wherever it stands in the header."""
    if not columns.words.names_units(name) or after >= len(content):
        return False
    nxt = columns.one_cell(content[after].text) or ""
    wrapped = columns.one_cell(content[after + 1].text) or "" if after + 1 < len(content) else ""
    if max(len(nxt), len(wrapped)) > columns.header_piece_max_chars:
        wrapped = ""  # (完成 / 节点: the next name wrapped over two lines)
    return (columns.names_column(nxt) or bool(wrapped) and columns.names_column(nxt + wrapped)
            or is_row_number(nxt, 1) or columns.names_a_unit_of_a_level(nxt))


def _join_choices(doubtful: list[int]) -> list[frozenset[int]]:
    """The sets of doubtful pairs to read as one name: each set of them while they are few (a header has
    one or two), else all of them (with none, already read)."""
    if len(doubtful) > MAX_DOUBTFUL_PAIRS:
        return [frozenset(doubtful)]
    return [frozenset(c) for n in range(1, len(doubtful) + 1) for c in itertools.combinations(doubtful, n)]


def _names(content: list[Line], i: int, columns: TableColumns, is_heading: Callable[[str], bool],
           joins: frozenset[int]) -> tuple[list[str], int, list[int]]:
    """The column names of a header run from content[i], the lines they take, and where two lines of
    it could have been one name or two (_pieces_of_one_name: "doubt"): such a pair is read as one name
    where its first line's place is in ``joins``."""
    names: list[str] = []
    j, doubtful = i, []
    opened = content[i].text.startswith(columns.separators)  # each cell opens with |: a wrapped piece does not
    while j < len(content):
        cell = columns.one_cell(content[j].text)
        name, used = cell, 1
        nxt = columns.one_cell(content[j + 1].text) if j + 1 < len(content) else None
        if opened:  # the layout tells: a line without its | goes on with the name above (| 时限 / 要求)
            if cell and nxt and not content[j + 1].text.startswith(columns.separators) \
                    and _could_name_column(cell + nxt, columns):
                name, used = cell + nxt, 2
        elif cell and nxt and max(len(cell), len(nxt)) <= columns.header_piece_max_chars \
                and _could_name_column(cell + nxt, columns):
            pieces = _pieces_of_one_name(cell, nxt, columns)
            if pieces == "doubt":
                doubtful.append(j)
            if pieces == "yes" or pieces == "doubt" and j in joins:
                name, used = cell + nxt, 2  # a column name wrapped over two lines
        if name is None or is_heading(content[j].text):
            break
        if not columns.names_column(name) and not _names_units_before_a_name(name, content, j + used, columns):
            # a name of no known kind between two that are (目前进度 beside 完成时间), or the last
            # before the first row's number under a numbered header (… 完成时限 | 内设处室 | 1); never
            # a unit's name opening with its level (区消防救援大队 before a note 新增任务: the first row)
            after = columns.one_cell(content[j + 1].text) if names and j + 1 < len(content) else None
            last = bool(after) and is_row_number(after or "", 1) and columns.column_kind(names[0]) == "number"
            if not (names and columns.could_name_column(name) and after
                    and (columns.names_column(after) or last) and not columns.names_a_unit_of_a_level(name)):
                break
        names.append(name)
        j += used
    return names, j - i, doubtful


def _rows_fit(content: list[Line], j: int, names: list[str], columns: TableColumns,
              is_heading: Callable[[str], bool]) -> tuple[int, int, int]:
    """How well rows under these column names fit the lines from content[j] (higher is better): each
    numbered row, from its number line to the next, holds as many lines as there are names or a few
    more (wraps: one point off a line; a row with fewer lines cannot be, ten off), added to how its
    texts fit their columns (so that a table whose every row wraps a cell is not read one column too
    wide), then a reading with a number column for those numbers is preferred; with no number, the
    one-cell lines divide into rows of that width, and then their texts fit their columns (a time in the
    time column, units in a unit column: ``cells.grouping``)."""
    width = len(names)
    lines = []
    for ln in content[j:]:
        if is_heading(ln.text) or columns.one_cell(ln.text) is None:
            break
        lines.append(ln)
    texts = [columns.one_cell(ln.text) or "" for ln in lines]
    if not lines or width < 2:
        return -99, 0, 0
    kinds = columns.header_kinds(names)
    if is_row_number(texts[0]):
        spans = _numbered_rows(texts)[:FIT_ROWS]
        # the number line is the number column's (without one it is read as a cell, and fits no column)
        number_lines = 1 if kinds[0] == "number" else 0
        return (sum((-(end - start - width) if end - start >= width else -10)
                    + grouping(lines[start + number_lines: end], kinds[number_lines:], columns)[1]
                    for start, end in spans), number_lines, 0)
    if len(lines) % width:
        return 0, 0, 0
    return 1, 0, sum(grouping(lines[k: k + width], kinds, columns)[1] for k in range(0, len(lines), width))


def _numbered_rows(texts: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each numbered row (its number line to the next) whose next number follows."""
    spans: list[tuple[int, int]] = []
    start, number = 0, int(ROW_NUMBER.match(texts[0]).group(1))
    while True:
        number += 1
        end = next((k for k in range(start + 1, len(texts)) if is_row_number(texts[k], number)), None)
        if end is None:
            return spans
        spans.append((start, end))
        start = end


def _pieces_of_one_name(first: str, second: str, columns: TableColumns) -> str:
    """Do two short header lines name one column together?  "yes" when one of them names none
    alone (牵头 / 单位) or both name the same kind (工作 / 任务: no table has two such columns
    side by side); "no" when the second is a unit's name (the first cell of a row); "doubt"
    when they name columns of two kinds (时限 / 要求: a 时限要求 column, or two columns)."""
    if columns.names_units(second) and second not in columns.unit_endings:
        return "no"  # 说明 / 市妇联: a unit's name is a row's cell, not the rest of a column name
    if not (columns.names_column(first) and columns.names_column(second)):
        return "yes"
    return "yes" if columns.word_kind(first) == columns.word_kind(second) else "doubt"


def _plain_rows(content: list[Line], j: int, kinds: Kinds, is_heading: Callable[[str], bool],
                found: VerticalTables, columns: TableColumns, closing: set[int]) -> int:
    """Rows of a table with no number column, printed one cell a line from content[j]: each
    row closed by a separator line (|) when the table prints them (its cells may wrap), else
    as many lines as the header has names.  The row's heading is its first cell's line."""
    width = len(kinds)
    while j < len(content):
        k = j
        if any(ln.number in closing for ln in content[j: j + width * columns.row_wrap_factor]):
            while k < len(content) and content[k].number not in closing:
                k += 1
            k += 1
        else:
            k = j + width
        block = content[j: k]
        if len(block) < width or any(is_heading(ln.text) or columns.one_cell(ln.text) is None for ln in block):
            break
        found.rows[block[0].number] = (kinds, block)
        found.cell_lines.update(ln.number for ln in block[1:])
        j = k
    return j


def _rows(content: list[Line], j: int, kinds: Kinds, is_heading: Callable[[str], bool],
          found: VerticalTables, columns: TableColumns, categorized: bool,
          closing: frozenset[int] | set[int] = frozenset()) -> int:
    """Rows from content[j]: a number line, then its cells up to the next number or heading."""
    while j < len(content):
        row = ROW_NUMBER.match(columns.one_cell(content[j].text) or "")
        if not row:
            following = columns.one_cell(content[j + 1].text) if j + 1 < len(content) else None
            if is_heading(content[j].text):
                pass  # a category line between rows (一、政务服务) is a heading of its own
            elif following is not None and ROW_NUMBER.match(following):
                found.categories.add(content[j].number)  # a category cell spanning the rows below
            else:
                break
            j += 1  # a category line between rows (一、政务服务) is a heading of its own
            continue
        k = _row_end(content, j, int(row.group(1)), kinds, is_heading, columns, wraps=not categorized)
        closed = next((c for c in range(j, min(len(content), j + columns.row_wrap_factor * len(kinds)))
                       if content[c].number in closing), None)
        if closed is not None and closed + 1 != k and not any(is_heading(ln.text) for ln in content[j + 1: closed + 1]):
            k = closed + 1  # the row's closing | (the next row's number may be missing or wrapped)
        found.rows[content[j].number] = (kinds, content[j + 1: k])
        found.cell_lines.update(ln.number for ln in content[j + 1: k])
        j = k
    return j


def _row_end(content: list[Line], j: int, number: int, kinds: Kinds, is_heading: Callable[[str], bool],
             columns: TableColumns, wraps: bool) -> int:
    """Where the row whose number line is content[j] ends: at the next row's number line (its
    cells may be wrapped over more lines than there are columns), within row_wrap_factor times the
    row's width; else (the last row, or a table whose category cells stand between rows) after
    as many lines as it has cells, or at a heading; the last row takes the lines after that
    which continue its cells (_last_row_end)."""
    width = len(kinds)
    k = j + 1
    while wraps and k < len(content) and k - j <= columns.row_wrap_factor * width and not is_heading(content[k].text):
        if is_row_number(columns.one_cell(content[k].text) or "", number + 1):
            return k
        k += 1
    k = j + 1
    while k < len(content) and k - j < width and not is_heading(content[k].text):
        k += 1
    return _last_row_end(content, j, k, kinds[1:], is_heading, columns) if wraps else k


def _last_row_end(content: list[Line], j: int, k: int, kinds: Kinds, is_heading: Callable[[str], bool],
                  columns: TableColumns) -> int:
    """The last row of a table printed one cell a line (number line content[j], its cells from
    j + 1 to k): it takes up to MAX_PLACED_SURPLUS more one-cell lines when its cells then fit
    their columns better, or as well where the line opens with what goes on from a line above (a
    wrapped cell's rest: 改革委 after 市发展, ,完成46% after 已于…启)."""
    best_end, best_score = k, grouping(content[j + 1: k], kinds, columns)[1]
    end = k
    while end < len(content) and end - k < MAX_PLACED_SURPLUS and not is_heading(content[end].text) \
            and columns.one_cell(content[end].text) is not None and not content[end].text.endswith(FULL_STOP):
        end += 1
        score = grouping(content[j + 1: end], kinds, columns)[1]
        # (a line that opens with what goes on from a line above is the rest of a cell: ,完成75%; so is
        # the last line of all, no sentence, under the table's last row)
        if score > best_score or score == best_score and (content[end - 1].text.startswith(CELL_GOES_ON)
                                                          or end == len(content)):
            best_end, best_score = end, score
    # lines printed right under the row, up to a blank line or the end, are its own
    close = best_end
    while close < end and content[close].number == content[close - 1].number + 1:
        close += 1
    if close > best_end and (close == len(content) or content[close].number > content[close - 1].number + 1):
        return close
    return best_end
