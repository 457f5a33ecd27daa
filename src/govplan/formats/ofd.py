"""Render an OFD file (GB/T 33190, the national format of electronic official documents) as
lines, each located by page and line (a table's rows by page, table and row), as a PDF is.

An OFD is a zip package.  OFD.xml names each document's root (DocBody/DocRoot); the document
(Document.xml) gives the page size (CommonData/PageArea/PhysicalBox), its pages
(Pages/Page BaseLoc) and templates (CommonData/TemplatePage: a letterhead, a running header);
a page's content holds layers of text objects (TextObject: Boundary, Size, an optional CTM;
TextCode runs with the X, Y of their first character's baseline and DeltaX/DeltaY advances,
`g n d` repeating an advance n times) and path objects (PathObject: Boundary, AbbreviatedData
of S/M/L/Q/B/A/C commands).  Units are millimetres with y growing downward; they are read into
points with y upward, and the pages are then read by position as any printed page (pages.py).
Only the first document of a package is read (a package of several is rare; the others are
reported).  Read with lxml, no entity, DTD or network access; each part's size limited before
it is inflated (zipped.py).
"""
from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import replace

import regex

from govplan.errors import RenderError
from govplan.formats.base import Rendered
from govplan.formats.layout import RULE_THICKNESS, Glyph, Rule
from govplan.formats.pages import page_lines, read_page, text_chars
from govplan.formats.pdf_page import MIN_RULE_LENGTH

MM = 72 / 25.4  # points in a millimetre
KIND = "OFD file"
# pages read at most, and objects on a page (a real notice has tens of pages, hundreds of objects)
MAX_PAGES = 2000
MAX_OBJECTS = 200_000
# no coordinate, size or advance is taken past this many millimetres (a hundred metres)
MAX_MEASURE = 100_000.0
# an advance wider than this many ems is a character and a gap after it
MAX_ADVANCE = 1.05
# a TextCode's advances: "g n d" repeats d n times; never more advances than characters are read
_NUMBER = regex.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_A4 = (0.0, 0.0, 210.0, 297.0)


def render_ofd(data: bytes, path: str) -> Rendered:
    from lxml import etree  # only when an OFD file is read

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            package = _Package(z, etree, path)
            doc_roots = [_text(el) for el in _all(package.part("OFD.xml"), "DocRoot")]
            if not doc_roots or not doc_roots[0]:
                raise RenderError(path, "not a readable OFD file (OFD.xml names no document)")
            doc_path = doc_roots[0].lstrip("/")
            pages = _pages(package, package.part(doc_path), posixpath.dirname(doc_path))
    except (zipfile.BadZipFile, EOFError, ValueError, KeyError) as exc:
        raise RenderError(path, f"not a readable OFD file (a damaged or truncated package: {exc})") from None
    if text_chars(pages) < 1:
        raise RenderError(path, "an OFD file without text (a scan?): the images of an OFD file are not read")
    lines, where, _ = page_lines(pages)
    notes = (f"OFD: the package holds {len(doc_roots)} documents; the first is read",) if len(doc_roots) > 1 else ()
    return Rendered("ofd", "\n".join(lines) + "\n", tuple(where), (), notes)


class _Package:
    """An OFD package's parts, parsed when asked for (a template, which many pages use, once)."""

    def __init__(self, z: zipfile.ZipFile, etree, path: str):
        self.z, self.etree, self.path = z, etree, path
        self.names = {n.lower(): n for n in z.namelist()}  # writers differ in the case of a path's letters
        self.kept: dict[str, object] = {}

    def part(self, name: str, keep: bool = False):
        from govplan.formats.zipped import xml_part

        if name not in self.kept:
            tree = xml_part(self.z, self.names.get(name.lower(), name), self.etree, self.path, KIND)
            if not keep:
                return tree
            self.kept[name] = tree
        return self.kept[name]


def _local(el) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


def _all(el, name: str):
    return (e for e in el.iter() if _local(e) == name)


def _first(el, name: str):
    return next(_all(el, name), None) if el is not None else None


def _text(el) -> str:
    return (el.text or "").strip() if el is not None else ""


def _numbers(value: str | None) -> list[float]:
    """The numbers of an attribute; one past what a page can measure (or no number: 1e999) is
    held at the limit."""
    return [max(-MAX_MEASURE, min(MAX_MEASURE, float(n))) for n in _NUMBER.findall(value or "")]


def _resolve(base: str, loc: str) -> str:
    """A BaseLoc: absolute in the package (/Doc_0/…) or relative to the document's folder."""
    return posixpath.normpath(loc.lstrip("/") if loc.startswith("/") else posixpath.join(base, loc))


def _box(el, default: tuple[float, ...]) -> tuple[float, ...]:
    found = _numbers(_text(_first(el, "PhysicalBox")))
    return tuple(found[:4]) if len(found) >= 4 and found[2] > 0 and found[3] > 0 else default


def _pages(package: _Package, document, base: str) -> list:
    common = _first(document, "CommonData")
    box = _box(_first(common, "PageArea"), _A4)
    templates = {el.get("ID"): el.get("BaseLoc", "") for el in _all(common, "TemplatePage")} if common is not None \
        else {}
    listed = _first(document, "Pages")
    pages = list(_all(listed, "Page")) if listed is not None else []
    if len(pages) > MAX_PAGES:
        raise RenderError(package.path, f"an OFD file of more than {MAX_PAGES} pages: refused")
    out = []
    for number, page in enumerate(pages, 1):
        content = package.part(_resolve(base, page.get("BaseLoc", "")))
        width, height = _box(_first(content, "Area"), box)[2:4]  # a page's own size, else the document's
        layers = [package.part(_resolve(base, templates[used.get("TemplateID")]), keep=True)
                  for used in _all(content, "Template") if templates.get(used.get("TemplateID"))] + [content]
        glyphs: list[Glyph] = []
        rules: list[Rule] = []
        for layer in layers:
            _objects(layer, height, glyphs, rules, package.path)
        out.append(read_page(number, width * MM, _fitted(glyphs), rules))
    return out


def _objects(content, height: float, glyphs: list[Glyph], rules: list[Rule], path: str) -> None:
    for n, el in enumerate(e for e in content.iter() if _local(e) in ("TextObject", "PathObject")):
        if n >= MAX_OBJECTS:
            raise RenderError(path, f"an OFD page of more than {MAX_OBJECTS} objects: refused")
        if _local(el) == "TextObject":
            glyphs += _text_glyphs(el, height)
        else:
            rules += _path_rules(el, height)


def _fitted(glyphs: list[Glyph]) -> list[Glyph]:
    """Widths the file does not give (a text object's last character, a character an object of
    its own) taken from where the next character on the line begins, when that is no farther
    than a character's advance."""
    out: list[Glyph] = []
    ordered = sorted(glyphs, key=lambda g: (round(g.baseline, 1), g.left))
    for g, h in zip(ordered, ordered[1:] + [None]):
        if h is not None and round(h.baseline, 1) == round(g.baseline, 1) and \
                0 < h.left - g.left <= g.size * MAX_ADVANCE and h.left != g.right:
            g = replace(g, right=h.left)
        out.append(g)
    return out


def _matrix(el) -> tuple[float, float, float, float, float, float]:
    ctm = _numbers(el.get("CTM"))
    return (ctm[0], ctm[1], ctm[2], ctm[3], ctm[4], ctm[5]) if len(ctm) >= 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _advances(value: str | None, count: int) -> list[float]:
    """A DeltaX or DeltaY list, `g n d` expanded, ``count`` values at most."""
    out: list[float] = []
    tokens = (value or "").split()
    k = 0
    while k < len(tokens) and len(out) < count:
        if tokens[k] == "g" and k + 2 < len(tokens):
            n, d = _numbers(tokens[k + 1]), _numbers(tokens[k + 2])
            out += [d[0] if d else 0.0] * min(int(n[0]) if n else 0, count - len(out))
            k += 3
        else:
            found = _numbers(tokens[k])
            out.append(found[0] if found else 0.0)
            k += 1
    return out


def _text_glyphs(el, height: float) -> list[Glyph]:
    bx, by = (_numbers(el.get("Boundary")) + [0.0, 0.0])[:2]
    size = (_numbers(el.get("Size")) or [3.5])[0]
    a, b, c, d, e, f = _matrix(el)
    scale = abs(a * d - b * c) ** 0.5 or 1.0
    out: list[Glyph] = []
    x = y = 0.0
    for code in (t for t in el if _local(t) == "TextCode"):
        text = code.text or ""
        x = (_numbers(code.get("X")) or [x])[0]
        y = (_numbers(code.get("Y")) or [y])[0]
        dx, dy = _advances(code.get("DeltaX"), len(text) - 1), _advances(code.get("DeltaY"), len(text) - 1)
        for i, ch in enumerate(text):
            # a character's width: its advance, unless the advance is wider than a character (it
            # crosses a gap: to the next cell); the last one's, half an em for Latin, an em else
            advance = dx[i] if i < len(dx) else 0.0
            width = advance if 0 < advance <= size * MAX_ADVANCE else size * (0.5 if ch.isascii() else 1.0)
            left, base = bx + a * x + c * y + e, by + b * x + d * y + f
            right = left + a * width
            out.append(Glyph(ch, left * MM, right * MM, (height - base - 0.12 * size * scale) * MM,
                             (height - base + 0.88 * size * scale) * MM, (height - base) * MM, size * scale * MM))
            x += advance or width
            y += dy[i] if i < len(dy) else 0.0
    return out


def _path_rules(el, height: float) -> list[Rule]:
    """The rules a path draws: a path no thicker than a rule, or the straight level or upright
    segments of a stroked one."""
    bx, by, bw, bh = (_numbers(el.get("Boundary")) + [0.0] * 4)[:4]
    if el.get("Stroke", "true").lower() == "false" and min(bw, bh) * MM > RULE_THICKNESS:
        return []
    if min(bw, bh) * MM <= RULE_THICKNESS:
        if bw * MM >= MIN_RULE_LENGTH and bw >= bh:
            return [Rule(True, (height - by - bh / 2) * MM, bx * MM, (bx + bw) * MM)]
        if bh * MM >= MIN_RULE_LENGTH:
            return [Rule(False, (bx + bw / 2) * MM, (height - by - bh) * MM, (height - by) * MM)]
        return []
    a, b, c, d, e, f = _matrix(el)
    points = [None if pt is None else (bx + a * pt[0] + c * pt[1] + e, by + b * pt[0] + d * pt[1] + f)
              for pt in _segments(_text(_first(el, "AbbreviatedData")))]
    return [r for p, q in zip(points, points[1:]) if p and q for r in _edge(p, q, height)]


def _segments(data: str) -> list:
    """The points of a path's straight segments in drawing order, None where a segment breaks
    (a move, a curve); a close returns to the start."""
    tokens = data.split()
    args = {"S": 2, "M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}
    out: list = []
    start = None
    k = 0
    while k < len(tokens):
        op = tokens[k]
        n = args.get(op)
        values = _numbers(" ".join(tokens[k + 1: k + 1 + (n or 0)]))
        k += 1 + (n or 0)
        if n is None or len(values) < (n or 0):
            continue
        if op in ("S", "M"):
            out += [None, (values[0], values[1])]
            start = (values[0], values[1])
        elif op == "L":
            out.append((values[0], values[1]))
        elif op == "C" and start:
            out.append(start)
        elif n:
            out += [None, (values[-2], values[-1])]  # a curve: no rule, its end goes on
    return out


def _edge(p: tuple[float, float], q: tuple[float, float], height: float) -> list[Rule]:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) * MM <= 0.5 and abs(x0 - x1) * MM >= MIN_RULE_LENGTH:
        return [Rule(True, (height - y0) * MM, min(x0, x1) * MM, max(x0, x1) * MM)]
    if abs(x0 - x1) * MM <= 0.5 and abs(y0 - y1) * MM >= MIN_RULE_LENGTH:
        return [Rule(False, x0 * MM, (height - max(y0, y1)) * MM, (height - min(y0, y1)) * MM)]
    return []
