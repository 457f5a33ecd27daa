"""govplan calendar: the deadlines of parsed notices as an iCalendar file.

One all-day event per task and day (a task whose text states its time twice gives one event),
ranges spanning their days, recurring schedules (每月10日, 每季度末 …) as events with an RRULE
from deadlines.toml [[recurrence]]: DTSTART the first occurrence on or after the document's date
(or the reference date), UNTIL the plan's last dated deadline, else the end of that year (a
schedule never runs forever).  A recurring deadline of a notice with no date and no reference is
left out and reported (``to_ics`` returns the notes).  SUMMARY names the lead unit; every event
names the task's lead and responsible units and carries a reminder (VALARM) unless turned off.
The output is reproducible: DTSTAMP is SOURCE_DATE_EPOCH when set, else the document's date,
else the event's own day; UIDs are hashes of what the event is.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os

import regex

from govplan.grammar.compiled import Grammar
from govplan.models import Deadline, Document, ParseResult, Section
from govplan.output.sections import DATED, every_section, file_label


def to_ics(results: list[ParseResult], grammar: Grammar, remind_days: int = 3) -> tuple[bytes, list[str]]:
    """The calendar's bytes, and notes on what could not be placed (recurring deadlines of
    undated notices)."""
    from icalendar import Calendar

    from govplan.version import __version__

    rules = [(compiled, r.rrule) for r, compiled in grammar.rules("deadlines.recurrence")]
    cal = Calendar()
    cal.add("prodid", f"-//govplan {__version__}//deadlines//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "govplan deadlines")
    notes = []
    for result in results:
        seen: set[tuple] = set()
        unplaced = 0
        for doc, section, d in _deadlines(result):
            key = (section.line, d.start, d.due, d.text if d.kind == "recurring" else None)
            if key in seen:
                continue  # the same task, the same day: one event
            seen.add(key)
            event = _event(result, doc, section, d, rules, remind_days)
            if event is not None:
                cal.add_component(event)
            elif d.kind == "recurring" and _anchor(result, doc) is None:
                unplaced += 1
        if unplaced:
            notes.append(f"{result.source.path}: {unplaced} recurring deadline(s) left out: the notice states no "
                         "date to start them from (give --year YYYY or --reference-date)")
    return cal.to_ical(), notes


def _schedule(event, result: ParseResult, doc: Document, d: Deadline, rules) -> dt.date | None:
    """DTSTART and RRULE (with UNTIL) of a recurring deadline; its first day, or None when no rule
    knows the schedule, nothing dates its start, or it has no day before the plan ends."""
    from icalendar import vRecur

    found = next(((m, rrule) for pattern, rrule in rules if (m := pattern.match(d.text))), None)
    anchor = _anchor(result, doc)
    if found is None or anchor is None:
        return None
    m, rrule = found
    rule = regex.sub(r"{(\w+)}", lambda g: str(int(m.group(g.group(1)))), rrule)
    until = _until(doc, anchor)
    first = _first(rule, anchor, until)
    if first is not None:
        event.add("dtstart", first)
        event.add("rrule", vRecur.from_ical(f"{rule};UNTIL={until:%Y%m%d}"))
    return first


def _anchor(result: ParseResult, doc: Document) -> dt.date | None:
    """The day a recurring schedule starts from: the document's date, else the reference date,
    else the first day of the year the document's deadlines are read in (2025年…清单)."""
    if doc.issued or result.reference_date:
        return doc.issued or result.reference_date
    return dt.date(doc.reference_year, 1, 1) if doc.reference_year else None


def _until(doc: Document, anchor: dt.date) -> dt.date:
    """Where a schedule ends: the plan's last dated deadline after it starts, else that year's end."""
    dues = [d.due for s in every_section(doc.sections) for d in s.deadlines
            if d.kind in DATED and d.due and anchor < d.due < dt.date.max]
    return max(dues) if dues else dt.date(anchor.year, 12, 31)


def _deadlines(result: ParseResult):
    for doc in result.documents:
        for s in every_section(doc.sections):
            for d in s.deadlines:
                if (d.kind in DATED and d.due) or d.kind == "recurring":
                    yield doc, s, d


def _event(result: ParseResult, doc: Document, section: Section, d: Deadline, rules, remind_days: int):
    from icalendar import Alarm, Event

    event = Event()
    if d.kind == "recurring":
        day = _schedule(event, result, doc, d, rules)
        if day is None:
            return None
    else:
        if d.due is None:
            return None
        day = d.start or d.due
        event.add("dtstart", day)
        if d.due < dt.date.max:  # DTEND is exclusive; an event on the last day has none
            event.add("dtend", d.due + dt.timedelta(days=1))
    uid = hashlib.sha256(f"{result.source.sha256}:{section.line}:{d.line}:{d.text}:{d.due}".encode()).hexdigest()
    event.add("uid", f"{uid[:32]}@govplan")
    event.add("dtstamp", _stamp(doc, day))
    event.add("summary", _summary(section.title, d.text, section))
    event.add("description", "\n".join([
        f"任务: {section.path} {section.title}",
        f"牵头单位: {'、'.join(section.lead_units) or '-'}",
        f"责任单位: {'、'.join(section.responsible_units) or '-'}",
        f"时限: {d.text}",
        f"来源: {file_label(result)} 第{section.line}行" + (f" ({doc.title})" if doc.title else "")]))
    if remind_days > 0:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _summary(section.title, d.text, section))
        alarm.add("trigger", dt.timedelta(days=-remind_days))
        event.add_component(alarm)
    return event


def _first(rule: str, anchor: dt.date, until: dt.date) -> dt.date | None:
    """The schedule's first day on or after ``anchor`` (RFC 5545 wants DTSTART to be one)."""
    from dateutil.rrule import rrulestr

    start = dt.datetime(anchor.year, anchor.month, anchor.day)
    first = rrulestr(rule, dtstart=start).after(start, inc=True)
    return first.date() if first is not None and first.date() <= until else None


def _summary(title: str, when: str, section: Section) -> str:
    """Who leads, the task's title and its time, once: [县水利局] 推进节水改造 (每季度末)."""
    stripped = regex.sub(r"[。.,;:\uff0c\uff1b\uff1a]+$", "", title)
    text = stripped if when in stripped else f"{stripped} ({when})"
    who = "、".join(section.lead_units or section.responsible_units)
    return f"[{who}] {text}" if who else text


def _stamp(doc: Document, day: dt.date) -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    when = doc.issued or (day if day < dt.date.max else dt.date(1970, 1, 1))
    return dt.datetime(when.year, when.month, when.day, tzinfo=dt.timezone.utc)
