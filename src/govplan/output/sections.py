"""What the views ask of a parse's sections (ledger, units, calendar, check, compare, review): every
section in order, which are tasks, their latest due date, the file's label.  No view model is
imported here, so that a command that needs only these (compare) builds none."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterator

from govplan.models import ParseResult, Section

DATED = ("date", "range")
# the deadlines a task counts (a duration or a recurrence binds no single day)
COUNTED = ("date", "range", "ongoing")


def every_section(sections: list[Section]) -> Iterator[Section]:
    for s in sections:
        yield s
        yield from every_section(s.children)


def is_task(section: Section) -> bool:
    """A section that assigns work: it names a unit or a dated/ongoing deadline."""
    return bool(section.lead_units or section.responsible_units
                or any(d.kind in COUNTED for d in section.deadlines))


def file_label(result: ParseResult) -> str:
    return Path(result.source.path).name if result.source.path != "-" else "-"


def latest_due(section: Section) -> dt.date | None:
    """The last day of the section's counted deadlines, if any is dated."""
    dues = [d.due for d in section.deadlines if d.kind in COUNTED and d.due]
    return max(dues) if dues else None
