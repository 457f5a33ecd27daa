"""Render a spreadsheet (.xlsx, or .csv) task table as lines, each located by sheet and row.

Every sheet with text becomes a document of its own (its first line a part start), titled by
its title row, or by its name when its first row is already the header; each row is one line
of cells split by `|`, so the task-table reader finds the header that names known
columns (序号, 任务, 牵头单位, 责任单位, 完成时限 …) and reads the rows below it.  A row with
one filled cell (a title, a category across the columns) is that cell alone.  A cell merged
over several rows gives its text to each of them (a 牵头单位 shared by rows), except a row
number, which numbers only its first row.  A sheet whose header names no known column gives
no tasks, which the parse reports (no-task-table).
"""
from __future__ import annotations

import csv
import datetime as dt
import io

import regex

from govplan.errors import RenderError
from govplan.formats.base import Rendered, library_notes, spanned_text
from govplan.formats.zipped import MAX_INFLATION, MAX_PART_BYTES, MIN_RATIO_BYTES  # a part's limits

# a sheet larger than this many cells, merged ranges counted, is refused (a real task table is far
# smaller); checked in the file's parts before the workbook is loaded
MAX_CELLS = 2_000_000
_DIMENSION = regex.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?"')
_MERGED = regex.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"')


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _area(m) -> int:
    if m.group(3) is None:
        return 1
    return (abs(_column(m.group(3)) - _column(m.group(1))) + 1) * (abs(int(m.group(4)) - int(m.group(2))) + 1)


def check_workbook(data: bytes, path: str) -> None:
    """Limits decided before openpyxl loads the workbook (it builds every cell of a sheet and of a
    merged range in memory): parts no larger than their packed size allows, and no sheet whose
    declared dimension or merged ranges cover more than MAX_CELLS cells."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for info in z.infolist():
                limit = min(MAX_PART_BYTES, max(MIN_RATIO_BYTES, MAX_INFLATION * info.compress_size))
                if info.file_size > limit:
                    raise RenderError(path, f"an Excel file whose {info.filename} inflates to {info.file_size} "
                                            f"bytes (more than {limit}): refused as a zip bomb")
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    _check_sheet(z.read(info), info.filename, path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise RenderError(path, f"not a readable Excel file (a damaged or truncated .xlsx: {exc})") from None


def _check_sheet(xml: bytes, name: str, path: str) -> None:
    dimension = _DIMENSION.search(xml, 0, 4096)
    merged = sum(_area(m) for m in _MERGED.finditer(xml))
    cells = max(_area(dimension) if dimension else 0, merged)
    if cells > MAX_CELLS:
        raise RenderError(path, f"an Excel sheet ({name}) of more than {MAX_CELLS} cells ({cells}, merged ranges "
                                "counted): refused")


def render_xlsx(data: bytes, path: str) -> Rendered:
    from openpyxl import load_workbook  # only when a workbook is read

    check_workbook(data, path)
    notes: list[str] = []
    try:
        # openpyxl warns of unknown extensions and prints some problems (a style index out of
        # range) to stdout, where the JSON goes: both become diagnostics (library_notes)
        with library_notes("openpyxl", notes):
            book = load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure of the loader on a hostile file is one line
        raise RenderError(path, f"not a readable Excel file (a damaged .xlsx: {type(exc).__name__}: "
                                f"{str(exc)[:200]})") from None
    lines: list[str] = []
    where: list[str] = []
    parts: list[int] = []
    for sheet in book.worksheets:
        if (sheet.max_row or 0) * (sheet.max_column or 0) > MAX_CELLS:
            raise RenderError(path, f"sheet {sheet.title!r} is too large ({sheet.max_row} rows)")
        rows = _filled(sheet)
        if not any(any(r) for r in rows):
            continue
        parts.append(len(lines) + 1)  # each sheet its own document
        first = next(r for r in rows if any(r))
        if sum(1 for c in first if c) > 1:  # no title row: the sheet's name titles it
            lines.append(sheet.title)
            where.append(f"sheet {sheet.title}")
        for n, row in enumerate(rows, 1):
            line = _row_line(row)
            if line:
                lines.append(line)
                where.append(f"sheet {sheet.title} row {n}")
    if not lines:
        raise RenderError(path, "an Excel file without text")
    return Rendered("xlsx", "\n".join(lines) + "\n", tuple(where), tuple(parts), tuple(notes))


def _filled(sheet) -> list[list[str]]:
    """Cell texts, row by row, with merged ranges resolved (see the module's docstring)."""
    rows = [[_text(c.value) for c in row] for row in sheet.iter_rows()]
    for rng in sheet.merged_cells.ranges:
        top, left = rng.min_row - 1, rng.min_col - 1
        if top >= len(rows) or left >= len(rows[top]):
            continue
        text = rows[top][left]
        for r in range(top, min(rng.max_row, len(rows))):
            for c in range(left, min(rng.max_col, len(rows[r]))):
                if (r, c) == (top, left):
                    continue
                # across the row: one cell; down the column: each row's (a row number only its own)
                rows[r][c] = "" if c != left or r == top else spanned_text(text)
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _row_line(row: list[str]) -> str:
    while row and not row[-1]:
        row = row[:-1]
    filled = [c for c in row if c]
    if not filled:
        return ""
    if len(filled) == 1:
        return filled[0]
    return "| " + " | ".join(c.replace("|", "/") for c in row) + " |"


def render_csv(text: str, path: str) -> Rendered:
    """A CSV file (already decoded): one row a line, as a sheet's."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    lines: list[str] = []
    where: list[str] = []
    try:  # strict: a quote left open is an error here, not the rest of the file swallowed into one cell
        for n, row in enumerate(csv.reader(io.StringIO(text), dialect, strict=True), 1):
            line = _row_line([" ".join(c.split()) for c in row])
            if line:
                lines.append(line)
                where.append(f"row {n}")
    except csv.Error as exc:
        raise RenderError(path, f"not a readable CSV file (row {len(lines) + 1}: {exc}; a quote left open?)") from None
    if not lines:
        raise RenderError(path, "a CSV file without text")
    return Rendered("csv", "\n".join(lines) + "\n", tuple(where))
