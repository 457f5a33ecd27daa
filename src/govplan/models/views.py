"""The views derived from a parse, as pydantic v2 models: the ledger (govplan table), the unit view
(govplan units), lint findings (govplan check), the comparison (govplan compare) and a reviewer's
corrections.  Their columns, keys and JSON Schemas come from these classes; they are built on first
use, never by a parse.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

# ---------------------------------------------------------------- derived views


class _View(BaseModel):
    # built on first use: a parse never needs these, and building them is start-up time
    model_config = ConfigDict(extra="forbid", defer_build=True)


# The ledger (govplan table), the unit view (govplan units) and the lint findings
# (govplan check) are models too: their columns and keys come from here.


class OfficeRow(_View):
    """One task of the office's ledger (任务台账, govplan table's default): the columns a
    supervision office tracks work with.  The parser's columns (file, line, locator, path) are
    marked ``detail`` and shown on request (--columns detail); ``change`` only after --update."""

    number: int = Field(title="序号", description="1…N over the ledger's tasks")
    task: str = Field(title="重点任务", description="the item's title (a task table's task cell)")
    measure: str = Field("", title="具体措施", description="the item's text without its marker, title and "
                                                         "annotation (a task table's other text cells)")
    leaders: str = Field("", title="责任领导", description="persons named by 责任领导/分管领导, joined with 、")
    lead_units: str = Field("", title="牵头单位", description="joined with 、")
    responsible_units: str = Field("", title="责任单位", description="responsible and supporting units, joined with 、")
    deadline: str = Field("", title="完成时限", description="as written (with 前, recurring and ongoing wording); "
                                                          "several joined with ;")
    due: Optional[dt.date] = Field(None, title="截止日期", description="the latest dated deadline")
    progress: str = Field("", title="进展情况", description="the office's: kept by --update")
    status: str = Field("", title="完成状态", description="the office's (a drop-down in XLSX): kept by --update")
    notes: str = Field("", title="备注", description="why a date is missing, else the office's: kept by --update")
    task_id: str = Field(title="任务编号", description="stable across re-parses (README: task ids)")
    change: str = Field("", title="变更", description="what --update found: 新增, 已删除, 时限变更 …",
                        json_schema_extra={"update": True})
    columns: dict[str, str] = Field({}, description="a task table's other columns, by the names its header "
                                                  "prints (shown after the office's columns)",
                                    json_schema_extra={"carried": True})
    category: str = Field("", title="所属类别", description="the heading the task stands under (marker and title); "
                                                          "in XLSX a row across the sheet above its tasks",
                          json_schema_extra={"grouping": True})
    file: str = Field("", title="文件", json_schema_extra={"detail": True})
    path: str = Field("", title="标题序号", description="the heading path, e.g. 二/(一)/1",
                      json_schema_extra={"detail": True})
    line: Optional[int] = Field(None, title="行号", json_schema_extra={"detail": True})
    locator: Optional[str] = Field(None, title="原文位置", json_schema_extra={"detail": True})


class TaskRecord(_View):
    """One task of the ledger for machines (govplan table -f parquet): typed columns."""

    file: str = Field(description="the input's file name")
    sha256: str = Field(description="the input's content hash")
    document: Optional[str] = None
    path: str
    title: str
    text: str
    lead_units: list[str] = []
    responsible_units: list[str] = []
    deadline: str = Field("", description="as written; several joined with ;")
    due: Optional[dt.date] = Field(None, description="the latest dated deadline")
    line: int
    locator: Optional[str] = None


class UnitRow(_View):
    """One row of the unit view (govplan units as a table): who carries what."""

    unit: str = Field(title="单位", description="every spelling seen, joined with /")
    key: str = Field(title="分组键", description="the key units are grouped by")
    leads: int = Field(title="牵头任务数")
    supports: int = Field(title="配合任务数")
    next_due: Optional[dt.date] = Field(None, title="最近截止日期", description="nearest due date from --today")
    tasks: str = Field(title="任务", description="the tasks' paths, the led ones first, joined with 、")


class UnitTask(_View):
    file: str
    path: str
    title: str
    line: int
    due: Optional[dt.date] = None


class UnitLoad(_View):
    """Who carries what: one unit (grouped by key) with the tasks it leads and supports."""

    key: str
    names: list[str] = Field(description="every spelling seen")
    leads: list[UnitTask] = []
    supports: list[UnitTask] = []
    next_due: Optional[dt.date] = Field(None, description="nearest due date among its tasks")


class Finding(_View):
    """One lint finding of govplan check."""

    file: str
    line: Optional[int] = None
    code: str = Field(description="stable rule code, e.g. GP101")
    name: str = Field(description="rule name, e.g. numbering-gap")
    severity: Literal["error", "warning"]
    message: str
    source_line: Optional[str] = Field(None, description="the offending input line")


# ---------------------------------------------------------------- govplan compare


class CompareRow(_View):
    """One row of the comparison sheet: an UPPER task beside one of its matches (or alone when
    missing), then LOWER's local additions."""

    upper_line: Optional[int] = Field(None, title="上级行号")
    upper_path: str = Field("", title="上级序号")
    upper_title: str = Field("", title="上级任务")
    upper_lead: str = Field("", title="上级牵头单位")
    upper_due: Optional[dt.date] = Field(None, title="上级截止日期")
    status: str = Field(title="状态", description="已落实, 部分落实, 未落实, or 本地新增 (a LOWER task alone)")
    lower_line: Optional[int] = Field(None, title="下级行号")
    lower_path: str = Field("", title="下级序号")
    lower_title: str = Field("", title="下级任务")
    lower_lead: str = Field("", title="下级牵头单位")
    lower_due: Optional[dt.date] = Field(None, title="下级截止日期")
    score: Optional[float] = Field(None, title="相似度")
    flags: str = Field("", title="提示", description="flags and their notes")


# ---------------------------------------------------------------- corrections (govplan review)


class Correction(_View):
    """One reviewer's correction, made in the review page (or by hand).  It names the line it was
    made on and what that line said: a correction whose line no longer says it is reported and not
    applied.  A task's correction names the task by its id (the ledger's 任务编号); a field left
    out (null) is not corrected, an empty list or "" clears it."""

    line: int = Field(ge=1, description="the line of the rendering (govplan parse --text) the correction was made on: "
                                        "a task's heading line, or the line (not) to be a heading")
    text: str = Field(description="what that line said, as the notice prints it (surrounding spaces ignored)")
    task_id: Optional[str] = Field(None, description="the task's id (任务编号), for a correction of its units or "
                                                     "deadline")
    lead_units: Optional[list[str]] = Field(None, description="the task's lead units, replacing the parser's")
    responsible_units: Optional[list[str]] = Field(None, description="its responsible units, replacing the parser's")
    deadline: Optional[str] = Field(None, description="its time as written (2025年6月底前, 每季度末), read by the "
                                                      "deadline grammar and replacing the parser's; \"\" clears it")
    heading: Optional[bool] = Field(None, description="true: the line is a heading (unnumbered, where it stands); "
                                                      "false: it is text of the heading above it")
    note: str = Field("", description="the reviewer's remark, kept and never read")


class CorrectionSource(_View):
    path: str = Field(description="the notice the corrections were made on (its name decides, with several inputs, "
                                  "which input they apply to)")
    sha256: str = Field("", description="its content hash then: informative (an edited notice is corrected too, "
                                        "line by line)")


class CorrectionsFile(_View):
    """A corrections file (``govplan review`` downloads it; ``--corrections FILE`` applies it)."""

    govplan_corrections: Literal[1] = Field(1, description="the format's version")
    source: CorrectionSource
    corrections: list[Correction] = []


def corrections_schema() -> dict:
    schema = CorrectionsFile.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://govplan.invalid/schema/corrections-1.json", **schema}
