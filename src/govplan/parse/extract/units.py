"""Stage 4a, extract units: a heading's own text -> its lead and responsible units.

Three sources, all driven by grammars/labels.toml and grammars/units.toml:

* labelled fields, in brackets or on their own line: (牵头单位:A;责任单位:B、C);
* predicate brackets: (A、B牵头,C按职责分工负责), (A负责);
* explicit running-text constructions: 由A牵头, 请A牵头负责, 由A负责.

plus the unlabelled forms of the guide: A牵头,B配合 as an item's last sentence, a bracket of
unit names ending an item, and a stated convention (排在首位的为牵头单位,下同).  What a
unit name is and how a list splits is unitnames.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from govplan.grammar.compiled import Grammar
from govplan.openings import may_hold_a_match
from govplan.parse.extract.unitnames import CACHED_CHARS, SPLIT_CACHE, UnitGrammar, unit_grammar
from govplan.parse.fields import Field
from govplan.precompiled import kept
from govplan.text.cache import Memo
from govplan.text.punctuation import CLAUSE_SEPARATORS, FULL_STOP, OPENERS, TRIM, Paragraph, split_top_level

__all__ = ["Convention", "Mention", "Units", "extract_units"]

_HAN = kept(r"\p{Han}")


@dataclass(slots=True)
class Mention:
    name: str
    role: str
    line: int
    how: str


@dataclass
class Units:
    mentions: list[Mention] = field(default_factory=list)

    def names(self, role: str) -> list[str]:
        out: list[str] = []
        for m in self.mentions:
            if m.role == role and m.name not in out:
                out.append(m.name)
        return out


def _clause_rule(clause: str, unit_rules: UnitGrammar) -> list[tuple[str, str, str]] | None:
    """[(unit, role, how)] when a [[clause]] rule of labels.toml matches, else None."""
    for pattern, how in unit_rules.clauses:
        m = pattern.match(clause)
        if m:
            found = []
            for role in ("lead", "responsible"):
                if m.groupdict().get(role):
                    names = unit_rules.split(m.group(role))
                    if not names or not all(unit_rules.is_unit(n) for n in names):
                        return None
                    found += [(n, role, how) for n in names]
            return found or None
    return None


def _predicate_clause(clause: str, unit_rules: UnitGrammar) -> list[tuple[str, str, str]] | None:
    """[(unit, role, how)] for one clause of a predicate bracket, or None if it is prose."""
    clause = clause.strip(TRIM)
    shaped = _clause_rule(clause, unit_rules)
    if shaped is not None:
        return shaped
    for ending, role in unit_rules.predicates:
        if clause.endswith(ending) and len(clause) > len(ending):
            names = unit_rules.split(clause[: -len(ending)])
            if names and all(unit_rules.is_unit(n) for n in names):
                return [(n, role, ending) for n in names]
            return None
    return _leads_whatever_follows(clause, unit_rules)


def _leads_whatever_follows(clause: str, unit_rules: UnitGrammar) -> list[tuple[str, str, str]] | None:
    """A牵头 stays a lead whatever follows it (guide section 8: (镇安监站牵头抓总))."""
    for word, role in unit_rules.predicates:
        at = clause.find(word) if role == "lead" else -1
        if at > 0:
            names = unit_rules.split(clause[:at])
            if names and all(unit_rules.is_unit(n) for n in names):
                return [(n, role, word) for n in names]
    return None


def _predicate_list(text: str, unit_rules: UnitGrammar, skip_times: bool) -> list[tuple[str, str, str]] | None:
    """``_read_predicate_list``, remembered per text (the list returned is not to be changed)."""
    memo = unit_rules.predicate_lists
    if memo is None:
        memo = unit_rules.predicate_lists = Memo(lambda key: _read_predicate_list(key[0], key[1], unit_rules),
                                                 SPLIT_CACHE, CACHED_CHARS, length=lambda key: len(key[0]))
    return memo[(text, skip_times)]


def _read_predicate_list(text: str, skip_times: bool, unit_rules: UnitGrammar) -> list[tuple[str, str, str]] | None:
    """[(unit, role, how)] when every clause of ``text`` is UNITS + predicate, else None.

    ``skip_times``: a clause that only gives the time ((A牵头,B配合,2024年底前完成)) is
    left to the deadlines instead of making the list prose.  A clause of units alone takes
    the predicate of the clause after it ((A牵头,B、C等部门,D配合): B and C 配合 too).
    """
    found: list[tuple[str, str, str]] = []
    waiting: list[str] = []  # units of clauses that have no predicate of their own yet
    parsed_any = False
    for clause, _ in split_top_level(text, CLAUSE_SEPARATORS):
        if not clause.strip(TRIM):
            continue
        parsed = _predicate_clause(clause, unit_rules)
        if parsed is None:
            if skip_times and unit_rules.is_time_clause(clause):
                continue
            names = unit_rules.split(clause)
            if not names or not all(unit_rules.is_unit(n) for n in names):
                return None
            waiting += names
            continue
        found += [(n, parsed[0][1], parsed[0][2]) for n in waiting] + parsed
        waiting = []
        parsed_any = True
    return found if parsed_any and not waiting else None


def _predicate_brackets(paragraph: Paragraph, unit_rules: UnitGrammar) -> list[Mention]:
    text = paragraph.text
    mentions = []
    item_end = len(text.rstrip(TRIM))
    for start, end in paragraph.bracket_groups():
        inner = text[start + 1: end - 1]
        if unit_rules.holds_label(inner):
            continue
        # a convention stated inside (以下各项均需A落实,不再单独列出) is read apart
        inner = unit_rules.every_task.sub("", inner)
        found = _predicate_list(inner, unit_rules, skip_times=True)
        if found is None and end == item_end and not unit_rules.holds_label(text[:start]):
            # (not a remark inside a labelled field: 责任单位:…各县(市、区)政府(管委会))
            found = _unit_bracket(inner, unit_rules)
        if found is not None:
            line = paragraph.line_at(start)
            mentions += [Mention(n, role, line, how) for n, role, how in found]
    return mentions


def _unit_bracket(inner: str, unit_rules: UnitGrammar) -> list[tuple[str, str, str]] | None:
    """(县商务局、县农业农村局) / (政务司司长办公室/劳工及福利局) ending an item: an
    unlabelled bracket of unit names only names the responsible (guide section 4)."""
    if inner.startswith(unit_rules.remark_openers):
        return None
    names = unit_rules.split(inner)
    if not names or not all(unit_rules.is_unit(n) and unit_rules.has_org_suffix(n) for n in names):
        return None
    return [(n, "responsible", "(…)") for n in names]


def _predicate_sentence(paragraph: Paragraph, unit_rules: UnitGrammar, may_stand_alone: bool) -> list[Mention]:
    """The bracket annotation written as the item's last sentence: A牵头,B、C配合。 (a clause that
    only gives the time, 2025年6月底前完成, is left to the deadlines, as in a bracket).

    Only when every clause is UNITS + predicate and one of them leads, and never the
    item's first sentence (which holds its marker and title). ``may_stand_alone``: the paragraph is
    not the item's first and follows one that ends with 。 (not a line a hard wrap cut from the one
    before: 各县(市、区) / 人民政府牵头…); then, ending with 。 itself (not a table's cell or a column's
    name), it may be the sentence alone.  A sentence opened by 由/请 is a running-text
    construction, read by the [[running]] rules.
    """
    text = paragraph.text
    if not any(ending in text for ending in unit_rules.lead_endings):
        return []  # most paragraphs: no lead predicate anywhere
    body = text.rstrip(TRIM)
    cut = body.rfind("。")
    sentence = body[cut + 1:].strip(TRIM)
    alone = cut < 0 and may_stand_alone and text.rstrip().endswith(FULL_STOP)  # (the paragraph is the sentence)
    if cut < 0 and not alone or not sentence or sentence.startswith(unit_rules.strip_prefixes) \
            or sentence[0] in OPENERS or unit_rules.holds_label(sentence):
        return []  # a labelled sentence (部门分工:A牵头,B配合) is read as a field
    found = _predicate_list(sentence, unit_rules, skip_times=True)
    if not found or not any(role == "lead" for _, role, _ in found):
        return []
    line = paragraph.line_at(text.rfind(sentence))
    return [Mention(n, role, line, how) for n, role, how in found]


def _running(paragraph: Paragraph, unit_rules: UnitGrammar) -> list[Mention]:
    """Units of the [[running]] rules, tried in order; a match that overlaps a match of an
    earlier rule is skipped (its text is taken).  Each rule's matches come in text order,
    so they are checked against the taken spans with one moving pointer."""
    text = paragraph.text
    taken: list[tuple[int, int]] = []  # sorted, non-overlapping
    mentions = []
    for pattern, role, held in unit_rules.running:
        if not may_hold_a_match(text, held):
            continue
        new_spans: list[tuple[int, int]] = []
        i = 0
        for m in pattern.finditer(text):
            while i < len(taken) and taken[i][1] <= m.start():
                i += 1
            if i < len(taken) and taken[i][0] < m.end():
                continue  # overlaps a span an earlier rule took
            found = _running_match(m, role, paragraph, unit_rules)
            if found is not None:
                new_spans.append((m.start(), m.end()))
                mentions += found
        taken = sorted(taken + new_spans) if new_spans else taken
    return mentions


def _running_match(m, role: str, paragraph: Paragraph, unit_rules: UnitGrammar) -> list[Mention] | None:
    if m.groupdict().get("lead") is not None:
        return _by_roles(m, paragraph, unit_rules)
    text = paragraph.text
    line = paragraph.line_at(m.start("units"))
    how = text[m.start(): m.start() + 1] + "…" + text[m.end("units"): m.end()]
    shaped = _clause_rule(m.group(0)[1:], unit_rules)  # 由A会同B负责: a clause of its own shape
    if shaped:
        return [Mention(n, r, line, how) for n, r, _ in shaped]
    names = unit_rules.split(m.group("units"))
    if not names or not all(unit_rules.is_unit(n) for n in names):
        return None
    return [Mention(n, role, line, how) for n in names]


def _by_roles(m, paragraph: Paragraph, unit_rules: UnitGrammar) -> list[Mention] | None:
    """A running rule that names units by role (groups `lead` and `responsible`): 由A会同B…"""
    line = paragraph.line_at(m.start("lead"))
    text = paragraph.text
    how = text[m.start(): m.start() + 1] + "…" + text[m.end("lead"): m.start("responsible")] + "…"
    found = []
    for role in ("lead", "responsible"):
        if m.group(role) is None:
            continue
        names = unit_rules.split(m.group(role))
        if not names or not all(unit_rules.is_unit(n) for n in names):
            return None
        found += [Mention(n, role, line, how) for n in names]
    return found


@dataclass(slots=True)
class Convention:
    """What a document stated about its annotations, read in document order: after
    (责任单位:A、B,排在首位的为牵头单位,下同) the first unit of every 责任单位 list leads."""

    first_leads: bool = False
    every_task: list[str] = field(default_factory=list)  # units stated once for every later task


def extract_units(paragraphs: list[Paragraph], fields: list[Field], grammar: Grammar,
                  convention: Convention | None = None) -> Units:
    """Units named in a heading's own paragraphs: its fields first, then unlabelled forms."""
    unit_rules = unit_grammar(grammar)
    result = Units()
    convention = convention if convention is not None else Convention()
    has_lead = any(f.role == "lead" for f in fields)
    by_paragraph: dict[int, list[Field]] = {}
    for f in fields:
        by_paragraph.setdefault(id(f.paragraph), []).append(f)
    before = ""  # (the paragraph before: a role sentence alone follows one that ends with 。)
    for paragraph in paragraphs:
        for f in by_paragraph.get(id(paragraph), ()):
            if f.role == "responsible" and not has_lead:
                result.mentions += _convention_field(f, unit_rules, convention)
            elif f.role in ("lead", "responsible"):
                result.mentions += _field_mentions(f, unit_rules)
        result.mentions += _predicate_brackets(paragraph, unit_rules)
        result.mentions += _running(paragraph, unit_rules)
        alone = paragraph is not paragraphs[0] and before.rstrip().endswith(FULL_STOP)
        result.mentions += _predicate_sentence(paragraph, unit_rules, alone)
        before = paragraph.text
        _state_every_task(paragraph, unit_rules, convention)
    if result.mentions and convention.every_task:
        named = {m.name for m in result.mentions}
        line = result.mentions[0].line
        result.mentions += [Mention(n, "responsible", line, "每项任务均涉及") for n in convention.every_task
                            if n not in named]
    return result


def _state_every_task(paragraph: Paragraph, unit_rules: UnitGrammar, convention: Convention) -> None:
    """以下任务均需A落实,不再一一列出: A is responsible in this annotation and every later one
    (guide section 8)."""
    if not may_hold_a_match(paragraph.text, unit_rules.every_task_held):
        return
    m = unit_rules.every_task.search(paragraph.text)
    if m:
        names = unit_rules.split(m.group("units"))
        if names and all(unit_rules.is_unit(n) for n in names):
            convention.every_task = names


def _convention_field(f: Field, unit_rules: UnitGrammar, convention: Convention) -> list[Mention]:
    """A 责任单位 field read under a stated convention: its first unit leads when the field
    states it (排在首位的为牵头单位) or an earlier one did with 下同."""
    stated = unit_rules.first_leads.search(f.value)
    if stated:
        convention.first_leads = convention.first_leads or bool(unit_rules.holds_after.search(f.value))
        kept = [c for c, _ in split_top_level(unit_rules.drop_remarks(f.value), CLAUSE_SEPARATORS)
                if not unit_rules.first_leads.search(c) and not unit_rules.holds_after.fullmatch(c.strip(TRIM))]
        f = replace(f, value=",".join(kept))
    found = _field_mentions(f, unit_rules)
    if (stated or convention.first_leads) and found and found[0].role == "responsible":
        first = found[0]
        found[0] = Mention(first.name, "lead", first.line, f"{f.label}: 首位为牵头")
    return found


def _field_mentions(f: Field, unit_rules: UnitGrammar) -> list[Mention]:
    """Units of a lead/responsible field.  A clause of the value that ends with a predicate
    says its own role (责任单位:办公室牵头,各科室配合 / 责任单位:A、B按职责分工负责)."""
    line, found = f.line, []
    for clause, _ in split_top_level(f.value, CLAUSE_SEPARATORS):
        parsed = _predicate_clause(clause, unit_rules) if clause.strip(TRIM) else None
        if parsed:
            found += [Mention(n, role, line, f"{f.label}: {how}") for n, role, how in parsed]
        else:
            found += _listed(clause, f, line, unit_rules)
    return found


def _listed(value: str, f: Field, line: int, unit_rules: UnitGrammar) -> list[Mention]:
    found = []
    for name in unit_rules.split(value):
        name, role = unit_rules.role_hint(name, f.role)  # 市发改委(牵头) in a 责任单位 list
        # a piece with its own colon is a field of a label the grammar lacks
        # (责任单位:A;时间:2024年6月), not a unit; nor is a label itself (责任人;xx, a broken
        # field) or a piece without a Chinese character (a redaction: xx, **)
        if len(name) <= unit_rules.max_chars and ":" not in name and name not in unit_rules.label_words \
                and _HAN.search(name) and not unit_rules.times.opens_ongoing(name):
            found.append(Mention(name, role, line, f.label))
    return found
