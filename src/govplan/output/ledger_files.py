"""The unit table as files: xlsx, csv or md."""
from __future__ import annotations

from govplan.models.views import UnitRow
from govplan.output import writers


def units_file(rows: list[UnitRow], fmt: str) -> bytes:
    """The per-unit table as xlsx, csv or md."""
    if fmt == "xlsx":
        return writers.to_xlsx([("单位任务", rows)], UnitRow)
    return writers.to_csv(rows, UnitRow) if fmt == "csv" else writers.to_markdown(rows, UnitRow)
