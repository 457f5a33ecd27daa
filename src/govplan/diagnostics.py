"""The registry of diagnostics: every code govplan can report, in one table.

``govplan parse`` reports what it noticed as diagnostics (by name); ``govplan check``
turns those with a GP code into lint findings and adds rules of its own.  Both, the
README's rule table and the JSON Schema (the ``code`` enum of a diagnostic) read this
table, so a code cannot be emitted without being listed here, and its severity is the
same wherever it appears.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Kind:
    name: str  # stable name, e.g. numbering-gap
    code: str | None  # GP number when govplan check reports it, else None
    severity: Severity  # default severity in parse output and in check
    summary: str
    emitted_by: Literal["parse", "check"]


REGISTRY: tuple[Kind, ...] = (
    Kind("numbering-gap", "GP101", "warning", "a heading number is skipped", "parse"),
    Kind("numbering-repeat", "GP102", "warning", "a heading number is repeated", "parse"),
    Kind("numbering-order", "GP103", "warning", "a heading number goes backwards", "parse"),
    Kind("table-row-cells", "GP104", "warning", "a table row has more or fewer cells than its header", "parse"),
    Kind("heading-too-deep", "GP105", "warning", "a heading nested deeper than markers.toml max_depth", "parse"),
    Kind("marker-damaged", "GP106", "warning", "a heading's marker was damaged; its number is read from its place",
         "parse"),
    Kind("no-task-table", "GP107", "warning", "a spreadsheet whose header row names no known column", "parse"),
    Kind("missing-responsible", "GP201", "warning", "an item of an annotated plan names no unit", "check"),
    Kind("duplicate-item", "GP202", "warning", "two items of one plan say nearly the same thing", "check"),
    Kind("deadline-unresolved", "GP301", "warning", "a deadline without a year in a notice that states no date "
         "(--year gives it)", "parse"),
    Kind("deadline-before-issue", "GP302", "warning", "a deadline lies before the issue date", "check"),
    Kind("deadline-far", "GP303", "warning", "a deadline is more than 10 years out", "check"),
    Kind("lead-also-responsible", "GP401", "warning", "a lead unit is also listed as responsible", "check"),
    Kind("unit-spelling", "GP402", "warning", "one unit is spelled in several ways", "check"),
    Kind("text-damage", "GP501", "error", "replacement characters, stray ?, mojibake or private-use characters",
         "parse"),
    Kind("pinyin-ruby", "GP502", "warning", "pinyin ruby left after characters (repaired)", "parse"),
    Kind("html-markup", "GP503", "warning", "HTML tags or entities in the text (repaired)", "parse"),
    Kind("markdown-markup", "GP504", "warning", "Markdown marks in the text (repaired)", "parse"),
    Kind("mojibake-repaired", "GP505", "warning", "a line of UTF-8 read as Latin-1 before govplan (repaired)", "parse"),
    Kind("mixed-encoding", "GP506", "warning", "a line in another encoding than the rest of the file", "parse"),
    Kind("font-missing", "GP507", "warning", "a PDF font neither embedded nor installed: some of its characters "
         "may be missing", "parse"),
    Kind("missing-doc-number", "GP601", "warning", "a notice has no 文号", "check"),
    Kind("missing-date", "GP602", "warning", "a notice has no signed date", "check"),
    Kind("page-cruft", None, "info", "web page cruft (menus, bylines, pagers) left out of the text", "parse"),
    Kind("unplaced-text", None, "info", "text before the first document, read for metadata only", "parse"),
    Kind("empty-input", None, "warning", "the input holds no text", "parse"),
    Kind("long-line", None, "warning", "a line so long that its line breaks were probably lost", "parse"),
    Kind("no-headings", None, "info", "a document with body text but no headings", "parse"),
    Kind("correction-applied", None, "info", "a reviewer's correction (--corrections) was applied", "parse"),
    Kind("correction-stale", None, "warning", "a correction whose line no longer says what it said, or whose task "
         "or line is gone: not applied", "parse"),
    Kind("reader-note", None, "info", "the library that read the file warned of something (openpyxl, pypdfium2)",
         "parse"),
)

BY_NAME: dict[str, Kind] = {k.name: k for k in REGISTRY}
BY_CODE: dict[str, Kind] = {k.code: k for k in REGISTRY if k.code}
NAMES = tuple(k.name for k in REGISTRY)
