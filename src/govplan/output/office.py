"""The office's ledger (任务台账): one row per task in the columns a supervision office tracks
work with (models.OfficeRow), each task with an id that survives a re-parse.

Task ids.  A task is known by its own words, not by its place: the id is a hash of the task's
title (its first sentence, the heading text) with every marker, bracket annotation, deadline
wording, unit name, digit and punctuation taken out, and in simplified characters.  So the id
stays when the notice is renumbered, edited elsewhere, given a new deadline or other units, or
read from another format or script; it changes when the task's own title is reworded.  A title
too short to tell tasks apart (under MIN_ID_CHARS characters) adds the task's text; two tasks of
one ledger with the same words get -2, -3 … in their order.
"""
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterator

import regex

from govplan.grammar.compiled import Grammar
from govplan.models import ParseResult, Section
from govplan.models.views import OfficeRow
from govplan.output.sections import every_section, file_label, is_task, latest_due
from govplan.text.punctuation import PRINTED_BRACKETS, bracket_groups

# the fewest characters of a title that name a task by themselves (else its text is added)
MIN_ID_CHARS = 6
# what a clerk can choose in the status column (the first is a new task's)
STATUSES = ("未开始", "推进中", "已完成", "滞后")
# why a task has no 截止日期, by the kind of its time wording (written in the 备注 column)
NO_DATE_REASONS = {
    "recurring": "周期性任务，无单一截止日期",
    "ongoing": "持续性任务，无截止日期",
    "duration": "期限按时长计，无截止日期",
    "undated": "时限未写年份，无法定日（--year 或 --reference-date 可给出年份）",
}
# a task table's columns named as one of the ledger's own fill it (具体措施, 责任领导, 进展情况, 备注)
_OWN_COLUMNS = {OfficeRow.model_fields[name].title or name: name
                for name in ("measure", "leaders", "progress", "notes")}
_KEEP = regex.compile(r"[\p{Han}A-Za-z]+")


@dataclass(frozen=True)
class _Words:
    """What the ledger reads from the grammar: a line that is an annotation (牵头单位:…), and
    the words that follow a time point as part of it (前, 之前, 为止: deadlines.toml binding.after)."""

    is_annotation: Callable[[str], bool]
    after: tuple[str, ...]


def _words(grammar: Grammar) -> _Words:
    from govplan.parse.fields import field_grammar

    return _Words(field_grammar(grammar).is_annotation,
                  tuple(sorted(grammar.deadlines.binding.after, key=len, reverse=True)))


def office_rows(result: ParseResult, grammar: Grammar, all_sections: bool = False) -> list[OfficeRow]:
    """The ledger's rows of one parse result, one a task, numbered 1…N, with their ids."""
    words = grammar.compiled("ledger_words", _words)
    pairs: list[tuple[OfficeRow, Section]] = []
    for parent, s in _tasks(result, all_sections):
        deadline, reason = _time_as_written(s, words.after)
        due = latest_due(s)
        pairs.append((OfficeRow(
            number=0, category=_heading(parent) if parent else "", task=s.title,
            measure=_measure(s, words), leaders="、".join(s.leaders), lead_units="、".join(s.lead_units),
            responsible_units="、".join(s.responsible_units), deadline=deadline, due=due,
            notes=reason if due is None else "", status=STATUSES[0], task_id="",
            file=file_label(result), path=s.path, line=s.line, locator=s.locator), s))
    for row, s in pairs:
        if s.table_cells:
            _carry_columns(row, s, words)
    pairs = merge_repeats(pairs, _body_items(result, words))
    for n, (row, _) in enumerate(pairs, 1):
        row.number = n
    return with_ids([row for row, _ in pairs], [s for _, s in pairs])


def _carry_columns(row: OfficeRow, s: Section, words: _Words) -> None:
    """A task table's cells by their column's name: a column named as one of the ledger's own
    (具体措施, 进展情况, 备注 …) fills it, any other is carried under its own name; the number,
    the task and cells that only repeat units, leaders or the time (their columns) are not."""
    named = [*s.lead_units, *s.responsible_units, *s.leaders, *(d.text for d in s.deadlines)]
    row.measure = ""
    for cell in s.table_cells:
        column = "".join(cell.column.split())
        if column in _OWN_COLUMNS and cell.text and not getattr(row, _OWN_COLUMNS[column]):
            setattr(row, _OWN_COLUMNS[column], cell.text)
        elif _says_more(cell.text, [s.title, s.marker, *named], words):  # (一、做好…。 is the task again)
            row.columns[column] = cell.text


def _body_items(result: ParseResult, words: _Words) -> list[tuple[OfficeRow, Section]]:
    """Every heading of the body (not a task table's row), as a row, whether it assigns work or
    not: what a task table's rows are matched with."""
    return [(OfficeRow(number=0, category=_heading(parent) if parent else "", task=s.title,
                       measure=_measure(s, words), task_id=""), s)
            for parent, s in _tasks(result, True) if s.style != "table_row"]


def merge_repeats(pairs: list[tuple[OfficeRow, Section]],
                  body: list[tuple[OfficeRow, Section]]) -> list[tuple[OfficeRow, Section]]:
    """One row a task: a body item whose task a task table's rows repeat (a plan and its attached
    任务分工表) gives way to those rows, which carry the measures and units; each of them takes the
    item's category, the units it names and its time when the row states none.  They match when
    their titles have the same words (task_words: no marker, punctuation, units or digits), or the
    item's title, of MIN_ID_CHARS characters at least, begins the row's task cell.  A heading of
    the body that assigns no work gives the rows its category alone.  (Looked up by the row's
    words and their beginnings, a length of a body title each: never every row against every item.)"""
    tasks = {id(s): row for row, s in pairs if s.style != "table_row"}
    by_words: dict[str, list[tuple[OfficeRow, Section]]] = {}
    for row, s in body:
        by_words.setdefault(task_words(s, s.title), []).append((tasks.get(id(s), row), s))
    lengths = sorted({len(key) for key in by_words if len(key) >= MIN_ID_CHARS})
    replaced: set[int] = set()
    for row, s in pairs:
        if s.style != "table_row":
            continue
        words = task_words(s, s.title)
        found = by_words.get(words) or [item for n in lengths if n < len(words) for item in by_words.get(words[:n], ())]
        if len(found) == 1:
            item, item_section = found[0]
            _take_from_item(row, item)
            replaced.add(id(item_section))
    return [(row, s) for row, s in pairs if id(s) not in replaced]


def _take_from_item(row: OfficeRow, item: OfficeRow) -> None:
    row.category = row.category or item.category or item.task
    for name in ("lead_units", "responsible_units", "leaders"):
        mine = getattr(row, name).split("、") if getattr(row, name) else []
        setattr(row, name, "、".join(mine + [u for u in getattr(item, name).split("、") if u and u not in mine]))
    if not row.deadline:
        row.deadline, row.due, row.notes = item.deadline, item.due, item.notes or row.notes
    if not row.measure and not row.columns:  # (a row with columns of its own says its measures there)
        row.measure = item.measure


def _tasks(result: ParseResult, all_sections: bool) -> Iterator[tuple[Section | None, Section]]:
    """(parent, section) of every task, in document order."""
    def walk(parent: Section | None, sections: list[Section]) -> Iterator[tuple[Section | None, Section]]:
        for s in sections:
            if all_sections or is_task(s):
                yield parent, s
            yield from walk(s, s.children)

    for doc in result.documents:
        yield from walk(None, doc.sections)


def _heading(section: Section) -> str:
    """A category as the notice prints it: marker and title (一、提升政务服务效能)."""
    return f"{section.marker}{section.title}"


def _measure(s: Section, words: _Words) -> str:
    """The item's text without its marker, its title, its bracket annotations (a bracket that
    names one of its units, leaders or deadlines, or holds a label) and its annotation lines; a
    task table row's text cells other than its number, task and role cells."""
    named = [*s.lead_units, *s.responsible_units, *s.leaders, *(d.text for d in s.deadlines)]
    if s.style == "table_row":
        cells = [c.strip() for c in regex.split(r"\t| \| ", s.text.strip().strip("|"))]
        return "；".join(c for c in cells[1:] if c != s.title and _says_more(c, named, words))
    lines = []
    for n, line in enumerate(s.text.split("\n")):
        if n == 0:
            line = line.removeprefix(s.marker).lstrip().removeprefix(s.title).lstrip("。.:：;；,， \u3000")
        if n > 0 and words.is_annotation(line):
            continue
        for start, end in reversed(bracket_groups(line, PRINTED_BRACKETS, open_to_end=True)):
            if _is_annotation(line[start:end], named, words.is_annotation):
                line = line[:start] + line[end:]
        lines.append(line.strip())
    return "\n".join(line for line in lines if regex.search(r"[\p{L}\p{N}]", line))  # never a lone 。


def _says_more(cell: str, named: list[str], words: _Words) -> bool:
    """A cell that holds more than the units, leaders and times already in their columns (and
    more than a / or -)."""
    for name in sorted(named, key=len, reverse=True):
        if name:
            cell = cell.replace(name, "")
    rest = "".join(regex.findall(r"[\p{L}\p{N}]+", cell))
    return bool(rest) and rest not in words.after  # (2025年12月底前: the time and its 前)


def _is_annotation(bracket: str, named: list[str], is_annotation: Callable[[str], bool]) -> bool:
    inner = bracket[1:-1]
    return is_annotation(inner) or any(name and name in inner for name in named)


def _time_as_written(s: Section, after_words: tuple[str, ...]) -> tuple[str, str]:
    """(完成时限 as the notice words it, the reason there is no date when there is none)."""
    written: list[str] = []
    for d in s.deadlines:
        text = d.text
        at = s.text.find(text)
        if at >= 0:
            text += next((w for w in after_words if s.text.startswith(w, at + len(text))), "")
        if text not in written:
            written.append(text)
    kinds = {d.kind for d in s.deadlines}
    if any(d.kind in ("date", "range") and d.due is None for d in s.deadlines):
        reason = NO_DATE_REASONS["undated"]
    else:
        reason = next((NO_DATE_REASONS[k] for k in ("recurring", "ongoing", "duration") if k in kinds), "")
    return "；".join(written), reason


def task_words(s: Section, text: str) -> str:
    """The words of ``text`` a task is known by: no bracket, unit name, leader, deadline wording,
    digit or punctuation; width folded, in simplified characters."""
    from govplan.text.script import t2s

    for name in sorted({*s.lead_units, *s.responsible_units, *s.leaders, *(d.text for d in s.deadlines)},
                       key=len, reverse=True):
        if name:
            text = text.replace(name, "")
    for start, end in reversed(bracket_groups(text, PRINTED_BRACKETS, open_to_end=True)):
        text = text[:start] + text[end:]
    return "".join(_KEEP.findall(t2s(unicodedata.normalize("NFKC", text))))


def task_basis(s: Section) -> str:
    """The words a task is known by (see the module's docstring)."""
    title = task_words(s, s.title)
    return title if len(title) >= MIN_ID_CHARS else title + task_words(s, s.text.removeprefix(s.marker))


def task_id(basis: str) -> str:
    return "T" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:6].upper()


def with_ids(rows: list[OfficeRow], sections: list[Section]) -> list[OfficeRow]:
    """Each row with its task id; repeats of the same words numbered -2, -3 …"""
    seen: dict[str, int] = {}
    for row, s in zip(rows, sections):
        base = task_id(task_basis(s))
        seen[base] = seen.get(base, 0) + 1
        row.task_id = base if seen[base] == 1 else f"{base}-{seen[base]}"
    return rows


def by_unit(rows: list[OfficeRow]) -> list[tuple[str, list[OfficeRow]]]:
    """(unit, its tasks) for every lead or responsible unit, most tasks first: the lists an office
    sends each unit."""
    found: dict[str, list[OfficeRow]] = {}
    for row in rows:
        for unit in [*row.lead_units.split("、"), *row.responsible_units.split("、")]:
            if unit and row not in found.setdefault(unit, []):
                found[unit].append(row)
    return sorted(found.items(), key=lambda item: (-len(item[1]), item[0]))


def why_no_tasks(result: ParseResult) -> str:
    """Why a parse gives no task: the likeliest reason, for the one-line warning of table and check."""
    sections = [s for doc in result.documents for s in every_section(doc.sections)]
    if not any(doc.sections or doc.preface for doc in result.documents):
        return "no text to read (an empty file, or a scan printed without a text layer?)"
    if not sections:
        return ("no heading found (a layout govplan does not read yet; a table printed from a PDF as loose text?)"
                if result.source.format == "pdf" else "no heading found: the text has no numbered items or task table")
    return f"none of its {len(sections)} headings names a unit or a deadline"
