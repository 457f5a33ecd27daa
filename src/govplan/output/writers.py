"""Writers for the ledger and the calendar: CSV, XLSX, Markdown, iCalendar.

Columns come from a view model (field order, titles as headers): UnitRow here, OfficeRow in office_files.
openpyxl and icalendar are imported only by the writer that needs them.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import unicodedata

from govplan.models.views import UnitRow

# column widths (in widths of a digit; a Chinese character takes two) for the spreadsheet, chosen
# so that a ledger fits a landscape A4 page's width at a readable size; the rest get DEFAULT_WIDTH
WIDTHS = {"file": 10, "document": 16, "path": 8, "title": 18, "text": 44, "lead_units": 14,
          "responsible_units": 16, "deadline": 10, "due": 11, "line": 5, "locator": 10,
          "unit": 16, "key": 12, "tasks": 40,
          "number": 5, "category": 16, "task": 18, "measure": 40, "leaders": 10, "progress": 24, "status": 9,
          "notes": 16, "task_id": 10, "change": 16}
DEFAULT_WIDTH = 12
LINE_POINTS = 15  # height of a wrapped line of 11-point text, for row heights
XLSX_SHEET_CHARS = 31  # Excel's limit on a sheet name
XLSX_BAD = str.maketrans({c: "_" for c in "[]:*?/\\"})
# What a spreadsheet takes as the start of a formula (OWASP: CSV injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Control characters a worksheet cannot hold; Word's manual line break (\v) and a form
# feed become line breaks, the rest spaces
_SHEET_CONTROLS = {**{c: " " for c in range(32) if c not in (9, 10, 13)}, 0x0B: "\n", 0x0C: "\n"}


def columns(model=UnitRow) -> list[tuple[str, str]]:
    """(field, header) of a view model: its field order and titles are the table's columns."""
    return [(name, f.title or name) for name, f in model.model_fields.items()]


def _cell(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def csv_value(value) -> str:
    """A CSV cell a spreadsheet will not run: text that opens like a formula gets a leading '."""
    text = _cell(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _sheet_text(value) -> str:
    return _cell(value).translate(_SHEET_CONTROLS)


def to_csv(rows: list, model=UnitRow) -> bytes:
    """UTF-8 with BOM, so that Excel opens Chinese correctly."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    cols = columns(model)
    writer.writerow([title for _, title in cols])
    for row in rows:
        writer.writerow([csv_value(getattr(row, name)) for name, _ in cols])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_markdown(rows: list, model=UnitRow) -> bytes:
    cols = columns(model)
    return markdown_table([t for _, t in cols], [[getattr(row, n) for n, _ in cols] for row in rows])


def markdown_table(headers: list[str], rows: list[list]) -> bytes:
    def esc(v: str) -> str:
        # Markdown renders HTML: a notice's <script> or & stays text (entities), | stays in its cell
        v = v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return v.replace("|", "\\|").replace("\n", "<br>")

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for row in rows:
        lines.append("| " + " | ".join(esc(_cell(v)) for v in row) + " |")
    return ("\n".join(lines) + "\n").encode("utf-8")


def to_xlsx(sheets: list[tuple[str, list]], model=UnitRow, titles: dict[str, str] | None = None) -> bytes:
    """A ledger a clerk prints as it is: a title row (``titles[sheet]``: the document's title and
    文号), a bold header repeated on every printed page, frozen and filtered; thin borders,
    wrapped text with row heights that show it, dates and counts as such; landscape A4 fitted
    to the page width."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    cols = columns(model)
    used: set[str] = set()
    for name, rows in sheets:
        ws = wb.create_sheet(sheet_name(name, used))
        title_row(ws, (titles or {}).get(name) or name, len(cols))
        header_row(ws, [title for _, title in cols])
        widths = [WIDTHS.get(n, DEFAULT_WIDTH) for n, _ in cols]
        for row in rows:
            data_row(ws, [getattr(row, n) for n, _ in cols], widths)
        page_setup(ws, widths)
    return workbook_bytes(wb)


def workbook_bytes(wb) -> bytes:
    """A workbook's bytes, the same for the same content (fixed times: see _build_time)."""
    when = _build_time()
    wb.properties.created = wb.properties.modified = when
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip_times(buf.getvalue(), when)


def _border():
    from openpyxl.styles import Border, Side

    thin = Side(style="thin")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


def title_row(ws, title: str, width: int) -> None:
    """Row 1: the ledger's title across every column."""
    from openpyxl.styles import Alignment, Font

    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[1].height = 2 * LINE_POINTS


def header_row(ws, names: list[str]) -> None:
    from openpyxl.styles import Alignment, Font

    ws.append(names)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _border()


def data_row(ws, values: list, widths: list[int]) -> None:
    """One row: text never a formula, dates as dates, wrapped, as tall as its longest cell."""
    from openpyxl.styles import Alignment

    ws.append([v if v is None or isinstance(v, (dt.date, int)) else _sheet_text(v) for v in values])
    border = _border()
    for cell in ws[ws.max_row]:
        if cell.data_type == "f":  # text that opens with = is text, never a formula
            cell.data_type = "s"
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        cell.border = border
        if isinstance(cell.value, dt.date):
            cell.number_format = "yyyy-mm-dd"
    ws.row_dimensions[ws.max_row].height = LINE_POINTS * max(_lines(_cell(v), w) for v, w in zip(values, widths))


def page_setup(ws, widths: list[int]) -> None:
    """Column widths, frozen header and filter; landscape A4 fitted to width, header on every page."""
    for idx, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(row=2, column=idx).column_letter].width = width
    last = ws.cell(row=2, column=len(widths)).column_letter
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{last}{max(ws.max_row, 2)}"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True


def _build_time() -> dt.datetime:
    """The time an export says it was made: SOURCE_DATE_EPOCH when set, else a fixed one, so
    that the same input gives the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
    return dt.datetime(2000, 1, 1)


def _fixed_zip_times(data: bytes, when: dt.datetime) -> bytes:
    """The same archive with every entry dated ``when`` (a zip stamps each entry with the clock)."""
    import zipfile

    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            content = src.read(info)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + when.strftime(
                    "%Y-%m-%dT%H:%M:%SZ").encode(), content)
            dst.writestr(fixed, content)
    return out.getvalue()


def _lines(text: str, width: int) -> int:
    """Lines a cell's text wraps to in a column ``width`` digits wide (a Chinese character is two)."""
    room = max(1, width - 1)
    return sum(max(1, -(-sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in part) // room))
               for part in text.split("\n"))


def sheet_name(name: str, used: set[str]) -> str:
    base = (name.translate(XLSX_BAD) or "Sheet")[:XLSX_SHEET_CHARS]
    candidate, n = base, 2
    while candidate in used:
        suffix = f"~{n}"
        candidate = base[: XLSX_SHEET_CHARS - len(suffix)] + suffix
        n += 1
    used.add(candidate)
    return candidate


def to_parquet(records: list) -> bytes:
    """The ledger for machines (duckdb, pandas, Spark): one row per task, typed columns from
    :class:`govplan.models.TaskRecord` (dates as dates, unit lists as lists)."""
    import typing

    import pyarrow as pa
    import pyarrow.parquet as pq

    from govplan.models.views import TaskRecord

    def arrow_type(annotation):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        base = args[0] if typing.get_origin(annotation) is typing.Union and args else annotation
        if typing.get_origin(base) is list:
            return pa.list_(pa.string())
        return {int: pa.int32(), dt.date: pa.date32()}.get(base, pa.string())

    fields = TaskRecord.model_fields
    schema = pa.schema([(name, arrow_type(f.annotation)) for name, f in fields.items()])
    table = pa.Table.from_pylist([{name: getattr(r, name) for name in fields} for r in records], schema=schema)
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd")
    return buf.getvalue()
