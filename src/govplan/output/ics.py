"""govplan calendar: the deadlines of parsed notices as an iCalendar file.

One all-day event per task and day (a task whose text states its time twice gives one event),
ranges spanning their days, recurring schedules (每月10日, 每季度末 …) as events with an RRULE
from deadlines.toml [[recurrence]], starting at the document's date.  Every event names the
task's lead and responsible units and carries a reminder (VALARM) unless it is turned off.
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
from govplan.output.ledger import every_section, file_label

DATED = ("date", "range")


def to_ics(results: list[ParseResult], grammar: Grammar, remind_days: int = 3) -> bytes:
    from icalendar import Calendar

    from govplan.version import __version__

    rules = [(compiled, r.rrule) for r, compiled in grammar.rules("deadlines.recurrence")]
    cal = Calendar()
    cal.add("prodid", f"-//govplan {__version__}//deadlines//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "govplan deadlines")
    for result in results:
        seen: set[tuple] = set()
        for doc, section, d in _deadlines(result):
            key = (section.line, d.start, d.due, d.text if d.kind == "recurring" else None)
            if key in seen:
                continue  # the same task, the same day: one event
            seen.add(key)
            event = _event(result, doc, section, d, rules, remind_days)
            if event is not None:
                cal.add_component(event)
    return cal.to_ical()


def _deadlines(result: ParseResult):
    for doc in result.documents:
        for s in every_section(doc.sections):
            for d in s.deadlines:
                if (d.kind in DATED and d.due) or d.kind == "recurring":
                    yield doc, s, d


def _event(result: ParseResult, doc: Document, section: Section, d: Deadline, rules, remind_days: int):
    from icalendar import Alarm, Event, vRecur

    event = Event()
    if d.kind == "recurring":
        found = next(((m, rrule) for pattern, rrule in rules if (m := pattern.match(d.text))), None)
        anchor = doc.issued or (dt.date(result.reference_date.year, 1, 1) if result.reference_date else None)
        if found is None or anchor is None:
            return None  # a schedule no rule knows, or nothing to start it from
        m, rrule = found
        event.add("dtstart", anchor)
        event.add("rrule", vRecur.from_ical(regex.sub(r"{(\w+)}", lambda g: str(int(m.group(g.group(1)))), rrule)))
        day = anchor
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
    event.add("summary", _summary(section.title, d.text))
    event.add("description", "\n".join([
        f"任务: {section.path} {section.title}",
        f"牵头单位: {'、'.join(section.lead_units) or '-'}",
        f"责任单位: {'、'.join(section.responsible_units) or '-'}",
        f"时限: {d.text}",
        f"来源: {file_label(result)} 第{section.line}行" + (f" ({doc.title})" if doc.title else "")]))
    if remind_days > 0:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _summary(section.title, d.text))
        alarm.add("trigger", dt.timedelta(days=-remind_days))
        event.add_component(alarm)
    return event


def _summary(title: str, when: str) -> str:
    """The task's title and its time, once: a title that already states it keeps it alone."""
    stripped = regex.sub(r"[。.,;:\uff0c\uff1b\uff1a]+$", "", title)
    return stripped if when in stripped else f"{stripped} ({when})"


def _stamp(doc: Document, day: dt.date) -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    when = doc.issued or (day if day < dt.date.max else dt.date(1970, 1, 1))
    return dt.datetime(when.year, when.month, when.day, tzinfo=dt.timezone.utc)
