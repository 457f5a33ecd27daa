"""The ledger and unit tables as files: which sheets a workbook holds, and each format's bytes."""
from __future__ import annotations

from govplan.models import ParseResult, TaskRow, UnitRow
from govplan.output import writers
from govplan.output.ledger import file_label, ledger_title

# more inputs than this get one combined ledger sheet: thousands of sheets help nobody
XLSX_MAX_SHEETS = 50


def ledger_xlsx(results: list[ParseResult], rows: list[list[TaskRow]], combine: bool) -> tuple[bytes, str | None]:
    """The workbook: a sheet per input (titled by its document), or one combined sheet when
    asked, for one input, or past XLSX_MAX_SHEETS inputs; and a note when it combined unasked."""
    note = None
    if len(results) > XLSX_MAX_SHEETS and not combine:
        note = (f"{len(results)} inputs: one combined sheet (a sheet each is for at most {XLSX_MAX_SHEETS}; "
                f"the 文件 column tells them apart)")
        combine = True
    if combine or len(results) == 1:
        sheets = [("ledger", [row for rs in rows for row in rs])]
        titles = {"ledger": ledger_title(results[0]) if len(results) == 1 else f"任务台账（{len(results)}个文件）"}
    else:
        sheets = [(file_label(r), rs) for r, rs in zip(results, rows)]
        titles = {file_label(r): ledger_title(r) for r in results}
    return writers.to_xlsx(sheets, titles=titles), note


def ledger_flat(rows: list[list[TaskRow]], fmt: str) -> bytes:
    """Every input's rows in one CSV or Markdown table."""
    flat = [row for rs in rows for row in rs]
    return writers.to_csv(flat) if fmt == "csv" else writers.to_markdown(flat)


def units_file(rows: list[UnitRow], fmt: str) -> bytes:
    """The per-unit table as xlsx, csv or md."""
    if fmt == "xlsx":
        return writers.to_xlsx([("单位任务", rows)], UnitRow)
    return writers.to_csv(rows, UnitRow) if fmt == "csv" else writers.to_markdown(rows, UnitRow)
