"""Render a Word file (.docx) as lines: paragraphs in order, tables in place, numbering shown.

Many 公文 type their 一、 (一) 1. as Word's automatic numbering (w:numPr on the paragraph or
its style), so the marker is not in the paragraph's text: it is rendered here as Word shows
it, from numbering.xml (w:lvlText such as "%1、" or "（%1）", w:numFmt such as chineseCounting
or decimal, counters kept per list and level, deeper levels restarting).  A table row becomes
one line of cells split by `|`, a cell merged down (w:vMerge) empty below its first row, as
the task-table reader expects.  Headers, footers and notes are not part of the body and are
left out.  Each line is located by paragraph number, or table, row.
"""
from __future__ import annotations

import io
import zipfile

from govplan.errors import RenderError
from govplan.formats.base import Rendered, table_line
from govplan.formats.zipped import MIN_RATIO_BYTES, xml_part
from govplan.text.numerals import to_chinese, to_chinese_digits, to_roman

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Word numbers lists on nine levels (w:ilvl 0-8) with counters from 0 to 32767 (its own cap)
LEVELS = 9
MAX_COUNTER = 32767
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_OFFICE_DOCUMENT = "/officeDocument"


def render_docx(data: bytes, path: str) -> Rendered:
    from lxml import etree  # only when a Word file is read

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            body = _xml(z, _main_part(z, etree), etree, path)
            numbering = _Numbering(_xml(z, "word/numbering.xml", etree, path, optional=True),
                                   _xml(z, "word/styles.xml", etree, path, optional=True))
    except (zipfile.BadZipFile, EOFError, ValueError, KeyError) as exc:
        raise RenderError(path, f"not a readable Word file (a damaged or truncated .docx: {exc})") from None
    root = body.find(f"{W}body")
    if root is None:
        raise RenderError(path, "not a readable Word file (no document body)")
    out = _Out()
    _blocks(root, out, numbering)
    if not any(line.strip() for line in out.lines):
        raise RenderError(path, "a Word file without text")
    return Rendered("docx", "\n".join(out.lines) + "\n", tuple(out.where))


def _main_part(z: zipfile.ZipFile, etree) -> str:
    """The main document part, as the package's relationships name it (word/document.xml in
    files Word writes; another name is valid too)."""
    try:
        with z.open("_rels/.rels") as fh:
            raw = fh.read(MIN_RATIO_BYTES)  # a few hundred bytes in any real file
        rels = etree.fromstring(raw, etree.XMLParser(resolve_entities=False, no_network=True))
    except (KeyError, etree.XMLSyntaxError):
        return "word/document.xml"
    for rel in rels:
        if str(rel.get("Type", "")).endswith(_OFFICE_DOCUMENT) and rel.get("Target"):
            return str(rel.get("Target")).lstrip("/")
    return "word/document.xml"


def _xml(z: zipfile.ZipFile, name: str, etree, path: str, optional: bool = False):
    return xml_part(z, name, etree, path, "Word file", optional)


class _Out:
    def __init__(self):
        self.lines: list[str] = []
        self.where: list[str] = []
        self.paragraphs = 0
        self.tables = 0

    def add(self, text: str, where: str) -> None:
        for part in text.split("\n"):  # a line break inside a paragraph (w:br)
            self.lines.append(part.strip())
            self.where.append(where)


def _blocks(parent, out: _Out, numbering: "_Numbering") -> None:
    for el in parent:
        if el.tag == f"{W}p":
            out.paragraphs += 1
            text = _text(el)
            marker = numbering.marker(el)
            if text.strip() or marker:
                out.add(marker + text, f"paragraph {out.paragraphs}")
        elif el.tag == f"{W}tbl":
            out.tables += 1
            _table(el, out, numbering)
        elif el.tag == f"{W}sdt":  # a content control: its content stands in the body
            content = el.find(f"{W}sdtContent")
            if content is not None:
                _blocks(content, out, numbering)


def _text(p) -> str:
    parts = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}delText"):
        if el.tag == f"{W}t":  # its text, and the text after a comment or entity reference inside it
            parts.append((el.text or "") + "".join(child.tail or "" for child in el))
        elif el.tag == f"{W}tab":
            parts.append("\t")
        elif el.tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
        # deleted text (tracked changes) is not part of the notice
    return "".join(parts)


def _table(tbl, out: _Out, numbering: "_Numbering") -> None:
    table = out.tables
    for r, tr in enumerate(tbl.iter(f"{W}tr"), 1):
        if tr.getparent() is not tbl:
            continue  # a row of a nested table: its text is in the cell that holds it
        cells = []
        for tc in tr.findall(f"{W}tc"):
            props = tc.find(f"{W}tcPr")
            merge = props.find(f"{W}vMerge") if props is not None else None
            span = props.find(f"{W}gridSpan") if props is not None else None
            width = _int(span.get(f"{W}val"), 1) if span is not None else 1
            continued = merge is not None and merge.get(f"{W}val") != "restart"
            text = "" if continued else " ".join(
                (numbering.marker(p) + _text(p)).strip() for p in tc.iter(f"{W}p")).strip()
            cells += [text.replace("\n", " ")] + [""] * (max(1, min(width, 64)) - 1)
        line = table_line(cells)
        if line:
            out.add(line, f"table {table} row {r}")


class _Numbering:
    """Word's list numbering: the marker each numbered paragraph shows."""

    def __init__(self, numbering, styles):
        # abstractNumId -> ilvl -> (numFmt, lvlText, start, lvlRestart: 1-based level after which it
        # restarts, 0 never; by default after the level above it)
        self.levels: dict[str, dict[int, tuple[str, str, int, int]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self.style_num: dict[str, tuple[str | None, int | None, str | None]] = {}
        self.counters: dict[str, list[int]] = {}
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, numbering) -> None:
        for a in numbering.findall(f"{W}abstractNum"):
            levels = {}
            for lvl in a.findall(f"{W}lvl"):
                ilvl = _int(lvl.get(f"{W}ilvl"), 0)
                if not 0 <= ilvl < LEVELS:
                    continue  # Word has nine levels: a level outside them is never shown
                levels[ilvl] = (_val(lvl, "numFmt", "decimal"), _val(lvl, "lvlText", ""),
                                _counter(_val(lvl, "start", "1")), _int(_val(lvl, "lvlRestart", str(ilvl)), ilvl))
            self.levels[a.get(f"{W}abstractNumId")] = levels
        for n in numbering.findall(f"{W}num"):
            overrides = {_int(o.get(f"{W}ilvl"), 0): _counter(_val(o, "startOverride", "1"))
                         for o in n.findall(f"{W}lvlOverride") if o.find(f"{W}startOverride") is not None}
            self.nums[n.get(f"{W}numId")] = (_val(n, "abstractNumId", ""), overrides)

    def _read_styles(self, styles) -> None:
        for s in styles.findall(f"{W}style"):
            ppr = s.find(f"{W}pPr")
            num = ppr.find(f"{W}numPr") if ppr is not None else None
            based = s.find(f"{W}basedOn")
            self.style_num[s.get(f"{W}styleId")] = (
                _val(num, "numId", None) if num is not None else None,
                _int(_val(num, "ilvl", "0"), 0) if num is not None else None,
                based.get(f"{W}val") if based is not None else None)

    def _num_of(self, p) -> tuple[str | None, int]:
        ppr = p.find(f"{W}pPr")
        num = ppr.find(f"{W}numPr") if ppr is not None else None
        if num is not None and num.find(f"{W}numId") is not None:
            return _val(num, "numId", None), _int(_val(num, "ilvl", "0"), 0)
        style = ppr.find(f"{W}pStyle") if ppr is not None else None
        sid, seen = (style.get(f"{W}val") if style is not None else None), set()
        while sid and sid not in seen:  # a numbered style, or one it is based on
            seen.add(sid)
            num_id, ilvl, based = self.style_num.get(sid, (None, None, None))
            if num_id:
                return num_id, ilvl or 0
            sid = based
        return None, 0

    def marker(self, p) -> str:
        num_id, ilvl = self._num_of(p)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels:  # (a level outside Word's nine was never read)
            return ""
        counts = self.counters.setdefault(num_id, [0] * 10)
        for k in range(ilvl):  # a level never shown yet starts at its own start
            if counts[k] == 0 and k in levels:
                counts[k] = overrides.get(k, levels[k][2])
        counts[ilvl] = min(counts[ilvl] + 1, MAX_COUNTER) if counts[ilvl] else overrides.get(ilvl, levels[ilvl][2])
        for k in range(ilvl + 1, 10):
            restart = levels[k][3] if k in levels else k
            if restart and ilvl < restart:  # (lvlRestart 0: this level never restarts)
                counts[k] = 0
        fmt, text = levels[ilvl][:2]
        if fmt == "bullet" or fmt == "none":
            return ""
        for k in range(9, -1, -1):
            if f"%{k + 1}" in text:
                kfmt = levels.get(k, (fmt, "", 1, k))[0]
                text = text.replace(f"%{k + 1}", _format(counts[k], kfmt))
        return text + (" " if text[-1:].isalnum() else "")


def _val(el, name: str, default):
    child = el.find(f"{W}{name}") if el is not None else None
    return child.get(f"{W}val", default) if child is not None else default


def _int(value, default: int) -> int:
    """An attribute's integer, in ASCII digits (a ² or a ٣ is no number here), else ``default``."""
    if not isinstance(value, str) or not value.isascii():
        return default
    try:
        return int(value)
    except ValueError:
        return default


def _counter(value) -> int:
    """A list counter's start, within what Word allows (0 to MAX_COUNTER): a start of 10^15 in
    upperRoman would otherwise take forever to print."""
    return min(max(_int(value, 1), 0), MAX_COUNTER)


# Word's names of Chinese counting (一 十一), of the formal numerals (壹 拾壹) and of digits (一〇)
_COUNTING = frozenset("""chineseCounting chineseCountingThousand taiwaneseCounting taiwaneseCountingThousand
    japaneseCounting japaneseDigitalTenThousand koreanCounting koreanDigital""".split())
_LEGAL = frozenset("chineseLegalSimplified ideographLegalTraditional japaneseLegal koreanLegal".split())
_FORMAL = str.maketrans("一二三四五六七八九十百", "壹贰叁肆伍陆柒捌玖拾佰")


def _format(n: int, fmt: str) -> str:
    if fmt in _COUNTING:
        return to_chinese(n)
    if fmt in _LEGAL:
        return to_chinese(n).translate(_FORMAL)
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return to_chinese_digits(n)
    if fmt == "ideographTraditional" and 1 <= n <= len(_STEMS):
        return _STEMS[n - 1]
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt in ("upperLetter", "lowerLetter") and n >= 1:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and n >= 1:
        return to_roman(n) if fmt == "upperRoman" else to_roman(n).lower()
    return str(n)
