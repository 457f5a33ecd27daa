"""How alike the items of plans are (compare, and check's duplicate-item rule).

Each text is cut into terms by a Chinese segmenter (rjieba or jieba, loaded on first use:
only the commands that compare pay for the dictionary), weighted by TF-IDF over all the
texts compared (a term every item uses weighs little) and, for the words every plan uses
(grammars/compare.toml ``boilerplate``), by a further factor.  Two texts score the larger
of the cosine of their weighted terms (a paraphrase shares the rare terms) and their
character similarity (rapidfuzz's normalized indel distance: a near-copy with its words
cut differently).  Unit names, deadline wordings and label words are removed first: they
say who and when, not what.
"""
from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
from typing import Callable, Iterator, Sequence

from govplan.errors import DependencyMissing
from govplan.grammar.compiled import Grammar
from govplan.precompiled import kept

HAN = kept(r"\p{Han}")
NOT_HAN = kept(r"[^\p{Han}]+")


@lru_cache(maxsize=4)
def segmenter(names: tuple[str, ...]) -> tuple[str, Callable[[str], list[str]]]:
    """(name, cut) of the first segmenter of ``names`` that imports."""
    from govplan.compare.segmenters import first_that_loads

    name, cut = first_that_loads(names)
    if cut is not None:
        return name, cut
    raise DependencyMissing(f"no Chinese segmenter installed (tried {', '.join(names)}): pip install rjieba")


# (texts, segmenters to try) -> (the name of the one used, each text's terms): cut in this process
# (cut_texts) or by a helper (compare.helper)
Cutter = Callable[[Sequence[str], "tuple[str, ...]"], "tuple[str, list[list[str]]]"]


def cut_texts(texts: Sequence[str], names: tuple[str, ...]) -> tuple[str, list[list[str]]]:
    """The terms of each text, cut here by the first segmenter of ``names`` that imports."""
    name, cut = segmenter(names)
    return name, [cut(text) for text in texts]


def strip_annotations(text: str, removed: Sequence[str], grammar: Grammar) -> str:
    """The text without the given spans (units, deadlines) and the label words."""
    for span in sorted(set(removed) | set(grammar.compare.ignore), key=len, reverse=True):
        if span:
            text = text.replace(span, " ")
    return text


class Corpus:
    """The texts compared, as weighted term vectors (unit length) and bare Chinese text."""

    def __init__(self, texts: Sequence[str], grammar: Grammar, cutter: Cutter | None = None):
        from rapidfuzz.fuzz import ratio

        self._ratio = ratio  # (imported here, not in the pair loop)
        rules = grammar.compare
        self.segmenter, pieces = (cutter or cut_texts)(texts, tuple(rules.settings.segmenters))
        least = rules.settings.min_term_chars
        counts = [Counter(t for t in terms if len(t) >= least and HAN.search(t)) for terms in pieces]
        frequency = Counter(term for c in counts for term in c)
        n = len(texts)
        damped = set(rules.boilerplate)
        self.weight = {term: (math.log((n + 1) / (df + 1)) + 1) * (rules.boilerplate_weight if term in damped else 1)
                       for term, df in frequency.items()}
        self.vectors = [self._unit({t: (1 + math.log(k)) * self.weight[t] for t, k in c.items()}) for c in counts]
        self.terms = [set(c) for c in counts]
        self.chars = [NOT_HAN.sub("", text) for text in texts]

    @staticmethod
    def _unit(vector: dict[str, float]) -> dict[str, float]:
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {t: v / norm for t, v in vector.items()}

    def cosine(self, i: int, j: int) -> float:
        a, b = self.vectors[i], self.vectors[j]
        if len(a) > len(b):
            a, b = b, a
        return sum(v * b[t] for t, v in a.items() if t in b)

    def characters(self, i: int, j: int) -> float:
        if not self.chars[i] or not self.chars[j]:
            return 0.0
        return self._ratio(self.chars[i], self.chars[j]) / 100

    def score(self, i: int, j: int) -> float:
        return round(max(self.cosine(i, j), self.characters(i, j)), 3)

    def candidates(self, left: Sequence[int], right: Sequence[int], max_pairs: int, top: int,
                   posting_cap: int) -> Iterator[tuple[int, int]]:
        """The pairs (i in ``left``, j in ``right``) worth scoring: all of them while they are at
        most ``max_pairs``; beyond, those sharing one of the ``top`` heaviest terms of ``i``,
        skipping terms held by more than ``posting_cap`` texts of ``right`` (they tell nothing
        apart).  The work stays linear: at most top x posting_cap pairs per text."""
        if len(left) * len(right) <= max_pairs:
            yield from ((i, j) for i in left for j in right)
            return
        postings: dict[str, list[int]] = {}
        for j in right:
            for term in self.terms[j]:
                postings.setdefault(term, []).append(j)
        for i in left:
            heaviest = sorted(self.vectors[i], key=lambda t: (-self.vectors[i][t], t))
            seen: set[int] = set()
            for term in [t for t in heaviest if len(postings.get(t, ())) <= posting_cap][:top]:
                seen.update(postings.get(term, ()))
            yield from ((i, j) for j in sorted(seen))

    def coverage(self, i: int, others: Sequence[int]) -> float:
        """The share of text ``i``'s term weight that ``others`` hold too."""
        mine = self.terms[i]
        total = sum(self.weight[t] for t in mine)
        if not total:
            return 1.0 if others else 0.0
        held = set().union(*(self.terms[j] for j in others)) if others else set()
        return sum(self.weight[t] for t in mine & held) / total
