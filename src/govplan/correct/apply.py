"""Corrections applied to a parse: a line a reviewer said is (not) a heading goes to the outline
stage as a decision (``heading_decisions``); a task's units and deadline replace the parser's
after assembly (``correct_tasks``).  Every correction names the line it was made on and what that
line said: it is applied where the line still says it (or, moved by an edit, at the one line that
does), else reported (``correction-stale``) and not applied."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from govplan.grammar.compiled import Grammar
from govplan.models import Deadline, Diagnostic, Document, ParseResult, Role, Section, UnitMention
from govplan.models.views import Correction, CorrectionsFile
from govplan.output.sections import every_section


def _same(a: str, b: str) -> bool:
    return a.strip() == b.strip()


@dataclass
class _Lines:
    """The rendering's lines, and (built on first need) where each text stands."""

    lines: list[str]
    _where: dict[str, list[int]] | None = None

    def locate(self, line: int, text: str) -> int | None:
        """``line`` when it still says ``text``; else the one line that does; else None."""
        if 0 < line <= len(self.lines) and _same(self.lines[line - 1], text):
            return line
        if self._where is None:
            self._where = {}
            for n, said in enumerate(self.lines, 1):
                self._where.setdefault(said.strip(), []).append(n)
        found = self._where.get(text.strip(), [])
        return found[0] if len(found) == 1 else None


def heading_decisions(text: str, corrections: CorrectionsFile) -> tuple[dict[int, bool], list[Diagnostic]]:
    """(line -> is a heading, the corrections that could not be placed) for the outline stage."""
    lines = _Lines(text.split("\n"))
    decided: dict[int, bool] = {}
    problems: list[Diagnostic] = []
    for c in corrections.corrections:
        if c.heading is None:
            continue
        at = lines.locate(c.line, c.text)
        if at is None:
            problems.append(_stale(c, f"line {c.line} no longer says {_short(c.text)!r}"))
        else:
            decided[at] = c.heading
    return decided, problems


def unplaced_decisions(decided: dict[int, bool], honoured: set[int]) -> list[Diagnostic]:
    """A decided line the heading trees never read (a title, header or closing line)."""
    return [Diagnostic.of("correction-stale", f"correction: line {n} is no body line of a document (a title, "
                          "header or closing line): not made a heading" if is_heading else
                          f"correction: line {n} is no body line of a document: nothing to undo", n)
            for n, is_heading in sorted(decided.items()) if n not in honoured]


def json_cannot_decide(corrections: CorrectionsFile) -> list[Diagnostic]:
    """Heading corrections given with parse JSON: the notice is not parsed again, so not applied."""
    return [_stale(c, "a heading is decided by parsing the notice again: give the notice, not its parse JSON")
            for c in corrections.corrections if c.heading is not None]


def applied_headings(decided: dict[int, bool], honoured: set[int]) -> list[Diagnostic]:
    return [Diagnostic.of("correction-applied", f"correction: line {n} read as {'a heading' if h else 'text'}", n)
            for n, h in sorted(decided.items()) if n in honoured]


@dataclass
class _Task:
    document: Document
    section: Section
    ordinal: int  # among the sections with the same id, 1…


@dataclass
class _Tasks:
    """Every section of a result by its task id (the ledger's, without a -N suffix)."""

    by_id: dict[str, list[_Task]] = field(default_factory=dict)

    @classmethod
    def of(cls, result: ParseResult) -> "_Tasks":
        from govplan.output.office import task_basis, task_id

        tasks = cls()
        for doc in result.documents:
            for s in every_section(doc.sections):
                found = tasks.by_id.setdefault(task_id(task_basis(s)), [])
                found.append(_Task(doc, s, len(found) + 1))
        return tasks

    def find(self, c: Correction) -> _Task | None:
        """The task the correction names, where its heading line still says what it said."""
        base, _, suffix = (c.task_id or "").partition("-")
        found = [t for t in self.by_id.get(base, []) if _same(heading_line(t.section), c.text)]
        if len(found) > 1:
            found = [t for t in found if t.section.line == c.line] or [
                t for t in found if str(t.ordinal) == (suffix or "1")]
        return found[0] if found else None


def correct_tasks(result: ParseResult, corrections: CorrectionsFile, grammar: Grammar) -> None:
    """The corrections of tasks' units and deadlines applied to ``result`` (its diagnostics say which)."""
    wanted = [c for c in corrections.corrections if c.task_id]
    if not wanted:
        return
    tasks, out = _Tasks.of(result), _to_output(result.output_script)
    for c in wanted:
        task = tasks.find(c)
        if task is None:
            result.diagnostics.append(_stale(c, f"task {c.task_id} at line {c.line} ({_short(c.text)!r}) "
                                                "is not in the notice as it reads now"))
            continue
        changed = _correct(task, c, grammar, out)
        result.diagnostics.append(Diagnostic.of(
            "correction-applied", f"correction: task {c.task_id}: {', '.join(changed) or 'nothing changed'}",
            task.section.line))


def _correct(task: _Task, c: Correction, grammar: Grammar, out: Callable[[str], str]) -> list[str]:
    from govplan.parse.extract.unitnames import unit_key
    from govplan.text.script import t2s

    s, changed = task.section, []
    roles: tuple[tuple[Role, list[str] | None], ...] = (("lead", c.lead_units), ("responsible", c.responsible_units))
    for role, given in roles:
        if given is None:
            continue
        names = list(dict.fromkeys(out(n.strip()) for n in given if n.strip()))
        setattr(s, f"{role}_units", names)
        s.units = [m for m in s.units if m.role != role] + [
            UnitMention(name=n, key=unit_key(t2s(n), grammar), role=role, line=s.line, how="correction")
            for n in names]
        changed.append(f"{'lead' if role == 'lead' else 'responsible'} units {'、'.join(names) or 'none'}")
    if c.deadline is not None:
        s.deadlines = _deadlines(c.deadline.strip(), s.line, task.document, grammar, out)
        changed.append(f"deadline {c.deadline.strip() or 'none'}")
    return changed


def _deadlines(written: str, line: int, doc: Document, grammar: Grammar,
               out: Callable[[str], str]) -> list[Deadline]:
    from govplan.parse.extract.deadlines import Reference, YearsBefore, read_time
    from govplan.text.script import t2s

    if not written:
        return []
    found = read_time(t2s(written), line, grammar, Reference(doc.reference_year, doc.issued, YearsBefore()))
    # one time: its wording is the reviewer's whole (2025年6月底前, with its 前)
    return [Deadline(text=out(written if len(found) == 1 else f.text), kind=f.kind, due=f.due,  # type: ignore[arg-type]
                     start=f.start, line=line, source="correction", label=None)
            for f in found]


def _to_output(script: str) -> Callable[[str], str]:
    from govplan.text.script import s2t, t2s

    return {"simplified": t2s, "traditional": s2t}.get(script, lambda s: s)


def heading_line(s: Section) -> str:
    """A section's first line as the file holds it: what a correction of its task names (the review
    page writes it, the task is found by it)."""
    return s.original_text.split("\n", 1)[0]


def _short(text: str) -> str:
    text = text.strip()
    return text if len(text) <= 24 else text[:23] + "…"


def _stale(c: Correction, why: str) -> Diagnostic:
    return Diagnostic.of("correction-stale", f"correction not applied: {why}", c.line)
