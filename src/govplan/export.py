"""Writers for the ledger and the calendar: CSV, XLSX, Markdown, iCalendar.

Columns come from :class:`govplan.models.TaskRow` (field order, titles as headers).
openpyxl and icalendar are imported only by the writer that needs them.
"""
from __future__ import annotations

import csv
import datetime as dt
import io

from .models import TaskRow

# column widths (characters) for the spreadsheet; the rest get DEFAULT_WIDTH
WIDTHS = {"file": 18, "document": 30, "path": 12, "title": 30, "text": 60, "lead_units": 24,
          "responsible_units": 30, "deadline": 18, "due": 12, "line": 6}
DEFAULT_WIDTH = 14
XLSX_SHEET_CHARS = 31  # Excel's limit on a sheet name
XLSX_BAD = str.maketrans({c: "_" for c in "[]:*?/\\"})
# What a spreadsheet takes as the start of a formula (OWASP: CSV injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Control characters a worksheet cannot hold; Word's manual line break (\v) and a form
# feed become line breaks, the rest spaces
_SHEET_CONTROLS = {**{c: " " for c in range(32) if c not in (9, 10, 13)}, 0x0B: "\n", 0x0C: "\n"}


def columns(model=TaskRow) -> list[tuple[str, str]]:
    """(field, header) of a view model: its field order and titles are the table's columns."""
    return [(name, f.title or name) for name, f in model.model_fields.items()]


def _cell(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _csv_cell(value) -> str:
    """A CSV cell a spreadsheet will not run: text that opens like a formula gets a leading '."""
    text = _cell(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _sheet_text(value) -> str:
    return _cell(value).translate(_SHEET_CONTROLS)


def to_csv(rows: list, model=TaskRow) -> bytes:
    """UTF-8 with BOM, so that Excel opens Chinese correctly."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    cols = columns(model)
    writer.writerow([title for _, title in cols])
    for row in rows:
        writer.writerow([_csv_cell(getattr(row, name)) for name, _ in cols])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_markdown(rows: list, model=TaskRow) -> bytes:
    cols = columns(model)

    def esc(v: str) -> str:
        return v.replace("|", "\\|").replace("\n", "<br>")

    lines = ["| " + " | ".join(t for _, t in cols) + " |", "|" + "---|" * len(cols)]
    for row in rows:
        lines.append("| " + " | ".join(esc(_cell(getattr(row, n))) for n, _ in cols) + " |")
    return ("\n".join(lines) + "\n").encode("utf-8")


def to_xlsx(sheets: list[tuple[str, list]], model=TaskRow) -> bytes:
    """A real spreadsheet: bold frozen header, widths, wrapped text, dates and counts as such."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    cols = columns(model)
    used: set[str] = set()
    for name, rows in sheets:
        ws = wb.create_sheet(_sheet_name(name, used))
        ws.append([title for _, title in cols])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.freeze_panes = "A2"
        for row in rows:
            ws.append([v if v is None or isinstance(v, (dt.date, int)) else _sheet_text(v)
                       for v in (getattr(row, n) for n, _ in cols)])
            for cell in ws[ws.max_row]:
                if cell.data_type == "f":  # text that opens with = is text, never a formula
                    cell.data_type = "s"
        for idx, (n, _) in enumerate(cols, start=1):
            letter = ws.cell(row=1, column=idx).column_letter
            ws.column_dimensions[letter].width = WIDTHS.get(n, DEFAULT_WIDTH)
            for cell in ws[letter][1:]:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet_name(name: str, used: set[str]) -> str:
    base = (name.translate(XLSX_BAD) or "Sheet")[:XLSX_SHEET_CHARS]
    candidate, n = base, 2
    while candidate in used:
        suffix = f"~{n}"
        candidate = base[: XLSX_SHEET_CHARS - len(suffix)] + suffix
        n += 1
    used.add(candidate)
    return candidate
