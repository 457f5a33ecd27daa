"""The contract: every structure ``govplan parse`` emits, as plain dataclasses.

The JSON output (``output.json_stream``), its JSON Schema (``govplan schema``, built by pydantic
from these classes on demand: ``models.contract``) and the reading of parse JSON back
(``models.contract.read_parse_json``) all come from these classes.  Field order is the key order
of the JSON.  Line numbers are 1-based physical lines of the input.

They are plain (slotted) dataclasses, not pydantic models, so that a parse neither imports
pydantic nor builds its validators (two fifths of a cold start); a field's documentation and
bounds are in its ``metadata``, which pydantic reads as ``Field(...)`` arguments.  The views
derived from a parse (ledger rows, findings, comparisons, corrections) are in ``models.views``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal, Optional

from govplan.diagnostics import BY_NAME, NAMES, Severity
from govplan.text.script import OUTPUT_SCRIPTS

SCHEMA_VERSION = "1"

DeadlineKind = Literal["date", "range", "ongoing", "duration", "recurring"]
Role = Literal["lead", "responsible"]
DeadlineSource = Literal["field", "inline", "correction"]
OutputScript = Literal[OUTPUT_SCRIPTS]  # type: ignore[valid-type]
DiagnosticCode = Literal[NAMES]  # type: ignore[valid-type]  # the registry's names
DocumentKind = Literal["notice", "plan", "attachment", "article", "document"]
InputScript = Literal["simplified", "traditional", "mixed", "none"]

# what pydantic is told of each class when it reads JSON or writes the schema: no unknown keys; a field
# with a default is still always written, so the output schema lists it as required
_PYDANTIC_CONFIG = {"extra": "forbid", "json_schema_serialization_defaults_required": True}

def doc(description: str, default: Any = ..., **bounds: Any) -> Any:
    """A field with its documentation (and pydantic bounds such as ``ge``); a list default is a new
    list per instance."""
    metadata = {"description": description, **bounds}
    if default is ...:
        return field(metadata=metadata)
    if default == []:
        return empty(**metadata)
    return field(default=default, metadata=metadata)


def empty(**metadata: Any) -> Any:
    """A list field, empty by default (a new list per instance; the schema states the default)."""
    return field(default_factory=list, metadata={**metadata, "json_schema_extra": {"default": []}})


@dataclass(slots=True, kw_only=True)
class Deadline:
    """A time a task is bound to, as written and resolved."""

    __pydantic_config__ = _PYDANTIC_CONFIG

    text: str = doc("the wording as written (output script)")
    kind: DeadlineKind = doc("date, range, ongoing, duration or recurring")
    due: Optional[dt.date] = doc("last day the wording allows; null when open", None)
    start: Optional[dt.date] = doc("first day, for ranges", None)
    line: int = doc("source line of the wording")
    source: DeadlineSource = doc("a labelled 时限 field, the item's own running text, or a reviewer's correction")
    label: Optional[str] = doc("the field label, e.g. 完成时限", None)


@dataclass(slots=True, kw_only=True)
class UnitMention:
    """One unit named in an assignment, with where and how it was found."""

    __pydantic_config__ = _PYDANTIC_CONFIG

    name: str = doc("the unit as written (output script)")
    key: str = doc("normalized grouping key (simplified, 各/有关 folded)")
    role: Role = doc("lead or responsible")
    line: int = doc("source line of the mention")
    how: str = doc("label, predicate or running-text construction that named it "
                   "(correction: a reviewer's, from --corrections)")


@dataclass(slots=True, kw_only=True)
class TableCell:
    """A cell of a task table's row under its column's name, as the header prints it."""

    __pydantic_config__ = _PYDANTIC_CONFIG

    column: str
    text: str


@dataclass(slots=True, kw_only=True)
class Section:
    """A heading and the text it owns, with the assignments found in that text."""

    __pydantic_config__ = _PYDANTIC_CONFIG

    line: int = doc("line where the heading's marker or title begins")
    end_line: int = doc("last line of the heading's own text")
    marker: str = doc("marker as printed, e.g. (一) 1. 一是; empty for unnumbered")
    style: str = doc("marker style from grammars/markers.toml, or 'unnumbered'")
    number: Optional[int] = doc("the marker's numeral as an integer", None)
    level: int = doc("depth in the document's heading tree, 1 = top", ge=1)
    path: str = doc("readable path from the top, e.g. 三/(一)/1/(1)")
    title: str
    text: str = doc("the heading's own text (heading line and body), normalized")
    original_text: str = doc("the same lines as they stand in the input")
    lead_units: list[str] = empty()
    responsible_units: list[str] = empty()
    leaders: list[str] = doc("persons answerable, as named by a 责任领导/分管领导 field "
                             "(labels.toml role leader): never units", [])
    deadlines: list[Deadline] = empty()
    units: list[UnitMention] = doc("every unit mention, traceable to its line", [])
    table_cells: list[TableCell] = doc("a task table row's cells by column name (a table of "
                                       "one line a row; empty otherwise)", [])
    locator: Optional[str] = doc("where the heading's line stands in a file that is not "
                                 "text: HTML source line, DOCX paragraph or table cell, "
                                 "PDF page and line, sheet and row", None)
    children: list[Section] = empty()


@dataclass(slots=True, kw_only=True)
class Contact:
    __pydantic_config__ = _PYDANTIC_CONFIG

    label: str
    value: str
    line: int


@dataclass(slots=True, kw_only=True)
class TextLine:
    """A line kept as it is, outside the heading tree (a subtitle, a 抄送 line)."""

    __pydantic_config__ = _PYDANTIC_CONFIG

    line: int
    text: str


@dataclass(slots=True, kw_only=True)
class Document:
    """One document of the input file (a notice, a plan, an attachment, an article)."""

    __pydantic_config__ = _PYDANTIC_CONFIG

    line: int = doc("line where the document (its title) starts")
    end_line: int
    kind: DocumentKind
    title: Optional[str] = None
    doc_number: Optional[str] = doc("文号, e.g. 赣市府办字〔2016〕144号", None)
    issuer: Optional[str] = doc("发文机关 or signature", None)
    issued: Optional[dt.date] = doc("成文日期: the signed date", None)
    reference_year: Optional[int] = doc("year given to deadlines that state none", None)
    recipients: list[str] = doc("主送机关", [])
    disclosure: Optional[str] = doc("e.g. 此件主动公开", None)
    attachments: list[str] = doc("the attachment list, as titles", [])
    contacts: list[Contact] = empty()
    header: list[TextLine] = doc("short lines between the title and the body: subtitle, issuer, date", [])
    closing: list[TextLine] = doc("signature, date, 抄送/印发 and disclosure lines, 附件 labels", [])
    preface: str = doc("body text before the first heading, normalized", "")
    sections: list[Section] = empty()


@dataclass(slots=True, kw_only=True)
class Diagnostic:
    __pydantic_config__ = _PYDANTIC_CONFIG

    code: DiagnosticCode = doc("stable code from govplan.diagnostics, e.g. numbering-gap")
    severity: Severity
    message: str
    line: Optional[int] = None

    @classmethod
    def of(cls, code: str, message: str, line: int | None = None) -> Diagnostic:
        """A diagnostic with the registry's severity for its code."""
        return cls(code=code, severity=BY_NAME[code].severity, message=message, line=line)


SourceFormat = Literal["text", "html", "docx", "pdf", "ofd", "xlsx", "csv", "doc", "wps", "odt", "xls", "image"]


@dataclass(slots=True, kw_only=True)
class Source:
    __pydantic_config__ = _PYDANTIC_CONFIG

    path: str = doc("the input path, or - for stdin")
    encoding: str = doc("detected encoding, e.g. utf-8, gb18030, big5, utf-16")
    bom: bool
    bytes: int
    lines: int
    sha256: str
    script: InputScript = doc("script the input is written in")
    format: SourceFormat = doc("format the notice was read from; line numbers count the lines of its "
                               "text rendering (govplan parse --text prints it)", "text")


@dataclass(slots=True, kw_only=True)
class ParseResult:
    """What ``govplan parse`` prints."""

    __pydantic_config__ = _PYDANTIC_CONFIG

    schema_version: Literal["1"] = "1"
    govplan_version: str
    grammar_sha256: str = doc("fingerprint of the grammar files used (shipped and --grammar)", "")
    source: Source
    output_script: OutputScript
    reference_date: Optional[dt.date] = doc("the date given for a notice that states none "
                                            "(--reference-date / --year); null when none was given", None)
    documents: list[Document] = empty()
    diagnostics: list[Diagnostic] = empty()


def parse_schema() -> dict:
    """The JSON Schema of ParseResult as govplan writes it (serialization mode: every field the
    output always holds is required), with its $schema dialect and an $id."""
    from govplan.models.contract import parse_schema as build

    return build()
