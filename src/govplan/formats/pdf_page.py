"""What PDFium knows of a page, as layout.py reads it: each character with its box and
baseline, and the page's rules (path objects that draw a thin line, or the straight edges of
a stroked path).  The only module that reads PDFium's page objects."""
from __future__ import annotations

import ctypes

from govplan.formats.layout import MAX_RULES, RULE_THICKNESS, Glyph, Rule

# a drawn edge shorter than this (points) is a tick or a letter's stroke, not a rule
MIN_RULE_LENGTH = 6.0
# path objects looked at on a page, at most (a chart of thousands is no table)
MAX_PATHS = 20000
# text objects looked at on a page for a font PDFium has nothing to measure with, at most
MAX_TEXT_OBJECTS = 20000


def page_glyphs(textpage) -> list[Glyph]:
    """Every character of the page with its loose box (advance width, font height), baseline and size."""
    import pypdfium2.raw as raw

    handle = textpage.raw
    rect = raw.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    out = []
    for i in range(raw.FPDFText_CountChars(handle)):
        code = raw.FPDFText_GetUnicode(handle, i)
        if code in (0, 2, 0xFFFE) or code in (10, 13) or code > 0x10FFFF:
            continue
        if not raw.FPDFText_GetLooseCharBox(handle, i, rect) or not raw.FPDFText_GetCharOrigin(handle, i, x, y):
            continue
        out.append(Glyph(chr(code), rect.left, rect.right, rect.bottom, rect.top, y.value,
                         raw.FPDFText_GetFontSize(handle, i), bool(raw.FPDFText_IsGenerated(handle, i))))
    return out


def page_rules(page) -> list[Rule]:
    """The page's horizontal and vertical rules."""
    import pypdfium2.raw as raw

    rules: list[Rule] = []
    for n, obj in enumerate(page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=4)):
        if n >= MAX_PATHS or len(rules) > MAX_RULES:
            return []
        left, bottom, right, top = obj.get_bounds()
        if min(right - left, top - bottom) <= RULE_THICKNESS:
            rule = _thin(left, bottom, right, top)
            if rule:
                rules.append(rule)
        elif _stroked(obj, raw):
            rules += _edges(obj, raw)
    return rules


def _thin(left: float, bottom: float, right: float, top: float) -> Rule | None:
    """A path no thicker than a rule: a line drawn, or a thin rectangle filled."""
    if right - left >= MIN_RULE_LENGTH and top - bottom <= RULE_THICKNESS:
        return Rule(True, (bottom + top) / 2, left, right)
    if top - bottom >= MIN_RULE_LENGTH and right - left <= RULE_THICKNESS:
        return Rule(False, (left + right) / 2, bottom, top)
    return None


def _stroked(obj, raw) -> bool:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    return bool(raw.FPDFPath_GetDrawMode(obj.raw, fill, stroke)) and bool(stroke.value)


def _edges(obj, raw) -> list[Rule]:
    """The straight, level or upright edges of a stroked path (a rectangle per cell, say)."""
    a, b, c, d, e, f = obj.get_matrix().get()
    x, y = ctypes.c_float(), ctypes.c_float()
    out: list[Rule] = []
    start = last = None
    for k in range(min(raw.FPDFPath_CountSegments(obj.raw), 4 * MAX_RULES)):
        seg = raw.FPDFPath_GetPathSegment(obj.raw, k)
        if not raw.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_LINETO and last is not None:
            out += _edge(last, point)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = point
        if raw.FPDFPathSegment_GetClose(seg) and start is not None:
            out += _edge(point, start)
        last = point
    return out


def _edge(p: tuple[float, float], q: tuple[float, float]) -> list[Rule]:
    if abs(p[1] - q[1]) <= 0.5 and abs(p[0] - q[0]) >= MIN_RULE_LENGTH:
        return [Rule(True, p[1], min(p[0], q[0]), max(p[0], q[0]))]
    if abs(p[0] - q[0]) <= 0.5 and abs(p[1] - q[1]) >= MIN_RULE_LENGTH:
        return [Rule(False, p[0], min(p[1], q[1]), max(p[1], q[1]))]
    return []


def unmeasured_fonts(page) -> set[str]:
    """The names of this page's fonts that the PDF does not embed and for which no installed font stands in:
    PDFium gives their text objects no height (with a font to stand in, it measures them), and of such a
    font it loses characters (a text object of one CJK character comes back empty, seen with pypdfium2
    5.14 and 5.15 on a machine with no CJK font).  Nothing is lost silently: the reader reports them.  (One object
    with a height tells nothing of the rest: PDFium measures such a font's digits and Latin letters
    with a built-in font.)"""
    import pypdfium2.raw as raw

    names: set[str] = set()
    for n, obj in enumerate(page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT], max_depth=4)):
        if n >= MAX_TEXT_OBJECTS:
            break
        font = raw.FPDFTextObj_GetFont(obj.raw)
        if not font or raw.FPDFFont_GetIsEmbedded(font):
            continue
        _left, bottom, _right, top = obj.get_bounds()
        if top - bottom <= 0:
            names.add(_font_name(font, raw))
    return names


def _font_name(font, raw) -> str:
    """The font's base name (PDFium's FPDFFont_GetBaseFontName; FPDFFont_GetFontName in pypdfium2 4)."""
    read = getattr(raw, "FPDFFont_GetBaseFontName", None) or getattr(raw, "FPDFFont_GetFontName", None)
    if read is None:
        return "(unnamed)"
    size = read(font, None, 0)
    buffer = ctypes.create_string_buffer(max(size, 1))
    read(font, buffer, size)
    return buffer.value.decode("utf-8", "replace") or "(unnamed)"
