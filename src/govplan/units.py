"""Stage 4a, extract units: a heading's own text -> its lead and responsible units.

Three sources, all driven by grammars/labels.toml and grammars/units.toml:

* labelled fields, in brackets or on their own line: (牵头单位:A;责任单位:B、C);
* predicate brackets: (A、B牵头,C按职责分工负责), (A负责);
* explicit running-text constructions: 由A牵头, 请A牵头负责, 由A负责.

Lists are split outside brackets and quotes, bracketed remarks are dropped, and a
list that shares one suffix is expanded (赣州、龙南、瑞金经开区).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .fields import Field, field_grammar
from .grammar import Grammar
from .text import CLAUSE_SEPARATORS, OPENERS, TRIM, Paragraph, bracket_groups, split_top_level

_ATOM = regex.compile(r"[^(]\([^()]*\)|.")
_HAN = regex.compile(r"\p{Han}")
# distinct unit lists (and names) whose split (and key) is remembered; plans repeat them.
# Only values up to CACHED_CHARS are kept, so no long text outlives its parse.
SPLIT_CACHE = 20000
CACHED_CHARS = 256


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


# ---------------------------------------------------------------- the extractor


class UnitGrammar:
    def __init__(self, grammar: Grammar):
        u, lab = grammar.units, grammar.labels
        self.org_suffixes = tuple(u.org_suffixes)
        self.place_suffixes = tuple(u.place_suffixes)
        self.not_unit = u.not_unit_words
        self.remark = u.remark_words
        self.separators = set(u.separators)
        conj = "|".join(regex.escape(c) for c in sorted(u.conjunctions, key=len, reverse=True))
        self.conjunction = regex.compile(rf"(?:{conj})") if conj else None
        self.strip_prefixes = tuple(u.strip_prefixes)
        self.strip_suffixes = tuple(sorted(u.strip_suffixes, key=len, reverse=True))
        self.generic_prefixes = tuple(u.generic_prefixes)
        self.max_chars = u.unit_max_chars
        self.max_bare = u.shared_suffix_max_bare
        self.bare_levels = set(u.bare_levels)
        self.not_shared = tuple(u.shared_suffix_not_after)
        self.key_rewrites = [(grammar.pattern(r.pattern, f"units.toml: entry key_rewrite[{n}].pattern"), r.replace)
                             for n, r in enumerate(u.key_rewrite, 1)]
        self._split_cache: dict[str, list[str]] = {}
        self._key_cache: dict[str, str] = {}
        self.label = field_grammar(grammar).label
        self.label_words = frozenset(lab.labels)
        self.predicates = sorted(lab.predicates.items(), key=lambda kv: len(kv[0]), reverse=True)
        self.predicate_roles = dict(lab.predicates)
        longest = max(map(len, lab.predicates), default=1)
        # a unit followed by a bracketed predicate: 市发改委(牵头)
        self.role_note = regex.compile(rf"^(.+?)\(([^()]{{1,{longest}}})\)$")
        self.lead_endings = tuple(k for k, role in lab.predicates.items() if role == "lead")
        self.running = [(grammar.pattern(r.pattern, f"labels.toml: entry running[{n}].pattern"), r.role)
                        for n, r in enumerate(lab.running, 1)]
        self.clauses = [(grammar.pattern(c.pattern, f"labels.toml: entry clause[{n}].pattern"), c.how)
                        for n, c in enumerate(lab.clause, 1)]
        self.time_word = grammar.pattern(grammar.deadlines.time_words, "deadlines.toml: entry time_words")

    # -- single units

    def clean(self, piece: str) -> str:
        s = piece.strip(TRIM)
        for _ in range(2):
            for p in self.strip_prefixes:
                if s.startswith(p) and len(s) > len(p) + 1:
                    s = s[len(p):]
            for suf in self.strip_suffixes:
                if s.endswith(suf) and len(s) > len(suf) + 1:
                    s = s[: -len(suf)]
            s = s.strip(TRIM)
        if s.count("“") != s.count("”"):  # a quote cut off by the split: drop the stray half
            s = s.replace("“", "").replace("”", "") if not s.startswith("“") else s.lstrip("“")
        return s

    def drop_remarks(self, text: str) -> str:
        for start, end in reversed(bracket_groups(text)):
            inner = text[start + 1: end - 1]
            if "," in inner or any(w in inner for w in self.remark):
                text = text[:start] + text[end:]
        return text

    def role_hint(self, name: str, role: str) -> tuple[str, str]:
        """A unit followed by a bracketed predicate, 市发改委(牵头): the predicate's role."""
        m = self.role_note.match(name)
        if m:
            hinted = self.predicate_roles.get(m.group(2))
            if hinted:
                return m.group(1), hinted
        return name, role

    def is_unit(self, name: str) -> bool:
        if not 2 <= len(name) <= self.max_chars or name[0].isdigit():
            return False
        if any(w in name for w in self.not_unit):
            return False
        return name.endswith(self.org_suffixes) or name.endswith(self.place_suffixes)

    def has_org_suffix(self, name: str) -> bool:
        return name.endswith(self.org_suffixes)

    def key(self, name: str) -> str:
        k = self._key_cache.get(name)
        if k is None:
            if len(self._key_cache) > SPLIT_CACHE:
                self._key_cache.clear()
            k = name
            for pattern, repl in self.key_rewrites:
                k = pattern.sub(repl, k)
            k = self._key_cache[name] = k or name
        return k

    # -- lists

    def split(self, value: str) -> list[str]:
        """Unit names in a list; memoized, since plans repeat the same lists item after item."""
        cached = self._split_cache.get(value)
        if cached is None:
            if len(self._split_cache) > SPLIT_CACHE:
                self._split_cache.clear()
            cached = self._split(value)
            if len(value) <= CACHED_CHARS:
                self._split_cache[value] = cached
        return list(cached)

    def _split(self, value: str) -> list[str]:
        pieces = split_top_level(self.drop_remarks(value), self.separators)
        out: list[tuple[str, str]] = []
        for piece, sep in pieces:
            for part in self.split_conjunctions(piece):
                out.append((self.clean(part), "、" if part is not piece else sep))
            if out:
                out[-1] = (out[-1][0], sep)
        return [u for u in self.expand_shared_suffix(out) if u]

    def split_conjunctions(self, piece: str) -> list[str]:
        """市发改委和市财政局 -> two; 市住房和城乡建设局 -> one (the left is no unit yet)."""
        if not self.conjunction:
            return [piece]
        found = list(self.conjunction.finditer(piece))
        parts, last = [], 0
        for n, m in enumerate(found):
            left = piece[last: m.start()].strip(TRIM)
            # what this conjunction joins on the right: up to the next one
            right = piece[m.end(): found[n + 1].start() if n + 1 < len(found) else len(piece)]
            if self.has_org_suffix(left) and self.is_unit(self.clean(right)):
                parts.append(piece[last: m.start()])
                last = m.end()
        parts.append(piece[last:])
        return parts

    def bare(self, name: str) -> bool:
        if name in self.bare_levels:
            return True
        return (0 < len(_atoms(name)) <= self.max_bare and not self.has_org_suffix(name)
                and not name.startswith(self.generic_prefixes))

    def expand_shared_suffix(self, items: list[tuple[str, str]]) -> list[str]:
        names = [n for n, _ in items]
        i = 0
        while i < len(items):
            j = i  # a run of bare names joined by 、 that ends in a full unit
            while j < len(items) and items[j][1] == "、" and self.bare(names[j]):
                j += 1
            if j > i and j < len(items) and self.has_org_suffix(names[j]):
                stem_len = len(_atoms(names[j - 1]))
                atoms = _atoms(names[j])
                suffix = "".join(atoms[stem_len:])
                if suffix.startswith(self.not_shared):  # 市、县两级政府: one unit
                    names[j] = "、".join(names[i: j + 1])
                    for k in range(i, j):
                        names[k] = ""
                elif len(atoms) > stem_len and len(suffix) >= 2 and self.has_org_suffix(suffix):
                    for k in range(i, j):
                        names[k] = names[k] + suffix
                i = j + 1
            else:
                i = max(j, i + 1)
        return names


def _atoms(name: str) -> list[str]:
    """Characters, with a bracket group kept on the character before it: 县(区) is one."""
    return _ATOM.findall(name)


def _clause_rule(clause: str, ug: UnitGrammar) -> list[tuple[str, str, str]] | None:
    """[(unit, role, how)] when a [[clause]] rule of labels.toml matches, else None."""
    for pattern, how in ug.clauses:
        m = pattern.match(clause)
        if m:
            found = []
            for role in ("lead", "responsible"):
                if m.groupdict().get(role):
                    names = ug.split(m.group(role))
                    if not names or not all(ug.is_unit(n) for n in names):
                        return None
                    found += [(n, role, how) for n in names]
            return found or None
    return None


def _predicate_clause(clause: str, ug: UnitGrammar) -> list[tuple[str, str, str]] | None:
    """[(unit, role, how)] for one clause of a predicate bracket, or None if it is prose."""
    clause = clause.strip(TRIM)
    shaped = _clause_rule(clause, ug)
    if shaped is not None:
        return shaped
    for ending, role in ug.predicates:
        if clause.endswith(ending) and len(clause) > len(ending):
            names = ug.split(clause[: -len(ending)])
            if names and all(ug.is_unit(n) for n in names):
                return [(n, role, ending) for n in names]
            return None
    return None


def _predicate_list(text: str, ug: UnitGrammar, skip_times: bool) -> list[tuple[str, str, str]] | None:
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
        parsed = _predicate_clause(clause, ug)
        if parsed is None:
            if skip_times and ug.time_word.search(clause):
                continue
            names = ug.split(clause)
            if not names or not all(ug.is_unit(n) for n in names):
                return None
            waiting += names
            continue
        found += [(n, parsed[0][1], parsed[0][2]) for n in waiting] + parsed
        waiting = []
        parsed_any = True
    return found if parsed_any and not waiting else None


def _predicate_brackets(paragraph: Paragraph, ug: UnitGrammar) -> list[Mention]:
    text = paragraph.text
    mentions = []
    for start, end in bracket_groups(text):
        inner = text[start + 1: end - 1]
        if ug.label.search(inner):
            continue
        found = _predicate_list(inner, ug, skip_times=True)
        if found is not None:
            line = paragraph.line_at(start)
            mentions += [Mention(n, role, line, how) for n, role, how in found]
    return mentions


def _predicate_sentence(paragraph: Paragraph, ug: UnitGrammar) -> list[Mention]:
    """The bracket annotation written as the item's last sentence: A牵头,B、C配合。

    Only when every clause is UNITS + predicate and one of them leads, and never the
    item's first sentence (which holds its marker and title); a sentence opened by 由/请
    is a running-text construction, read by the [[running]] rules.
    """
    text = paragraph.text
    if not any(ending in text for ending in ug.lead_endings):
        return []  # most paragraphs: no lead predicate anywhere
    body = text.rstrip(TRIM)
    cut = body.rfind("。")
    sentence = body[cut + 1:].strip(TRIM)
    if cut < 0 or not sentence or sentence.startswith(ug.strip_prefixes) or sentence[0] in OPENERS:
        return []
    found = _predicate_list(sentence, ug, skip_times=False)
    if not found or not any(role == "lead" for _, role, _ in found):
        return []
    line = paragraph.line_at(text.rfind(sentence))
    return [Mention(n, role, line, how) for n, role, how in found]


def _running(paragraph: Paragraph, ug: UnitGrammar) -> list[Mention]:
    """Units of the [[running]] rules, tried in order; a match that overlaps a match of an
    earlier rule is skipped (its text is taken).  Each rule's matches come in text order,
    so they are checked against the taken spans with one moving pointer."""
    text = paragraph.text
    taken: list[tuple[int, int]] = []  # sorted, non-overlapping
    mentions = []
    for pattern, role in ug.running:
        new_spans: list[tuple[int, int]] = []
        i = 0
        for m in pattern.finditer(text):
            while i < len(taken) and taken[i][1] <= m.start():
                i += 1
            if i < len(taken) and taken[i][0] < m.end():
                continue  # overlaps a span an earlier rule took
            found = _running_match(m, role, paragraph, ug)
            if found is not None:
                new_spans.append((m.start(), m.end()))
                mentions += found
        taken = sorted(taken + new_spans) if new_spans else taken
    return mentions


def _running_match(m, role: str, paragraph: Paragraph, ug: UnitGrammar) -> list[Mention] | None:
    if m.groupdict().get("lead") is not None:
        return _by_roles(m, paragraph, ug)
    text = paragraph.text
    line = paragraph.line_at(m.start("units"))
    how = text[m.start(): m.start() + 1] + "…" + text[m.end("units"): m.end()]
    shaped = _clause_rule(m.group(0)[1:], ug)  # 由A会同B负责: a clause of its own shape
    if shaped:
        return [Mention(n, r, line, how) for n, r, _ in shaped]
    names = ug.split(m.group("units"))
    if not names or not all(ug.is_unit(n) for n in names):
        return None
    return [Mention(n, role, line, how) for n in names]


def _by_roles(m, paragraph: Paragraph, ug: UnitGrammar) -> list[Mention] | None:
    """A running rule that names units by role (groups `lead` and `responsible`): 由A会同B…"""
    line = paragraph.line_at(m.start("lead"))
    text = paragraph.text
    how = text[m.start(): m.start() + 1] + "…" + text[m.end("lead"): m.start("responsible")] + "…"
    found = []
    for role in ("lead", "responsible"):
        if m.group(role) is None:
            continue
        names = ug.split(m.group(role))
        if not names or not all(ug.is_unit(n) for n in names):
            return None
        found += [Mention(n, role, line, how) for n in names]
    return found


def extract_units(paragraphs: list[Paragraph], fields: list[Field], grammar: Grammar) -> Units:
    """Units named in a heading's own paragraphs: its fields first, then unlabelled forms."""
    ug = unit_grammar(grammar)
    result = Units()
    by_paragraph: dict[int, list[Field]] = {}
    for f in fields:
        by_paragraph.setdefault(id(f.paragraph), []).append(f)
    for paragraph in paragraphs:
        for f in by_paragraph.get(id(paragraph), ()):
            if f.role in ("lead", "responsible"):
                result.mentions += _field_mentions(f, ug)
        result.mentions += _predicate_brackets(paragraph, ug)
        result.mentions += _running(paragraph, ug)
        result.mentions += _predicate_sentence(paragraph, ug)
    return result


def _field_mentions(f: Field, ug: UnitGrammar) -> list[Mention]:
    """Units of a lead/responsible field.  A clause of the value that ends with a predicate
    says its own role (责任单位:办公室牵头,各科室配合 / 责任单位:A、B按职责分工负责)."""
    line, found = f.line, []
    for clause, _ in split_top_level(f.value, CLAUSE_SEPARATORS):
        parsed = _predicate_clause(clause, ug) if clause.strip(TRIM) else None
        if parsed:
            found += [Mention(n, role, line, f"{f.label}: {how}") for n, role, how in parsed]
        else:
            found += _listed(clause, f, line, ug)
    return found


def _listed(value: str, f: Field, line: int, ug: UnitGrammar) -> list[Mention]:
    found = []
    for name in ug.split(value):
        name, role = ug.role_hint(name, f.role)  # 市发改委(牵头) in a 责任单位 list
        # a piece with its own colon is a field of a label the grammar lacks
        # (责任单位:A;时间:2024年6月), not a unit; nor is a label itself (责任人;xx, a broken
        # field) or a piece without a Chinese character (a redaction: xx, **)
        if len(name) <= ug.max_chars and ":" not in name and name not in ug.label_words and _HAN.search(name):
            found.append(Mention(name, role, line, f.label))
    return found


def unit_grammar(grammar: Grammar) -> UnitGrammar:
    return grammar.compiled("units", UnitGrammar)


def unit_key(name: str, grammar: Grammar) -> str:
    return unit_grammar(grammar).key(name)
