"""Render a web page (HTML) as the text lines govplan reads, each with its source line.

What a government page holds besides the notice (navigation, scripts, share buttons,
footers) is left out by finding the main content without site-specific code: the element
whose paragraphs (blocks of ten Chinese characters or more of their own, links not counted)
hold the most text, each paragraph counting fully for its parent and half for its
grandparent; a wrapper whose one child holds nearly all its text gives way to the child.
Block elements (p, div, br, li, h1…) end lines; an ordered list's items get the numbers a browser
draws before them (html_lists).  A table row becomes one line of cells split
by `|` (the task-table reader takes it from there); a cell spanning rows is repeated below
its first row (a row number only on its own row: rendering.spanned_text), and a row with one
cell across the table (a caption: 附件2 / its title) becomes its lines.  A key-value table
anywhere on the page (索引号: … 文号: …) becomes one `label: value` line a pair above the
content, and the page's ArticleTitle meta a line above that, so the notice's own metadata
readers see them.  The publish date (PubDate) is not rendered: it is never the signed date.
"""
from __future__ import annotations

import codecs

import regex

from govplan.errors import RenderError
from govplan.formats.base import Rendered, spanned_text
from govplan.formats.html_lists import item_markers

# a charset declared in the first bytes of the page
_CHARSET = regex.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_-]{2,30})""", regex.I)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}
_HAN = regex.compile(r"\p{Han}")
# codecs Python knows that no page is written in
_NOT_CHARSETS = frozenset({"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape", "uu_codec",
                           "base64_codec", "hex_codec", "quopri_codec", "zlib_codec", "bz2_codec", "rot-13"})
# characters XML cannot hold (lxml refuses a tree that holds them): shown as spaces
_NOT_XML = regex.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# a cell spans at most this many columns (Word's own cap) and this many rows; a table holds at
# most MAX_TABLE_CELLS cells, spans counted (a 12 KB page of spans would otherwise print gigabytes)
MAX_COLSPAN = 64
MAX_ROWSPAN = 1000
MAX_TABLE_CELLS = 200_000
# libxml2 keeps elements to a depth of 2048 at most (with huge_tree): an opening tag that would
# nest deeper than MAX_DEPTH is read as a line break, so that no text below it is lost
MAX_DEPTH = 1000
_TAG = regex.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,15})\b[^<>]{0,2000}?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_SPACE = regex.compile(r"[ \t\r\n\f\v\u00a0\u2002\u2003\u2009\u200b]+")
_LABEL_END = (":", "\uff1a")
# an item's text that opens with a number of its own (1. 一、 (一)): its list's number is not drawn too
# (3.5万 opens with a figure, not a number)
_NUMBERED = regex.compile(r"\s*[(\uff08]?(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:[)\uff09、]|[.\uff0e](?!\d))")
BLOCKS = frozenset("""p div br li ul ol h1 h2 h3 h4 h5 h6 table tr section article header footer
    blockquote pre dd dt dl center form hr main aside nav figure figcaption caption tbody thead tfoot""".split())
DROPPED = frozenset("script style noscript template iframe object embed svg canvas select option button input".split())
# a block with this many Chinese characters of its own is a paragraph of text
PARAGRAPH_CHARS = 10
# a child holding at least this share of its parent's text is where the content is
DESCEND_SHARE = 0.9
# the longest cell that can be a field's label (索引号:, 发布机构:, 成文日期:)
MAX_LABEL_CHARS = 12
# a table cell holding this many paragraphs (and half the table's text) lays the page out: read as blocks
LAYOUT_PARAGRAPHS = 3
_CELLS = frozenset(("td", "th"))
# the least Chinese text a page's content holds before it counts as a notice
MIN_CONTENT_CHARS = 20


def charset_of(data: bytes) -> str | None:
    """The page's declared charset (a BOM wins; else the meta tag), normalized for Python."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8"
    m = _CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    name = _ALIASES.get(name, name)
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    # a text encoding of bytes; base64, zlib, rot13, idna … are no charset of a page, and a page
    # declaring UTF-16/32 in its own ASCII bytes is not that (browsers ignore it too)
    if not getattr(info, "_is_text_encoding", True) or info.name.startswith(("utf-16", "utf-32")) \
            or info.name in _NOT_CHARSETS:
        return None
    return info.name


def render_html(data: bytes, path: str, text: str) -> Rendered:
    """``text``: the page decoded (by its declared charset, else detection)."""
    import lxml.html  # only when a page is read

    # huge_tree: libxml2 keeps every element past a nesting depth of 255 (a page that leaves a
    # tag unclosed on every line reaches it), instead of dropping the rest of the page
    parser = lxml.html.HTMLParser(huge_tree=True, no_network=True)
    try:
        root = lxml.html.document_fromstring(_flattened(_NOT_XML.sub(" ", _without_xml_declaration(text))),
                                             parser=parser)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise RenderError(path, f"not a readable web page ({exc})") from None
    for el in list(root.iter(*DROPPED)):
        _drop(el)
    for el in list(root.iter()):
        if isinstance(el.tag, str) and "display:none" in (el.get("style") or "").replace(" ", "").lower():
            _drop(el)
    total, own, paragraphs, nesting = _counts(root)
    layout = _layout_tables(root, total, paragraphs, nesting)
    content = _content(root, total, own, layout)
    if content is None:
        raise RenderError(path, "a web page without text content (only scripts, menus or links)")
    out = _Lines()
    title = root.xpath("string(//meta[@name='ArticleTitle']/@content)").strip()
    if title:
        out.add(_SPACE.sub(" ", title), _line_of(root.find(".//meta[@name='ArticleTitle']")))
    # (an index table nests no table; the tables inside the content, one pass: asking each table for its
    # ancestors, or reading the text of tables nested in it, costs depth times tables)
    skipped = layout | {t for t in nesting if t.tag == "table"} | set(content.iter("table"))
    for table in root.iter("table"):
        if table not in skipped:
            _key_values(table, out)
    try:
        _walk(content, out, layout)
    except _TableTooLarge as exc:
        raise RenderError(path, f"a web page with a table of more than {MAX_TABLE_CELLS} cells, spans counted "
                                f"({exc}): refused") from None
    return out.rendered("html")


class _TableTooLarge(Exception):
    pass


def _flattened(text: str) -> str:
    """The page with every opening tag that would nest deeper than MAX_DEPTH made a <br> (one
    pass over its tags; elements a parser closes by itself are counted open, so the count errs
    deep, and only pages nested past a thousand levels are touched)."""
    depth, cuts = 0, []
    for m in _TAG.finditer(text):
        if m.group(2).lower() in _VOID or m.group(3):
            continue
        if m.group(1):
            depth = max(0, depth - 1)
        elif depth >= MAX_DEPTH:
            cuts.append(m.span())
        else:
            depth += 1
    if not cuts:
        return text
    parts, last = [], 0
    for start, end in cuts:
        parts += [text[last:start], "<br>"]
        last = end
    return "".join(parts) + text[last:]


def _without_xml_declaration(text: str) -> str:
    # lxml refuses a str that declares its own encoding
    return regex.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)


def _drop(el) -> None:
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:  # keep the text that follows the dropped element
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _counts(root) -> tuple[dict, dict, dict, set]:
    """Chinese characters per element outside its links: in its whole subtree, and its own (outside
    its block children); the paragraphs (blocks of PARAGRAPH_CHARS of their own) in its subtree; the
    elements that hold a table.  One pass, children before parents, without recursion: linear in the
    page however deep it nests (text_content() per element would cost size times depth)."""
    total: dict = {}
    own: dict = {}
    paragraphs: dict = {}
    nesting: set = set()
    stack: list = [(root, False)]
    while stack:
        el, done = stack.pop()
        if not done:
            stack.append((el, True))
            stack.extend((child, False) for child in el if isinstance(child.tag, str))
            continue
        children = [c for c in el if isinstance(c.tag, str)]
        paragraphs[el] = sum(paragraphs[c] for c in children)
        if any(c.tag == "table" or c in nesting for c in children):
            nesting.add(el)
        if el.tag == "a":  # a link's text is no content
            total[el] = own[el] = 0
            continue
        inline = mine = len(_HAN.findall(el.text or ""))
        for child in el:
            tail = len(_HAN.findall(child.tail or ""))
            inline += total.get(child, 0) + tail
            mine += tail + (0 if child.tag in BLOCKS else total.get(child, 0))
        total[el], own[el] = inline, mine
        paragraphs[el] += el.tag in BLOCKS and mine >= PARAGRAPH_CHARS
    return total, own, paragraphs, nesting


_PARTS = frozenset(("tr", "td", "th", "tbody", "thead", "tfoot", "table", "li", "ol", "ul"))


def _content(root, total: dict, own: dict, layout: frozenset = frozenset()):
    """The element that holds the notice: every paragraph of text (PARAGRAPH_CHARS or more
    Chinese characters of its own) scores its parent fully and its grandparent by half; the
    best scored wins (a table's or a list's part gives way to what holds the table or list).  A wrapper gives
    way to a child that holds nearly all its text only when nothing outside that child is a
    paragraph of its own (its siblings' text is never dropped).  ``total``, ``own``: ``_counts``; a table
    that lays the page out (``layout``) is what holds the notice, not the element around it (the page's
    menus and footer)."""
    scores: dict = {}
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("html", "head", "body"):
            continue
        if own.get(el, 0) < PARAGRAPH_CHARS:
            continue
        parent = el.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + own[el]
            grand = parent.getparent()
            if grand is not None:
                scores[grand] = scores.get(grand, 0) + own[el] / 2
    if not scores:
        return None
    best = max(scores, key=lambda el: scores[el])
    while True:  # a wrapper whose child holds nearly all its text gives way to the child
        inner = max((c for c in best if isinstance(c.tag, str)), key=lambda c: total.get(c, 0), default=None)
        if inner is None or total[inner] < DESCEND_SHARE * total[best] \
                or total[best] - total[inner] >= PARAGRAPH_CHARS:
            break
        best = inner
    # a table row or cell gives way to what holds the table, a list's item or a list in a list to what holds
    # the outermost list (its other items, and the text around it, are the notice's too)
    while best.tag in _PARTS and best.getparent() is not None and best not in layout:
        best = best.getparent()
    return best if total.get(best, 0) >= MIN_CONTENT_CHARS else None


def _layout_tables(root, total: dict, paragraphs: dict, nesting: set) -> frozenset:
    """The tables that lay a page out rather than hold data (an older site's page in a grid of cells): a
    table one of whose own cells holds a table, or LAYOUT_PARAGRAPHS paragraphs, and half the table's
    text at least.  Their cells are read as blocks (_walk), not as a row of cells; with them, their cells
    that hold no text outside links (menus), which are left out.  ``total``, ``paragraphs``, ``nesting``:
    ``_counts`` (each cell asks its own counts: linear however tables nest)."""
    tables = set()
    for cell in root.iter(*_CELLS):
        if cell in nesting or paragraphs.get(cell, 0) >= LAYOUT_PARAGRAPHS:
            table = _table_of(cell)
            if table is not None and total.get(cell, 0) * 2 >= total.get(table, 0):
                tables.add(table)
    menus = [cell for table in tables for cell in _own_cells(table) if not total.get(cell, 0)]
    return frozenset((*tables, *menus))


def _own_cells(table) -> list:
    rows = [r for part in table if isinstance(part.tag, str)
            for r in ([part] if part.tag == "tr" else part if part.tag in ("tbody", "thead", "tfoot") else [])]
    return [cell for row in rows if isinstance(row.tag, str) and row.tag == "tr" for cell in _cells(row)]


def _table_of(cell):
    """The table a cell is a cell of (through its row and a tbody/thead/tfoot), else None."""
    el = cell.getparent()
    for _ in range(3):
        if el is None or el.tag == "table":
            return el
        el = el.getparent()
    return None


def _line_of(el) -> int | None:
    return getattr(el, "sourceline", None) if el is not None else None


class _Lines:
    """Rendered lines and the source line each started at."""

    def __init__(self):
        self.lines: list[str] = []
        self.where: list[int | None] = []
        self.current: list[str] = []
        self.at: int | None = None
        self.number: str | None = None  # an ordered list's item number, drawn before the item's first text

    def text(self, s: str | None, at: int | None) -> None:
        if s and self.number is not None and s.strip():
            if not _NUMBERED.match(s):  # (an item whose text holds its number: the list's is not drawn twice)
                s = self.number + ("" if self.number.endswith("、") else " ") + s.lstrip()
            self.number = None
        if s:
            if not self.current or self.at is None:
                self.at = at
            self.current.append(s)

    def end(self) -> None:
        line = _SPACE.sub(" ", "".join(self.current)).strip()
        if line:
            self.lines.append(line)
            self.where.append(self.at)
        self.current, self.at = [], None

    def add(self, line: str, at: int | None) -> None:
        self.end()
        self.lines.append(line)
        self.where.append(at)

    def rendered(self, fmt: str) -> Rendered:
        self.end()
        return Rendered(fmt, "\n".join(self.lines) + "\n",
                        tuple(f"source line {n}" if n else "" for n in self.where))


def _walk(root, out: _Lines, layout: frozenset = frozenset()) -> None:
    """The lines of an element, in document order: a loop with a stack of its own (a page
    nested thousands of elements deep is read like a flat one, without recursion).  Each
    element's tail (the text after it) follows it; a block ends its line before and after.  A table
    of ``layout`` is read like any block, each of its cells a block; a cell in ``layout`` (a menu of
    one) is left out."""
    stack: list = [(False, root)]
    numbers: dict = {}  # li -> the number its ordered list draws before it
    while stack:
        closing, el = stack.pop()
        grid = el.tag == "table" and el in layout
        if closing or not isinstance(el.tag, str) or el.tag == "table" and not grid:
            if not closing and el.tag == "table":
                _table(el, out, layout)
            elif closing and (el.tag in BLOCKS or el.tag in _CELLS):
                out.end()
                out.number = None if el.tag == "li" else out.number
            if el is not root:
                out.text(el.tail, _line_of(el))
            continue
        if el in layout and el.tag in _CELLS and el is not root:
            out.text(el.tail, _line_of(el))
            continue  # a layout's menu cell
        if el.tag in BLOCKS or el.tag in _CELLS:
            out.end()
        if el.tag == "ol":
            numbers.update(item_markers(el))
        elif el.tag == "li":
            out.number = numbers.pop(el, None)
        out.text(el.text, _line_of(el))
        stack.append((True, el))
        stack.extend((False, child) for child in reversed(el))


def _cells(tr) -> list:
    return [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]


def _cell_text(cell) -> str:
    return _SPACE.sub(" ", "".join(cell.itertext())).strip()


def _table(table, out: _Lines, layout: frozenset = frozenset()) -> None:
    """Each row one line of cells split by |; a cell spanning rows is empty below its first."""
    out.end()
    pending: dict[int, tuple[int, str]] = {}  # column -> (rows below it still covers, its text)
    cells = 0
    for tr in table.iter("tr"):
        if not _cells(tr):  # (text in a row outside any cell: a page whose cells nest past MAX_DEPTH)
            _walk(tr, out, layout)
            out.end()
            continue
        row: list[str] = []
        for cell in _cells(tr) + [None]:
            while pending.get(len(row), (0, ""))[0] > 0:
                left, text = pending[len(row)]
                pending[len(row)] = (left - 1, text)
                row.append(spanned_text(text))
                cells += 1
            if cell is None:
                break
            text, col = _cell_text(cell), len(row)
            width, height = _int(cell.get("colspan"), 1, MAX_COLSPAN), _int(cell.get("rowspan"), 1, MAX_ROWSPAN)
            row += [text] + [""] * (width - 1)
            cells += width
            if cells > MAX_TABLE_CELLS:
                raise _TableTooLarge(f"{cells} cells by row {_line_of(tr) or '?'}")
            if height > 1:
                pending[col] = (height - 1, text)
                for k in range(1, width):
                    pending[col + k] = (height - 1, "")
        filled = [c for c in _cells(tr) if _cell_text(c)]
        if len(filled) == 1 and sum(1 for c in row if c) == 1 and len(row) > 1:
            _walk(filled[0], out, layout)  # a caption row across the table (附件2 / its title): its lines
            out.end()
        elif any(row):
            out.add("| " + " | ".join(row) + " |", _line_of(tr))
    out.end()


def _int(value: str | None, default: int, cap: int) -> int:
    """A span in ASCII digits, from 1 to ``cap``; else ``default``."""
    if value is None or not value.strip().isascii():
        return default
    try:
        return max(1, min(int(value), cap))
    except ValueError:
        return default


def _key_values(table, out: _Lines) -> None:
    """索引号: | X | 分类: | Y: a table of label cells each followed by its value, one
    `label: value` line a pair; other tables outside the content are page furniture."""
    rows = [[_cell_text(c) for c in _cells(tr)] for tr in table.iter("tr")]
    cells = [c for r in rows for c in r]
    labels = sum(1 for c in cells if _is_label(c))
    if labels < 2 or labels * 2 < len(cells) - 1:
        return
    for tr, row in zip(table.iter("tr"), rows):
        for n, cell in enumerate(row):
            if _is_label(cell):
                value = row[n + 1] if n + 1 < len(row) and not row[n + 1].endswith(_LABEL_END) else ""
                if value:
                    out.add(f"{cell.rstrip(':' + chr(0xff1a))}: {value}", _line_of(tr))


def _is_label(cell: str) -> bool:
    """索引号: / 成文日期： — a short cell ending with a colon labels the cell after it."""
    return cell.endswith(_LABEL_END) and len(cell) <= MAX_LABEL_CHARS
