"""The office's ledger as files: CSV, Markdown, JSON lines, and a workbook an office tracks work
in (category rows across the sheet, a status drop-down, overdue and due-soon rows coloured on the
day the file is opened, a summary sheet, a sheet per unit on request)."""
from __future__ import annotations

import io
import json

from govplan.models.views import OfficeRow
from govplan.output import writers
from govplan.output.office import STATUSES

# rows coloured as due soon: a deadline within this many days of the day the file is opened
DUE_SOON_DAYS = 30
# status cells offered the drop-down past the last task (rows a clerk adds)
SPARE_ROWS = 200
OVERDUE_FILL, SOON_FILL = "FFC7CE", "FFEB9C"  # Excel's light red and light yellow
# more inputs than this get one combined ledger sheet: thousands of sheets help nobody
MAX_SHEETS = 50
_FILE_BAD = str.maketrans({c: "_" for c in '<>:"/\\|?*\x00'})

Extra = dict[str, list[object]]  # a clerk's own columns (--update), a value per row


def file_name(unit: str) -> str:
    """A unit's name as a file name on any system."""
    return unit.translate(_FILE_BAD).strip(". ") or "unit"


def office_columns(rows: list[OfficeRow], detail: bool = False, grouped: bool = False) -> list[tuple[str, str]]:
    """(field, header) shown: the office's columns, 变更 when a row has one, the parser's with
    detail; the category a column after 序号, or (``grouped``, a workbook) rows of its own."""
    shown = []
    for name, field in OfficeRow.model_fields.items():
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        if (extra.get("detail") and not detail or extra.get("update") and not any(r.change for r in rows)
                or extra.get("grouping") or extra.get("carried")):
            continue
        shown.append((name, field.title or name))
    if not grouped:
        shown.insert(1, ("category", OfficeRow.model_fields["category"].title or "category"))
    return shown


def carried(rows: list[OfficeRow], extra: Extra | None = None) -> Extra:
    """The task tables' own columns (OfficeRow.columns), in the order first met, a value a row,
    then ``extra`` (a clerk's columns, --update)."""
    names: list[str] = []
    for row in rows:
        names += [n for n in row.columns if n not in names]
    found: Extra = {name: [row.columns.get(name, "") for row in rows] for name in names}
    for name, values in (extra or {}).items():
        found.setdefault(name, values)
    return found


def header_names(cols: list[tuple[str, str]], script: str) -> list[str]:
    """Headers in the output's script (traditional with --script traditional)."""
    if script != "traditional":
        return [title for _, title in cols]
    from govplan.text.script import s2t

    return [s2t(title) for _, title in cols]


def office_csv(rows: list[OfficeRow], cols: list[tuple[str, str]], script: str, extra: Extra | None = None) -> bytes:
    import csv

    extra = carried(rows, extra)
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(header_names(cols, script) + list(extra))
    for n, row in enumerate(rows):
        out.writerow([writers.csv_value(getattr(row, name)) for name, _ in cols]
                     + [writers.csv_value(values[n]) for values in extra.values()])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def office_markdown(rows: list[OfficeRow], cols: list[tuple[str, str]], script: str) -> bytes:
    extra = carried(rows)
    return writers.markdown_table(header_names(cols, script) + list(extra),
                                  [[getattr(row, name) for name, _ in cols] + [v[n] for v in extra.values()]
                                   for n, row in enumerate(rows)])


def office_jsonl(rows: list[OfficeRow]) -> bytes:
    """One flat JSON record a task (every field, the parser's too), for jq and duckdb."""
    return "".join(json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


def office_xlsx(sheets: list[tuple[str, str, list[OfficeRow]]], cols: list[tuple[str, str]], script: str,
                summary: bool = True, extra: Extra | None = None) -> bytes:
    """The workbook: each (sheet name, title row, rows) a ledger sheet, then the summary sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    names = []
    for name, title, rows in sheets:
        ws = wb.create_sheet(writers.sheet_name(name, used))
        names.append(ws.title)
        _ledger_sheet(ws, title, rows, cols, script, carried(rows, extra))
    if summary and sheets:
        _summary_sheet(wb.create_sheet(writers.sheet_name("汇总", used)),
                       [(name, rows) for name, (_, _, rows) in zip(names, sheets)], cols)
    return writers.workbook_bytes(wb)


def _ledger_sheet(ws, title: str, rows: list[OfficeRow], cols: list[tuple[str, str]], script: str,
                  extra: Extra) -> None:
    width = len(cols) + len(extra)
    writers.title_row(ws, title, width)
    writers.header_row(ws, header_names(cols, script) + list(extra))
    widths = [writers.WIDTHS.get(n, writers.DEFAULT_WIDTH) for n, _ in cols] + [writers.DEFAULT_WIDTH] * len(extra)
    category = None
    for n, row in enumerate(rows):
        if row.category and row.category != category:
            _category_row(ws, row.category, width)
        category = row.category
        writers.data_row(ws, [getattr(row, name) for name, _ in cols] + [values[n] for values in extra.values()],
                         widths)
    writers.page_setup(ws, widths)
    fields = [n for n, _ in cols]
    ws.sheet_view.zoomScale = 90
    if "status" in fields:
        _status_choices(ws, fields.index("status") + 1, ws.max_row + SPARE_ROWS)
    if "due" in fields:
        _due_colours(ws, fields, ws.max_row + SPARE_ROWS)


def _category_row(ws, text: str, width: int) -> None:
    """A heading the tasks below stand under: one merged row across the sheet, bold."""
    from openpyxl.styles import Alignment, Font, PatternFill

    ws.append([text])
    row = ws.max_row
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    cell = ws.cell(row=row, column=1)
    cell.font = Font(bold=True)
    cell.fill = PatternFill("solid", fgColor="F2F2F2")
    cell.alignment = Alignment(vertical="center", wrap_text=True)
    ws.row_dimensions[row].height = writers.LINE_POINTS * 1.3


def _status_choices(ws, column: int, last_row: int) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    letter = get_column_letter(column)
    choice = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle="完成状态", error="请从下拉列表中选择")
    choice.add(f"{letter}3:{letter}{last_row}")
    ws.add_data_validation(choice)


def _due_colours(ws, fields: list[str], last_row: int) -> None:
    """Overdue rows light red, rows due within DUE_SOON_DAYS light yellow: formulas on TODAY(),
    so the colours are those of the day the file is opened; a finished task is never coloured."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter

    due = f"${get_column_letter(fields.index('due') + 1)}3"
    open_task = f'${get_column_letter(fields.index("status") + 1)}3<>"{STATUSES[2]}"' if "status" in fields \
        else "TRUE"
    area = f"A3:{get_column_letter(len(fields))}{last_row}"
    ws.conditional_formatting.add(area, FormulaRule(
        formula=[f"AND(ISNUMBER({due}),{due}<TODAY(),{open_task})"], stopIfTrue=True,
        fill=PatternFill("solid", fgColor=OVERDUE_FILL, bgColor=OVERDUE_FILL)))
    ws.conditional_formatting.add(area, FormulaRule(
        formula=[f"AND(ISNUMBER({due}),{due}>=TODAY(),{due}-TODAY()<={DUE_SOON_DAYS},{open_task})"],
        fill=PatternFill("solid", fgColor=SOON_FILL, bgColor=SOON_FILL)))


def _summary_sheet(ws, ledgers: list[tuple[str, list[OfficeRow]]], cols: list[tuple[str, str]]) -> None:
    """Tasks by status, overdue, and per lead unit, over every ledger sheet: formulas, so the
    figures follow the clerks' entries."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    fields = [n for n, _ in cols]

    def over_sheets(term) -> str:
        """A sum over the ledger sheets of ``term(column range of a field)``."""
        parts = []
        for sheet, rows in ledgers:
            last = 3 + len(rows) * 2 + SPARE_ROWS  # (category rows, and rows a clerk adds)

            def col(name: str, sheet=sheet, last=last) -> str:
                letter = get_column_letter(fields.index(name) + 1)
                return f"'{sheet}'!${letter}$3:${letter}${last}"
            parts.append(term(col))
        return "=" + "+".join(parts)

    done, overdue = STATUSES[2], 'ISNUMBER({due})*({due}<TODAY())*({status}<>"%s")' % STATUSES[2]
    ws.append(["任务汇总"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["完成状态", "任务数"])
    for status in STATUSES:
        ws.append([status, over_sheets(lambda c, s=status: f'COUNTIF({c("status")},"{s}")')])
    ws.append(["已逾期（未完成）", over_sheets(
        lambda c: "SUMPRODUCT(" + overdue.format(due=c("due"), status=c("status")) + ")")])
    ws.append([])
    ws.append(["牵头单位", "牵头任务数", "已完成", "已逾期（未完成）"])
    units: list[str] = []
    for _, rows in ledgers:
        for task in rows:
            units += [u for u in task.lead_units.split("、") if u and u not in units]
    for n, unit in enumerate(units, start=ws.max_row + 1):
        def has(c, n=n) -> str:
            return f'ISNUMBER(SEARCH($A{n},{c("lead_units")}))'
        ws.append([unit, over_sheets(lambda c: f"SUMPRODUCT(--{has(c)})"),
                   over_sheets(lambda c: f'SUMPRODUCT({has(c)}*({c("status")}="{done}"))'),
                   over_sheets(lambda c: f"SUMPRODUCT({has(c)}*" + overdue.format(due=c("due"), status=c("status"))
                               + ")")])
    _summary_layout(ws)


def _summary_layout(ws) -> None:
    from openpyxl.styles import Font

    for header in (2, 2 + len(STATUSES) + 3):
        for cell in ws[header]:
            cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 30
    for letter in "BCD":
        ws.column_dimensions[letter].width = 14
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
