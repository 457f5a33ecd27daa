"""--update: a re-parse merged into the ledger an office keeps, by task id.

The office's columns (进展情况, 完成状态, 备注) and every column a clerk added keep their
entries; govplan's columns take the new parse's values, and a change of time, units or wording
is written in 变更 (old → new).  A task the notice no longer has stays, marked 已删除; a new
one is marked 新增.  The ledger is read by its header names wherever they stand (rows re-sorted,
columns moved or added in Excel, WPS or LibreOffice), in either script.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from govplan.errors import ReadError
from govplan.models.views import OfficeRow
from govplan.output.office import STATUSES

ID_TITLE = "任务编号"
# the columns that are the office's: their entries are never replaced by a re-parse
OFFICE_FIELDS = ("progress", "status", "notes")
# govplan's columns whose change between the ledger and the new parse is shown in 变更
WATCHED = {"deadline": "时限", "due": "截止日期", "lead_units": "牵头单位", "responsible_units": "责任单位",
           "measure": "内容"}
_HEADER_ROWS = 10  # rows of a sheet searched for the header (a title row or two stand above it)


@dataclass
class OldLedger:
    headers: list[str]
    rows: list[dict[str, object]]  # by header, task rows only


@dataclass
class Merged:
    rows: list[OfficeRow]
    extra: dict[str, list[object]] = field(default_factory=dict)  # a clerk's own columns, per row
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        c = self.counts
        return (f"{c.get('kept', 0)} tasks kept, {c.get('new', 0)} new (新增), {c.get('removed', 0)} no longer in the "
                f"notice (kept, marked 已删除), {c.get('changed', 0)} changed (变更)")


def _titles() -> dict[str, str]:
    """Header -> field, in both scripts."""
    from govplan.text.script import s2t

    found = {}
    for name, f in OfficeRow.model_fields.items():
        found[f.title or name] = name
        found[s2t(f.title or name)] = name
    return found


def read_ledger(path: Path) -> OldLedger | None:
    """The office's ledger at ``path`` (xlsx or csv), None when there is none yet."""
    if not path.exists():
        return None
    try:
        table = _xlsx_rows(path) if path.suffix.lower() == ".xlsx" else _csv_rows(path)
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged ledger is one line
        raise ReadError(str(path), f"cannot read the ledger to update ({type(exc).__name__}: {exc})") from None
    titles = _titles()
    for at, header in enumerate(table[:_HEADER_ROWS]):
        names = [str(h).strip() if h is not None else "" for h in header]
        if any(titles.get(n) == "task_id" for n in names):
            rows = [dict(zip(names, r)) for r in table[at + 1:]]
            ids = [n for n in names if titles.get(n) == "task_id"]
            return OldLedger(names, [r for r in rows if r.get(ids[0])])
    raise ReadError(str(path), f"no {ID_TITLE} column in its first {_HEADER_ROWS} rows: not a govplan ledger to "
                               "update (write a new one without --update)")


def _xlsx_rows(path: Path) -> list[list[object]]:
    from openpyxl import load_workbook

    book = load_workbook(path, data_only=True)
    titles = _titles()
    for sheet in book.worksheets:
        rows = [list(r) for r in sheet.iter_rows(max_row=sheet.max_row, values_only=True)]
        if any(titles.get(str(v).strip()) == "task_id" for r in rows[:_HEADER_ROWS] for v in r if v):
            return rows
    return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)] if book.worksheets else []


def _csv_rows(path: Path) -> list[list[object]]:
    text = path.read_bytes().decode("utf-8-sig")
    return [[_unescaped(v) for v in row] for row in csv.reader(io.StringIO(text))]


def _unescaped(value: str) -> str:
    """A CSV cell govplan escaped against formulas ('=…) read back as written."""
    return value[1:] if value.startswith("'") and value[1:2] in ("=", "+", "-", "@") else value


def merge(old: OldLedger | None, rows: list[OfficeRow]) -> Merged:
    """The new parse's rows with the ledger's entries (see the module's docstring)."""
    if old is None:
        return Merged(rows, counts={"new": len(rows)})
    titles = _titles()
    by_id = {_get(r, titles, "task_id"): r for r in old.rows}
    ours = {name for row in rows for name in row.columns}  # the task tables' columns: the new parse's values
    extra_names = [h for h in old.headers if h and h not in titles and h not in ours]
    merged = Merged([], {name: [] for name in extra_names})
    seen = set()
    for row in rows:
        before = by_id.get(row.task_id)
        seen.add(row.task_id)
        if before is None:
            row.change = "新增"
            merged.counts["new"] = merged.counts.get("new", 0) + 1
        else:
            _keep_office_entries(row, before, titles)
            row.change = _changes(before, row, titles)
            merged.counts["changed" if row.change else "kept"] = merged.counts.get(
                "changed" if row.change else "kept", 0) + 1
        merged.rows.append(row)
        for name in extra_names:
            merged.extra[name].append(before.get(name) if before else None)
    for task_id, before in by_id.items():
        if task_id not in seen:
            merged.rows.append(_removed(before, titles, len(merged.rows) + 1))
            merged.counts["removed"] = merged.counts.get("removed", 0) + 1
            for name in extra_names:
                merged.extra[name].append(before.get(name))
    return merged


def _get(row: dict[str, object], titles: dict[str, str], name: str) -> object:
    return next((v for h, v in row.items() if titles.get(h) == name), None)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.isoformat() if isinstance(value, dt.date) else str(value).strip()


def _keep_office_entries(row: OfficeRow, before: dict[str, object], titles: dict[str, str]) -> None:
    for name in OFFICE_FIELDS:
        kept = _text(_get(before, titles, name))
        if kept or name != "notes":  # an empty 备注 takes govplan's reason, if any
            setattr(row, name, kept or (STATUSES[0] if name == "status" else ""))


def _changes(before: dict[str, object], row: OfficeRow, titles: dict[str, str]) -> str:
    said: list[str] = []
    for name, label in WATCHED.items():
        if not any(titles.get(h) == name for h in before):
            continue
        old, new = _text(_get(before, titles, name)), _text(getattr(row, name))
        if old != new and not (name == "due" and any(s.startswith("时限变更") for s in said)):
            said.append(f"{label}变更：{old or '（无）'} → {new or '（无）'}" if name != "measure" else "内容变更")
    return "；".join(said)


def _removed(before: dict[str, object], titles: dict[str, str], number: int) -> OfficeRow:
    values = {name: _text(_get(before, titles, name)) for name in OfficeRow.model_fields
              if name not in ("number", "due", "line", "change", "columns")}
    due = _get(before, titles, "due")
    if isinstance(due, str):
        try:
            due = dt.date.fromisoformat(due)
        except ValueError:
            due = None
    elif isinstance(due, dt.datetime):
        due = due.date()
    return OfficeRow(**{**values, "number": number, "due": due if isinstance(due, dt.date) else None,
                        "change": "已删除"})
