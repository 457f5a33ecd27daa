"""What ``govplan compare UPPER LOWER`` writes as JSON, as plain dataclasses (the contract of its
output, like ``govplan.models`` for a parse): a comparison neither imports pydantic nor builds its
validators.  Its JSON Schema (``compare --schema``, ``govplan schema compare``) is built by pydantic
from these classes on demand (``compare_schema``); the sheet rows are ``models.views.CompareRow``."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, Optional

from govplan.models import doc, empty

CompareStatus = Literal["covered", "partial", "missing"]
CompareFlag = Literal["late", "unassigned", "counterpart", "target"]

# what pydantic is told of each class when it writes the schema: no unknown keys
_PYDANTIC_CONFIG = {"extra": "forbid"}


@dataclass(slots=True, kw_only=True)
class CompareMatch:
    """A task of LOWER that implements (part of) a task of UPPER."""

    __pydantic_config__ = _PYDANTIC_CONFIG

    line: int = doc("line where the LOWER task's heading starts")
    path: str
    title: str
    score: float = doc("similarity, 0 to 1")
    lead_units: list[str] = empty()
    due: Optional[dt.date] = None


@dataclass(slots=True, kw_only=True)
class CompareTask:
    """One task of UPPER, the tasks of LOWER that implement it and what is wrong with them."""

    __pydantic_config__ = _PYDANTIC_CONFIG

    line: int = doc("line where the UPPER task's heading starts")
    path: str
    title: str
    lead_units: list[str] = empty()
    due: Optional[dt.date] = doc("the latest dated deadline", None)
    status: CompareStatus = doc("covered, partial (its matches hold less than the covered share of its terms) "
                                "or missing: stable values (text, xlsx, csv and md show 已落实, 部分落实, 未落实)")
    coverage: float = doc("share of the task's term weight its matches hold")
    matches: list[CompareMatch] = empty()
    flags: list[CompareFlag] = empty(
        description="late: a match is due after the task; unassigned: no match names a lead unit; counterpart: a "
                    "national/provincial lead whose local counterpart no match names; target: a figure of the task "
                    "(增长7%) another in its matches (增长6%). Stable values (text, xlsx, csv and md show "
                    "时限晚于上级, 未明确牵头单位, 缺少对口单位, 指标变化)")
    notes: list[str] = empty(description="each flag explained, in one line")


@dataclass(slots=True, kw_only=True)
class LocalTask:
    """A task of LOWER that implements nothing of UPPER (a local addition)."""

    __pydantic_config__ = _PYDANTIC_CONFIG

    line: int
    path: str
    title: str
    lead_units: list[str] = empty()
    due: Optional[dt.date] = None


@dataclass(slots=True, kw_only=True)
class CompareSide:
    __pydantic_config__ = _PYDANTIC_CONFIG

    path: str
    sha256: str
    title: Optional[str] = None
    tasks: int


@dataclass(slots=True, kw_only=True)
class CompareResult:
    """What ``govplan compare UPPER LOWER`` prints as JSON."""

    __pydantic_config__ = _PYDANTIC_CONFIG

    govplan_version: str
    segmenter: str = doc("rjieba or jieba")
    upper: CompareSide
    lower: CompareSide
    tasks: list[CompareTask] = doc("UPPER's tasks in order")
    local: list[LocalTask] = doc("LOWER's tasks that match nothing")
    summary: dict[str, int] = doc("tasks by status, flags by name, local additions")


def compare_schema() -> dict:
    """The JSON Schema of the comparison's JSON, with its $schema dialect and an $id."""
    from pydantic import TypeAdapter

    schema = TypeAdapter(CompareResult).json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://govplan.invalid/schema/compare-1.json", **schema}
