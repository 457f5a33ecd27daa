"""govplan check: lint rules for drafts and CI, with stable codes and severities.

Rules can be turned off with ``--disable CODE`` (or its name) or in the nearest
pyproject.toml::

    [tool.govplan]
    disable = ["GP402"]
    fail-on = "warning"
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from govplan.diagnostics import BY_CODE, BY_NAME, REGISTRY
from govplan.errors import ConfigError
from govplan.grammar.compiled import Grammar
from govplan.models import Document, ParseResult, Section
from govplan.models.views import Finding
from govplan.output.sections import every_section, file_label

# the lint rules: every registry entry with a GP code
RULES = [kind for kind in REGISTRY if kind.code]
FAR_YEARS = 10
# how much of an offending line the text format shows
SHOW_CHARS = 100
# an annotated plan: at least this many items name units
ANNOTATED_MIN = 3


CONFIG_KEYS = {"disable": "a rule code or name, or a list of them", "fail-on": '"error" or "warning"',
               "year": "a year (YYYY): the year of deadlines in notices that state no date",
               "reference-date": '"YYYY-MM-DD": the date notices that state no date are read as of'}


def load_config(start: Path) -> dict:
    """[tool.govplan] of the nearest pyproject.toml at or above ``start``, validated.

    ``disable`` becomes a list (one code may be given as a string); unknown keys and
    values of the wrong type are errors naming the file.
    """
    from govplan.grammar.loader import read_toml

    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                data = read_toml(candidate)
            except (ValueError, OSError) as exc:
                raise ConfigError(f"{candidate}: not readable TOML: {exc}") from None
            return _config(data.get("tool", {}), candidate)
    return {}


def _config(tool, where: Path) -> dict:
    table = tool.get("govplan", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [tool.govplan] must be a table, not {type(table).__name__}")
    unknown = sorted(set(table) - set(CONFIG_KEYS))
    if unknown:
        raise ConfigError(f"{where}: [tool.govplan] has an unknown key {unknown[0]!r} "
                          f"(known: {', '.join(CONFIG_KEYS)})")
    disable = table.get("disable", [])
    disable = [disable] if isinstance(disable, str) else disable
    if not isinstance(disable, list) or not all(isinstance(d, str) for d in disable):
        raise ConfigError(f"{where}: [tool.govplan] disable must be {CONFIG_KEYS['disable']}")
    fail_on = table.get("fail-on", "error")
    if fail_on not in ("error", "warning"):
        raise ConfigError(f"{where}: [tool.govplan] fail-on must be {CONFIG_KEYS['fail-on']}, not {fail_on!r}")
    return {"disable": disable, "fail-on": fail_on, "reference": _config_reference(table, where)}


def _config_reference(table: dict, where: Path) -> dt.date | None:
    """year / reference-date of [tool.govplan]: the date undated notices are read as of."""
    year, date = table.get("year"), table.get("reference-date")
    if year is not None and date is not None:
        raise ConfigError(f"{where}: [tool.govplan] has year and reference-date: give one")
    if year is not None:
        if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2200:
            raise ConfigError(f"{where}: [tool.govplan] year must be {CONFIG_KEYS['year']}, not {year!r}")
        return dt.date(year, 1, 1)
    if date is not None:
        try:
            return date if isinstance(date, dt.date) else dt.date.fromisoformat(str(date))
        except ValueError:
            raise ConfigError(f"{where}: [tool.govplan] reference-date must be {CONFIG_KEYS['reference-date']}, "
                              f"not {date!r}") from None
    return None


def resolve_codes(names: list[str]) -> set[str]:
    """GP codes of rules given by code or name (GP402, unit-spelling)."""
    codes = set()
    for n in names:
        kind = BY_CODE.get(n.upper()) or BY_NAME.get(n)
        if kind is None or kind.code is None:
            raise ConfigError(f"unknown rule {n!r} (known: {', '.join(k.code for k in RULES if k.code)})")
        codes.add(kind.code)
    return codes


def _finding(code: str, file: str, line: int | None, message: str) -> Finding:
    kind = BY_CODE[code]
    return Finding(file=file, line=line, code=code, name=kind.name, severity=kind.severity, message=message)


def check_result(result: ParseResult, source_lines: list[str] | None, today: dt.date,
                 grammar: Grammar) -> list[Finding]:
    """Lint findings of one parse result; ``today`` stands in for an undated notice's date."""
    file = result.source.path
    found: list[Finding] = []
    for d in result.diagnostics:
        code = BY_NAME[d.code].code
        if code:
            found.append(_finding(code, file, d.line, d.message))
    for doc in result.documents:
        sections = list(every_section(doc.sections))
        issued = doc.issued
        found += _deadline_findings(file, sections, issued, today)
        found += _unit_findings(file, sections, grammar)
        found += _missing_units(file, sections)
        found += _duplicate_items(file, doc, grammar)
        if doc.kind == "notice":
            if not doc.doc_number:
                found.append(_finding("GP601", file, doc.line, f"notice {doc.title or ''} has no 文号"))
            if not doc.issued:
                found.append(_finding("GP602", file, doc.line, f"notice {doc.title or ''} has no signed date"))
    found = _aggregate(sorted(found, key=lambda f: (f.line or 0, f.code)), "GP502")
    for code in ("GP503", "GP504"):
        found = _aggregate(found, code)
    if source_lines:
        for f in found:
            if f.line and 1 <= f.line <= len(source_lines):
                f.source_line = source_lines[f.line - 1]
    return sorted(found, key=lambda f: (f.line or 0, f.code))


def _deadline_findings(file: str, sections: list[Section], issued: dt.date | None,
                       today: dt.date) -> list[Finding]:
    out = []
    base = issued or today
    for s in sections:
        for d in s.deadlines:
            if not d.due:
                continue
            if issued and d.due < issued:
                out.append(_finding("GP302", file, d.line,
                                    f"deadline {d.text} ({d.due}) lies before the issue date {issued}"))
            years = d.due.year - base.year
            if years > FAR_YEARS or years == FAR_YEARS and (d.due.month, d.due.day) > (base.month, base.day):
                out.append(_finding("GP303", file, d.line,
                                    f"deadline {d.text} ({d.due}) is more than {FAR_YEARS} years after {base}"))
    return out


def _unit_findings(file: str, sections: list[Section], grammar: Grammar) -> list[Finding]:
    from govplan.parse.extract.unitnames import unit_key

    out = []
    spellings: dict[str, dict[str, int]] = defaultdict(dict)
    for s in sections:
        for name in set(s.lead_units) & set(s.responsible_units):
            out.append(_finding("GP401", file, s.line, f"{name} is both lead and responsible"))
        for m in s.units:
            spellings[m.key].setdefault(m.name, m.line)
        for name in s.lead_units + s.responsible_units:
            spellings[unit_key(name, grammar)].setdefault(name, s.line)
    for names in spellings.values():
        if len(names) > 1:
            ordered = sorted(names.items(), key=lambda kv: kv[1])
            first = ordered[0][0]
            for name, line in ordered[1:]:
                out.append(_finding("GP402", file, line,
                                    f"{name} and {first} (line {ordered[0][1]}) look like one unit"))
    return out


def _missing_units(file: str, sections: list[Section]) -> list[Finding]:
    """Leaf items with no unit whose siblings mostly name one (an annotated list)."""
    annotated = sum(1 for s in sections if s.lead_units or s.responsible_units)
    if annotated < ANNOTATED_MIN:
        return []
    out = []
    for parent in sections:
        leaves = [c for c in parent.children if not c.children]
        named = [c for c in leaves if c.lead_units or c.responsible_units]
        if len(leaves) < 2 or len(named) * 2 < len(leaves):
            continue
        for s in leaves:
            if not (s.lead_units or s.responsible_units):
                out.append(_finding("GP201", file, s.line,
                                    f"item {s.path} names no lead or responsible unit "
                                    f"({len(named)} of its {len(leaves)} sibling items do)"))
    return out


def _duplicate_items(file: str, doc: Document, grammar: Grammar) -> list[Finding]:
    """Two items of one document that say nearly the same thing (compare's similarity)."""
    from govplan.compare.align import duplicates, tasks_of

    tasks = tasks_of([doc], grammar)
    return [_finding("GP202", file, later.section.line,
                     f"item {later.section.path} says nearly the same as item {earlier.section.path} "
                     f"(line {earlier.section.line}; similarity {score:.2f})")
            for earlier, later, score in duplicates(tasks, grammar)]


def _aggregate(findings: list[Finding], code: str) -> list[Finding]:
    """Report a repaired-everywhere problem once per file, at its first line."""
    same = [f for f in findings if f.code == code]
    if len(same) <= 1:
        return findings
    first = same[0]
    first.message += f" (on {len(same)} lines)"
    return [f for f in findings if f.code != code or f is first]


# ---------------------------------------------------------------- formats


def format_text(findings: list[Finding]) -> str:
    out = []
    for f in findings:
        where = f"{f.file}:{f.line}" if f.line else f.file
        out.append(f"{where}: {f.severity} {f.code} {f.name}: {f.message}")
        if f.source_line is not None:
            shown = f.source_line.rstrip()
            out.append(f"    {f.line} | {shown[:SHOW_CHARS]}{' …' if len(shown) > SHOW_CHARS else ''}")
    return "\n".join(out) + ("\n" if out else "")


def format_github(findings: list[Finding]) -> str:
    """GitHub Actions workflow commands, escaped by their rules: % CR LF in the message, and , :
    too in property values (a file named a,line=1:x.txt sets no line or title of its own)."""
    def esc(s: str) -> str:
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(s: str) -> str:
        return esc(s).replace(":", "%3A").replace(",", "%2C")

    lines = []
    for f in findings:
        loc = f"file={prop(f.file)}" + (f",line={f.line}" if f.line else "")
        lines.append(f"::{f.severity} {loc},title={prop(f'{f.code} {f.name}')}::{esc(f.message)}")
    return "\n".join(lines) + ("\n" if lines else "")


def fails(findings: list[Finding], fail_on: str) -> bool:
    levels = {"error": ("error",), "warning": ("error", "warning")}[fail_on]
    return any(f.severity in levels for f in findings)


__all__ = ["RULES", "check_result", "format_text", "format_github", "fails", "load_config",
           "resolve_codes", "ConfigError", "file_label"]
