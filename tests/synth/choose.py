"""Where the generator's choices come from: a seeded random source or Hypothesis draws."""
from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Protocol, TypeVar

T = TypeVar("T")


class Chooser(Protocol):
    def pick(self, options: Sequence[T]) -> T: ...

    def number(self, low: int, high: int) -> int: ...

    def chance(self, percent: int) -> bool: ...


class Seeded:
    """Choices from ``random.Random(seed)``: the same seed gives the same notices."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def pick(self, options: Sequence[T]) -> T:
        return options[self.rng.randrange(len(options))]

    def number(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def chance(self, percent: int) -> bool:
        return self.rng.randrange(100) < percent


class Drawn:
    """Choices drawn by Hypothesis (``st.data()``), so that a failing notice shrinks."""

    def __init__(self, data):
        from hypothesis import strategies as st

        self.data, self.st = data, st

    def pick(self, options: Sequence[T]) -> T:
        return self.data.draw(self.st.sampled_from(list(options)))

    def number(self, low: int, high: int) -> int:
        return self.data.draw(self.st.integers(low, high))

    def chance(self, percent: int) -> bool:
        return self.data.draw(self.st.integers(0, 99)) < percent


def some(choose: Chooser, options: Sequence[T], low: int, high: int) -> list[T]:
    """Between low and high different options, in the order drawn."""
    pool, out = list(options), []
    for _ in range(min(choose.number(low, high), len(pool))):
        out.append(pool.pop(choose.number(0, len(pool) - 1)))
    return out
