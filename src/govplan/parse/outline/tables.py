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

from typing import Callable

from govplan.grammar.compiled import Grammar
from govplan.parse.fields import label_words, time_words
from govplan.parse.normalize import Line
from govplan.precompiled import escape, kept
from govplan.text.punctuation import split_top_level
from govplan.text.words import splits_a_word

# a row with fewer cells is aligned to its columns by what its cells hold up to this many
# columns (a bound on the work: C(12, 6) placements at most)
MAX_ALIGNED_COLUMNS = 12
# the number cell of a row printed alone on its line (one cell a line)
ROW_NUMBER = kept(r"^(\d{1,3})[.、]?$")
# a rule line under a header: |---|:---:|
_RULE_CHARS = frozenset("-:=+— ")
# a bracketed note after a column name: 责任单位(部门), 完成时限(年月)
_COLUMN_NOTE = kept(r"\([^()]*\)$")
# what a column name may end with that is not the name: a note in brackets, a colon, a mark, a space
_NAME_ENDS = (")", ":", "*", " ")


def _bare_name(cell: str) -> str:
    """A column name without the note or mark at its end (负责单位(牵头) -> 负责单位)."""
    return _COLUMN_NOTE.sub("", cell).strip(" :*") if cell.endswith(_NAME_ENDS) else cell
_NON_SPACE = kept(r"\S+")
# a column name: Han characters (a bracketed note and a few joiners allowed), no sentence
_NAME = kept(r"^[\p{Han}()/、]+$")
_UNIT_SEPARATORS = frozenset("、,;/")
_UNIT_LIST_SEPARATORS = frozenset("、")  # what parts the names of a list of units, and no clauses
# the fewest characters a unit's name has (科室 alone is no unit's name; 办公室, 各科室 are)
UNIT_MIN_CHARS = 3
DIGIT = kept(r"[0-9%]")

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
        self.words = label_words(grammar)
        self.column_max_chars = t.column_max_chars
        self.times = time_words(grammar)
        self.time_cell_max_chars = t.time_cell_max_chars
        self.row_wrap_factor = t.row_wrap_factor
        self.header_piece_max_chars = t.header_piece_max_chars
        self.unit_endings = tuple(grammar.units.org_suffixes)
        self.not_unit_endings = tuple(grammar.units.not_unit_endings)  # 社会, 督办: end words, not organs
        self.place_endings = tuple(grammar.units.place_suffixes)  # 县, 区, 各县(市、区): a unit's name goes on
        # 县人力资源社会, 各县(市、区)人: a line that opens with a level (or 各 and a level) and names no unit
        # is a unit's name going on (not 各 alone: 各项措施落地 is a task's words)
        levels = grammar.units.bare_levels
        self.unit_openings = tuple([*levels, *(g + level for g in grammar.units.generic_prefixes for level in levels)])
        self.merged_clear_margin = t.merged_clear_margin
        self.role_words = tuple(sorted(grammar.labels.predicates, key=len, reverse=True))
        # the label a role column's cells are read under (the role's first label in [labels])
        self.role_label = {role: next((k for k, v in self.role_labels.items() if v == role), None)
                           for role in ("lead", "responsible", "deadline")}
        self.separators = tuple(t.separators)
        listed = [*self.number_columns, *self.task_columns, *self.role_labels]
        self._name_max_chars = max([self.column_max_chars, *map(len, listed)])
        self.split = kept("|".join(escape(c) for c in t.separators))

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
        name = _bare_name(cell)
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
        牵头单位, names offices inside one unit: a column of its own); where every cell is a name,
        else by its ending (_unit_columns_by_head)."""
        listed = [self.column_kind(n) for n in names]
        filled = {self.role_labels.get(k, k) for k in listed if k}  # roles, and number / task
        out: list[str | None] = []
        for name, kind in zip(names, listed):
            if kind is None:
                kind = self.column_kind(name, by_words=True)
                if kind is not None and self.role_labels.get(kind, kind) in filled:
                    kind = None
            out.append(kind)
        if all(_NAME.match(_bare_name(n)) for n in names):  # (a row holds its number, its task)
            out = self._unit_columns_by_head(names, out)
        return out

    def word_kind(self, name: str) -> str | None:
        """The kind a column's name gives by the words it holds (labels.toml
        [table.column_words], "other" included); None when it names no column."""
        if not name or len(name) > self.column_max_chars or not _NAME.match(name):
            return None
        return self.words.kind(name)

    def kind_by_words(self, name: str) -> str | None:
        """A column known by what its name contains; None for an "other" column too."""
        kind = self.word_kind(name)
        if kind is None or kind == "other":
            return None
        return self.role_label.get(kind) or kind

    def names_units(self, text: str) -> bool:
        """Does a cell read as a unit column's cell: names that end like units (a role word after
        one allowed: 办公室牵头,各科室配合), and no figures?"""
        if not text or DIGIT.search(text):
            return False
        pieces = [p for p, _ in split_top_level(text, _UNIT_SEPARATORS) if p]
        # a unit's name has a place or kind before its ending: 化局 or 各县 is a piece of one
        return bool(pieces) and all(len(p) >= UNIT_MIN_CHARS and self._ends_like_unit(p.removesuffix(w))
                                    for p in pieces for w in [next((w for w in self.role_words if p.endswith(w)), "")])

    def _ends_like_unit(self, name: str) -> bool:
        return name.endswith(self.unit_endings) and not name.endswith(self.not_unit_endings)

    def names_a_unit_of_a_level(self, text: str) -> bool:
        """Does a cell name a unit that opens with its level or place (县财政局, 各乡镇人民政府): a row's cell,
        never a column's name (内设处室 may be one)?"""
        return text.startswith(self.unit_openings) and self.names_units(text)

    def cuts_unit_name(self, before: str, after: str) -> bool:
        """Would a cell that ends with ``before`` cut a unit's name that ``after`` (the next cell's first
        line, of a unit column) goes on with (各县(市、区) / 人民政府、区妇联; 县人力资源社会 / 保障局)?  A place
        that names units itself (各乡镇) is cut too where the next line opens with a body that names no
        place of its own (人民政府: a unit column's name opens with its place or level)."""
        goes_on = self.unit_name_goes_on(before) or (
            before.endswith(self.place_endings) and not after.startswith(self.unit_openings))
        return goes_on and self.names_units(before + after) or self._completes_a_name(before, after)

    def _completes_a_name(self, before: str, after: str) -> bool:
        """Does ``after`` open with the end of the unit's name ``before`` ends with: a piece that,
        joined to the last name of ``before``, names one unit, and either names none alone (各园区管委 /
        会、市商务局; 县直有关部 / 门; 牵头) or goes on a word the cut split that ends no unit's name
        (区人力资源社 / 会保障局: 社会)?"""
        last = split_top_level(before, _UNIT_SEPARATORS)[-1][0]
        first = split_top_level(after, _UNIT_SEPARATORS)[0][0]
        if not (last and first) or not self.names_units(last + first):  # (a figure in either: no name)
            return False
        return not self.names_units(first) or splits_a_word(last, first, self.not_unit_endings)

    def unit_name_goes_on(self, text: str) -> bool:
        """Is a line the first part of a unit's name, the rest in the next line: it names a place at its
        end (各县(市、区)) or opens like a unit (县人力资源社会), and names no unit itself?"""
        return (text.endswith(self.place_endings) or text.startswith(self.unit_openings)) \
            and not self.names_units(text) and not DIGIT.search(text)

    def opens_unit_list(self, text: str) -> bool:
        """Does a line open a list of units that goes on in the next line (市民政局、县城 / 投公司): it holds
        an enumeration comma (a task's clauses are parted by commas: 深化…布局,推动… opens none), and what
        stands before its last one names units?"""
        pieces = split_top_level(text, _UNIT_LIST_SEPARATORS)
        if len(pieces) < 2:
            return False
        return self.names_units("".join(piece + sep for piece, sep in pieces[:-2]) + pieces[-2][0])

    def could_name_column(self, cell: str) -> bool:
        """Is this cell shaped like a column name (a short run of Han characters)?"""
        return len(cell) <= self.column_max_chars and bool(_NAME.match(cell))

    def may_name_column(self, cell: str) -> bool:
        """A quick necessary condition of names_column: a cell longer than every listed name and than
        column_max_chars names no column, unless a note or mark at its end is stripped first."""
        return len(cell) <= self._name_max_chars or cell.endswith(_NAME_ENDS)

    def names_column(self, cell: str) -> bool:
        """Does this cell name a column of any kind (a listed name, or by its words)?"""
        if self.column_kind(cell) is not None:
            return True
        return self.word_kind(_bare_name(cell)) is not None

    def header(self, text: str, cells: list[tuple[str, int]] | None = None) -> Kinds | None:
        """Column kinds when the line heads a table (tab, | or space cells), else None.

        ``cells``: the line's ``cells(text)``, when the caller has them already.
        """
        if cells is None:
            cells = self.cells(text)
        kinds: list[str | None]
        known: list[str | None]
        if cells:
            names = [c for c, _ in cells]
            if is_row_number(names[0]):
                return None  # a numbered row (| 3 | … | 落实… | 新增任务 |: words of columns in its cells)
        elif " " in text:  # spaces occur in prose too: every cell must name a column
            names = [c for c, _ in space_cells(text)]
            if not all(self.could_name_column(n) for n in names):
                return None
        else:
            return None
        kinds = self.header_kinds(names)
        known = [k for k in kinds if k is not None]
        ok = len(kinds) >= self.min_columns and len(known) >= 2
        if ok and not cells:
            ok = 2 * sum(k is not None or self.names_column(n) for n, k in zip(names, kinds)) >= len(names)
        if not ok or all(k in ("number", "task") for k in known):
            return None
        return kinds

    def _unit_columns_by_head(self, names: list[str], kinds: Kinds) -> Kinds:
        """A column of no kind whose name ends like a label of units does (实施主体, 包保单位) read as a unit
        column (the responsible's: it states no role), unless a column names the responsible already
        (内设处室 then names offices inside a unit).  Only where every cell is a name: a row's cell (住建部门)
        beside its number and its task is no column's name by its ending."""
        if any(self.role_labels.get(k or "") == "responsible" for k in kinds):
            return kinds
        label = self.role_label["responsible"]
        return [label if kind is None and self.words.names_units(_bare_name(name)) else kind
                for name, kind in zip(names, kinds)]

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
