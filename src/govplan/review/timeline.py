"""The plan's timeline: its dated tasks by month (a quarter or a year a column when the plan spans
many years) against their lead units, those due before the review date marked overdue.  Geometry
here; the SVG is written by the template (templates/timeline.svg.j2)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from govplan.review.view import TaskView

# columns at most; a longer span is drawn by quarter, then by year
MAX_COLUMNS = 72
# lead units drawn as rows at most; the others share the last row
MAX_ROWS = 14
NO_LEAD = "（未明确牵头单位）"
OTHERS = "（其他单位）"
LEFT, TOP, COLUMN, ROW = 190, 46, 26, 26


@dataclass
class Dot:
    x: int
    y: int
    tasks: list[int]  # ledger rows (0-based)
    overdue: bool
    unit: str
    tip: str


@dataclass
class Timeline:
    width: int = 0
    height: int = 0
    ticks: list[tuple[int, str, bool]] = field(default_factory=list)  # (x, label, a year begins)
    rows: list[tuple[int, str]] = field(default_factory=list)  # (y, unit)
    dots: list[Dot] = field(default_factory=list)
    today_x: int | None = None
    left: int = LEFT  # where the columns begin (the unit names end just before)
    today: str = ""
    overdue: int = 0
    dated: int = 0


def _month(d: dt.date) -> int:
    return d.year * 12 + d.month - 1


def _label(month: int, step: int, first: bool) -> tuple[str, bool]:
    """A column's label, and whether a year begins there (the first column names its year too)."""
    year, m = divmod(month, 12)
    if step == 12:
        return f"{year}", True
    if step == 3:
        return (f"{year}" if m == 0 else f"{year} Q{m // 3 + 1}" if first else f"Q{m // 3 + 1}"), m == 0 or first
    return (f"{year}.{m + 1}" if m == 0 or first else f"{m + 1}"), m == 0 or first


def timeline(tasks: list[TaskView], today: dt.date) -> Timeline:
    dated = [(i, t) for i, t in enumerate(tasks) if t.row.due is not None]
    if not dated:
        return Timeline()
    first = min(_month(t.row.due) for _, t in dated)  # type: ignore[arg-type]
    last = max(_month(t.row.due) for _, t in dated)  # type: ignore[arg-type]
    step = next(s for s in (1, 3, 12) if (last - first) // s < MAX_COLUMNS or s == 12)
    first -= first % step
    columns = (last - first) // step + 1
    counts: dict[str, int] = {}
    for _, t in dated:
        for unit in _leads(t):
            counts[unit] = counts.get(unit, 0) + 1
    ranked = sorted(counts, key=lambda u: (-counts[u], u))
    shown = ranked if len(ranked) <= MAX_ROWS else ranked[:MAX_ROWS - 1] + [OTHERS]
    y_of = {u: TOP + ROW * i + ROW // 2 for i, u in enumerate(shown)}
    cells: dict[tuple[int, str], list[int]] = {}
    for i, t in dated:
        x = LEFT + COLUMN * ((_month(t.row.due) - first) // step) + COLUMN // 2  # type: ignore[arg-type]
        for unit in _leads(t):
            cells.setdefault((x, unit if unit in y_of else OTHERS), []).append(i)
    line = Timeline(width=LEFT + COLUMN * columns + 20, height=TOP + ROW * len(shown) + 12,
                    rows=[(y, u) for u, y in y_of.items()], today=today.isoformat(), dated=len(dated))
    line.ticks = [(LEFT + COLUMN * c, *_label(first + c * step, step, c == 0)) for c in range(columns)]
    if first <= _month(today) <= first + columns * step - 1:
        line.today_x = LEFT + COLUMN * ((_month(today) - first) // step) + round(COLUMN * (today.day - 1) / 31)
    for (x, unit), rows in cells.items():
        late = [r for r in rows if tasks[r].row.due < today]  # type: ignore[operator]
        tip = "；".join(f"{tasks[r].row.number}. {tasks[r].row.task}（{tasks[r].row.due}）" for r in rows)
        line.dots.append(Dot(x, y_of[unit], rows, bool(late), unit, f"{unit}：{tip}"))
    line.overdue = sum(1 for _, t in dated if t.row.due is not None and t.row.due < today)
    return line


def _leads(t: TaskView) -> list[str]:
    return [u for u in t.row.lead_units.split("、") if u] or [NO_LEAD]
