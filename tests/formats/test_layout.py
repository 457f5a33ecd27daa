"""The geometry of printed pages (formats/layout.py, ruled.py) on pages set here: a small
typesetter fills lines the way a word processor does (greedy, Latin words kept whole, closing
marks never at a line's start, opening marks never at its end), draws the characters in any
order, quotation marks in a second font, some characters twice (a fake bold); tables get
random columns, merged cells and rules drawn whole, in pieces or as cell rectangles.  What
the reader gives back must be the paragraphs and cells that were set."""
from __future__ import annotations

import random

import pytest

from govplan.formats.layout import NO_LINE_END, NO_LINE_START, Glyph, Rule, join_wrapped, lines_of, wrapped
from govplan.formats.ruled import grids, table_rows

CJK = "县市局委办推进完成建设改造工作任务年度农村供水管网标准化服务体系机制平台监管"
LATIN = ["2026", "12", "5G", "GDP", "PM2.5", "App"]
EM = 12.0


def _tokens(rnd: random.Random, n: int) -> list[str]:
    """Unbreakable pieces of a paragraph: a character with its closing marks, a Latin word, a
    quotation opened (its mark goes with the next character)."""
    out: list[str] = []
    for _ in range(n):
        roll = rnd.random()
        if roll < 0.12:
            word = rnd.choice(LATIN)
            if out and out[-1][-1].isdigit() and word[0].isdigit():
                word = "GDP"  # two numbers side by side are not written in Chinese text
            out.append(word)
        elif roll < 0.18:
            out.append("\u201c" + rnd.choice(CJK))
        elif roll < 0.26:
            out.append(rnd.choice(CJK) + rnd.choice(["\uff0c", "\u3001", "\u201d", "\uff1b"]))
        else:
            out.append(rnd.choice(CJK))
    return out


def _width(ch: str) -> float:
    return 0.55 * EM if ch.isascii() else EM


def _typeset(paragraphs: list[list[str]], left: float, right: float, rnd: random.Random,
             top: float = 800.0, indent: int = 0) -> list[Glyph]:
    glyphs: list[Glyph] = []
    y = top
    for tokens in paragraphs:
        x = left + indent * EM
        for tok in tokens:
            w = sum(_width(c) for c in tok)
            if x + w > right and x > left:
                x, y = left, y - 1.6 * EM
            for c in tok:
                second_font = c in "\u201c\u201d" or c.isascii()
                bottom, height = (y - 0.3 * EM, 1.25 * EM) if second_font else (y - 0.12 * EM, EM)
                g = Glyph(c, x, x + _width(c), bottom, bottom + height, y, EM)
                glyphs.append(g)
                if rnd.random() < 0.03:  # a fake bold: drawn again a hair to the right
                    glyphs.append(Glyph(c, x + 0.3, x + 0.3 + _width(c), g.bottom, g.top, y, EM))
                x += _width(c)
        y -= 1.6 * EM
    rnd.shuffle(glyphs)  # the order a file draws in says nothing
    return glyphs


def _rejoined(glyphs: list[Glyph], left: float, right: float) -> list[str]:
    lines = lines_of(glyphs)
    out: list[str] = []
    for k, line in enumerate(lines):
        if k and wrapped(lines[k - 1], line, left, right):
            out[-1] = join_wrapped(out[-1], line.text)
        else:
            out.append(line.text)
    return out


def _text(tokens: list[str]) -> str:
    text = ""
    for tok in tokens:  # two Latin words side by side are set apart by a space
        text += (" " if text and text[-1].isascii() and text[-1].isalnum() and tok[0].isascii() else "") + tok
    return text


@pytest.mark.parametrize("seed", range(60))
def test_paragraphs_set_in_lines_come_back_whole(seed):
    rnd = random.Random(seed)
    left, right = rnd.uniform(40, 100), rnd.uniform(300, 520)
    paragraphs = []
    for _ in range(rnd.randint(1, 6)):
        if rnd.random() < 0.3:
            paragraphs.append(["一", "、"] + _tokens(rnd, rnd.randint(2, 8)))  # a heading: short, no stop
        else:
            paragraphs.append(_tokens(rnd, rnd.randint(5, 120)) + ["\u3002"])
    paragraphs = [[t for t in p if t] for p in paragraphs]
    spaced = [_with_spaces(p) for p in paragraphs]
    got = _rejoined(_typeset(spaced, left, right, rnd), left, right)
    assert got == [_text(p) for p in paragraphs]


def _with_spaces(tokens: list[str]) -> list[str]:
    """The tokens as a typesetter sets them: two Latin words apart by a space of their own."""
    out: list[str] = []
    for tok in tokens:
        if out and out[-1][-1].isascii() and out[-1][-1].isalnum() and tok[0].isascii():
            out[-1] += " "
        out.append(tok)
    return out


def test_the_tokens_keep_the_line_breaking_rules():
    # the generator's own promise, on which the wrap test rests
    rnd = random.Random(1)
    toks = _tokens(rnd, 2000)
    assert not any(t[0] in NO_LINE_START for t in toks) and not any(t[-1] in NO_LINE_END for t in toks)


# ---------------------------------------------------------------- ruled tables

def _table(rnd: random.Random):
    """A random grid: column edges, row edges (top down), merged regions and each region's text."""
    cols, rows = rnd.randint(2, 7), rnd.randint(1, 14)
    xs = [50.0]
    for _ in range(cols):
        xs.append(xs[-1] + rnd.uniform(3.5, 9) * EM)
    ys = [780.0]
    for _ in range(rows):
        ys.append(ys[-1] - rnd.choice([1.6, 3.2]) * EM)
    owner = {(r, c): (r, c, r, c) for r in range(rows) for c in range(cols)}
    for _ in range(rnd.randint(0, 3)):  # merge a block
        r, c = rnd.randrange(rows), rnd.randrange(cols)
        r1, c1 = min(rows - 1, r + rnd.randint(0, 2)), min(cols - 1, c + rnd.randint(0, 2))
        block = [(i, j) for i in range(r, r1 + 1) for j in range(c, c1 + 1)]
        if all(owner[b] == (*b, *b) for b in block):
            before = dict(owner)
            for b in block:
                owner[b] = (r, c, r1, c1)
            if not _every_line_shows(owner, rows, cols):  # merges that hide a grid line: nothing shows it
                owner = before
    return xs, ys, owner


def _every_line_shows(owner, rows: int, cols: int) -> bool:
    return all(any(owner[(r, c - 1)] != owner[(r, c)] for r in range(rows)) for c in range(1, cols)) and \
        all(any(owner[(r - 1, c)] != owner[(r, c)] for c in range(cols)) for r in range(1, rows))


def _fitting(rnd: random.Random, width: float) -> str:
    """A cell's text, on one line of the cell."""
    tokens = _tokens(rnd, rnd.randint(0, 6))
    while tokens and sum(_width(ch) for ch in _text(tokens)) > width:
        tokens.pop()
    return _text(tokens)


def _rules(xs, ys, owner, style: str, rnd: random.Random) -> list[Rule]:
    jitter = lambda: rnd.uniform(-0.4, 0.4)  # noqa: E731
    out: list[Rule] = []
    rows, cols = len(ys) - 1, len(xs) - 1
    for r in range(rows + 1):  # horizontal edges above row r, cell by cell
        for c in range(cols):
            if 0 < r < rows and owner[(r - 1, c)] == owner[(r, c)]:
                continue
            out.append(Rule(True, ys[r] + jitter(), xs[c] + jitter(), xs[c + 1] + jitter()))
    for c in range(cols + 1):
        for r in range(rows):
            if 0 < c < cols and owner[(r, c - 1)] == owner[(r, c)]:
                continue
            out.append(Rule(False, xs[c] + jitter(), ys[r + 1] + jitter(), ys[r] + jitter()))
    if style == "whole":  # joined where they touch, as a file that draws each rule once does
        from govplan.formats.ruled import _joined

        out = _joined([r for r in out if r.horizontal]) + _joined([r for r in out if not r.horizontal])
    rnd.shuffle(out)
    return out


@pytest.mark.parametrize("seed", range(80))
def test_random_ruled_tables_come_back_cell_by_cell(seed):
    rnd = random.Random(seed)
    xs, ys, owner = _table(rnd)
    regions = sorted(set(owner.values()))
    texts = {reg: _fitting(rnd, xs[reg[3] + 1] - xs[reg[1]] - 8) for reg in regions}
    glyphs: list[Glyph] = []
    for (r0, c0, _, c1), text in texts.items():
        tokens = [text] if text else []
        glyphs += _typeset([list(tokens)], xs[c0] + 3, xs[c1 + 1] + 1e6, rnd, top=ys[r0] - 1.3 * EM)
    found = grids(_rules(xs, ys, owner, rnd.choice(["pieces", "whole"]), rnd))
    assert len(found) == 1
    want = [["" if c != owner[(r, c)][1] else texts[owner[(r, c)]] if r == owner[(r, c)][0]
             else _spanned(texts[owner[(r, c)]]) for c in range(len(xs) - 1)] for r in range(len(ys) - 1)]
    assert table_rows(found[0], glyphs) == want


def _spanned(text: str) -> str:
    from govplan.formats.base import spanned_text

    return spanned_text(text)


def test_rules_that_do_not_cross_make_no_table():
    underline = [Rule(True, 700, 50, 500), Rule(True, 690, 50, 500)]  # a letterhead's double rule
    assert grids(underline) == []


def test_a_page_of_countless_rules_is_not_read_as_a_table():
    import time

    rules = [Rule(True, 10 + k * 0.01, 0, 500) for k in range(3000)] + [Rule(False, 10 + k * 3.1, 0, 800)
                                                                         for k in range(3000)]
    start = time.process_time()
    assert grids(rules) == []
    assert time.process_time() - start < 5  # refused by count, not after a quadratic search
