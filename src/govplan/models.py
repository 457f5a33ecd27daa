"""The contract: every structure govplan emits, as pydantic v2 models.

The JSON output, the JSON Schema (``govplan schema``) and the ledger columns
(``govplan table``) are all derived from these classes.  Field order is the key
order of the JSON.  Line numbers are 1-based physical lines of the input.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field
from pydantic.dataclasses import dataclass

from govplan.diagnostics import BY_NAME, NAMES, Severity
from govplan.text.script import OUTPUT_SCRIPTS

SCHEMA_VERSION = "1"

DeadlineKind = Literal["date", "range", "ongoing", "duration", "recurring"]
Role = Literal["lead", "responsible"]
DeadlineSource = Literal["field", "inline", "correction"]
OutputScript = Literal[OUTPUT_SCRIPTS]  # type: ignore[valid-type]
DiagnosticCode = Literal[NAMES]  # type: ignore[valid-type]  # the registry's names


class _Model(BaseModel):
    # (the schema of the output: a field with a default is still always written, so required)
    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)

    def model_post_init(self, context: Any, /) -> None:
        # pydantic keeps, per instance, a set of the fields given (728 bytes a section: 2 MiB per MB of a
        # long plan); govplan never asks which were given (no exclude_unset), so every instance of a class
        # shares one set of all its field names
        object.__setattr__(self, "__pydantic_fields_set__", _all_fields(type(self)))


_FIELD_SETS: dict[type, set[str]] = {}


def _all_fields(model: type[BaseModel]) -> set[str]:
    if model not in _FIELD_SETS:
        _FIELD_SETS[model] = set(model.model_fields)
    return _FIELD_SETS[model]


# The many small values of a long plan (deadlines, unit mentions) are validated dataclasses
# with slots: a BaseModel instance also keeps a dict and a set of the fields given to it,
# which for a 10 MB plan doubled the memory of the whole parse.
_SMALL = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)


@dataclass(slots=True, kw_only=True, config=_SMALL)
class Deadline:
    """A time a task is bound to, as written and resolved."""

    text: str = Field(description="the wording as written (output script)")
    kind: DeadlineKind = Field(description="date, range, ongoing, duration or recurring")
    due: Optional[dt.date] = Field(None, description="last day the wording allows; null when open")
    start: Optional[dt.date] = Field(None, description="first day, for ranges")
    line: int = Field(description="source line of the wording")
    source: DeadlineSource = Field(
        description="a labelled 时限 field, the item's own running text, or a reviewer's correction")
    label: Optional[str] = Field(None, description="the field label, e.g. 完成时限")


@dataclass(slots=True, kw_only=True, config=_SMALL)
class UnitMention:
    """One unit named in an assignment, with where and how it was found."""

    name: str = Field(description="the unit as written (output script)")
    key: str = Field(description="normalized grouping key (simplified, 各/有关 folded)")
    role: Role = Field(description="lead or responsible")
    line: int = Field(description="source line of the mention")
    how: str = Field(description="label, predicate or running-text construction that named it "
                                 "(correction: a reviewer's, from --corrections)")


class TableCell(_Model):
    """A cell of a task table's row under its column's name, as the header prints it."""

    column: str
    text: str


class Section(_Model):
    """A heading and the text it owns, with the assignments found in that text."""

    line: int = Field(description="line where the heading's marker or title begins")
    end_line: int = Field(description="last line of the heading's own text")
    marker: str = Field(description="marker as printed, e.g. (一) 1. 一是; empty for unnumbered")
    style: str = Field(description="marker style from grammars/markers.toml, or 'unnumbered'")
    number: Optional[int] = Field(None, description="the marker's numeral as an integer")
    level: int = Field(ge=1, description="depth in the document's heading tree, 1 = top")
    path: str = Field(description="readable path from the top, e.g. 三/(一)/1/(1)")
    title: str
    text: str = Field(description="the heading's own text (heading line and body), normalized")
    original_text: str = Field(description="the same lines as they stand in the input")
    lead_units: list[str] = []
    responsible_units: list[str] = []
    leaders: list[str] = Field([], description="persons answerable, as named by a 责任领导/分管领导 field "
                                               "(labels.toml role leader): never units")
    deadlines: list[Deadline] = []
    units: list[UnitMention] = Field([], description="every unit mention, traceable to its line")
    table_cells: list[TableCell] = Field([], description="a task table row's cells by column name (a table of "
                                                         "one line a row; empty otherwise)")
    locator: Optional[str] = Field(None, description="where the heading's line stands in a file that is not "
                                                     "text: HTML source line, DOCX paragraph or table cell, "
                                                     "PDF page and line, sheet and row")
    children: list["Section"] = []


class Contact(_Model):
    label: str
    value: str
    line: int


class TextLine(_Model):
    """A line kept as it is, outside the heading tree (a subtitle, a 抄送 line)."""

    line: int
    text: str


class Document(_Model):
    """One document of the input file (a notice, a plan, an attachment, an article)."""

    line: int = Field(description="line where the document (its title) starts")
    end_line: int
    kind: Literal["notice", "plan", "attachment", "article", "document"]
    title: Optional[str] = None
    doc_number: Optional[str] = Field(None, description="文号, e.g. 赣市府办字〔2016〕144号")
    issuer: Optional[str] = Field(None, description="发文机关 or signature")
    issued: Optional[dt.date] = Field(None, description="成文日期: the signed date")
    reference_year: Optional[int] = Field(
        None, description="year given to deadlines that state none")
    recipients: list[str] = Field([], description="主送机关")
    disclosure: Optional[str] = Field(None, description="e.g. 此件主动公开")
    attachments: list[str] = Field([], description="the attachment list, as titles")
    contacts: list[Contact] = []
    header: list[TextLine] = Field(
        [], description="short lines between the title and the body: subtitle, issuer, date")
    closing: list[TextLine] = Field(
        [], description="signature, date, 抄送/印发 and disclosure lines, 附件 labels")
    preface: str = Field("", description="body text before the first heading, normalized")
    sections: list[Section] = []


class Diagnostic(_Model):
    code: DiagnosticCode = Field(description="stable code from govplan.diagnostics, e.g. numbering-gap")
    severity: Severity
    message: str
    line: Optional[int] = None

    @classmethod
    def of(cls, code: str, message: str, line: int | None = None) -> "Diagnostic":
        """A diagnostic with the registry's severity for its code."""
        return cls(code=code, severity=BY_NAME[code].severity, message=message, line=line)


class Source(_Model):
    path: str = Field(description="the input path, or - for stdin")
    encoding: str = Field(description="detected encoding, e.g. utf-8, gb18030, big5, utf-16")
    bom: bool
    bytes: int
    lines: int
    sha256: str
    script: Literal["simplified", "traditional", "mixed", "none"] = Field(
        description="script the input is written in")
    format: Literal["text", "html", "docx", "pdf", "ofd", "xlsx", "csv", "doc", "wps", "odt", "xls", "image"] = Field(
        "text", description="format the notice was read from; line numbers count the lines of its "
                            "text rendering (govplan parse --text prints it)")


def parse_schema() -> dict:
    """The JSON Schema of ParseResult as govplan writes it (serialization mode: every field the
    output always holds is required), with its $schema dialect and an $id."""
    schema = ParseResult.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://govplan.invalid/schema/parse-{SCHEMA_VERSION}.json", **schema}


class ParseResult(_Model):
    """What ``govplan parse`` prints."""

    schema_version: Literal["1"] = "1"
    govplan_version: str
    grammar_sha256: str = Field("", description="fingerprint of the grammar files used (shipped and --grammar)")
    source: Source
    output_script: OutputScript
    reference_date: Optional[dt.date] = Field(None, description="the date given for a notice that states none "
                                                                "(--reference-date / --year); null when none was given")
    documents: list[Document] = []
    diagnostics: list[Diagnostic] = []


Section.model_rebuild()


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


CompareStatus = Literal["covered", "partial", "missing"]


class CompareMatch(_View):
    """A task of LOWER that implements (part of) a task of UPPER."""

    line: int = Field(description="line where the LOWER task's heading starts")
    path: str
    title: str
    score: float = Field(description="similarity, 0 to 1")
    lead_units: list[str] = []
    due: Optional[dt.date] = None


class CompareTask(_View):
    """One task of UPPER, the tasks of LOWER that implement it and what is wrong with them."""

    line: int = Field(description="line where the UPPER task's heading starts")
    path: str
    title: str
    lead_units: list[str] = []
    due: Optional[dt.date] = Field(None, description="the latest dated deadline")
    status: CompareStatus = Field(description="covered, partial (its matches hold less than the covered "
                                              "share of its terms) or missing: stable values (text, xlsx, csv "
                                              "and md show 已落实, 部分落实, 未落实)")
    coverage: float = Field(description="share of the task's term weight its matches hold")
    matches: list[CompareMatch] = []
    flags: list[Literal["late", "unassigned", "counterpart", "target"]] = Field(
        [], description="late: a match is due after the task; unassigned: no match names a lead unit; "
                        "counterpart: a national/provincial lead whose local counterpart no match names; "
                        "target: a figure of the task (增长7%) another in its matches (增长6%). Stable values "
                        "(text, xlsx, csv and md show 时限晚于上级, 未明确牵头单位, 缺少对口单位, 指标变化)")
    notes: list[str] = Field([], description="each flag explained, in one line")


class LocalTask(_View):
    """A task of LOWER that implements nothing of UPPER (a local addition)."""

    line: int
    path: str
    title: str
    lead_units: list[str] = []
    due: Optional[dt.date] = None


class CompareSide(_View):
    path: str
    sha256: str
    title: Optional[str] = None
    tasks: int


class CompareResult(_View):
    """What ``govplan compare UPPER LOWER`` prints as JSON."""

    govplan_version: str
    segmenter: str = Field(description="rjieba or jieba")
    upper: CompareSide
    lower: CompareSide
    tasks: list[CompareTask] = Field(description="UPPER's tasks in order")
    local: list[LocalTask] = Field(description="LOWER's tasks that match nothing")
    summary: dict[str, int] = Field(description="tasks by status, flags by name, local additions")


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


def compare_schema() -> dict:
    schema = CompareResult.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://govplan.invalid/schema/compare-1.json", **schema}


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
