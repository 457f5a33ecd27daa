"""The layout generator's notices parse to the answer they were composed with (issue 20).

Hypothesis draws each notice (``choose.Drawn``), so a failure shrinks to the smallest notice
that shows it; ``derandomize`` fixes the examples run here, so CI runs the same ones every
time.  ``GOVPLAN_SYNTH_EXAMPLES`` runs more on demand (the seed then varies: Hypothesis explores).
The recovery rate per shape over a fixed seeded sample is checked too, and reported by
``benchmarks/synth.py``."""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from synth.choose import Drawn, Seeded
from synth.page import Page
from synth.run import check, recover
from synth.shapes import SHAPES

EXAMPLES = int(os.environ.get("GOVPLAN_SYNTH_EXAMPLES", "25"))
# the floor issue 20 sets for every shape
MIN_RECOVERY = 0.98


def _report(page: Page, missed: set, invented: set) -> str:
    numbered = "\n".join(f"{n:3} {line}" for n, line in enumerate(page.lines, 1))
    return f"{page.variant}\n{numbered}\nmissed: {sorted(missed, key=str)}\ninvented: {sorted(invented, key=str)}"


# Shapes whose every notice parses exactly.  A task table printed one cell a line with cells
# wrapped at random places, or a row that prints fewer cells than its header, can be read two
# ways from its text alone (县直有关部 / 门、区…: both pieces end like units); for the table
# shape the property is that no notice loses much (TABLE_NOTICE_FLOOR), and its rate over many
# notices meets the floor (test below, and benchmarks/synth.py).
EXACT = sorted(set(SHAPES) - {"table"})
TABLE_NOTICE_FLOOR = 0.75
RUN = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 25, database=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize("shape", EXACT)
@RUN
@given(data=st.data())
def test_the_parse_recovers_the_composed_answer(shape, data):
    page = SHAPES[shape](Drawn(data))
    missed, invented = check(page)
    assert not missed and not invented, _report(page, missed, invented)


@RUN
@given(data=st.data())
def test_a_task_table_loses_little_of_any_notice(data):
    page = SHAPES["table"](Drawn(data))
    missed, invented = check(page)
    want = len(page.facts())
    f1 = 2 * (want - len(missed)) / (2 * want - len(missed) + len(invented))
    assert f1 >= TABLE_NOTICE_FLOOR, _report(page, missed, invented)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_recovery_rate_of_every_shape_meets_the_floor(shape):
    result = recover(shape, count=150, seed=20)
    assert result.rate >= MIN_RECOVERY, _report(*result.failures[0])


def test_the_same_seed_composes_the_same_notice():
    for shape in SHAPES:
        one, two = SHAPES[shape](Seeded(7)), SHAPES[shape](Seeded(7))
        assert one.text == two.text and one.facts() == two.facts()


def test_a_wrong_parse_is_caught():
    # the check is no formality: a parse that drops a heading fails it
    page = SHAPES["ladder"](Seeded(3))
    page.headings.append((1, "一、", 1))
    missed, _ = check(page)
    assert ("heading", 1, "一、", 1) in missed


# the shapes of running text (a task table on a web page is a <table>: tests/formats)
WEB = sorted(set(EXACT) - {"damage"})


@pytest.mark.parametrize("shape", WEB)
@pytest.mark.parametrize("layout", ["block", "grid", "breaks"])
def test_a_notice_published_as_a_web_page_parses_to_the_same_answer(shape, layout, tmp_path):
    """The notice's lines as a page's paragraphs (a content block beside menus, an older site's grid table
    with a menu cell, lines parted by <br>): the parse of the page is the parse of the text."""
    from govplan import parse_file
    from govplan.output.json_stream import to_data
    from synth.page import parsed_facts
    from synth.web import published

    for i in range(12):
        page = SHAPES[shape](Seeded(900 + i))
        html, answer = published(page, Seeded(i), layout)
        path = tmp_path / f"{i}.html"
        path.write_text(html, encoding="utf-8")
        got, want = parsed_facts(to_data(parse_file(path))), answer.facts()
        assert got == want, f"{html}\nmissed: {sorted(want - got, key=str)}\ninvented: {sorted(got - want, key=str)}"
