"""Text placed on a page, read by position: the geometry shared by the readers of printed
formats (PDF, OFD), which know where each character stands but not which line it is on.

- **Lines** come from baselines: characters whose baselines agree are one line, read left to
  right by their boxes, whatever order the file draws them in (a printer that sets quotation
  marks in a second font writes them after the line's Chinese).  A space the file holds is
  kept; one the reading library guessed from a gap only between two Latin letters or digits
  (the gap a layout leaves between Chinese and Latin text is spacing, not a space).  A
  character drawn twice on itself (a fake bold) is read once.
- **Hard wraps** are found as a typesetter makes them: a line is wrapped when the next line's
  first token (a character with the punctuation that may not be parted from it, or a Latin
  word) would not have fitted before the right margin, or, on a page set in a grid of
  characters, when it holds as many as the longest line.
- **Rules** and **grids** are the types ruled.py reads tables with: horizontal and vertical
  rules that cross make a grid, a rule missing inside it merges cells.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# punctuation a line may not begin with (closing marks) or end with (opening marks)
NO_LINE_START = frozenset("\uff0c\u3002\u3001\uff1b\uff1a\uff01\uff1f\uff09\u3011\u3015\u300d\u300f\u201d\u2019\u300b"
                          ",.;:!?)]%")
NO_LINE_END = frozenset("\uff08\u3010\u3014\u300c\u300e\u201c\u2018\u300a([")
# quotation marks bind to what stands on both sides of them (Unicode line breaking, LB19: the
# rule LibreOffice and browsers follow)
QUOTES = frozenset("\u201c\u201d\u2018\u2019\"'")
# a line ending in one of these ends its sentence, or an annotation (which ends its item): the
# reader never joins it to the next (a wrap just after a closing bracket is left to the
# pipeline's rejoining, which reads what the lines say); a line ending in a colon or semicolon
# is joined only where it fills its measure (a short one is a heading, or an item of a list)
SENTENCE_END = tuple("\u3002\uff01\uff1f!?\uff09)\u3011\u3015]")
# characters on one line: baselines within this share of the character height
BASELINE_TOLERANCE = 0.35
# a gap between two characters wider than this share of the height is a space, whatever the script
WIDE_GAP = 1.0
# a gap between two Latin characters wider than this share of the height is a space
LATIN_GAP = 0.2
# a wrapped line and its next token reach the margin to within this share of the height
WRAP_TOLERANCE = 0.35
# the same for lines a recogniser (OCR) read
RECOGNISED_TOLERANCE = 1.0
# the widest space between two Latin words, as a share of the height
LATIN_SPACE = 0.6
# a wrapped line starts within this many heights of the left margin (a first-line indent is 2)
WRAP_INDENT = 3.5
# a page whose longest line holds this many characters may be set in a grid of characters
MIN_GRID_CHARS = 12
# rules: thinner than this (points) is a line; parts of one rule within this distance join
RULE_THICKNESS = 3.0
RULE_SNAP = 2.0
# a page with more rules than this is a drawing, not a table: its rules are not read
MAX_RULES = 4000
# a grid of more cells than this is a drawing too
MAX_CELLS = 20000


@dataclass(frozen=True, slots=True)
class Glyph:
    char: str
    left: float
    right: float
    bottom: float  # the box, y growing upward (PDF's space)
    top: float
    baseline: float
    size: float = 0.0  # the font size, where the file says it (else the box's height stands in)
    generated: bool = False  # a space or line break the reading library guessed
    confidence: float = 100.0  # how sure a recogniser (OCR) was of it, 0-100; a file's own text is sure


@dataclass(slots=True)
class TextLine:
    text: str
    left: float
    right: float
    baseline: float
    height: float
    lead: float  # width of the first token: what a line before, if full, could not fit
    confidence: float = 100.0  # the mean of its characters' (OCR)


@dataclass(frozen=True, slots=True)
class Rule:
    horizontal: bool
    at: float  # y of a horizontal rule, x of a vertical one
    start: float  # x0 or y0
    end: float


@dataclass
class Grid:
    xs: list[float]  # column edges, left to right
    ys: list[float]  # row edges, top to bottom (descending y)
    cells: dict[tuple[int, int], tuple[int, int, int, int]] = field(default_factory=dict)  # (r, c) -> region

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def bottom(self) -> float:
        return self.ys[-1]

    def holds(self, g: Glyph) -> bool:
        x, y = (g.left + g.right) / 2, (g.bottom + g.top) / 2
        return self.xs[0] < x < self.xs[-1] and self.ys[-1] < y < self.ys[0]


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _is_word(ch: str) -> bool:
    """A character of a Latin word or a number as a typesetter keeps it whole."""
    return ch.isascii() and ch.isprintable() and not ch.isspace()


# ---------------------------------------------------------------- lines

def lines_of(glyphs: list[Glyph]) -> list[TextLine]:
    """Glyphs grouped into lines by baseline, top to bottom, each read left to right."""
    drawn = sorted((g for g in glyphs if not g.generated or g.char == " "), key=lambda g: -g.baseline)
    lines: list[TextLine] = []
    group: list[Glyph] = []
    for g in drawn:
        if group and group[0].baseline - g.baseline > BASELINE_TOLERANCE * _height(group[0]):
            lines.append(_line(group))
            group = []
        group.append(g)
    if group:
        lines.append(_line(group))
    return [line for line in lines if line.text]


def _height(g: Glyph) -> float:
    return max(g.size or g.top - g.bottom, 1.0)


def _line(group: list[Glyph]) -> TextLine:
    row = _read_once(sorted(group, key=lambda g: g.left))
    sizes = sorted(_height(g) for g in row)
    height = sizes[len(sizes) // 2]  # the line's size: most of its characters' (a stray mark does not move it)
    parts: list[str] = []
    kept: list[Glyph] = []
    typed_space = False  # a space the file itself holds since the last character kept
    for g in row:
        if g.char.isspace():
            typed_space = typed_space or not g.generated
            continue  # a space is decided by the gap it stands in
        if kept and _spaced(kept[-1], g, height, typed_space):
            parts.append(" ")
        parts.append(g.char)
        kept.append(g)
        typed_space = False
    if not kept:
        return TextLine("", 0.0, 0.0, 0.0, 0.0, 0.0)
    return TextLine("".join(parts), kept[0].left, kept[-1].right, sum(g.baseline for g in kept) / len(kept),
                    height, _lead_width(kept), sum(g.confidence for g in kept) / len(kept))


def _spaced(before: Glyph, g: Glyph, height: float, typed_space: bool) -> bool:
    """Is there a space between two characters? One the file holds, or a wide gap; between
    Latin letters or digits, a gap too (where the reading library guessed one)."""
    gap = g.left - before.right
    if typed_space or gap > WIDE_GAP * height:
        return True
    return _is_latin(before.char[-1]) and _is_latin(g.char[0]) and gap > LATIN_GAP * height


def _read_once(row: list[Glyph]) -> list[Glyph]:
    """A character drawn again over itself (a fake bold, a shadow) read once."""
    out: list[Glyph] = []
    for g in row:
        if out and out[-1].char == g.char and not g.char.isspace() and \
                abs(g.left - out[-1].left) < 0.3 * max(out[-1].right - out[-1].left, 0.5):
            continue
        out.append(g)
    return out


def _lead_width(kept: list[Glyph]) -> float:
    """Width of the line's first token: what may not be parted at a line break (a character with
    the closing marks after it and the opening marks before the next, a Latin word or number)."""
    k = _word_end(kept, 0)
    while k + 1 < len(kept) and (kept[k + 1].char in NO_LINE_START or kept[k].char in NO_LINE_END
                                 or kept[k + 1].char in QUOTES or kept[k].char in QUOTES):
        k = _word_end(kept, k + 1)
    return kept[k].right - kept[0].left


def _word_end(kept: list[Glyph], k: int) -> int:
    """The last glyph of the Latin word or number that starts at ``k`` (``k`` itself else)."""
    if _is_word(kept[k].char):  # a Latin word or number (PM2.5, 2026-12) is never cut
        while k + 1 < len(kept) and _is_word(kept[k + 1].char) and kept[k + 1].left - kept[k].right < 1.0:
            k += 1
    return k


def wrapped(line: TextLine, after: TextLine, left: float, right: float, most_chars: int = 0) -> bool:
    """Was ``line`` cut by the right margin ``right`` (the text begins at ``left``)? It does not
    end a sentence, starts at the margin or a paragraph's indent, the next line is set in the
    same size, and the next line's first token did not fit on it; or (a layout of a fixed
    number of characters a line, the grid of the official-document standard) it holds as many
    characters as the longest line, ``most_chars``."""
    em = line.height
    if line.text.endswith(SENTENCE_END) or line.left > left + WRAP_INDENT * em or abs(after.height - em) > 0.25 * em:
        return False
    if most_chars >= MIN_GRID_CHARS and len(line.text) >= most_chars - 1:
        return True
    # between two Latin words the break took a space, which the line's right edge leaves out
    space = LATIN_SPACE * em if _is_latin(line.text[-1]) and _is_word(after.text[0]) else 0.0
    # a recognised line's (OCR) edges are ink, and a small mark may be lost: known to a character
    tolerance = WRAP_TOLERANCE if line.confidence >= 100 else RECOGNISED_TOLERANCE
    return line.right + space + after.lead > right - tolerance * em


def join_wrapped(first: str, second: str) -> str:
    """Two parts of a line cut by a wrap: a space between two Latin words (a typesetter breaks
    them at a space), none inside a number (a grid of characters cuts numbers anywhere)."""
    if first and second and _is_latin(first[-1]) and _is_latin(second[0]) and not (
            first[-1].isdigit() and second[0].isdigit()):
        return f"{first} {second}"
    return first + second
