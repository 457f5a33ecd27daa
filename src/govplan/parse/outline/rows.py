"""Task-table rows of the heading tree (see tables.py, vertical.py, cells.py): a mixin of the
tree builder that turns a table's header and rows into headings of style ``table_row``, their
role cells into labelled fields, their other cells into text kept as it is."""
from __future__ import annotations

from govplan.parse.fields import Cell
from govplan.parse.normalize import Line
from govplan.parse.outline.cells import align_cells, merge_row
from govplan.parse.outline.heading import Heading, title_of
from govplan.parse.outline.lines import Classifier
from govplan.parse.outline.tables import (
    ROW_NUMBER,
    Kinds,
    is_row_number,
    is_rule,
    pad_number_cell,
    row_parts,
    space_cells,
)
from govplan.parse.outline.vertical import VerticalTables
from govplan.text.numerals import numeral
from govplan.text.punctuation import Paragraph


def is_number_cell(s: str) -> bool:
    return any(numeral(s, kind) is not None for kind in ("arabic", "cn", "circled"))


class TableRows:
    """The table-row handlers of the tree builder (``tree._TreeBuilder``)."""

    line_kinds: Classifier
    vertical: VerticalTables
    stack: list[Heading]
    table: Kinds | None
    table_spaced: bool
    merged_cells: list[str | None]
    row_cells: list[str | None]
    paragraph: Paragraph | None
    open: bool

    def add_heading(self, ln: Line, style: str, marker: str, number: int | None, title: str) -> None:
        raise NotImplementedError  # the tree builder's

    def start_paragraph(self, ln: Line) -> None:
        raise NotImplementedError  # the tree builder's

    def report(self, code: str, h: Heading, message: str) -> None:
        raise NotImplementedError  # the tree builder's

    def vertical_row(self, ln: Line) -> None:
        """A row printed one cell a line: its number line, then a paragraph per cell (a table
        with no number column: its first cell's line, itself a cell)."""
        kinds, cell_lines = self.vertical.rows[ln.number]
        numbered = kinds[0] == "number"
        kinds = kinds[1:] if numbered else kinds
        one_cell = self.line_kinds.tables.one_cell
        merged: list[str | None] = self.merged_cells if len(self.merged_cells) == len(kinds) else [None] * len(kinds)
        columns = align_cells(cell_lines, kinds, self.line_kinds.tables, merged)
        texts = ["".join(one_cell(c.text) or c.text for c in col) if col else None for col in columns]
        texts = [t if t is not None else m for t, m in zip(texts, merged)]  # a cell merged from above
        self.merged_cells = texts
        title = next((t for t, k in zip(texts, kinds) if k == "task" and t), "") or next((t for t in texts if t), "")
        if numbered:
            number = one_cell(ln.text) or ln.text
            self.add_heading(ln, "table_row", number, int(ROW_NUMBER.match(number).group(1)), title)
        else:
            self.add_heading(ln, "table_row", "", None, title)
        heading = self.stack[-1]
        if not numbered:
            heading.paragraphs.clear()  # its first line is a cell, read as one below
        places = []
        for col, kind in zip(columns, kinds):
            if col:
                heading.paragraphs.append(Paragraph(list(col)))
                if kind is None:  # a cell of another column: kept as text only
                    heading.kept = heading.kept or set()
                    heading.kept.add(len(heading.paragraphs) - 1)
            places.append(len(heading.paragraphs) - 1 if col else None)
        # a cell's text starts after the | that opens it on its first line
        starts = [max(0, col[0].text.find(one_cell(col[0].text) or "")) if col else 0 for col in columns]
        heading.cells = [Cell(k, t, n if n is not None else 0, at) for t, k, n, at in zip(texts, kinds, places, starts)
                         if k not in (None, "number", "task") and t]
        self.names_closed = True
        names = self.table_names[1:] if numbered else self.table_names
        if len(names) == len(texts):  # (a name printed over two lines: its cells are not named)
            heading.columns = [(name, text or "") for name, text in zip(names, texts)]
        self.paragraph, self.open = heading.paragraphs[-1], False

    def vertical_line(self, ln: Line) -> bool:
        """A line of a table printed one cell a line (found by the frame); True when taken."""
        vertical = self.vertical
        if ln.number in vertical.cell_lines or ln.number in vertical.separators:
            return True  # read with its row; a | between cells holds no text
        if ln.number in vertical.categories or ln.number in vertical.column_lines:
            self.merged_cells = []  # a new table, or a new group of rows: nothing merges across
        if ln.number in vertical.categories:
            text = self.line_kinds.tables.one_cell(ln.text) or ln.text
            self.add_heading(ln, "table_category", "", None, text)
        elif ln.number in vertical.rows:
            self.vertical_row(ln)
            return True
        elif ln.number in vertical.column_lines:
            self.start_paragraph(ln)  # kept as text, a line a paragraph
            if self.names_closed:  # the first name of a new header
                self.table_names, self.names_closed = [], False
            self.table_names.append(self.line_kinds.tables.one_cell(ln.text) or ln.text)
        else:
            return False
        self.open = False
        return True

    def table_line(self, ln: Line) -> bool:
        """A one-line table header or row; a prose line ends the table.  True when taken."""
        tables = self.line_kinds.tables
        cells = tables.cells(ln.text)
        header = tables.header(ln.text, cells)
        if header:
            self.table, self.table_spaced, self.row_cells = header, not cells, []
            self.table_names = [c for c, _ in (cells or space_cells(ln.text))]
            self.start_paragraph(ln)  # kept as text of the heading above (or the preface)
            self.open = False
            return True
        if self.table is None:
            return False
        if self.table_spaced and not cells:
            return self.spaced_row(ln)
        if is_rule(cells) and self.paragraph is not None:
            self.paragraph.add(ln)  # |---|---| under a header: part of the header
            return True
        if len(cells) >= 2:
            cells = pad_number_cell(cells, self.table, is_number_cell)
            if len(cells) < len(self.table) and self.row_cells:
                cells = merge_row(cells, self.table, tables, self.row_cells, len(ln.text))
            cells = self.spanned(cells, len(ln.text))
            self.row_cells = [c for c, _ in cells]
            self.add_row(ln, cells)
            return True
        if self.line_kinds.marker(ln.text) is None:
            self.table = None  # prose: the table is over
        return False

    def spaced_row(self, ln: Line) -> bool:
        """A row of a space-split table: as many cells as columns, or a numbered line."""
        cells, table = space_cells(ln.text), self.table or []
        if len(cells) == len(table):
            self.row_cells = [c for c, _ in cells]
            self.add_row(ln, cells)
            return True
        if 2 <= len(cells) < len(table) and self.row_cells:  # cells merged from the row above
            cells = merge_row(cells, table, self.line_kinds.tables, self.row_cells, len(ln.text))
            self.row_cells = [c for c, _ in cells]
            self.add_row(ln, cells)
            return True
        if table[0] == "number" and len(cells) > 1 and is_row_number(cells[0][0]):
            self.add_row(ln, cells[:1] + [(ln.text[cells[1][1]:], cells[1][1])], aligned=False)
            self.report("table-row-cells", self.stack[-1], f"row {cells[0][0]} has {len(cells)} "
                        f"space-separated cells under {len(table)} columns: its cells are not read as fields")
            return True
        if self.line_kinds.marker(ln.text) is None:
            self.table = None  # prose: the table is over
        return False

    def add_row(self, ln: Line, cells: list[tuple[str, int]], aligned: bool = True) -> None:
        number, title, roles = row_parts(cells, self.table or [])
        digits = number.rstrip(".、")
        value = next((v for kind in ("arabic", "cn", "circled") if (v := numeral(digits, kind)) is not None), None)
        found = None if number else self.line_kinds.marker(title)
        if found:  # no number column, a numbered first cell (一、… | 1.… | 办公室): it nests as numbered
            style, marker, value, rest = found
            self.add_heading(ln, style, marker, value, title_of(rest))
        else:
            self.add_heading(ln, "table_row", number, value, title)
        self.stack[-1].cells = [Cell(label, text, 0, offset) for label, text, offset in roles] if aligned else []
        if aligned and len(cells) == len(self.table_names):
            self.stack[-1].columns = [(name, text) for name, (text, _) in zip(self.table_names, cells)]
        self.open = False

    def spanned(self, cells: list[tuple[str, int]], end: int) -> list[tuple[str, int]]:
        """A row that prints a unit or time cell empty, under a row that filled it: the cell
        above is merged over this row too (guide section 4: | 2 |  | 区统计局 |).  Its text is
        not on this line: its offset is the line's ``end``."""
        kinds, above = self.table or [], self.row_cells
        if len(above) != len(cells) or len(kinds) != len(cells):
            return cells
        roles = self.line_kinds.tables.role_labels
        return [(above[n] or "", end) if not text and above[n] and roles.get(kinds[n] or "") else (text, at)
                for n, (text, at) in enumerate(cells)]
