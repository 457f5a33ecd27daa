"""govplan compare UPPER LOWER: which tasks of LOWER implement each task of UPPER (对标对表).

A task is a section with its own text: one without sub-items, one that assigns work, or one
whose text goes on past its title (table rows are sections too).  Every pair of an UPPER and
a LOWER task is scored (``similarity.Corpus``); a pair aligns when its score reaches
``match_min`` and ``relative`` times the best score of either task, so that one task may be
split into several or several merged into one, while a weak pair beside a strong one is
dropped.  An UPPER task with matches is covered when they hold the ``covered`` share of its
term weight (or are a near-copy), partial otherwise; one without is missing.  LOWER's tasks
without a match are local additions.  Every threshold is in grammars/compare.toml.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from govplan.compare.similarity import HAN, Corpus, Cutter, strip_annotations
from govplan.grammar.compiled import Grammar
from govplan.models import Document, ParseResult, Section
from govplan.models.compare import (
    CompareFlag,
    CompareMatch,
    CompareResult,
    CompareSide,
    CompareStatus,
    CompareTask,
    LocalTask,
)
from govplan.output.sections import every_section, is_task, latest_due


@dataclass
class Task:
    section: Section
    text: str  # what it asks, without units, deadlines and labels
    due: dt.date | None

    @property
    def units(self) -> list[str]:
        return self.section.lead_units + self.section.responsible_units


def tasks_of(documents: list[Document], grammar: Grammar) -> list[Task]:
    """The tasks of a parse's documents, in order."""
    body_chars = grammar.compare.settings.task_body_chars
    found = []
    for doc in documents:
        for s in every_section(doc.sections):
            removed = [u.name for u in s.units] + [d.text for d in s.deadlines]
            text = strip_annotations(s.text, removed + [s.marker], grammar)
            rest = text.split(s.title, 1)[-1] if s.title else text
            if s.children and not is_task(s) and len(HAN.findall(rest)) < body_chars:
                continue  # a heading that only groups its items
            found.append(Task(s, text, latest_due(s)))
    return found


def compare(upper: ParseResult, lower: ParseResult, grammar: Grammar, cutter: Cutter | None = None) -> CompareResult:
    """UPPER's tasks, each with the tasks of LOWER that implement it, and LOWER's local additions;
    ``cutter`` segments the texts (default: here, ``similarity.cut_texts``)."""
    from govplan.version import __version__

    ups, lows = tasks_of(upper.documents, grammar), tasks_of(lower.documents, grammar)
    corpus = Corpus([t.text for t in ups] + [t.text for t in lows], grammar, cutter)
    by_upper: dict[int, list[tuple[int, float]]] = {}
    for (i, j), score in sorted(align(corpus, len(ups), len(lows), grammar).items()):
        by_upper.setdefault(i, []).append((j, score))  # LOWER indices ascending: document order
    settings = grammar.compare.settings
    tasks: list[CompareTask] = []
    matched: set[int] = set()
    for i, task in enumerate(ups):
        mine = by_upper.get(i, [])
        matched.update(j for j, _ in mine)
        coverage = round(corpus.coverage(i, [len(ups) + j for j, _ in mine]), 3)
        best = max((score for _, score in mine), default=0.0)
        status: CompareStatus = ("missing" if not mine else "covered" if max(coverage, best) >= settings.covered
                                 else "partial")
        matches = [_match(lows[j], score) for j, score in mine]
        flags, notes = _flags(task, [lows[j] for j, _ in mine], grammar)
        s = task.section
        tasks.append(CompareTask(line=s.line, path=s.path, title=s.title, lead_units=s.lead_units, due=task.due,
                                 status=status, coverage=coverage, matches=matches, flags=flags, notes=notes))
    local = [LocalTask(line=t.section.line, path=t.section.path, title=t.section.title,
                       lead_units=t.section.lead_units, due=t.due) for j, t in enumerate(lows) if j not in matched]
    return CompareResult(govplan_version=__version__, segmenter=corpus.segmenter,
                         upper=_side(upper, len(ups)), lower=_side(lower, len(lows)),
                         tasks=tasks, local=local, summary=_summary(tasks, local))


def align(corpus: Corpus, n_upper: int, n_lower: int, grammar: Grammar) -> dict[tuple[int, int], float]:
    """(UPPER index, LOWER index) -> score of every aligned pair."""
    settings = grammar.compare.settings
    pairs = corpus.candidates(range(n_upper), range(n_upper, n_upper + n_lower), settings.max_pairs,
                              settings.candidate_terms, settings.posting_cap)
    scores = {(i, j - n_upper): corpus.score(i, j) for i, j in pairs}
    best_upper, best_lower = [0.0] * n_upper, [0.0] * n_lower
    for (i, j), score in scores.items():
        best_upper[i], best_lower[j] = max(best_upper[i], score), max(best_lower[j], score)
    return {(i, j): s for (i, j), s in scores.items()
            if s >= settings.match_min and s >= settings.relative * max(best_upper[i], best_lower[j])}


def duplicates(tasks: list[Task], grammar: Grammar) -> list[tuple[Task, Task, float]]:
    """Pairs of tasks of one plan that say nearly the same thing (a drafting slip): (earlier,
    later, score); an item and the items under it are not compared."""
    settings = grammar.compare.settings
    kept = [t for t in tasks if len(HAN.findall(t.text)) >= settings.duplicate_min_chars]
    if len(kept) < 2:
        return []
    corpus = Corpus([t.text for t in kept], grammar)
    found = []
    indices = range(len(kept))
    for i, j in corpus.candidates(indices, indices, settings.max_pairs, settings.candidate_terms,
                                  settings.posting_cap):
        if i >= j or _nested(kept[i].section, kept[j].section):
            continue
        score = corpus.score(i, j)
        if score >= settings.duplicate_min:
            found.append((kept[i], kept[j], score))
    return found


def _nested(a: Section, b: Section) -> bool:
    return b.path.startswith(a.path + "/") or a.path.startswith(b.path + "/")


def _match(task: Task, score: float) -> CompareMatch:
    s = task.section
    return CompareMatch(line=s.line, path=s.path, title=s.title, score=score, lead_units=s.lead_units, due=task.due)


def _flags(task: Task, matches: list[Task], grammar: Grammar) -> tuple[list[CompareFlag], list[str]]:
    if not matches:
        return [], []
    flags: list[CompareFlag] = []
    notes: list[str] = []
    late = [m for m in matches if task.due and m.due and m.due > task.due]
    if late:
        flags.append("late")
        notes.append("; ".join(f"line {m.section.line} due {m.due} after {task.due}" for m in late))
    if not any(m.section.lead_units for m in matches):
        flags.append("unassigned")
        named = sorted({u for m in matches for u in m.section.responsible_units})
        notes.append("no lead unit named" + (f" (责任单位 only: {'、'.join(named)})" if named else ""))
    kinds = {kind for m in matches for u in m.units for kind in _kinds(u, grammar)}
    absent = [u for u in task.section.lead_units if _is_upper_level(u, grammar) and not _kinds(u, grammar) & kinds]
    if absent:
        flags.append("counterpart")
        notes.append(f"no local counterpart of {'、'.join(absent)} named")
    changed = _target_changes(task, matches, grammar)
    if changed:
        flags.append("target")
        notes.append("; ".join(changed))
    return flags, notes


def _figures(text: str, grammar: Grammar) -> dict[str, set[str]]:
    """A task's target figures by measure: {'%': {'7'}, '个': {'500'}}."""
    from govplan.text.script import fold_width

    found: dict[str, set[str]] = {}
    for m in grammar.rule("compare.target").finditer(fold_width(text)):  # (the output keeps ％ as printed)
        found.setdefault(m.group("unit"), set()).add(m.group("value"))
    return found


def _target_changes(task: Task, matches: list[Task], grammar: Grammar) -> list[str]:
    """Figures of one measure that differ between the task and its matches (增长7% → 增长6%): a
    measure the matches state only in other values."""
    upper = _figures(task.section.text, grammar)
    said = []
    for m in matches:
        lower = _figures(m.section.text, grammar)
        for unit, values in upper.items():
            if unit in lower and not values & lower[unit]:
                said.append(f"line {m.section.line}: {'、'.join(sorted(values))}{unit} → "
                            f"{'、'.join(sorted(lower[unit]))}{unit}")
    return said


def _is_upper_level(unit: str, grammar: Grammar) -> bool:
    rules = grammar.compare.counterpart
    return unit.startswith(tuple(rules.upper_prefixes)) or unit.endswith(tuple(rules.national_suffixes))


def _kinds(unit: str, grammar: Grammar) -> set[str]:
    """What a unit does, without its place or level, its ending folded (部/厅/局 alike):
    the name as it is and with a level prefix removed, since 市场监管局 begins with 市."""
    rules = grammar.compare.counterpart
    prefix = grammar.compiled("compare.level_prefix", lambda g: g.pattern(rules.level_prefix, "compare.toml"))
    for spellings in rules.abbreviations:
        short = next((a for a in spellings[1:] if a in unit), None)
        if short and spellings[0] not in unit:
            unit = unit.replace(short, spellings[0], 1)
            break
    forms = {unit}
    stripped = prefix.sub("", unit, count=1)
    if len(stripped) >= 2:
        forms.add(stripped)
    folded = set()
    for form in forms:
        for group in rules.same_kind:
            ending = next((e for e in group if form.endswith(e)), None)
            if ending:
                form = form[: -len(ending)] + group[-1]
                break
        folded.add(form)
    return folded


def _side(result: ParseResult, count: int) -> CompareSide:
    title = next((d.title for d in result.documents if d.kind == "plan" and d.title),
                 next((d.title for d in result.documents if d.title), None))
    return CompareSide(path=result.source.path, sha256=result.source.sha256, title=title, tasks=count)


def _summary(tasks: list[CompareTask], local: list[LocalTask]) -> dict[str, int]:
    summary = {status: sum(t.status == status for t in tasks) for status in ("covered", "partial", "missing")}
    flags = ("late", "unassigned", "counterpart", "target")
    summary.update({flag: sum(flag in t.flags for t in tasks) for flag in flags})
    summary["local"] = len(local)
    return summary
