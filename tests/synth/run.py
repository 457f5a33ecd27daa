"""Generate notices per shape and measure how much of each answer the parse recovers."""
from __future__ import annotations

from dataclasses import dataclass, field

from govplan.output.json_stream import to_data
from synth.choose import Seeded
from synth.page import Page, parsed_facts
from synth.shapes import SHAPES


@dataclass
class Recovery:
    expected: int = 0
    produced: int = 0
    matched: int = 0
    failures: list[tuple[Page, set, set]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """F1 of the facts: a missed fact and an invented one both count against it."""
        total = self.expected + self.produced
        return 1.0 if total == 0 else 2 * self.matched / total


def check(page: Page) -> tuple[set, set]:
    """The facts the parse missed and the facts it invented."""
    from govplan import parse_text

    got = parsed_facts(to_data(parse_text(page.text)))
    want = page.facts()
    return want - got, got - want


def recover(shape: str, count: int, seed: int) -> Recovery:
    out = Recovery()
    for i in range(count):
        page = SHAPES[shape](Seeded(seed * 100_003 + i))
        missed, invented = check(page)
        want = page.facts()
        out.expected += len(want)
        out.produced += len(want) - len(missed) + len(invented)
        out.matched += len(want) - len(missed)
        if missed or invented:
            out.failures.append((page, missed, invented))
    return out
