"""Stage 4b, extract deadlines: a heading's own text -> resolved deadlines.

Time points are found with the [[point]] patterns of grammars/deadlines.toml, two
points joined by a range connector become a range, and each is resolved to the
last day its wording allows.  In a labelled 时限 field every time counts (also a
bare month, 长期, 持续推进); in running text a time counts only when the wording
binds the task to it (8月底前完成, 于8月25日前, 到年底, 9月启动…).
"""
from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import Sequence

from govplan.grammar.compiled import Grammar
from govplan.openings import is_local, may_hold_a_match
from govplan.parse.extract.binding import SENTENCE_ENDS, bound, clause_of, listed_bound, year_cue
from govplan.parse.extract.years import YearsBefore, years_before
from govplan.parse.fields import Field
from govplan.parse.normalize import Line
from govplan.precompiled import escape, kept
from govplan.text.cache import Memo
from govplan.text.numerals import number, year_of
from govplan.text.punctuation import CLAUSE_SEPARATORS, TRIM, Paragraph, split_top_level

# distinct time windows whose points are remembered, each at most CACHED_CHARS long
POINT_CACHE = 50000
# what may stand around a time that is a paragraph of its own
CACHED_CHARS = 64


@dataclass
class Reference:
    """What a deadline without a year is resolved against."""

    year: int | None  # the document's (or its covering notice's) issued year
    issued: dt.date | None  # for the next-year rule
    fallback_years: YearsBefore  # line -> nearest year stated before that line


@dataclass(slots=True)
class Found:
    text: str
    kind: str
    due: dt.date | None
    start: dt.date | None
    line: int
    source: str
    label: str | None = None
    problem: str | None = None


@dataclass(slots=True)
class _Point:
    kind: str
    start: int
    end: int
    groups: dict
    explicit_year: int | None


class DeadlineGrammar:
    def __init__(self, grammar: Grammar):
        d = grammar.deadlines
        self.point = grammar.built("deadlines.point", d.point_alternation())
        self.kinds = {f"k{n}_{rule.kind}": rule.kind for n, rule in enumerate(d.point)}
        self.month_parts = d.month_parts
        self.year_parts = d.year_parts
        self.month_part_starts = d.month_part_starts
        self.year_part_starts = d.year_part_starts
        self.relative_years = d.relative_years
        self.windows = d.windows
        self._read_binding(grammar)
        conn = _alternation(d.range_connectors)
        start_words = _alternation(d.range_start_words)
        day = _alternation(d.day_suffixes)
        self.connector = kept(rf"^\s*(?:{conn})\s*(?:{start_words})?$")
        self.list_joiner = kept(rf"^\s*(?:{_alternation(d.list_joiners)})\s*$")
        self.bare_day = kept(rf"\s*(?:{conn})\s*(\d{{1,2}})\s*(?:{day})")
        # 2024年3-5月: a bare month number and a connector before a month point
        self.bare_month = kept(
            rf"(?:(?P<y>(?:19|20)\d{{2}})\s*年)?(?<!\d)(?P<m>1[0-2]|0?[1-9])\s*(?:{conn})\s*$")
        self.ongoing = kept(_alternation(d.ongoing))
        # (pattern, kind, characters one of which its matches hold: a text holding none is not searched)
        self.spans = [(grammar.rule(f"deadlines.{kind}"), kind, grammar.held_chars(getattr(d, kind)))
                      for kind in ("duration", "recurring")]
        self.quoted = [grammar.built("deadlines.quoted_spans", q) for q in d.quoted_spans]
        # runs of time characters first: the point patterns then run only where a time can be
        self.window = grammar.built("deadlines.time_chars", f"[{d.time_chars}]+")
        # the character before a window and the window -> its points; only the window's length counts
        self._windows = Memo(self._points_of_window, POINT_CACHE, CACHED_CHARS, length=lambda key: len(key[1]))
        self.time_word = grammar.rule("deadlines.time_words")
        # a text with no time word anywhere has none in any window (most paragraphs): not scanned
        self.time_word_local = is_local(self.time_word.pattern)
        # a year stated in the text (2024年, 2016环保局…), not a count (基站2000个)
        self.stated_year = grammar.built("deadlines.counters", rf"(?<!\d)((?:19|20)\d{{2}})(?!\d|\s*(?:{d.counters}))")

    def _read_binding(self, grammar: Grammar) -> None:
        """The [binding] words that tie a task to a time in running text, and the markers a clause opens after."""
        b = grammar.deadlines.binding
        self.after = tuple(sorted(b.after, key=len, reverse=True))
        self.before = tuple(sorted(b.before, key=len, reverse=True))
        self.verbs = tuple(sorted(b.verbs, key=len, reverse=True))
        self.blocked_after = tuple(b.blocked_after)
        self.blocked_before = tuple(b.blocked_before)
        self.blocked_clause = tuple(b.blocked_clause)
        self.blocked_sentence = tuple(b.blocked_sentence)
        self.year_before = tuple(b.year_before)
        # the heading markers of markers.toml: a paragraph's first clause opens after its marker
        self.opening_marker = grammar.built("markers.marker",
                                            "|".join(f"(?:{r.pattern})" for r in grammar.markers.marker))

    def past_fact(self, text: str, at: int) -> bool:
        """Does the clause, or the sentence, holding text[at] report a past fact or the end of a
        policy being replaced (原…, 已于…; 过去一年,…)?  Read after a heading's marker ((三)原办法…)."""
        within = self.windows.clause_chars
        clause = self._after_marker(clause_of(text, at, within))
        sentence = self._after_marker(clause_of(text, at, within, SENTENCE_ENDS))
        return clause.startswith(self.blocked_clause) or sentence.startswith(self.blocked_sentence)

    def _after_marker(self, clause: str) -> str:
        m = self.opening_marker.match(clause)
        return clause[m.end():].lstrip() if m else clause

    def points(self, text: str) -> list[_Point]:
        if self.time_word_local and not self.time_word.search(text):
            return []
        out = []
        for window in self.window.finditer(text):
            start, chunk = window.start(), window.group(0)
            if not self.time_word.search(chunk):
                continue
            # the same windows (2020年12月底) recur in every item: resolve each shape once;
            # the character before the window is part of the key, for the lookbehinds
            found = self._windows[(text[start - 1: start], chunk)]
            out += [_Point(k, start + a, start + b, g, y) for k, a, b, g, y in found]
        return out

    def _points_of_window(self, key: tuple[str, str]) -> list[tuple]:
        before, chunk = key
        return self._points_in(before + chunk, len(before))

    def _points_in(self, text: str, offset: int) -> list[tuple]:
        """(kind, start, end, groups, year) of the points in text[offset:], offsets from there."""
        out = []
        for m in self.point.finditer(text, offset):
            groups = {k: v for k, v in m.groupdict().items() if v is not None}
            # the group of the one kind that matched is among them (regex's lastgroup may name an inner one)
            kind = next(self.kinds[k] for k in groups if k in self.kinds)
            year = year_of(groups)
            if kind == "fiscal_year" and (year is None or int(groups["fy2"]) != (year + 1) % 100):
                continue  # 2022-24: two calendar years, not one fiscal year
            out.append((kind, m.start() - offset, m.end() - offset, groups, year))
        return out


# days in each month of a common year (the calendar module's own table; not imported for this alone)
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _last_day(year: int, month: int) -> int:
    """The number of days in ``month`` of ``year`` (Gregorian leap years, as calendar.monthrange)."""
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} is not 1-12")
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return _MONTH_DAYS[month - 1] + (month == 2 and leap)


def _alternation(words: list[str]) -> str:
    """Words as one regex alternation, longest first; one that never matches for none."""
    return "|".join(escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"


def _resolve(p: _Point, year: int, deadline_rules: DeadlineGrammar, first: bool = False) -> dt.date | None:
    """The last day the point allows (``first``: the first day, for the start of a range)."""
    g = p.groups
    try:
        if p.kind == "year":
            return dt.date(year, 1, 1) if first else dt.date(year, 12, 31)
        if p.kind == "fiscal_year":  # 1 April to 31 March of the next year
            return dt.date(year, 4, 1) if first else dt.date(year + 1, 3, 31)
        if p.kind == "year_part":
            starts = deadline_rules.year_part_starts
            table = starts if first and g["ypart"] in starts else deadline_rules.year_parts
            on_month, on_day = table[g["ypart"]].split("-")
            return dt.date(year, int(on_month), int(on_day))
        if p.kind == "quarter":
            q = number(g["q"]) or 0
            if not 1 <= q <= 4:
                return None
            return dt.date(year, q * 3 - 2, 1) if first else dt.date(year, q * 3, _last_day(year, q * 3))
        month = number(g.get("m"))
        if not month or not 1 <= month <= 12:
            return None
        if p.kind == "day":
            return dt.date(year, month, number(g["d"]) or 0)
        if p.kind == "month_part":
            starts = deadline_rules.month_part_starts
            table = starts if first and g["mpart"] in starts else deadline_rules.month_parts
            part = table[g["mpart"]]
            return dt.date(year, month, _last_day(year, month) if part == "end" else int(part))
        return dt.date(year, month, 1 if first else _last_day(year, month))  # a bare month
    except (ValueError, KeyError):
        return None


def _relative_year(p: _Point, ref_year: int | None, deadline_rules: DeadlineGrammar) -> int | None:
    rel = p.groups.get("yrel")
    if rel is None or ref_year is None:
        return None
    return ref_year + deadline_rules.relative_years[rel]


class _StatedYears:
    """The years stated in one paragraph, found once however many fields it holds."""

    def __init__(self, deadline_rules: DeadlineGrammar, paragraph: Paragraph):
        self.deadline_rules, self.paragraph = deadline_rules, paragraph
        self._years: list[tuple[int, int]] | None = None  # (end offset, year)

    def before(self, offset: int) -> int | None:
        if self._years is None:
            stated = self.deadline_rules.stated_year.finditer(self.paragraph.text)
            self._years = [(m.end(), int(m.group(1))) for m in stated]
        i = bisect.bisect_right(self._years, (offset, 0)) - 1
        return self._years[i][1] if i >= 0 else None


class _Resolver:
    def __init__(self, deadline_rules: DeadlineGrammar, ref: Reference, stated: _StatedYears, offset: int):
        self.deadline_rules, self.ref, self.stated, self.offset = deadline_rules, ref, stated, offset
        self.paragraph = stated.paragraph

    def year_for(self, p: _Point, partner_year: int | None = None) -> tuple[int | None, bool]:
        """(year, implied) for a point: stated, relative, a range partner's, or the reference."""
        if p.explicit_year:
            return p.explicit_year, False
        rel = _relative_year(p, self.ref.year or self.nearest_year(p.start), self.deadline_rules)
        if rel:
            return rel, False
        if partner_year:
            return partner_year, False
        if self.ref.year:
            return self.ref.year, True
        return self.nearest_year(p.start), False

    def nearest_year(self, offset: int) -> int | None:
        # a year stated earlier in this paragraph, else on a line before it
        year = self.stated.before(self.offset + offset)
        return year if year is not None else self.ref.fallback_years.get(self.paragraph.start)

    def date(self, p: _Point, partner_year: int | None = None, first: bool = False) -> dt.date | None:
        year, implied = self.year_for(p, partner_year)
        if year is None:
            return None
        due = _resolve(p, year, self.deadline_rules, first)
        issued = self.ref.issued
        if due and implied and issued and due < _month_before(issued):
            due = _resolve(p, year + 1, self.deadline_rules, first)
        return due


def _month_before(d: dt.date) -> dt.date:
    """The same day a month earlier (the last day of that month when it is shorter)."""
    year, month = (d.year, d.month - 1) if d.month > 1 else (d.year - 1, 12)
    if year < dt.MINYEAR:
        return dt.date.min
    return dt.date(year, month, min(d.day, _last_day(year, month)))


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Spans blanked out (U+3000), the offsets of the rest kept; spans may overlap."""
    out, at = [], 0
    for s, e in sorted(spans):
        if e <= at:
            continue
        s = max(s, at)
        out += [text[at:s], "\u3000" * (e - s)]
        at = e
    out.append(text[at:])
    return "".join(out)


def _pair(points: list[_Point], text: str, deadline_rules: DeadlineGrammar):
    """Yield (point, end point or None, text span) with ranges joined."""
    i = 0
    while i < len(points):
        p = points[i]
        if i + 1 < len(points) and deadline_rules.connector.match(text[p.end: points[i + 1].start]):
            q = points[i + 1]
            yield p, q, (p.start, q.end)
            i += 2
            continue
        lookback = max(0, p.start - deadline_rules.windows.range_lookback_chars)
        lead = deadline_rules.bare_month.search(text, lookback, p.start) \
            if p.kind in ("month", "month_part") else None
        if lead:  # 3-5月: the start keeps the end's year, or gives its own to the end
            year = int(lead.group("y")) if lead.group("y") else None
            start = _Point("month", lead.start(), lead.end(), {"m": lead.group("m")}, year)
            end = p if p.explicit_year or year is None else _Point(p.kind, p.start, p.end, p.groups, year)
            yield start, end, (lead.start(), p.end)
            i += 1
            continue
        day = deadline_rules.bare_day.match(text, p.end) if p.kind == "day" else None
        if day:  # 3月1日至15日: the end keeps the start's month
            groups = dict(p.groups, d=day.group(1))
            q = _Point("day", day.start(1), day.end(), groups, p.explicit_year)
            yield p, q, (p.start, day.end())
        else:
            yield p, None, (p.start, p.end)
        i += 1


def _from_text(text: str, stated: _StatedYears, offset: int, deadline_rules: DeadlineGrammar,
               ref: Reference, source: str, label: str | None, inline: bool) -> list[Found]:
    points = deadline_rules.points(text)
    found = _dated(text, points, stated, offset, deadline_rules, ref, source, label, inline) if points else []
    paragraph = stated.paragraph
    for pattern, kind, held in deadline_rules.spans:
        if not may_hold_a_match(text, held):
            continue
        for m in pattern.finditer(text):
            found.append(Found(m.group(0), kind, None, None, paragraph.line_at(offset + m.start()),
                               source, label))
    return found


def _dated(text: str, points: list[_Point], stated: _StatedYears, offset: int, deadline_rules: DeadlineGrammar,
           ref: Reference, source: str, label: str | None, inline: bool) -> list[Found]:
    """The dates and ranges of a text's time points (most texts have none: not called then)."""
    res = _Resolver(deadline_rules, ref, stated, offset)
    paragraph = stated.paragraph
    found: list[Found] = []
    pairs = list(_pair(points, text, deadline_rules))
    listed = listed_bound(pairs, text, deadline_rules) if inline else set()
    for n, (p, q, (s, e)) in enumerate(pairs):
        if inline and deadline_rules.past_fact(text, s):
            continue  # a past fact, or the end of a policy being replaced (原…实施至…)
        line = paragraph.line_at(offset + s)
        if q is not None:
            if inline and not bound(text, s, e, deadline_rules)[0]:
                continue
            start = res.date(p, first=True)
            due = res.date(q, partner_year=start.year if start else None)
            if start and due and due < start:
                due = None
            found.append(Found(text[s:e], "range", due, start, line, source, label,
                               None if due else "range end not resolved"))
            continue
        if inline and n not in listed:
            ok, s, e = bound(text, s, e, deadline_rules)
            if not ok or p.kind == "year" and not year_cue(text, p, deadline_rules):
                continue
        if p.kind == "fiscal_year":  # one point that is a range of its own
            found.append(Found(text[s:e], "range", res.date(p), res.date(p, first=True), line, source, label))
            continue
        due = res.date(p)
        found.append(Found(text[s:e], "date", due, None, line, source, label,
                           None if due else "no year to resolve it against"))
    return found


def _from_field(f: Field, stated: _StatedYears, deadline_rules: DeadlineGrammar, ref: Reference) -> list[Found]:
    found = _from_text(f.value, stated, f.start, deadline_rules, ref, "field", f.label, inline=False)
    if not any(x.kind in ("date", "range") for x in found):
        m = deadline_rules.ongoing.search(f.value)
        if m:
            found.append(Found(m.group(0), "ongoing", None, None, f.line, "field", f.label))
    if not found and f.value:
        found.append(Found(f.value, "date", None, None, f.line, "field", f.label,
                           "no date in this time-limit field"))
    return found


def extract_deadlines(paragraphs: list[Paragraph], fields: list[Field], grammar: Grammar,
                      ref: Reference) -> list[Found]:
    """Deadlines in a heading's own text: its 时限 fields, then its running text."""
    deadline_rules = grammar.compiled("deadlines", DeadlineGrammar)
    found: list[Found] = []
    masked: dict[int, list[tuple[int, int]]] = {}
    stated = {id(p): _StatedYears(deadline_rules, p) for p in paragraphs}
    for f in fields:
        masked.setdefault(id(f.paragraph), []).append((f.start, f.start + len(f.value)))
        if f.role == "deadline":
            years = stated.get(id(f.paragraph)) or _StatedYears(deadline_rules, f.paragraph)
            found += _from_field(f, years, deadline_rules, ref)
    for paragraph in paragraphs:
        text = paragraph.text
        spans = list(masked.get(id(paragraph), []))
        for q in deadline_rules.quoted:
            spans += [(m.start(), m.end()) for m in q.finditer(text)]
        text = _mask(text, spans) if spans else text
        found += _from_text(text, stated[id(paragraph)], 0, deadline_rules, ref, "inline", None, inline=True)
        if not any(x.kind in ("date", "range", "ongoing") for x in found):
            found += _times_in_brackets(paragraph, stated[id(paragraph)], deadline_rules, ref)
    return _dedupe(found)


def _times_in_brackets(paragraph: Paragraph, stated: _StatedYears, deadline_rules: DeadlineGrammar,
                       ref: Reference) -> list[Found]:
    """(市数据局牵头,持续推进) / (A、B牵头,2025年下半年): a clause of an annotation bracket that
    is a time statement alone is the item's deadline (guide section 5), as in a 时限 field; the
    bracket must hold another clause (its units), so that a title's (2021—2025年) gives none.  A
    bracket that holds an ongoing word alone ((长期), a stage's time) is an ongoing deadline."""
    text, out = paragraph.text, []
    for start, end in paragraph.bracket_groups():
        offset = start + 1
        clauses = [(c.strip(TRIM), c) for c, _ in split_top_level(text[offset: end - 1], CLAUSE_SEPARATORS)]
        alone = [w for w, _ in clauses if w]
        if len(alone) == 1 and deadline_rules.ongoing.fullmatch(alone[0]):
            out.append(Found(alone[0], "ongoing", None, None, paragraph.line_at(start), "inline"))
        if len(alone) < 2:
            continue
        at = offset
        for words, clause in clauses:
            value = words.split(":")[-1]
            if value and deadline_rules.ongoing.fullmatch(value):
                out.append(Found(words, "ongoing", None, None, paragraph.line_at(start), "inline"))
            elif value:
                times = _from_text(value, stated, at + clause.find(value), deadline_rules, ref, "inline", None,
                                   inline=False)
                dated = [f for f in times if f.kind in ("date", "range") and len(f.text) >= len(value) - 1]
                out += dated[:1]
            at += len(clause) + 1
    return out[:1]


def _dedupe(found: list[Found]) -> list[Found]:
    seen, out = set(), []
    for f in found:
        key = (f.kind, f.due, f.start, f.text, f.line)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def stated_years(lines: Sequence[Line], grammar: Grammar) -> YearsBefore:
    """For each text line, the last year stated on any line before it (``years.years_before``)."""
    return years_before(lines, grammar.compiled("deadlines", DeadlineGrammar).stated_year)


def read_time(text: str, line: int, grammar: Grammar, ref: Reference) -> list[Found]:
    """A time as a person wrote it (a reviewer's correction, in simplified characters): read as the
    value of a 时限 field on ``line``."""
    paragraph = Paragraph([Line(line, text, text, text)])
    deadline_rules = grammar.compiled("deadlines", DeadlineGrammar)
    value = Field("correction", "deadline", text, 0, paragraph)
    return _from_field(value, _StatedYears(deadline_rules, paragraph), deadline_rules, ref)
