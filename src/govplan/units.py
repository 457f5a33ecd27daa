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

from .grammar import Grammar
from .outline import Paragraph

OPENERS = {"(": ")", "【": "】", "〔": "〕", "[": "]", "“": "”", "‘": "’", "《": "》", "「": "」"}
CLOSERS = {v: k for k, v in OPENERS.items()}
BRACKETS = {"(": ")", "【": "】", "〔": "〕", "[": "]"}
_ATOM = regex.compile(r"[^(]\([^()]*\)|.")
SPLIT_CACHE = 20000
_ROLE_HINT = regex.compile(r"^(.+?)[(]([^()]{1,8})[)]$")
_BRACKET_CHARS = regex.compile(r"[()【】〔〕\[\]]")
# what can end a field value: brackets and quotes (for depth) and 。
_VALUE_STOPS = regex.compile(r"[(【〔\[“)】〕\]”。]")
_TRIM = " \t,,、;;。::.\"'"


@dataclass(slots=True)
class Field:
    """One labelled field of an annotation."""

    label: str
    role: str  # lead | responsible | deadline | ignore
    value: str
    start: int  # offset of the value in the paragraph text
    paragraph: Paragraph

    @property
    def line(self) -> int:
        return self.paragraph.line_at(self.start)


@dataclass(slots=True)
class Mention:
    name: str
    role: str
    line: int
    how: str


@dataclass
class Units:
    mentions: list[Mention] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)

    def names(self, role: str) -> list[str]:
        out: list[str] = []
        for m in self.mentions:
            if m.role == role and m.name not in out:
                out.append(m.name)
        return out


# ---------------------------------------------------------------- text helpers


def bracket_groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of each top-level bracket group, end exclusive; unbalanced ones skipped."""
    groups, stack = [], []
    for m in _BRACKET_CHARS.finditer(text):
        i, ch = m.start(), m.group()
        if ch in BRACKETS:
            stack.append((ch, i))
        elif ch in CLOSERS and ch in BRACKETS.values():
            if stack and BRACKETS[stack[-1][0]] == ch:
                _, start = stack.pop()
                if not stack:
                    groups.append((start, i + 1))
            else:
                stack.clear()  # a stray closer: resynchronise
    return groups


def split_top_level(text: str, separators: set[str]) -> list[tuple[str, str]]:
    """Split outside brackets and quotes; each piece with the separator after it."""
    pieces, depth, current = [], [], []
    for ch in text:
        if ch in OPENERS and not (ch == "“" and depth and depth[-1] == "“"):
            depth.append(ch)
        elif depth and ch == OPENERS[depth[-1]]:
            depth.pop()
        elif not depth and ch in separators:
            pieces.append(("".join(current), ch))
            current = []
            continue
        current.append(ch)
    pieces.append(("".join(current), ""))
    return pieces


def value_end(text: str, start: int, stop: int) -> int:
    """Where a field value starting at ``start`` ends: a closing bracket or 。 at depth 0."""
    depth = 0
    for m in _VALUE_STOPS.finditer(text, start, stop):
        ch = m.group()
        if ch in BRACKETS or ch == "“":
            depth += 1
        elif ch != "。":
            if depth == 0:
                return m.start()
            depth -= 1
        elif depth == 0:
            return m.start()
    return stop


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
        self.max_bare = u.shared_suffix_max_bare
        self.bare_levels = set(u.bare_levels)
        self.not_shared = tuple(u.shared_suffix_not_after)
        self.key_rewrites = [(regex.compile(r.pattern), r.replace) for r in u.key_rewrite]
        self._split_cache: dict[str, list[str]] = {}
        self._key_cache: dict[str, str] = {}
        self.labels = lab.labels
        names = "|".join(regex.escape(k) for k in sorted(lab.labels, key=len, reverse=True))
        self.label = regex.compile(
            # 牵头单位: or 【牵头单位】; not (牵头), which is a role note after a unit
            rf"[【\[〔]?(?P<label>{names})\s*(?:[】\]〕]\s*[::]?|[::])\s*")
        self.predicates = sorted(lab.predicates.items(), key=lambda kv: len(kv[0]), reverse=True)
        self.predicate_roles = dict(lab.predicates)
        self.lead_endings = tuple(k for k, role in lab.predicates.items() if role == "lead")
        self.running = [(regex.compile(r.pattern), r.role) for r in lab.running]
        self.clauses = [regex.compile(c.pattern) for c in lab.clause]
        self.time_word = regex.compile(grammar.deadlines.time_words)

    # -- single units

    def clean(self, piece: str) -> str:
        s = piece.strip(_TRIM)
        for _ in range(2):
            for p in self.strip_prefixes:
                if s.startswith(p) and len(s) > len(p) + 1:
                    s = s[len(p):]
            for suf in self.strip_suffixes:
                if s.endswith(suf) and len(s) > len(suf) + 1:
                    s = s[: -len(suf)]
            s = s.strip(_TRIM)
        if s.count("“") != s.count("”"):  # a quote cut off by the split: drop the stray half
            s = s.replace("“", "").replace("”", "") if not s.startswith("“") else s.lstrip("“")
        return s

    def drop_remarks(self, text: str) -> str:
        for start, end in reversed(bracket_groups(text)):
            inner = text[start + 1: end - 1]
            if "," in inner or "," in inner or any(w in inner for w in self.remark):
                text = text[:start] + text[end:]
        return text

    def role_hint(self, name: str, role: str) -> tuple[str, str]:
        """A unit followed by a bracketed predicate, 市发改委(牵头): the predicate's role."""
        m = _ROLE_HINT.match(name)
        if m:
            hinted = self.predicate_roles.get(m.group(2))
            if hinted:
                return m.group(1), hinted
        return name, role

    def is_unit(self, name: str) -> bool:
        if not 2 <= len(name) <= 40 or name[0].isdigit():
            return False
        if any(w in name for w in self.not_unit):
            return False
        return name.endswith(self.org_suffixes) or name.endswith(self.place_suffixes)

    def has_org_suffix(self, name: str) -> bool:
        return name.endswith(self.org_suffixes)

    def key(self, name: str) -> str:
        k = self._key_cache.get(name)
        if k is None:
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
            cached = self._split_cache[value] = self._split(value)
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
        parts, last = [], 0
        for m in self.conjunction.finditer(piece):
            left = piece[last: m.start()].strip(_TRIM)
            right = piece[m.end():].strip(_TRIM)
            if self.has_org_suffix(left) and self.is_unit(self.clean(right.split("和")[0])):
                parts.append(piece[last: m.start()])
                last = m.end()
        parts.append(piece[last:])
        return parts

    def bare(self, name: str) -> bool:
        if name in self.bare_levels:
            return True
        return (0 < len(_atoms(name)) <= self.max_bare and not self.has_org_suffix(name)
                and not name.startswith(("各", "有关", "相关")))

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


def find_fields(paragraph: Paragraph, ug: UnitGrammar) -> list[Field]:
    text = paragraph.text
    matches = list(ug.label.finditer(text))
    fields = []
    for n, m in enumerate(matches):
        stop = matches[n + 1].start() if n + 1 < len(matches) else len(text)
        end = value_end(text, m.end(), stop)
        value = text[m.end(): end].strip(_TRIM)
        label = m.group("label")
        fields.append(Field(label, ug.labels[label], value, m.end(), paragraph))
    return fields


def _clause_rule(clause: str, ug: UnitGrammar) -> list[tuple[str, str, str]] | None:
    """[(unit, role, how)] when a [[clause]] rule of labels.toml matches, else None."""
    for pattern in ug.clauses:
        m = pattern.match(clause)
        if m:
            found = []
            for role in ("lead", "responsible"):
                if m.groupdict().get(role):
                    names = ug.split(m.group(role))
                    if not names or not all(ug.is_unit(n) for n in names):
                        return None
                    found += [(n, role, "会同") for n in names]
            return found or None
    return None


def _predicate_clause(clause: str, ug: UnitGrammar) -> list[tuple[str, str, str]] | None:
    """[(unit, role, how)] for one clause of a predicate bracket, or None if it is prose."""
    clause = clause.strip(_TRIM)
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
    left to the deadlines instead of making the list prose.
    """
    found: list[tuple[str, str, str]] = []
    parsed_any = False
    for clause, _ in split_top_level(text, {",", ";"}):
        if not clause.strip(_TRIM):
            continue
        parsed = _predicate_clause(clause, ug)
        if parsed is None:
            if skip_times and ug.time_word.search(clause):
                continue
            return None
        found += parsed
        parsed_any = True
    return found if parsed_any else None


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
    body = text.rstrip(_TRIM)
    cut = body.rfind("。")
    sentence = body[cut + 1:].strip(_TRIM)
    if cut < 0 or not sentence or sentence.startswith(ug.strip_prefixes) or sentence[0] in OPENERS:
        return []
    found = _predicate_list(sentence, ug, skip_times=False)
    if not found or not any(role == "lead" for _, role, _ in found):
        return []
    line = paragraph.line_at(text.rfind(sentence))
    return [Mention(n, role, line, how) for n, role, how in found]


def _running(paragraph: Paragraph, ug: UnitGrammar) -> list[Mention]:
    text = paragraph.text
    taken: list[tuple[int, int]] = []
    mentions = []
    for pattern, role in ug.running:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            line = paragraph.line_at(m.start("units"))
            how = text[m.start(): m.start() + 1] + "…" + text[m.end("units"): m.end()]
            shaped = _clause_rule(m.group(0)[1:], ug)  # 由A会同B负责: a clause of its own shape
            if shaped:
                taken.append((m.start(), m.end()))
                mentions += [Mention(n, r, line, how) for n, r, _ in shaped]
                continue
            names = ug.split(m.group("units"))
            if not names or not all(ug.is_unit(n) for n in names):
                continue
            taken.append((m.start(), m.end()))
            mentions += [Mention(n, role, line, how) for n in names]
    return mentions


def extract_units(paragraphs: list[Paragraph], grammar: Grammar,
                  cells: list[tuple[str, str, int, int]] = ()) -> Units:
    """Units named in a heading's own paragraphs (and a table row's role cells).

    ``cells`` are (column label, text, paragraph index, offset in it): they are read
    exactly as fields with that label would be.
    """
    ug = grammar.compiled("units", UnitGrammar)
    result = Units()
    for n, paragraph in enumerate(paragraphs):
        fields = find_fields(paragraph, ug)
        if cells:
            fields = [Field(label, ug.labels[label], value, start, paragraph)
                      for label, value, index, start in cells if index == n] + fields
        result.fields += fields
        for f in fields:
            if f.role in ("lead", "responsible"):
                line = f.line
                for name in ug.split(f.value):
                    name, role = ug.role_hint(name, f.role)  # 市发改委(牵头) in a 责任单位 list
                    # a piece with its own colon is a field of a label the grammar lacks
                    # (责任单位:A;时间:2024年6月), not a unit
                    if len(name) <= 40 and ":" not in name:
                        result.mentions.append(Mention(name, role, line, f.label))
        result.mentions += _predicate_brackets(paragraph, ug)
        result.mentions += _running(paragraph, ug)
        result.mentions += _predicate_sentence(paragraph, ug)
    return result


def unit_key(name: str, grammar: Grammar) -> str:
    return grammar.compiled("units", UnitGrammar).key(name)
