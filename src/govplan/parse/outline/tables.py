"""Task tables (任务分工表) copied as text, for the outline stage.

A table is known by its header: a row of column names from ``labels.toml [table]``
(序号, 重点任务 …) and the field labels (牵头单位, 责任单位, 完成时限 …).  Three shapes:

* one row a line, cells split by a tab or ``|`` (a word processor's copy, Markdown);
* one row a line, cells split by runs of spaces (a PDF's text): then every header cell
  must be a known column, since spaces also occur in prose;
* one cell a line (a web page's table flattened): the header is a run of column-name
  lines starting with the number column, and each row starts at its number.

This module only classifies lines and cuts rows into cells; the outline stage turns
rows into headings (style ``table_row``) whose role cells become labelled fields.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Callable

import regex

from govplan.grammar.compiled import Grammar
from govplan.parse.fields import time_words
from govplan.parse.normalize import Line
from govplan.text.punctuation import FULL_STOP, split_top_level

# a row with fewer cells is aligned to its columns by what its cells hold up to this many
# columns (a bound on the work: C(12, 6) placements at most)
MAX_ALIGNED_COLUMNS = 12
# the number cell of a row printed alone on its line (one cell a line)
ROW_NUMBER = regex.compile(r"^(\d{1,3})[.、]?$")
# a rule line under a header: |---|:---:|
_RULE_CHARS = frozenset("-:=+— ")
# a bracketed note after a column name: 责任单位(部门), 完成时限(年月)
_COLUMN_NOTE = regex.compile(r"\([^()]*\)$")
_NON_SPACE = regex.compile(r"\S+")
# a column name: Han characters (a bracketed note and a few joiners allowed), no sentence
_NAME = regex.compile(r"^[\p{Han}()/、]+$")
_UNIT_SEPARATORS = frozenset("、,;/")
_DIGIT = regex.compile(r"[0-9%]")

Kinds = list  # per column: "number", "task", a role label of labels.toml, or None


def space_cells(text: str) -> list[tuple[str, int]]:
    """(cell, offset) of a line split at runs of spaces."""
    return [(m.group(), m.start()) for m in _NON_SPACE.finditer(text)]


def is_rule(cells: list[tuple[str, int]]) -> bool:
    return bool(cells) and all(set(c) <= _RULE_CHARS for c, _ in cells)


def is_row_number(text: str, number: int | None = None) -> bool:
    m = ROW_NUMBER.match(text)
    return bool(m) and (number is None or int(m.group(1)) == number)


class TableColumns:
    """Which lines head a table, and how a line splits into cells (from the grammar)."""

    def __init__(self, grammar: Grammar):
        t = grammar.labels.table
        self.role_labels = grammar.labels.labels
        self.number_columns, self.task_columns = set(t.number_columns), set(t.task_columns)
        self.min_columns = t.min_columns
        self.column_words = t.column_words
        self.column_max_chars = t.column_max_chars
        self.times = time_words(grammar)
        self.time_cell_max_chars = t.time_cell_max_chars
        self.row_wrap_factor = t.row_wrap_factor
        self.header_piece_max_chars = t.header_piece_max_chars
        self.unit_endings = tuple(grammar.units.org_suffixes)
        self.merged_clear_margin = t.merged_clear_margin
        self.role_words = tuple(sorted(grammar.labels.predicates, key=len, reverse=True))
        # the label a role column's cells are read under (the role's first label in [labels])
        self.role_label = {role: next((k for k, v in self.role_labels.items() if v == role), None)
                           for role in ("lead", "responsible", "deadline")}
        self.separators = tuple(t.separators)
        self.split = regex.compile("|".join(regex.escape(c) for c in t.separators))

    def cells(self, text: str) -> list[tuple[str, int]]:
        """(cell, offset) of a line split at the separators; [] if it has none.

        Empty cells at the end are dropped (a b | | has two cells), and the border cell before
        a leading | (| a | b |); an empty cell after it keeps its place (|  | b |: the first
        column is spanned from the row above).
        """
        for sep in self.separators:  # a plain loop: this runs for every line, often
            if sep in text:
                break
        else:
            return []
        out, pos = [], 0
        for m in self.split.finditer(text + self.separators[0]):
            raw = text[pos: m.start()]
            out.append((raw.strip(), pos + len(raw) - len(raw.lstrip())))
            pos = m.end()
        if out and not out[0][0]:
            out.pop(0)
        while out and not out[-1][0]:
            out.pop()
        return out

    def one_cell(self, text: str) -> str | None:
        """The cell of a line that holds one cell of a flattened table (plain, or closed by a
        separator as some pages print them: ``80 |``); None when the line has more cells."""
        cells = self.cells(text)
        if not cells:
            return text
        return cells[0][0] if len(cells) == 1 else None

    def column_kind(self, cell: str, by_words: bool = False) -> str | None:
        """'number', 'task', a role label of labels.toml, or None for another column.  A name in
        none of the lists is known by what it contains only ``by_words``: beside other cells of
        a header, never for a line alone (a short line is no column name by its words)."""
        name = cell
        if cell.endswith((")", ":", "*", " ")):
            name = _COLUMN_NOTE.sub("", cell).strip(" :*")
        if name in self.number_columns:
            return "number"
        if name in self.task_columns:
            return "task"
        if name in self.role_labels:
            return name
        return self.kind_by_words(name) if by_words else None

    def is_time_cell(self, text: str) -> bool:
        """A cell that states a time (2025年6月底前, 长期坚持), as a time column's cells do."""
        return len(text) <= self.time_cell_max_chars and self.times.states_time(text)

    def is_time_column(self, kind: str | None) -> bool:
        return kind is not None and self.role_labels.get(kind) == "deadline"

    def header_kinds(self, names: list[str]) -> list[str | None]:
        """The kinds of a header's cells: a listed name's, else by its words, for a role that no
        listed column of the header fills (a second lead column, 市卫健委内牵头处室 beside
        牵头单位, names offices inside one unit: a column of its own)."""
        listed = [self.column_kind(n) for n in names]
        filled = {self.role_labels.get(k, k) for k in listed if k}  # roles, and number / task
        out: list[str | None] = []
        for name, kind in zip(names, listed):
            if kind is None:
                kind = self.column_kind(name, by_words=True)
                if kind is not None and self.role_labels.get(kind, kind) in filled:
                    kind = None
            out.append(kind)
        return out

    def word_kind(self, name: str) -> str | None:
        """The kind a column's name gives by the words it holds (labels.toml
        [table.column_words], "other" included); None when it names no column."""
        if not name or len(name) > self.column_max_chars or not _NAME.match(name):
            return None
        return next((kind for kind, words in self.column_words if any(w in name for w in words)), None)

    def kind_by_words(self, name: str) -> str | None:
        """A column known by what its name contains; None for an "other" column too."""
        kind = self.word_kind(name)
        if kind is None or kind == "other":
            return None
        return self.role_label.get(kind) or kind

    def names_units(self, text: str) -> bool:
        """Does a cell read as a unit column's cell: names that end like units (a role word after
        one allowed: 办公室牵头,各科室配合), and no figures?"""
        if not text or _DIGIT.search(text):
            return False
        pieces = [p for p, _ in split_top_level(text, _UNIT_SEPARATORS) if p]
        return bool(pieces) and all(p.removesuffix(w).endswith(self.unit_endings)
                                    for p in pieces for w in [next((w for w in self.role_words if p.endswith(w)), "")])

    def could_name_column(self, cell: str) -> bool:
        """Is this cell shaped like a column name (a short run of Han characters)?"""
        return len(cell) <= self.column_max_chars and bool(_NAME.match(cell))

    def names_column(self, cell: str) -> bool:
        """Does this cell name a column of any kind (a listed name, or by its words)?"""
        if self.column_kind(cell) is not None:
            return True
        name = _COLUMN_NOTE.sub("", cell).strip(" :*") if cell.endswith((")", ":", "*", " ")) else cell
        return self.word_kind(name) is not None

    def header(self, text: str, cells: list[tuple[str, int]] | None = None) -> Kinds | None:
        """Column kinds when the line heads a table (tab, | or space cells), else None.

        ``cells``: the line's ``cells(text)``, when the caller has them already.
        """
        if cells is None:
            cells = self.cells(text)
        kinds: list[str | None]
        known: list[str | None]
        if cells:
            kinds = self.header_kinds([c for c, _ in cells])
            known = [k for k in kinds if k is not None]
            ok = len(kinds) >= self.min_columns and len(known) >= 2
        elif " " in text:  # spaces occur in prose too: every cell must name a column
            names = [c for c, _ in space_cells(text)]
            kinds = self.header_kinds(names)
            known = [k for k in kinds if k is not None]
            named = sum(map(self.names_column, names))
            ok = (len(kinds) >= self.min_columns and len(known) >= 2 and 2 * named >= len(names)
                  and all(self.could_name_column(n) for n in names))
        else:
            return None
        if not ok or all(k in ("number", "task") for k in known):
            return None
        return kinds

    def is_table_line(self, text: str) -> bool:
        """A header, or a row of at least as many cells as a table needs: never a title."""
        cells = self.cells(text)
        if cells:  # a header needs as many cells as a row does
            return len(cells) >= self.min_columns
        return self.header(text, cells) is not None

    def is_column_name(self, text: str) -> bool:
        cell = self.one_cell(text)
        return cell is not None and self.column_kind(cell) is not None


def one_line_rows(content: list[Line], columns: TableColumns) -> set[int]:
    """Line numbers of one-line headers and of the lines with cells after them."""
    found: set[int] = set()
    spaced = 0  # columns of a space-split header, once one is seen
    for ln in content:
        cells = columns.cells(ln.text)
        header = columns.header(ln.text, cells)
        if header:
            spaced = 0 if cells else len(header)
            found.add(ln.number)
        elif found and (cells or spaced and len(space_cells(ln.text)) >= spaced):
            found.add(ln.number)
    return found


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


def _header_run(content: list[Line], i: int, columns: TableColumns,
                is_heading: Callable[[str], bool]) -> tuple[Kinds, int]:
    """Column kinds of a run of column-name lines from content[i], and how many lines it takes.
    A name is known by the lists or by its words, of any kind (progress and notes columns too);
    a name wrapped over two lines (牵头 / 单位) is one.  A header names at least min_columns
    columns, two of known kind, one of them a unit or time column."""
    names: list[str] = []
    j = i
    while j < len(content):
        cell = columns.one_cell(content[j].text)
        name, used = cell, 1
        nxt = columns.one_cell(content[j + 1].text) if j + 1 < len(content) else None
        if cell and nxt and max(len(cell), len(nxt)) <= columns.header_piece_max_chars \
                and columns.names_column(cell + nxt) and _pieces_of_one_name(cell, nxt, columns):
            name, used = cell + nxt, 2  # a column name wrapped over two lines
        if name is None or is_heading(content[j].text):
            break
        if not columns.names_column(name):
            # a name of no known kind between two that are (目前进度 beside 完成时间)
            after = columns.one_cell(content[j + 1].text) if names and j + 1 < len(content) else None
            if not (names and columns.could_name_column(name) and after and columns.names_column(after)):
                break
        names.append(name)
        j += used
    kinds: Kinds = columns.header_kinds(names)
    roles = [k for k in kinds if k not in (None, "number", "task")]
    known = [k for k in kinds if k is not None]
    if len(kinds) < columns.min_columns or not roles or len(known) < 2 or "number" in kinds[1:]:
        return [], 0
    return kinds, j - i


def _pieces_of_one_name(first: str, second: str, columns: TableColumns) -> bool:
    """Two short header lines that name one column together: one of them names none alone
    (牵头 / 单位), or both name the same kind (工作 / 任务: no table has two such columns side by
    side); never when the second is a unit's name (the first cell of a row)."""
    if columns.names_units(second) and second not in columns.unit_endings:
        return False  # 说明 / 市妇联: a unit's name is a row's cell, not the rest of a column name
    if not (columns.names_column(first) and columns.names_column(second)):
        return True
    return columns.word_kind(first) == columns.word_kind(second)


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
    their columns better (a wrapped cell's rest: 改革委 after 市发展, ,完成46% after 已于…启)."""
    best_end, best_score = k, _grouping(content[j + 1: k], kinds, columns)[1]
    end = k
    while end < len(content) and end - k < MAX_PLACED_SURPLUS and not is_heading(content[end].text) \
            and columns.one_cell(content[end].text) is not None and not content[end].text.endswith(FULL_STOP):
        end += 1
        score = _grouping(content[j + 1: end], kinds, columns)[1]
        if score > best_score:
            best_end, best_score = end, score
    # lines printed right under the row, up to a blank line or the end, are its own
    close = best_end
    while close < end and content[close].number == content[close - 1].number + 1:
        close += 1
    if close > best_end and (close == len(content) or content[close].number > content[close - 1].number + 1):
        return close
    return best_end


# a wrapped cell goes on in a line that opens with punctuation: a cell never begins so
_GOES_ON = tuple(",、;:。)》")
_CUT_FIGURE = regex.compile(r"\d[\d年月日号%]")
# a row with more lines than columns: at most this many surplus lines are placed by content
# (C(columns + surplus, surplus) groupings tried); beyond it the task cell takes them
MAX_PLACED_SURPLUS = 3


def _grouping(lines: list[Line], kinds: Kinds, columns: TableColumns) -> tuple[list[list[Line]], int]:
    """A row's lines (at least one a column), in order, grouped one group a column where the
    text fits best, and how well: no cell begins with punctuation (nor, in a table whose cells
    open with |, without it), a time stands in the time column, unit columns end like units and
    hold no figures; the task cell takes what is left."""
    at = next((i for i, k in enumerate(kinds) if k == "task"), 0)
    surplus = len(lines) - len(kinds)
    default = [[ln] for ln in lines[:at]] + [lines[at: at + 1 + surplus]] + [[ln] for ln in lines[at + 1 + surplus:]]
    opened = any(ln.text.startswith(columns.separators) for ln in lines)  # cells opened by |

    def fit(groups: list[list[Line]]) -> int:
        score = 0
        for n, (group, kind) in enumerate(zip(groups, kinds)):
            text = "".join(ln.text for ln in group)
            score -= 3 * group[0].text.startswith(_GOES_ON)
            # a figure is never cut between two cells (已于202 / 6年2月启动, 10月1 / 日至…), nor
            # does a cell end inside a list (县供电公司、 / 区司法局): such a cell is wrapped
            score -= 3 * bool(n and _CUT_FIGURE.match(groups[n - 1][-1].text[-1:] + group[0].text[:1]))
            score -= 3 * text.endswith(_GOES_ON[:2])
            if opened:  # each cell opens with | and a wrapped piece does not
                score -= 3 * (not group[0].text.startswith(columns.separators))
                score -= 3 * sum(ln.text.startswith(columns.separators) for ln in group[1:])
            timed, dated = columns.is_time_cell(text), columns.is_time_column(kind)
            if kind is not None:  # a progress or notes column may state times
                score += 2 if timed and dated else -2 if timed or dated else 0
            if columns.role_labels.get(kind or "") in ("lead", "responsible"):
                score += 1 if text.endswith(columns.unit_endings) else -1
                score -= 2 * bool(_DIGIT.search(text))  # a unit's name holds no figures
        return score

    if surplus < 0 or surplus > MAX_PLACED_SURPLUS or len(kinds) > MAX_ALIGNED_COLUMNS or not kinds:
        return default, fit(default) if surplus >= 0 and kinds else -len(lines)
    best, best_score = default, fit(default)
    for cuts in itertools.combinations(range(1, len(lines)), len(kinds) - 1):
        groups = [lines[a:b] for a, b in zip((0, *cuts), (*cuts, len(lines)))]
        if (score := fit(groups)) > best_score:
            best, best_score = groups, score
    return best, best_score


def align_cells(lines: list[Line], kinds: Kinds, columns: TableColumns,
                merged: list[str | None]) -> list[list[Line] | None]:
    """The lines of each column of a row printed one cell a line (``kinds`` without the number
    column).  One line a cell; a row with more lines has cells wrapped (_wrapped_cells).  A row
    with fewer lines printed only the cells not merged from above (guide section 4): its lines
    keep their order, in the columns their text fits best (a time in the time column, the
    longest text in the task column), preferring columns the row above can fill (``merged``);
    the others are None."""
    if len(lines) >= len(kinds):
        return list(_grouping(lines, kinds, columns)[0])
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
        score += 1 if columns.names_units(text) else -1
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
        # cells merged over rows are most often who and when: a unit or a time column
        roles = sum(columns.role_labels.get(kinds[c] or "") is not None for c in left_out)
        return score, sum(merged[c] is not None for c in left_out), roles

    best = max(itertools.combinations(range(len(kinds)), len(texts)), key=fit)
    if leading_merged:
        last = tuple(range(len(kinds) - len(texts), len(kinds)))
        if fit(best)[0] < fit(last)[0] + columns.merged_clear_margin:
            best = last
    return list(best)


def merge_row(cells: list[tuple[str, int]], kinds: Kinds, columns: TableColumns,
              above: list[str | None]) -> list[tuple[str, int]]:
    """A one-line row with fewer cells than columns: its cells in their columns, the columns
    it does not print filled from the row above (cells merged over rows).  A row of a table
    with no number column that lost its leading cells to a category is left as printed
    (row_parts reads it: the category is a heading of its own, not a cell of the row)."""
    merged = above if len(above) == len(kinds) else [None] * len(kinds)
    places = place_cells([c for c, _ in cells], kinds, columns, merged, leading_merged=kinds[0] != "number")
    if kinds[0] != "number" and 0 not in places:
        return cells
    out = [(m or "", 0) for m in merged]
    for cell, column in zip(cells, places):
        out[column] = cell
    return out


def pad_number_cell(cells: list[tuple[str, int]], kinds: Kinds,
                    is_number: Callable[[str], bool]) -> list[tuple[str, int]]:
    """A row one cell short whose first cell is no number lost an empty number cell
    (with the line's leading tab, stripped in normalizing): put it back."""
    if kinds and kinds[0] == "number" and len(cells) == len(kinds) - 1 \
            and not is_number(cells[0][0].rstrip("、.")):
        return [("", 0)] + cells
    return cells


def row_parts(cells: list[tuple[str, int]], kinds: Kinds) -> tuple[str, str, list[tuple[str, str, int]]]:
    """(number cell, task title, role cells as (label, text, offset)) of a one-line row.

    A row with fewer cells than the header, in a table that opens with no number column,
    lost its leading cells to a category cell spanning rows above: its cells belong to the
    last columns.
    """
    if len(cells) < len(kinds) and kinds and kinds[0] != "number":
        kinds = kinds[len(kinds) - len(cells):]
    number, title, roles = "", "", []
    for (value, offset), kind in zip(cells, kinds):
        if kind == "number" and value:
            number = value
        elif kind == "task" and not title:
            title = value
        elif kind not in (None, "number", "task") and value:
            roles.append((kind, value, offset))
    if not title:  # no task column: the first cell that is not the number
        title = next((v for (v, _), k in zip(cells, kinds) if k != "number" and v), "")
    return number, title, roles
