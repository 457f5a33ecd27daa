"""Stage 3, outline: normalized lines -> documents, each with its heading tree.

Two passes over the lines:

1. ``split_documents``: where each document starts (title blocks, 第N篇 articles,
   附件N attachments, covering notice + plan, bundles whose numbering restarts),
   and which lines are header, closing (signature, date, 此件公开) or attachment list.
2. ``build_tree``: inside each document, heading lines by the marker grammar,
   levels by nesting as printed (a stack of styles), hard-wrapped lines rejoined
   into paragraphs, and every paragraph given to the innermost heading above it.

Numbering problems (gaps, repeats, order) become diagnostics, never lost headings.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import regex

from .grammar import Grammar
from .models import Diagnostic
from .normalize import Line, Normalized
from .tables import (ROW_NUMBER, TableColumns, find_vertical_tables, is_row_number, is_rule, one_line_rows,
                     pad_number_cell, row_parts, space_cells)

CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9,
             "壹": 1, "贰": 2, "叁": 3, "参": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TITLE_END = regex.compile(r"[。::]")
_NUMBERS_ONLY = regex.compile(r"^[\d\s.%]+$")
MARKER_CACHE = 20000
# at most this many short lines between a title and the body are header (subtitle, issuer)
MAX_HEADER = 4
# how far ahead a bundle title looks for the restarted numbering
BUNDLE_LOOKAHEAD = 40


def cn_number(s: str) -> int | None:
    """一 -> 1, 十二 -> 12, 二十 -> 20, 一百零五 -> 105; None if not a numeral."""
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if all(ch in CN_DIGITS for ch in s) and len(s) > 1:  # 二〇二〇 digit by digit
        return int("".join(str(CN_DIGITS[ch]) for ch in s))
    total, current = 0, 0
    for ch in s:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch in "十拾":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


# Taiwan dates count years of the Republic (民国): 113 is 2024
ROC_YEAR_ZERO = 1911


def year_of(groups: dict) -> int | None:
    """The year a date match gives: its group ``y`` (digits or 二〇二四), or ``roc`` (民国)."""
    if groups.get("roc"):
        return ROC_YEAR_ZERO + int(groups["roc"])
    return cn_number(groups["y"]) if groups.get("y") else None


def numeral(s: str, kind: str) -> int | None:
    if kind == "circled":
        return CIRCLED.index(s) + 1 if s in CIRCLED else None
    if kind == "arabic":
        return int(s) if s.isdigit() else None
    return cn_number(s)


# ---------------------------------------------------------------- data


class Paragraph:
    """Physical lines rejoined where a hard wrap cut a sentence."""

    __slots__ = ("lines", "_text", "_ends")

    def __init__(self, lines: list[Line]):
        self.lines = lines
        self._text: str | None = None
        self._ends: list[int] | None = None

    def add(self, line: Line) -> None:
        self.lines.append(line)
        self._text = self._ends = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(line.text for line in self.lines)
        return self._text

    @property
    def start(self) -> int:
        return self.lines[0].number

    def line_at(self, offset: int) -> int:
        """Physical line number of a character offset in ``text``."""
        if self._ends is None:
            ends, pos = [], 0
            for line in self.lines:
                pos += len(line.text)
                ends.append(pos)
            self._ends = ends
        i = bisect.bisect_right(self._ends, offset)
        return self.lines[min(i, len(self.lines) - 1)].number


@dataclass(slots=True)
class Heading:
    line: Line
    marker: str
    style: str
    number: int | None
    level: int
    title: str
    path: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list["Heading"] = field(default_factory=list)
    # a table row's role cells: (column label, cell text, paragraph index, offset in it)
    cells: list[tuple[str, str, int, int]] = field(default_factory=list)

    @property
    def end_line(self) -> int:
        return self.paragraphs[-1].lines[-1].number if self.paragraphs else self.line.number


@dataclass
class DocOutline:
    start: int  # index into lines
    kind: str
    title: str | None = None
    title_lines: list[Line] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)  # every line of the document's span
    preamble: list[Line] = field(default_factory=list)  # page cruft before it (first document)
    header: list[Line] = field(default_factory=list)  # short lines between title and body
    closing: list[Line] = field(default_factory=list)  # signature, date, disclosure, 附件 labels
    attachment_list: list[tuple[Line, str]] = field(default_factory=list)
    preface: list[Paragraph] = field(default_factory=list)  # body text before the first heading
    headings: list[Heading] = field(default_factory=list)
    has_body: bool = False

    @property
    def line(self) -> int:
        return (self.title_lines[0] if self.title_lines else self.lines[0]).number

    @property
    def end_line(self) -> int:
        return self.lines[-1].number if self.lines else self.line


@dataclass
class Outline:
    documents: list[DocOutline]
    diagnostics: list[Diagnostic]


# ---------------------------------------------------------------- line classes


class Classifier:
    """Answers questions about single lines, from the grammar."""

    def __init__(self, grammar: Grammar):
        m, d = grammar.markers, grammar.documents
        self.markers = [(r.name, regex.compile(r.pattern), r.numerals) for r in m.marker]
        # one alternation tried once per line (duplicate group names are allowed by `regex`)
        self.any_marker = regex.compile("|".join(f"(?P<_s{i}>{r.pattern})" for i, r in enumerate(m.marker)))
        self._marker_cache: dict[str, tuple | None] = {}
        self.unnumbered_max = m.settings.unnumbered_max_chars
        self.sentence_end = set(m.settings.sentence_end)
        self.compilation = regex.compile(d.compilation)
        self.attachment_label = regex.compile(d.attachment_label)
        self.attachment_list = regex.compile(d.attachment_list)
        self.attachment_titled = regex.compile(d.attachment_titled)
        self.attachment_item = regex.compile(d.attachment_item)
        self.date_line = regex.compile(d.date_line)
        self.subtitle = regex.compile(d.subtitle)
        self.doc_number = regex.compile(d.doc_number)
        self.doc_number_label = regex.compile(d.doc_number_label)
        self.doc_number_tail = regex.compile(d.doc_number_tail)
        self.disclosure = regex.compile(d.disclosure)
        self.closing = regex.compile(d.closing)
        self.any_closing = regex.compile(f"(?:{d.disclosure})|(?:{d.closing})")
        self.recipients = regex.compile(d.recipients)
        self.recipient_hints = d.recipient_hints
        self.title_max = d.title_max_chars
        self.title_like = self._title_end(d.title_types)
        self.weak_title = self._title_end(d.weak_title_types) if d.weak_title_types else None
        self.weak_title_needs = regex.compile(d.weak_title_needs)
        self.title_words = tuple(d.title_words)
        notice = "|".join(regex.escape(t) for t in d.notice_types) or "(?!)"
        self.notice_title = regex.compile(f"(?:{notice})[》”]?$")
        self.issuer_suffix = tuple(d.issuer_suffixes)
        self.issuer_max = d.issuer_max_chars
        labels = "|".join(regex.escape(k) for k in sorted(grammar.labels.labels, key=len, reverse=True))
        self.label_line = regex.compile(rf"^[【\[〔]?(?:{labels})\s*[】\]:〕]")
        self.tables = TableColumns(grammar)

    def marker(self, text: str):
        """(style, marker, number, rest) when the line opens a numbered heading."""
        cache = self._marker_cache
        if text in cache:
            return cache[text]
        if len(cache) > MARKER_CACHE:
            cache.clear()
        found = None
        m = self.any_marker.match(text)
        if m:
            first = next(i for i in range(len(self.markers)) if m.start(f"_s{i}") >= 0)
            found = self._marker_from(text, first)
        cache[text] = found
        return found

    def _marker_from(self, text: str, first: int):
        for name, pattern, kind in self.markers[first:]:
            m = pattern.match(text)
            if not m:
                continue
            rest = text[m.end():]
            if not rest:
                continue
            num = numeral(m.group("num"), kind)
            if num is None:
                continue
            marker = m.group("marker") if "marker" in m.groupdict() else m.group(0)
            return name, marker.strip(), num, rest
        return None

    def ends_sentence(self, text: str) -> bool:
        if not text:
            return True
        last = text[-1]
        if last in self.sentence_end:
            return True
        if last in ")】〕":
            return True
        return len(text) > 1 and last in "”’\"" and text[-2] in self.sentence_end

    @staticmethod
    def _title_end(types: list[str]) -> regex.Pattern:
        """A document type at the end, maybe with (试行) or (2021—2025年) and 》 after it."""
        alt = "|".join(regex.escape(t) for t in sorted(types, key=len, reverse=True))
        return regex.compile(
            rf"(?:{alt})(?:[(（][^()（）]{{1,20}}[)）])?[》”\"]?(?:[(（][^()（）]{{1,20}}[)）])?$")

    def is_title_like(self, text: str) -> bool:
        if not (0 < len(text) <= self.title_max and not self.ends_sentence(text)
                and not text.startswith("《") and self.marker(text) is None and not self.is_date(text)):
            return False
        if self.title_like.search(text):
            return True
        return bool(self.weak_title and self.weak_title.search(text)
                    and self.weak_title_needs.search(text))

    def has_title_word(self, text: str) -> bool:
        return any(w in text for w in self.title_words)

    def is_short(self, text: str) -> bool:
        """A short line with no end punctuation: a title, header or signature line."""
        return (0 < len(text) <= self.title_max and not self.ends_sentence(text)
                and "。" not in text and self.marker(text) is None
                and not self.tables.is_table_line(text) and not self.tables.is_column_name(text))

    def is_date(self, text: str) -> bool:
        return bool(self.date_line.match(text))

    def is_doc_number(self, text: str) -> bool:
        stripped = self.doc_number_label.sub("", text)
        m = self.doc_number.match(stripped)
        return bool(m) and (len(stripped) - m.end() <= 3
                            or bool(self.doc_number_tail.match(stripped, m.end())))

    def is_issuer(self, text: str) -> bool:
        return (0 < len(text) <= self.issuer_max and not self.ends_sentence(text)
                and "," not in text and text.endswith(self.issuer_suffix))

    def is_recipients(self, text: str) -> bool:
        return (bool(self.recipients.match(text)) and any(h in text for h in self.recipient_hints)
                and self.marker(text) is None and not self.label_line.match(text))

    def is_closing(self, text: str) -> bool:
        """A disclosure note, 抄送/印发 line or 特此通知: always a short line."""
        return len(text) <= self.title_max and bool(self.any_closing.search(text))


# ---------------------------------------------------------------- documents


def _kind_of(title: str | None, how: str, cls: "Classifier") -> str:
    if how in ("article", "attachment"):
        return how
    if not title:
        return "document"
    return "notice" if cls.notice_title.search(title) else "plan"


class _Splitter:
    def __init__(self, lines: list[Line], cls: Classifier):
        self.lines = lines
        self.cls = cls
        self.content = [i for i, ln in enumerate(lines) if ln.text and not ln.cruft]

    def next_content(self, pos: int) -> int | None:
        """Index into self.content of the first content line at or after line index pos."""
        lo, hi = 0, len(self.content)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.content[mid] < pos:
                lo = mid + 1
            else:
                hi = mid
        return lo if lo < len(self.content) else None

    def is_body(self, text: str) -> bool:
        c = self.cls
        return (c.is_recipients(text) or c.marker(text) is not None
                or c.ends_sentence(text) or len(text) > c.title_max or "。" in text
                or c.tables.is_table_line(text) or c.tables.is_column_name(text))

    def title_block(self, k: int) -> list[int]:
        """Content positions of a title block that starts at content position k."""
        c, lines = self.cls, self.lines
        block = []
        j = k
        while j < len(self.content) and len(block) < 4:
            text = lines[self.content[j]].text
            if not c.is_short(text) or c.is_date(text) or c.is_doc_number(text) or c.is_closing(text) \
                    or c.subtitle.match(text):
                break
            if block and self.content[j] != self.content[j - 1] + 1 and not _unclosed(
                    _join(lines, self.content, block)):
                break  # a blank line ends a title block, unless a 《 or ( is still open
            block.append(j)
            if c.is_title_like(text) and not _unclosed(_join(lines, self.content, block)):
                return block
            j += 1
        return []

    def restarts_numbering(self, k: int, top_style: str | None) -> bool:
        """After content position k, does numbering restart at 1 in the document's top style?"""
        for j in range(k, min(k + BUNDLE_LOOKAHEAD, len(self.content))):
            text = self.lines[self.content[j]].text
            if self.cls.is_recipients(text):
                return True
            found = self.cls.marker(text)
            if found:
                return found[2] == 1 and (top_style is None or found[0] == top_style)
        return False

    def attachment_start(self, k: int) -> int | None:
        """A 附件N label at content position k: the position of the title it introduces."""
        c, lines = self.cls, self.lines
        if k + 1 >= len(self.content):
            return None
        nxt = lines[self.content[k + 1]].text
        if c.attachment_item.match(nxt) or not c.is_short(nxt) or c.attachment_label.match(nxt):
            return None
        return k + 1


def _join(lines: list[Line], content: list[int], block: list[int]) -> str:
    return "".join(lines[content[j]].text for j in block)


def _opened_above(text: str) -> bool:
    return text.count("》") > text.count("《") or text.count(")") > text.count("(")


def _unclosed(text: str) -> bool:
    return text.count("《") > text.count("》") or text.count("(") > text.count(")")


@dataclass
class _Start:
    pos: int  # content position where the document starts
    how: str  # first | article | attachment | title
    block: list[int]  # content positions of its title lines
    title: str | None = None


class _DocumentSplitter:
    """One pass over the content lines, one handler per kind of line; see split_documents."""

    def __init__(self, norm: Normalized, cls: Classifier):
        self.lines = norm.lines
        self.cls = cls
        self.sp = _Splitter(norm.lines, cls)
        self.content = self.sp.content
        self.starts: list[_Start] = []
        self.attachment_lists: dict[int, list[int]] = {}  # list label position -> item positions
        self.consumed: set[int] = set()  # 附件 labels and list items: metadata, not body
        self.reset()

    def reset(self) -> None:
        """State of the document being read."""
        self.has_body = False
        self.after_closing = False  # a signature date or closing line was the last thing seen
        self.top_style: str | None = None  # its first marker style
        self.top_max = 0  # the highest number that style reached

    def text(self, k: int) -> str:
        return self.lines[self.content[k]].text

    def start(self, start: _Start) -> None:
        self.starts.append(start)
        self.reset()

    # -- the first document

    def first_start(self) -> _Start:
        """The first document starts at the title block right before its first body line."""
        cls = self.cls
        first_body = next((k for k in range(len(self.content))
                           if self.sp.is_body(self.text(k)) or cls.compilation.match(self.text(k))), None)
        if first_body is None:
            return _Start(0, "first", [])
        if cls.compilation.match(self.text(first_body)):
            return _Start(first_body, "first", [])
        j = first_body - 1
        while j >= 0 and (cls.is_doc_number(self.text(j)) or cls.is_date(self.text(j))):
            j -= 1  # a 文号 or date between the title and the body
        block: list[int] = []
        while j >= 0:
            text = self.text(j)
            if not cls.is_short(text) or cls.is_date(text) or cls.is_doc_number(text):
                break
            if block and self.content[j] != self.content[block[0]] - 1 and not _opened_above(
                    _join(self.lines, self.content, block)):
                break  # a blank line ends the title, unless its 《 is still open above
            block.insert(0, j)
            j -= 1
        cut = next((i for i, b in enumerate(block) if cls.subtitle.match(self.text(b))), None)
        if cut:  # a subtitle and what follows it are header lines, under the title
            block = block[:cut]
        if len(block) > 1 and cls.attachment_label.match(self.text(block[0])):
            # the file is an attachment saved alone: 附件2 above its title
            self.consumed.add(block[0])
            return _Start(block[1], "attachment", block[1:])
        # short lines right above a table's header row are the table's title
        below = self.text(first_body)
        table_below = bool(block) and block[-1] == first_body - 1 and (
            cls.tables.is_table_line(below) or cls.tables.is_column_name(below))
        if block and (table_below or any(cls.is_title_like(self.text(b)) or cls.has_title_word(self.text(b))
                                         for b in block)):
            return _Start(block[0], "first", block)
        return _Start(first_body, "first", [])

    # -- handlers: each returns the next content position, or None when the line is not its kind

    def compilation(self, k: int) -> int | None:
        m = self.cls.compilation.match(self.text(k))
        if not m:
            return None
        title = m.group("title").strip() or None
        first = self.starts[0]
        if k == first.pos and first.how == "first" and not self.has_body:
            self.starts[0] = _Start(k, "article", [k], title)
            self.reset()
        elif not (k == self.starts[-1].pos and self.starts[-1].how == "article"):
            self.start(_Start(k, "article", [k], title))
        return k + 1

    def attachment_list(self, k: int) -> int | None:
        """附件: then 1.xxx 2.xxx (or 附件:1.xxx): a list, metadata of the document."""
        cls, content = self.cls, self.content
        m = cls.attachment_list.match(self.text(k))
        if not m or not (m.group("rest") or k + 1 < len(content)
                         and cls.attachment_item.match(self.text(k + 1))):
            return None
        items, j = [k], k + 1
        while j < len(content) and cls.attachment_item.match(self.text(j)):
            items.append(j)
            j += 1
        self.attachment_lists[k] = items
        self.consumed.update(items)
        self.after_closing = True
        return j

    def attachment_titled(self, k: int) -> int | None:
        """附件1:标题 starts the attachment, or is one item of a list of such lines."""
        cls = self.cls
        m = cls.attachment_titled.match(self.text(k))
        if not m:
            return None
        nxt = self.text(k + 1) if k + 1 < len(self.content) else ""
        listing = k - 1 in self.attachment_lists or bool(
            nxt and (cls.attachment_titled.match(nxt) or cls.attachment_label.match(nxt)))
        if nxt and not listing:
            self.start(_Start(k, "attachment", [k], m.group("title").strip()))
        else:
            self.attachment_lists[k] = [k]
            self.consumed.add(k)
            self.after_closing = True
        return k + 1

    def attachment_label(self, k: int) -> int | None:
        """附件 / 附件1 alone: the title on the next line starts the attachment."""
        if not self.cls.attachment_label.match(self.text(k)):
            return None
        self.consumed.add(k)
        title_pos = self.sp.attachment_start(k)
        if title_pos is None:
            return k + 1
        block = self.sp.title_block(title_pos) or [title_pos]
        self.start(_Start(title_pos, "attachment", block))
        return block[-1] + 1

    def closing(self, k: int) -> int | None:
        if not (self.cls.is_date(self.text(k)) or self.cls.is_closing(self.text(k))):
            return None
        self.after_closing = True
        return k + 1

    def title(self, k: int) -> int | None:
        """A title block after a closing, or before numbering that restarts: a new document."""
        if not (self.has_body or self.after_closing) or not self.cls.is_short(self.text(k)):
            return None
        if k in self.starts[0].block:
            return None
        block = self.sp.title_block(k)
        restart = self.top_max >= 2 or self.top_style is None
        if not block or not (self.after_closing or restart
                             and self.sp.restarts_numbering(block[-1] + 1, self.top_style)):
            return None
        self.start(_Start(k, "title", block))
        return block[-1] + 1

    def body(self, k: int) -> int:
        text = self.text(k)
        if self.sp.is_body(text):
            self.has_body, self.after_closing = True, False
            found = self.cls.marker(text)
            if found and self.top_style is None:
                self.top_style = found[0]
            if found and found[0] == self.top_style:
                self.top_max = max(self.top_max, found[2])
        return k + 1

    def run(self) -> list[_Start]:
        self.starts.append(self.first_start())
        handlers = (self.compilation, self.attachment_list, self.attachment_titled,
                    self.attachment_label, self.closing, self.title)
        k = self.starts[0].pos
        while k < len(self.content):
            nxt = next((n for n in (h(k) for h in handlers) if n is not None), None)
            k = nxt if nxt is not None else self.body(k)
        return self.starts

    # -- the documents

    def documents(self) -> list[DocOutline]:
        lines, content = self.lines, self.content
        docs = []
        for n, st in enumerate(self.starts):
            begin = content[st.block[0]] if st.block else content[st.pos]
            if n + 1 < len(self.starts):
                following = self.starts[n + 1]
                end = content[following.block[0]] if following.block else content[following.pos]
            else:
                end = len(lines)
            title_lines = [lines[content[b]] for b in st.block]
            title = st.title
            if title is None and title_lines:
                title = "".join(line.text for line in title_lines)
            doc = DocOutline(start=begin, kind=_kind_of(title, st.how, self.cls), title=title,
                             title_lines=title_lines, lines=lines[begin:end])
            if n == 0:
                doc.preamble = [ln for ln in lines[:begin] if ln.text]
            doc.attachment_list = self.attachment_titles(begin, end)
            doc.closing = [lines[content[j]] for j in self.consumed if begin <= content[j] < end]
            docs.append(doc)
        return docs

    def attachment_titles(self, begin: int, end: int) -> list[tuple[Line, str]]:
        cls, out = self.cls, []
        for pos, items in self.attachment_lists.items():
            if not begin <= self.content[pos] < end:
                continue
            for j in items:
                line = self.lines[self.content[j]]
                listed = cls.attachment_list.match(line.text)
                titled = cls.attachment_titled.match(line.text)
                raw = listed.group("rest") if listed else titled.group("title") if titled else line.text
                if raw:
                    item = cls.attachment_item.match(raw)
                    out.append((line, item.group("title") if item else raw))
        return out


def split_documents(norm: Normalized, cls: Classifier) -> list[DocOutline]:
    """Where each document of the file starts, with its title, header and closing lines."""
    splitter = _DocumentSplitter(norm, cls)
    if not splitter.content:
        return []
    splitter.run()
    return splitter.documents()


# ---------------------------------------------------------------- headings


def _path_part(marker: str, style: str, title: str) -> str:
    if not marker:  # unnumbered headings, table rows without a number
        return title[:12]
    return marker.rstrip("、.:").strip()  # 一、 -> 一, 1. -> 1, (一) stays


def _title(rest: str) -> str:
    cut = _TITLE_END.search(rest)
    return (rest[: cut.start()] if cut else rest).strip()


class _TreeBuilder:
    def __init__(self, doc: DocOutline, cls: Classifier, diagnostics: list[Diagnostic]):
        self.doc = doc
        self.cls = cls
        self.diagnostics = diagnostics
        self.stack: list[Heading] = []
        self.last_by_parent: dict[tuple[int, str], int] = {}
        self.last_global: dict[str, int] = {}
        self.seen_numbered = False
        self.paragraph: Paragraph | None = None
        self.open = False  # does the current paragraph continue on the next line?
        self.table: list[str | None] | None = None  # column kinds of the table being read
        self.table_spaced = False  # are its cells split by spaces (not tabs or |)?

    def skip_lines(self) -> set[int]:
        doc, cls = self.doc, self.cls
        skip = {ln.number for ln in doc.title_lines} | {ln.number for ln in doc.closing}
        skip |= {ln.number for ln, _ in doc.attachment_list}
        # tables first: their cells are short lines and dates, never a header or a signature
        content = [ln for ln in doc.lines if ln.text and not ln.cruft and ln.number not in skip]
        self.vertical = find_vertical_tables(content, cls.tables, lambda text: cls.marker(text) is not None)
        table = self.vertical.lines | one_line_rows(content, cls.tables)
        body_seen = False
        for ln in doc.lines:  # header lines: short lines between the title and the body
            if not ln.text or ln.cruft or ln.number in skip:
                continue
            if body_seen or ln.number in table:
                break
            if cls.is_short(ln.text) and not cls.is_recipients(ln.text) and len(doc.header) < MAX_HEADER:
                doc.header.append(ln)
                skip.add(ln.number)
            else:
                body_seen = True
        content = [ln for ln in doc.lines if ln.text and not ln.cruft and ln.number not in table]
        for i, ln in enumerate(content):  # signature blocks: [issuer line] + date line
            if cls.is_date(ln.text):
                skip.add(ln.number)
                doc.closing.append(ln)
                if i and cls.is_short(content[i - 1].text) and content[i - 1].number not in skip:
                    skip.add(content[i - 1].number)
                    doc.closing.append(content[i - 1])
            elif cls.is_closing(ln.text):
                skip.add(ln.number)
                doc.closing.append(ln)
        # a signature with no date at the very end: an organization's name, alone
        tail = [ln for ln in content if ln.number not in skip]
        if tail and len(tail) < len(content) and cls.is_issuer(tail[-1].text) \
                and not cls.marker(tail[-1].text):
            skip.add(tail[-1].number)
            doc.closing.append(tail[-1])
        doc.closing.sort(key=lambda ln: ln.number)
        return skip

    def build(self) -> None:
        skip = self.skip_lines()
        for ln in self.doc.lines:
            if ln.text and not ln.cruft and ln.number not in skip:
                self.feed(ln)

    # -- tables (see tables.py)

    def vertical_row(self, ln: Line) -> None:
        """A row printed one cell a line: its number line, then a paragraph per cell."""
        kinds, cell_lines = self.vertical.rows[ln.number]
        title = next((c.text for c, k in zip(cell_lines, kinds[1:]) if k == "task"), "")
        self.add_heading(ln, "table_row", ln.text, int(ROW_NUMBER.match(ln.text).group(1)),
                         title or (cell_lines[0].text if cell_lines else ""))
        heading = self.stack[-1]
        for line in cell_lines:
            heading.paragraphs.append(Paragraph([line]))
        if len(cell_lines) != len(kinds) - 1:
            self.report("table-row-cells", heading, f"row {ln.text} has {len(cell_lines)} cells "
                        f"under {len(kinds) - 1} columns: its cells are not read as fields")
        else:
            heading.cells = [(k, c.text, n + 1, 0) for n, (c, k) in enumerate(zip(cell_lines, kinds[1:]))
                             if k not in (None, "number", "task")]
        self.paragraph, self.open = heading.paragraphs[-1], False

    def feed(self, ln: Line) -> None:
        cls = self.cls
        if ln.number in self.vertical.cell_lines:
            return  # read with its row
        if ln.number in self.vertical.rows:
            self.vertical_row(ln)
            return
        if ln.number in self.vertical.column_lines:
            self.start_paragraph(ln)  # kept as text, a line a paragraph
            self.open = False
            return
        if self.table_line(ln):
            return
        found = cls.marker(ln.text)
        if found:
            style, marker, number, rest = found
            self.seen_numbered = True
            self.add_heading(ln, style, marker, number, _title(rest))
            self.open = not cls.ends_sentence(ln.text) and ("。" in rest or len(rest) > 30
                                                            or rest.endswith(("," , "、")))
            return
        if not self.open and not ln.cut and self.is_unnumbered(ln.text):
            self.add_heading(ln, "unnumbered", "", None, ln.text)
            self.open = False
            return
        if self.paragraph is not None and self.open and not cls.label_line.match(ln.text):
            self.paragraph.add(ln)
        else:
            self.start_paragraph(ln)
        self.open = not cls.ends_sentence(ln.text)
        self.doc.has_body = True

    def table_line(self, ln: Line) -> bool:
        """A one-line table header or row; a prose line ends the table.  True when taken."""
        tables = self.cls.tables
        cells = tables.cells(ln.text)
        header = tables.header(ln.text, cells)
        if header:
            self.table, self.table_spaced = header, not cells
            self.start_paragraph(ln)  # kept as text of the heading above (or the preface)
            self.open = False
            return True
        if self.table is None:
            return False
        if self.table_spaced and not cells:
            return self.spaced_row(ln)
        if is_rule(cells) and self.paragraph is not None:
            self.paragraph.add(ln)  # |---|---| under a header: part of the header
            return True
        if len(cells) >= 2:
            self.add_row(ln, pad_number_cell(cells, self.table, lambda s: s.isdigit() or cn_number(s) is not None))
            return True
        if self.cls.marker(ln.text) is None:
            self.table = None  # prose: the table is over
        return False

    def spaced_row(self, ln: Line) -> bool:
        """A row of a space-split table: as many cells as columns, or a numbered line."""
        cells, table = space_cells(ln.text), self.table or []
        if len(cells) == len(table):
            self.add_row(ln, cells)
            return True
        if table[0] == "number" and len(cells) > 1 and is_row_number(cells[0][0]):
            self.add_row(ln, cells[:1] + [(ln.text[cells[1][1]:], cells[1][1])], aligned=False)
            self.report("table-row-cells", self.stack[-1], f"row {cells[0][0]} has {len(cells)} "
                        f"space-separated cells under {len(table)} columns: its cells are not read as fields")
            return True
        if self.cls.marker(ln.text) is None:
            self.table = None  # prose: the table is over
        return False

    def add_row(self, ln: Line, cells: list[tuple[str, int]], aligned: bool = True) -> None:
        number, title, roles = row_parts(cells, self.table or [])
        digits = number.rstrip(".、．")
        value = numeral(digits, "arabic" if digits.isdigit() else "cn") if digits else None
        self.add_heading(ln, "table_row", number, value, title)
        self.stack[-1].cells = [(label, text, 0, offset) for label, text, offset in roles] if aligned else []
        self.open = False

    def start_paragraph(self, ln: Line) -> None:
        self.paragraph = Paragraph([ln])
        owner = self.stack[-1].paragraphs if self.stack else self.doc.preface
        owner.append(self.paragraph)

    def is_unnumbered(self, text: str) -> bool:
        cls = self.cls
        return (self.seen_numbered and len(text) <= cls.unnumbered_max
                and text[-1] not in "。!?;:、:: \t" and ":" not in text
                and "。" not in text and ";" not in text
                and not cls.is_date(text) and not cls.label_line.match(text)
                and not _NUMBERS_ONLY.match(text) and " " not in text and "\t" not in text
                and not text.startswith(("(", "(", "【", "〔", "[")) and not cls.is_closing(text))

    def add_heading(self, ln: Line, style: str, marker: str, number: int | None, title: str) -> None:
        while self.stack and style in [h.style for h in self.stack]:
            popped = self.stack.pop()
            if popped.style == style:
                break
        parent = self.stack[-1] if self.stack else None
        heading = Heading(line=ln, marker=marker, style=style, number=number,
                          level=len(self.stack) + 1, title=title)
        parent_path = parent.path + "/" if parent else ""
        heading.path = parent_path + _path_part(marker, style, title)
        heading.paragraphs.append(Paragraph([ln]))
        self.paragraph = heading.paragraphs[0]
        (parent.children if parent else self.doc.headings).append(heading)
        self.stack.append(heading)
        if number is not None:
            self.check_number(heading, id(parent) if parent else 0)

    def check_number(self, h: Heading, parent_key: int) -> None:
        key = (parent_key, h.style)
        prev = self.last_by_parent.get(key)
        glob = self.last_global.get(h.style)
        n = h.number
        assert n is not None
        if prev is None:
            if n != 1 and (glob is None or n != glob + 1):
                self.report("numbering-gap", h, f"{h.marker} opens its list (expected 1"
                            + (f" or {glob + 1}, continuing" if glob else "") + ")")
        elif n == prev:
            self.report("numbering-repeat", h, f"{h.marker} repeats the number before it")
        elif n < prev:
            self.report("numbering-order", h, f"{h.marker} comes after number {prev}")
        elif n > prev + 1:
            self.report("numbering-gap", h, f"{h.marker} follows number {prev}: "
                        f"{n - prev - 1} number(s) missing")
        self.last_by_parent[key] = n
        self.last_global[h.style] = n

    def report(self, code: str, h: Heading, message: str) -> None:
        self.diagnostics.append(Diagnostic(code=code, severity="warning", line=h.line.number,
                                           message=f"heading {message}"))


def build_outline(norm: Normalized, grammar: Grammar) -> Outline:
    cls = grammar.compiled("classifier", Classifier)
    docs = split_documents(norm, cls)
    diagnostics: list[Diagnostic] = []
    for doc in docs:
        _TreeBuilder(doc, cls, diagnostics).build()
    return Outline(docs, diagnostics)
