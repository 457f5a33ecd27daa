"""Where a cut falls among words: a line wrapped, or a name split, inside a listed word."""
from __future__ import annotations

from collections.abc import Iterable


def splits_a_word(left: str, right: str, words: Iterable[str]) -> bool:
    """Does the cut between ``left`` and ``right`` fall inside one of ``words`` (区人力资源社 | 会保障局: 社会;
    滁州经 | 开区管委会: 经开区)?"""
    return any(left.endswith(word[:k]) and right.startswith(word[k:]) for word in words for k in range(1, len(word)))
