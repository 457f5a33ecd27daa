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

CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9,
             "壹": 1, "贰": 2, "叁": 3, "参": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_NOTICE_TITLE = regex.compile(r"(通知|通报|公告|通告|函|批复)[》”]?$")
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
        self.doc_number = regex.compile(d.doc_number)
        self.doc_number_label = regex.compile(d.doc_number_label)
        self.disclosure = regex.compile(d.disclosure)
        self.closing = regex.compile(d.closing)
        self.any_closing = regex.compile(f"(?:{d.disclosure})|(?:{d.closing})")
        self.recipients = regex.compile(d.recipients)
        self.recipient_hints = d.recipient_hints
        self.title_max = d.title_max_chars
        types = "|".join(regex.escape(t) for t in sorted(d.title_types, key=len, reverse=True))
        self.title_like = regex.compile(
            rf"(?:{types})(?:[(（][^()（）]{{1,20}}[)）])?[》”\"]?(?:[(（][^()（）]{{1,20}}[)）])?$")
        self.issuer_suffix = tuple(d.issuer_suffixes)
        self.issuer_max = d.issuer_max_chars
        labels = "|".join(regex.escape(k) for k in sorted(grammar.labels.labels, key=len, reverse=True))
        self.label_line = regex.compile(rf"^[【\[〔]?(?:{labels})\s*[】\]:〕]")

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

    def is_title_like(self, text: str) -> bool:
        return (0 < len(text) <= self.title_max and not self.ends_sentence(text)
                and not text.startswith("《") and self.marker(text) is None
                and bool(self.title_like.search(text)) and not self.is_date(text))

    def is_short(self, text: str) -> bool:
        """A short line with no end punctuation: a title, header or signature line."""
        return (0 < len(text) <= self.title_max and not self.ends_sentence(text)
                and "。" not in text and self.marker(text) is None)

    def is_date(self, text: str) -> bool:
        return bool(self.date_line.match(text))

    def is_doc_number(self, text: str) -> bool:
        stripped = self.doc_number_label.sub("", text)
        m = self.doc_number.match(stripped)
        return bool(m) and len(stripped) - m.end() <= 3

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


def _kind_of(title: str | None, how: str) -> str:
    if how in ("article", "attachment"):
        return how
    if not title:
        return "document"
    if _NOTICE_TITLE.search(title):
        return "notice"
    return "plan"


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
                or c.ends_sentence(text) or len(text) > c.title_max or "。" in text)

    def title_block(self, k: int) -> list[int]:
        """Content positions of a title block that starts at content position k."""
        c, lines = self.cls, self.lines
        block = []
        j = k
        while j < len(self.content) and len(block) < 4:
            text = lines[self.content[j]].text
            if not c.is_short(text) or c.is_date(text) or c.is_doc_number(text) or c.is_closing(text):
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


def split_documents(norm: Normalized, cls: Classifier) -> list[DocOutline]:
    lines = norm.lines
    sp = _Splitter(lines, cls)
    content = sp.content
    if not content:
        return []
    starts: list[tuple[int, str, list[int], str | None]] = []  # (content pos, how, title block, title)
    attachment_lists: dict[int, list[int]] = {}  # content pos of list label -> item positions
    consumed: set[int] = set()

    # the first document: its title block is the one right before its first body line
    first_body = next((k for k, i in enumerate(content)
                       if sp.is_body(lines[i].text) or cls.compilation.match(lines[i].text)), None)
    k0 = 0
    if first_body is not None and cls.compilation.match(lines[content[first_body]].text):
        k0 = first_body
    elif first_body is not None:
        block: list[int] = []
        j = first_body - 1
        while j >= 0 and (cls.is_doc_number(lines[content[j]].text) or cls.is_date(lines[content[j]].text)):
            j -= 1  # a 文号 or date between the title and the body
        while j >= 0:
            text = lines[content[j]].text
            if not cls.is_short(text) or cls.is_date(text) or cls.is_doc_number(text):
                break
            if block and content[j] != content[block[0]] - 1 and not _opened_above(
                    _join(lines, content, block)):
                break  # a blank line ends the title, unless its 《 is still open above
            block.insert(0, j)
            j -= 1
        if block and any(cls.is_title_like(lines[content[b]].text) or "关于" in lines[content[b]].text
                         for b in block):
            # keep only the run that ends with the title (drop a stray line above it)
            k0 = block[0]
            starts.append((k0, "first", block, None))
        else:
            k0 = first_body
    if not starts:
        starts.append((k0, "first", [], None))

    has_body = False
    after_closing = False
    top_style: str | None = None  # the first marker style of the current document
    top_max = 0  # the highest number it reached
    k = starts[0][0]
    first_block = set(starts[0][2])
    while k < len(content):
        text = lines[content[k]].text
        comp = cls.compilation.match(text)
        if comp:
            if k != starts[-1][0] or starts[-1][1] != "article":
                if k == starts[0][0] and starts[0][1] == "first" and not has_body:
                    starts[0] = (k, "article", [k], comp.group("title").strip() or None)
                else:
                    starts.append((k, "article", [k], comp.group("title").strip() or None))
            has_body, after_closing, top_style, top_max = False, False, None, 0
            k += 1
            continue
        lst = cls.attachment_list.match(text)
        if lst and (lst.group("rest") or (k + 1 < len(content)
                                           and cls.attachment_item.match(lines[content[k + 1]].text))):
            items = [k]
            j = k + 1
            while j < len(content) and cls.attachment_item.match(lines[content[j]].text):
                items.append(j)
                j += 1
            attachment_lists[k] = items
            consumed.update(items)
            after_closing = True
            k = j
            continue
        titled = cls.attachment_titled.match(text)
        if titled:
            nxt = lines[content[k + 1]].text if k + 1 < len(content) else ""
            listing = (k - 1 in attachment_lists or k + 1 < len(content) and
                       (cls.attachment_titled.match(nxt) or cls.attachment_label.match(nxt)))
            if nxt and not listing:
                starts.append((k, "attachment", [k], titled.group("title").strip()))
                has_body, after_closing, top_style, top_max = False, False, None, 0
            else:  # one item of an attachment list written as 附件1:… 附件2:…
                attachment_lists[k] = [k]
                consumed.add(k)
                after_closing = True
            k += 1
            continue
        if cls.attachment_label.match(text):
            title_pos = sp.attachment_start(k)
            consumed.add(k)
            if title_pos is not None:
                block = sp.title_block(title_pos) or [title_pos]
                starts.append((title_pos, "attachment", block, None))
                has_body, after_closing, top_style, top_max = False, False, None, 0
                k = block[-1] + 1
                continue
            k += 1
            continue
        if cls.is_date(text) or cls.is_closing(text):
            after_closing = True
            k += 1
            continue
        if k not in first_block and (has_body or after_closing) and cls.is_short(text):
            block = sp.title_block(k)
            restart = top_max >= 2 or top_style is None
            if block and (after_closing or restart and sp.restarts_numbering(block[-1] + 1, top_style)):
                starts.append((k, "title", block, None))
                has_body, after_closing, top_style, top_max = False, False, None, 0
                k = block[-1] + 1
                continue
        if sp.is_body(text):
            has_body = True
            after_closing = False
            found = cls.marker(text)
            if found and top_style is None:
                top_style = found[0]
            if found and found[0] == top_style:
                top_max = max(top_max, found[2])
        k += 1

    docs = []
    for n, (k, how, block, title) in enumerate(starts):
        begin = content[k] if not block else content[block[0]]
        end = content[starts[n + 1][0]] if n + 1 < len(starts) else len(lines)
        if n + 1 < len(starts) and starts[n + 1][2]:
            end = content[starts[n + 1][2][0]]
        title_lines = [lines[content[b]] for b in block]
        if title is None and title_lines:
            title = "".join(line.text for line in title_lines)
        doc = DocOutline(start=begin, kind=_kind_of(title, how), title=title,
                         title_lines=title_lines, lines=lines[begin:end])
        if n == 0:
            doc.preamble = [ln for ln in lines[:begin] if ln.text]
        for pos, items in attachment_lists.items():
            if begin <= content[pos] < end:
                for j in items:
                    item = cls.attachment_list.match(lines[content[j]].text)
                    titled = cls.attachment_titled.match(lines[content[j]].text)
                    raw = item.group("rest") if item else titled.group("title") if titled \
                        else lines[content[j]].text
                    m = cls.attachment_item.match(raw) if raw else None
                    if raw:
                        doc.attachment_list.append((lines[content[j]], m.group("title") if m else raw))
        doc.closing = [lines[content[j]] for j in consumed if begin <= content[j] < end]
        docs.append(doc)
    return docs


# ---------------------------------------------------------------- headings


def _path_part(marker: str, style: str, title: str) -> str:
    if style == "unnumbered":
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

    def skip_lines(self) -> set[int]:
        doc, cls = self.doc, self.cls
        skip = {ln.number for ln in doc.title_lines} | {ln.number for ln in doc.closing}
        skip |= {ln.number for ln, _ in doc.attachment_list}
        body_seen = False
        for ln in doc.lines:  # header lines: short lines between the title and the body
            if not ln.text or ln.cruft or ln.number in skip:
                continue
            if body_seen:
                break
            if cls.is_short(ln.text) and not cls.is_recipients(ln.text) and len(doc.header) < MAX_HEADER:
                doc.header.append(ln)
                skip.add(ln.number)
            else:
                body_seen = True
        content = [ln for ln in doc.lines if ln.text and not ln.cruft]
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
            if not ln.text or ln.cruft or ln.number in skip:
                continue
            self.feed(ln)

    def feed(self, ln: Line) -> None:
        cls = self.cls
        found = cls.marker(ln.text)
        if found:
            style, marker, number, rest = found
            self.seen_numbered = True
            self.add_heading(ln, style, marker, number, _title(rest))
            self.open = not cls.ends_sentence(ln.text) and ("。" in rest or len(rest) > 30
                                                            or rest.endswith(("," , "、")))
            return
        if not self.open and self.is_unnumbered(ln.text):
            self.add_heading(ln, "unnumbered", "", None, ln.text)
            self.open = False
            return
        if self.paragraph is not None and self.open and not cls.label_line.match(ln.text):
            self.paragraph.add(ln)
        else:
            self.paragraph = Paragraph([ln])
            owner = self.stack[-1].paragraphs if self.stack else self.doc.preface
            owner.append(self.paragraph)
        self.open = not cls.ends_sentence(ln.text)
        self.doc.has_body = True

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
