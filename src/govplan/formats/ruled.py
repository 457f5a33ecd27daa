"""Ruled tables of a printed page, from its rules alone (layout.py says how they are read).

Rules a file draws in pieces (one per cell edge, as LibreOffice and Word print) are joined
first; rules that cross make one table; a table needs two rules each way.  Each cell of the
grid its rules make is a region; a rule missing between two cells merges them.  What the
regions hold is read with the line geometry of layout.py.
"""
from __future__ import annotations

import bisect
from collections import defaultdict

from govplan.formats.base import spanned_text
from govplan.formats.layout import (
    MAX_CELLS,
    MAX_RULES,
    RULE_SNAP,
    Glyph,
    Grid,
    Rule,
    TextLine,
    join_wrapped,
    lines_of,
    wrapped,
)


def grids(rules: list[Rule]) -> list[Grid]:
    """The tables the rules make, top to bottom."""
    horizontal = _joined([r for r in rules if r.horizontal])
    vertical = _joined([r for r in rules if not r.horizontal])
    if len(horizontal) + len(vertical) > MAX_RULES:
        return []
    found = [_grid(h, v) for h, v in _crossing_groups(horizontal, vertical)]
    return sorted((g for g in found if g is not None), key=lambda g: -g.top)


def _joined(rules: list[Rule]) -> list[Rule]:
    """Pieces of one rule (on one line, touching or overlapping) as one rule."""
    out: list[Rule] = []
    level: list[Rule] = []
    for rule in sorted(rules, key=lambda r: r.at):
        if level and rule.at - level[-1].at > RULE_SNAP:
            out += _spans(level)
            level = []
        level.append(rule)
    return out + _spans(level)


def _spans(level: list[Rule]) -> list[Rule]:
    """The rules of one line, overlapping or touching ones joined."""
    out: list[Rule] = []
    for rule in sorted(level, key=lambda r: r.start):
        last = out[-1] if out else None
        if last and rule.start <= last.end + RULE_SNAP:
            out[-1] = Rule(last.horizontal, last.at, last.start, max(last.end, rule.end))
        else:
            out.append(rule)
    return out


def _crossing_groups(horizontal: list[Rule], vertical: list[Rule]) -> list[tuple[list[Rule], list[Rule]]]:
    """Rules joined by crossings, as groups of horizontal and vertical rules."""
    parent = list(range(len(horizontal) + len(vertical)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    vertical = sorted(vertical, key=lambda r: r.at)
    xs = [v.at for v in vertical]
    for i, h in enumerate(horizontal):
        for j in range(bisect.bisect_left(xs, h.start - RULE_SNAP), bisect.bisect_right(xs, h.end + RULE_SNAP)):
            v = vertical[j]
            if v.start - RULE_SNAP <= h.at <= v.end + RULE_SNAP:
                parent[find(i)] = find(len(horizontal) + j)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = defaultdict(lambda: ([], []))
    for i, h in enumerate(horizontal):
        groups[find(i)][0].append(h)
    for j, v in enumerate(vertical):
        groups[find(len(horizontal) + j)][1].append(v)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def _levels(values: list[float]) -> list[float]:
    """Positions within RULE_SNAP of each other as one."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > RULE_SNAP:
            out.append(v)
    return out


def _grid(horizontal: list[Rule], vertical: list[Rule]) -> Grid | None:
    xs, ys = _levels([v.at for v in vertical]), _levels([h.at for h in horizontal])[::-1]
    if len(xs) < 2 or len(ys) < 2 or (len(xs) - 1) * (len(ys) - 1) > MAX_CELLS:
        return None
    grid = Grid(xs, ys)
    on_x, on_y = _by_level(vertical, xs), _by_level(horizontal, ys)
    parent = {(r, c): (r, c) for r in range(len(ys) - 1) for c in range(len(xs) - 1)}

    def find(k: tuple[int, int]) -> tuple[int, int]:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for r in range(len(ys) - 1):
        for c in range(len(xs) - 1):
            if c + 1 < len(xs) - 1 and not _covered(on_x[c + 1], (ys[r] + ys[r + 1]) / 2):
                parent[find((r, c + 1))] = find((r, c))
            if r + 1 < len(ys) - 1 and not _covered(on_y[r + 1], (xs[c] + xs[c + 1]) / 2):
                parent[find((r + 1, c))] = find((r, c))
    regions: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for cell in parent:
        regions[find(cell)].append(cell)
    for cells in regions.values():
        box = (min(r for r, _ in cells), min(c for _, c in cells), max(r for r, _ in cells), max(c for _, c in cells))
        for cell in cells:
            grid.cells[cell] = box
    return grid


def _by_level(rules: list[Rule], levels: list[float]) -> dict[int, list[Rule]]:
    """The rules standing at each level (index into ``levels``, sorted either way)."""
    sign = 1.0 if levels[0] <= levels[-1] else -1.0
    keys = [sign * v for v in levels]
    out: dict[int, list[Rule]] = defaultdict(list)
    for rule in rules:
        at = sign * rule.at
        k = bisect.bisect_left(keys, at)
        out[min((i for i in (k - 1, k) if 0 <= i < len(keys)), key=lambda i: abs(keys[i] - at))].append(rule)
    return out


def _covered(rules: list[Rule], point: float) -> bool:
    """Does one of the rules of a level pass ``point``?"""
    return any(r.start - RULE_SNAP <= point <= r.end + RULE_SNAP for r in rules)


def table_rows(grid: Grid, glyphs: list[Glyph]) -> list[list[str]]:
    """The grid's rows as cell texts (merged cells resolved as base.spanned_text says)."""
    held: dict[tuple[int, int, int, int], list[Glyph]] = defaultdict(list)
    ys_up = grid.ys[::-1]
    for g in glyphs:
        x, y = (g.left + g.right) / 2, (g.bottom + g.top) / 2
        c = bisect.bisect_right(grid.xs, x) - 1
        r = len(grid.ys) - 1 - bisect.bisect_right(ys_up, y)
        if 0 <= r < len(grid.ys) - 1 and 0 <= c < len(grid.xs) - 1:
            held[grid.cells[(r, c)]].append(g)
    lines = {box: lines_of(gs) for box, gs in held.items()}
    pad = min((line.left - grid.xs[box[1]] for box, ls in lines.items() for line in ls), default=0.0)
    texts = {box: _cell_text(ls, grid.xs[box[1]] + pad, grid.xs[box[3] + 1] - max(pad, 0.0))
             for box, ls in lines.items()}
    rows = []
    for r in range(len(grid.ys) - 1):
        row = []
        for c in range(len(grid.xs) - 1):
            box = grid.cells[(r, c)]
            text = texts.get(box, "")
            row.append("" if c != box[1] else text if r == box[0] else spanned_text(text))
        rows.append(row)
    return rows


def _cell_text(lines: list[TextLine], left: float, right: float) -> str:
    """A cell's lines: a line cut by the cell's edge goes on in the next, other lines are
    paragraphs (joined with a space, as the other readers join a cell's paragraphs)."""
    text = ""
    for k, line in enumerate(lines):
        if k and wrapped(lines[k - 1], line, left, right):
            text = join_wrapped(text, line.text)
        else:
            text = f"{text} {line.text}" if text else line.text
    return text.strip()
