"""Unit names: what a unit looks like and how a list of units splits (grammars/units.toml).

Lists are split outside brackets and quotes, bracketed remarks are dropped, a list that
shares one suffix is expanded (赣州、龙南、瑞金经开区), a bare generic noun takes the prefix
before it (市直有关部门、单位), a designation of levels stays one (各县、市、区政府), and each
name has a grouping key.  The extractor (units.py) reads where units are named; this module
only answers what the names are.
"""
from __future__ import annotations

from govplan.grammar.compiled import Grammar
from govplan.parse.fields import field_grammar, time_words
from govplan.precompiled import escape, kept
from govplan.text.cache import Memo
from govplan.text.punctuation import TRIM, bracket_groups, split_top_level
from govplan.text.words import splits_a_word

_ATOM = kept(r"[^(]\([^()]*\)|.")
_HAN = kept(r"\p{Han}")
# distinct unit lists (and names) whose split (and key) is remembered; plans repeat them.
# Only values up to CACHED_CHARS are kept, so no long text outlives its parse.
SPLIT_CACHE = 20000
CACHED_CHARS = 256


class UnitGrammar:
    def __init__(self, grammar: Grammar):
        u, lab = grammar.units, grammar.labels
        self.org_suffixes = tuple(u.org_suffixes)
        self.not_unit_endings = tuple(u.not_unit_endings)
        self.place_suffixes = tuple(u.place_suffixes)
        self.not_unit = u.not_unit_words
        self.remark = u.remark_words
        self.separators = set(u.separators)
        conj = "|".join(escape(c) for c in sorted(u.conjunctions, key=len, reverse=True))
        self.conjunction = kept(rf"(?:{conj})") if conj else None
        self.strip_prefixes = tuple(u.strip_prefixes)
        self.role_word = grammar.rule("units.role_word")
        self.strip_suffixes = tuple(sorted(u.strip_suffixes, key=len, reverse=True))
        self.generic_prefixes = tuple(u.generic_prefixes)
        self.max_chars = u.unit_max_chars
        self._read_shared_suffix(u)
        self.generic_nouns = tuple(u.generic_nouns)
        self.remark_openers = tuple(u.remark_openers)
        self.key_rewrites = [(compiled, r.replace) for r, compiled in grammar.rules("units.key_rewrite")]
        self._splits = Memo(self._split, SPLIT_CACHE, CACHED_CHARS)
        self._keys = Memo(self._key, SPLIT_CACHE, CACHED_CHARS)
        self.predicate_lists: Memo | None = None  # units._predicate_list's answers: made there, on first use
        self.holds_label = field_grammar(grammar).holds_label  # (listed or known by its words)
        self.label_words = frozenset(lab.labels)
        self.predicates = sorted(lab.predicates.items(), key=lambda kv: len(kv[0]), reverse=True)
        self.predicate_roles = dict(lab.predicates)
        longest = max(map(len, lab.predicates), default=1)
        # a unit followed by a bracketed predicate: 市发改委(牵头)
        self.role_note = kept(rf"^(.+?)\(([^()]{{1,{longest}}})\)$")
        self.lead_endings = tuple(k for k, role in lab.predicates.items() if role == "lead")
        # (with characters one of which each rule's matches hold: a paragraph holding none is not searched)
        self.running = [(compiled, r.role, grammar.held_chars(r.pattern))
                        for r, compiled in grammar.rules("labels.running")]
        self.clauses = [(compiled, c.how) for c, compiled in grammar.rules("labels.clause")]
        self.first_leads = grammar.rule("labels.convention.first_leads")
        self.holds_after = grammar.rule("labels.convention.holds_after")
        self.every_task = grammar.rule("labels.convention.every_task")
        self.every_task_held = grammar.held_chars(self.every_task.pattern)
        self.times = time_words(grammar)

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
        s = self.role_word.sub("", s, count=1)  # 包片单位县气象局 -> 县气象局
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
        if not 2 <= len(name) <= self.max_chars or name[0].isdigit() or self.times.opens_ongoing(name):
            return False  # 长期坚持, 持续推进: time words inside an annotation are never units
        if any(w in name for w in self.not_unit):
            return False
        return self.has_org_suffix(name) or name.endswith(self.place_suffixes)

    def is_time_clause(self, clause: str) -> bool:
        """A clause that only gives a time (2024年底前完成, 持续推进, 长期坚持)."""
        return self.times.states_time(clause.strip(TRIM))

    def has_org_suffix(self, name: str) -> bool:
        """Does the name end like an organ's (局, 委员会), and not with a word that only ends like one
        (社会, 督办)?"""
        return name.endswith(self.org_suffixes) and not name.endswith(self.not_unit_endings)

    def key(self, name: str) -> str:
        return self._keys[name]

    def _key(self, name: str) -> str:
        k = name
        for pattern, repl in self.key_rewrites:
            k = pattern.sub(repl, k)
        return k or name

    # -- lists

    def split(self, value: str) -> list[str]:
        """Unit names in a list; memoized, since plans repeat the same lists item after item."""
        return list(self._splits[value])

    def _split(self, value: str) -> list[str]:
        pieces = split_top_level(self.drop_remarks(value), self.separators)
        if self.fixed_designation(pieces):
            return [self.clean("、".join(p for p, _ in pieces))]
        out: list[tuple[str, str]] = []
        for piece, sep in pieces:
            for part in self.split_conjunctions(piece):
                out.append((self.clean(part), "、" if part is not piece else sep))
            if out:
                out[-1] = (out[-1][0], sep)
        return self.prefix_generic([u for u in self.expand_shared_suffix(out) if u])

    def fixed_designation(self, pieces: list[tuple[str, str]]) -> bool:
        """各县、市、区政府: levels of government under one 各 name one designation, not a
        list (guide section 4); 市、县机构编制部门 without it is a list with a shared suffix."""
        if len(pieces) < 2 or any(sep != "、" for _, sep in pieces[:-1]):
            return False
        first = pieces[0][0].strip(TRIM)
        head = next((p for p in self.generic_prefixes if first.startswith(p)), None)
        last = pieces[-1][0].strip(TRIM)
        if head is None or not last or last[0] not in self.bare_levels:
            return False
        levels = [first[len(head):]] + [p.strip(TRIM) for p, _ in pieces[1:-1]]
        return all(level in self.bare_levels for level in levels) and (len(last) == 1 or self.has_org_suffix(last))

    def prefix_generic(self, names: list[str]) -> list[str]:
        """市直有关部门、单位 -> 市直有关部门, 市直有关单位: a bare generic noun takes the prefix
        of the element before it (guide section 4)."""
        out: list[str] = []
        for name in names:
            if name in self.generic_nouns and out:
                prev = out[-1]
                noun = next((g for g in self.generic_nouns if prev.endswith(g) and len(prev) > len(g)), None)
                if noun:
                    name = prev[: -len(noun)] + name
            out.append(name)
        return out

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
                elif len(atoms) > stem_len and len(suffix) >= 2 and self.has_org_suffix(suffix) \
                        and not splits_a_word(names[j][:-len(suffix)], suffix, self.long_suffixes):
                    for k in range(i, j):
                        names[k] = names[k] + suffix
                i = j + 1
            else:
                i = max(j, i + 1)
        return names

    def _read_shared_suffix(self, u) -> None:
        """What a list sharing one suffix is read with (赣州、龙南、瑞金经开区; 市、县两级政府 is one unit)."""
        self.max_bare = u.shared_suffix_max_bare
        self.bare_levels = set(u.bare_levels)
        self.not_shared = tuple(u.shared_suffix_not_after)
        # the unit endings a cut may split (滁州经|开区管委会): no suffix is shared from there
        self.long_suffixes = tuple(w for w in self.org_suffixes if len(w) > 1)


def _atoms(name: str) -> list[str]:
    """Characters, with a bracket group kept on the character before it: 县(区) is one."""
    return _ATOM.findall(name)


def unit_grammar(grammar: Grammar) -> UnitGrammar:
    return grammar.compiled("units", UnitGrammar)


def unit_key(name: str, grammar: Grammar) -> str:
    return unit_grammar(grammar).key(name)
