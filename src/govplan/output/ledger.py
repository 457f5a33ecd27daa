"""Views over parse results: the task ledger, who carries what, dated deadlines."""
from __future__ import annotations

import datetime as dt
from typing import Iterator

from govplan.models import Document, ParseResult, Section
from govplan.models.views import TaskRecord, UnitLoad, UnitRow, UnitTask
from govplan.output.sections import COUNTED, DATED, every_section, file_label, is_task, latest_due


def _tasks(result: ParseResult, all_sections: bool) -> Iterator[tuple[Document, Section, str, dt.date | None]]:
    """(document, section, its deadlines as written, its latest due date) of every task."""
    for doc in result.documents:
        for s in every_section(doc.sections):
            if not (all_sections or is_task(s)):
                continue
            counted = [d for d in s.deadlines if d.kind in COUNTED]
            yield doc, s, ";".join(d.text for d in counted), latest_due(s)


def task_records(result: ParseResult, all_sections: bool = False) -> list[TaskRecord]:
    """The same tasks with typed columns (unit lists as lists) and the input's hash."""
    label = file_label(result)
    return [TaskRecord(file=label, sha256=result.source.sha256, document=doc.title, path=s.path, title=s.title,
                       text=s.text, lead_units=list(s.lead_units), responsible_units=list(s.responsible_units),
                       deadline=written, due=due, line=s.line, locator=s.locator)
            for doc, s, written, due in _tasks(result, all_sections)]


def unit_loads(results: list[ParseResult], grammar_key, today: dt.date) -> list[UnitLoad]:
    """Per unit (grouped by key): the tasks it leads and those it supports.

    ``today`` is the day the nearest due date counts from.
    """
    loads: dict[str, UnitLoad] = {}
    for result in results:
        label = file_label(result)
        for doc in result.documents:
            for s in every_section(doc.sections):
                dues = [d.due for d in s.deadlines if d.kind in DATED and d.due]
                task = UnitTask(file=label, path=s.path, title=s.title, line=s.line,
                                due=min(dues) if dues else None)
                for role, names in (("lead", s.lead_units), ("responsible", s.responsible_units)):
                    for name in names:
                        key = grammar_key(name)
                        load = loads.setdefault(key, UnitLoad(key=key, names=[]))
                        if name not in load.names:
                            load.names.append(name)
                        (load.leads if role == "lead" else load.supports).append(task)
    for load in loads.values():
        dues = [t.due for t in load.leads + load.supports if t.due]
        load.next_due = _nearest(dues, today)
    return sorted(loads.values(), key=lambda u: (-(len(u.leads) + len(u.supports)), u.key))


def ledger_title(result: ParseResult) -> str:
    """A ledger's title row: the title of the document that holds the tasks (the plan, not its
    covering notice) and the file's 文号, as a clerk would head the sheet."""
    docs = result.documents
    holder = max(docs, key=lambda d: sum(1 for _ in every_section(d.sections)), default=None)
    title = (holder.title if holder and holder.title else None) or file_label(result)
    number = next((d.doc_number for d in docs if d.doc_number), None)
    return f"{title}（{number}）" if number else title


def unit_rows(loads: list[UnitLoad]) -> list[UnitRow]:
    """The unit view as table rows (govplan units -o units.xlsx)."""
    return [UnitRow(unit=" / ".join(u.names), key=u.key, leads=len(u.leads), supports=len(u.supports),
                    next_due=u.next_due, tasks="、".join(t.path for t in u.leads + u.supports)) for u in loads]


def _nearest(dues: list[dt.date], today: dt.date) -> dt.date | None:
    """The nearest due date from today on, else the latest past one."""
    if not dues:
        return None
    upcoming = [d for d in dues if d >= today]
    return min(upcoming) if upcoming else max(dues)
