"""A notice as the review page shows it: its lines (the document's own characters, locators,
heading levels, marks, diagnostics), its ledger's tasks with the lines they own, its outline, its
units and its timeline.  Built from a parse result, the rendering's lines and the ledger's rows."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from govplan.correct.apply import heading_line
from govplan.models import Diagnostic, ParseResult, Section
from govplan.models.views import CorrectionsFile, OfficeRow
from govplan.output.sections import every_section
from govplan.review.marks import Keyed, Mark, find, segments


@dataclass
class LineView:
    number: int
    locator: str
    pieces: list[tuple[str, str]]  # (text, mark kinds)
    classes: str  # h h1 … (heading), out (outside any heading), title (a document's title)
    task: int | None  # the ledger row (0-based) whose lines hold it
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class TaskView:
    row: OfficeRow
    first: int  # the lines the task's heading owns
    last: int
    heading_text: str  # its first line as the file holds it (what a correction names)
    units: list[str]
    missing: list[str]  # extracted values not found on their lines


@dataclass
class OutlineItem:
    level: int
    label: str
    line: int
    task: int | None


@dataclass
class NoticeView:
    path: str
    name: str  # the file's name
    stem: str  # what the corrections file is named after
    title: str
    result: ParseResult
    lines: list[LineView]
    tasks: list[TaskView]
    outline: list[OutlineItem]
    units: list[str]
    general: list[Diagnostic]  # diagnostics of no line
    today: dt.date
    corrections: CorrectionsFile | None

    @property
    def deadline_count(self) -> int:
        return sum(1 for t in self.tasks if t.row.deadline)

    @property
    def problems(self) -> int:
        return sum(1 for d in self.result.diagnostics if d.severity != "info")


def notice_view(result: ParseResult, text: str, locators: tuple[str, ...], rows: list[OfficeRow],
                today: dt.date, corrections: CorrectionsFile | None = None) -> NoticeView:
    """The page's view of one parsed notice (``text``: its rendering, numbered as the result counts)."""
    raw = text.split("\n")
    if raw and raw[-1] == "":
        raw.pop()
    sections = {s.line: s for doc in result.documents for s in every_section(doc.sections)}
    keyed = Keyed(raw)
    tasks, marks = _tasks(rows, sections, keyed)
    owner = {n: i for i, t in enumerate(tasks) for n in range(t.first, t.last + 1)}
    lines = _lines(result, raw, locators, sections, owner, marks)
    name = Path(result.source.path).name
    title = next((d.title for d in result.documents if d.title), None) or name
    units = sorted({u for t in tasks for u in t.units})
    return NoticeView(result.source.path, name, Path(name).stem or name, title, result,
                      lines, tasks, _outline(result, {t.first: i for i, t in enumerate(tasks)}), units,
                      [d for d in result.diagnostics if d.line is None], today, corrections)


def _tasks(rows: list[OfficeRow], sections: dict[int, Section],
           keyed: Keyed) -> tuple[list[TaskView], dict[int, list[Mark]]]:
    tasks: list[TaskView] = []
    marks: dict[int, list[Mark]] = {}
    looked: dict[tuple[int, str, str], bool] = {}  # a value named again on its line is marked once
    for row in rows:
        s = sections.get(row.line or 0)
        if s is None:
            continue
        missing = []
        values = [(m.name, m.line, m.role) for m in s.units] + [(d.text, d.line, "deadline") for d in s.deadlines]
        for value, line, kind in values:
            if (line, value, kind) not in looked:
                found = find(keyed, line, value, kind)
                for m in found:
                    marks.setdefault(m.line, []).append(m)
                looked[(line, value, kind)] = bool(found)
            if not looked[(line, value, kind)]:
                missing.append(value)
        units = [u for u in (*row.lead_units.split("、"), *row.responsible_units.split("、")) if u]
        tasks.append(TaskView(row, s.line, s.end_line, heading_line(s), units, missing))
    return tasks, marks


def _lines(result: ParseResult, raw: list[str], locators: tuple[str, ...], sections: dict[int, Section],
           owner: dict[int, int], marks: dict[int, list[Mark]]) -> list[LineView]:
    inside: set[int] = set()
    for s in sections.values():
        inside.update(range(s.line, s.end_line + 1))
    titles = {d.line for d in result.documents}
    by_line: dict[int, list[Diagnostic]] = {}
    for d in result.diagnostics:
        if d.line is not None:
            by_line.setdefault(d.line, []).append(d)
    views = []
    for n, text in enumerate(raw, 1):
        heading = sections.get(n)
        classes = f"h h{min(heading.level, 6)}" if heading is not None else "title" if n in titles else \
            "" if n in inside or not text.strip() else "out"
        views.append(LineView(n, locators[n - 1] if n <= len(locators) else "", segments(text, marks.get(n, [])),
                              classes, owner.get(n), by_line.get(n, [])))
    return views


def _outline(result: ParseResult, task_at: dict[int, int]) -> list[OutlineItem]:
    return [OutlineItem(s.level, f"{s.marker}{s.title}", s.line, task_at.get(s.line))
            for doc in result.documents for s in every_section(doc.sections)]
