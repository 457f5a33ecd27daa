"""Tables for a terminal (rich): what `govplan units` shows on the screen."""
from __future__ import annotations

from typing import TextIO

from govplan.models.views import UnitLoad

SHOWN_TASKS = 6  # tasks listed per unit; the rest are counted


def print_units(loads: list[UnitLoad], stream: TextIO, terminal: bool) -> None:
    """Per unit: tasks it leads and supports, the nearest due date, its first tasks."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title="单位任务")
    for col in ("单位", "牵头", "配合", "最近截止日期", "任务"):
        table.add_column(col)
    for u in loads:
        tasks = ", ".join(f"{x.path}" for x in (u.leads + u.supports)[:SHOWN_TASKS])
        more = len(u.leads) + len(u.supports) - SHOWN_TASKS
        # Text, not markup: a unit or path may hold [brackets] that rich would read as tags
        table.add_row(Text(" / ".join(u.names)), str(len(u.leads)), str(len(u.supports)),
                      str(u.next_due or "-"), Text(tasks + (f" (+{more})" if more > 0 else "")))
    Console(file=stream, soft_wrap=not terminal).print(table)
