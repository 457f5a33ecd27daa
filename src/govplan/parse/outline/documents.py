"""Stage 3a, documents: normalized lines -> the documents of a file.

Where each document starts (a title block, 第N篇 articles, 附件N attachments, a covering
notice and its plan, bundles whose numbering restarts), with its title lines, and which
lines are attachment lists and closing lines (signature, date, 此件公开).  One pass over
the content lines, one handler per kind of line.
"""
from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, field

from govplan.parse.normalize import Line, Normalized
from govplan.parse.outline.lines import Classifier
from govplan.parse.outline.titles import TitleFinder, _Start
from govplan.text.punctuation import Paragraph


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
    headings: list = field(default_factory=list)  # tree.Heading, filled by the tree stage
    has_body: bool = False
    grown: bool = False  # framed and its tree built (outline.build.Outline.grow)

    @property
    def line(self) -> int:
        return (self.title_lines[0] if self.title_lines else self.lines[0]).number

    @property
    def end_line(self) -> int:
        return self.lines[-1].number if self.lines else self.line


def _kind_of(title: str | None, how: str, line_kinds: Classifier) -> str:
    if how in ("article", "attachment"):
        return how
    if not title:
        return "document"
    return "notice" if line_kinds.notice_title.search(title) else "plan"


class _DocumentSplitter(TitleFinder):
    """One pass over the content lines, one handler per kind of line; see split_documents."""

    def __init__(self, norm: Normalized, line_kinds: Classifier):
        self.lines = norm.lines
        self.line_kinds = line_kinds
        self.content = [i for i, ln in enumerate(norm.lines) if ln.text and not ln.cruft]
        # page clutter lines before each line: a title never runs across clutter
        self.clutter_before = list(itertools.accumulate((bool(ln.text and ln.cruft) for ln in norm.lines),
                                                        initial=0))
        self.parts = norm.parts
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

    def start(self, start: _Start) -> None:
        self.starts.append(start)
        self.reset()

    # -- looking ahead

    def restarts_numbering(self, k: int) -> bool:
        """After content position k, does numbering restart at 1 in the document's top style?"""
        for j in range(k, min(k + self.limits.bundle_lookahead_lines, len(self.content))):
            text = self.text(j)
            if self.line_kinds.is_recipients(text):
                return True
            found = self.line_kinds.marker(text)
            if found:
                return found[2] == 1 and (self.top_style is None or found[0] == self.top_style)
        return False

    def attachment_start(self, k: int) -> int | None:
        """A 附件N label at content position k: the position of the title it introduces."""
        c = self.line_kinds
        if k + 1 >= len(self.content):
            return None
        nxt = self.text(k + 1)
        if c.attachment_item.match(nxt) or not c.is_short(nxt) or c.attachment_label.match(nxt):
            return None
        return k + 1

    def part(self, k: int) -> int | None:
        """The first line of a part of the file that is a document of its own (a sheet of a
        workbook): a new document, titled by the title block there."""
        if self.number(k) not in self.parts or k == self.starts[0].pos and not self.has_body:
            return None
        text = self.text(k)
        alone = self.line_kinds.is_short(text) and not self.line_kinds.tables.cells(text)
        block = self.title_block(k) or ([k] if alone else [])
        self.start(_Start(k, "part", block))
        return (block[-1] if block else k) + 1

    def compilation(self, k: int) -> int | None:
        m = self.line_kinds.compilation.match(self.text(k))
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
        line_kinds, content = self.line_kinds, self.content
        m = line_kinds.attachment_list.match(self.text(k))
        if not m or not (m.group("rest") or k + 1 < len(content)
                         and line_kinds.attachment_item.match(self.text(k + 1))):
            return None
        items, j = [k], k + 1
        while j < len(content) and line_kinds.attachment_item.match(self.text(j)):
            items.append(j)
            j += 1
        self.attachment_lists[k] = items
        self.consumed.update(items)
        self.after_closing = True
        return j

    def attachment_titled(self, k: int) -> int | None:
        """附件1:标题 starts the attachment, or is one item of a list of such lines."""
        line_kinds = self.line_kinds
        m = line_kinds.attachment_titled.match(self.text(k))
        if not m:
            return None
        nxt = self.text(k + 1) if k + 1 < len(self.content) else ""
        listing = k - 1 in self.attachment_lists or bool(
            nxt and (line_kinds.attachment_titled.match(nxt) or line_kinds.attachment_label.match(nxt)))
        if nxt and not listing:
            self.start(_Start(k, "attachment", [k], m.group("title").strip()))
        else:
            self.attachment_lists[k] = [k]
            self.consumed.add(k)
            self.after_closing = True
        return k + 1

    def attachment_label(self, k: int) -> int | None:
        """附件 / 附件1 alone: the title on the next line starts the attachment."""
        if not self.line_kinds.attachment_label.match(self.text(k)):
            return None
        self.consumed.add(k)
        title_pos = self.attachment_start(k)
        if title_pos is None:
            return k + 1
        block = self.title_block(title_pos) or [title_pos]
        self.start(_Start(title_pos, "attachment", block))
        return block[-1] + 1

    def closing(self, k: int) -> int | None:
        if not (self.line_kinds.is_date(self.text(k)) or self.line_kinds.is_closing(self.text(k))):
            return None
        self.after_closing = True
        return k + 1

    def title(self, k: int) -> int | None:
        """A title block after a closing, or before numbering that restarts: a new document."""
        if not (self.has_body or self.after_closing) or not self.line_kinds.is_short(self.text(k)):
            return None
        if k in self.starts[0].block:
            return None
        block = self.title_block(k) or (self.placed_title(k) if self.after_closing else [])
        restart = self.top_max >= 2 or self.top_style is None
        if not block or not (self.after_closing or restart and self.restarts_numbering(block[-1] + 1)):
            return None
        self.start(_Start(k, "title", block))
        return block[-1] + 1

    def body(self, k: int) -> int:
        text = self.text(k)
        if self.line_kinds.is_body(text):
            self.has_body, self.after_closing = True, False
            found = self.line_kinds.marker(text)
            if found and self.top_style is None:
                self.top_style = found[0]
            if found and found[0] == self.top_style:
                self.top_max = max(self.top_max, found[2])
        return k + 1

    def run(self) -> None:
        self.starts.append(self.first_start())
        every = (self.part, self.compilation, self.attachment_list, self.attachment_titled,
                 self.attachment_label, self.closing, self.title)
        # (the four after part each start by matching their pattern: a line none of them matches skips them)
        unopened = (self.part, self.closing, self.title)
        opening = self.line_kinds.any_part_opening.match
        k = self.starts[0].pos
        while k < len(self.content):
            for handler in every if opening(self.text(k)) else unopened:  # the first that takes the line
                nxt = handler(k)
                if nxt is not None:
                    k = nxt
                    break
            else:
                k = self.body(k)

    # -- the documents

    def documents(self) -> list[DocOutline]:
        lines, content = self.lines, self.content
        consumed = sorted(content[j] for j in self.consumed)  # line indexes, for bisect per document
        lists = sorted((content[pos], items) for pos, items in self.attachment_lists.items())
        list_starts = [pos for pos, _ in lists]
        docs: list[DocOutline] = []
        for n, st in enumerate(self.starts):
            begin = content[st.block[0]] if st.block else content[st.pos]
            if n + 1 < len(self.starts):
                following = self.starts[n + 1]
                end = content[following.block[0]] if following.block else content[following.pos]
            else:
                end = len(lines)
            if begin >= end:  # a start the next one replaced (附件1:标题 on the first line)
                continue
            title_lines = [lines[content[b]] for b in st.block]
            if not docs and not title_lines:
                title_lines = self.field_title(begin)
            title = st.title
            if title is None and title_lines:
                title = "".join(line.text for line in title_lines)
                title = self.line_kinds.page_title(title) or title  # a page's title: TITLE_栏目_站点
            doc = DocOutline(start=begin, kind=_kind_of(title, st.how, self.line_kinds), title=title,
                             title_lines=title_lines, lines=lines[begin:end])
            if not docs:
                doc.preamble = [ln for ln in lines[:begin] if ln.text]
            inside = slice(bisect.bisect_left(list_starts, begin), bisect.bisect_left(list_starts, end))
            doc.attachment_list = self.attachment_titles(lists[inside])
            doc.closing = [lines[i] for i in consumed[bisect.bisect_left(consumed, begin):
                                                      bisect.bisect_left(consumed, end)]]
            docs.append(doc)
        return docs

    def field_title(self, begin: int) -> list[Line]:
        """A document with no title line whose title stands only in a field of the page's index
        block above it (标题 | …, 法规名称:…): that field line is its title line (guide 2)."""
        field = next((ln for ln in reversed(self.lines[:begin])
                      if ln.cruft and self.line_kinds.table_title.match(ln.text)), None)
        return [field] if field else []

    def attachment_titles(self, lists: list[tuple[int, list[int]]]) -> list[tuple[Line, str]]:
        line_kinds, out = self.line_kinds, []
        for _, items in lists:
            for j in items:
                line = self.lines[self.content[j]]
                listed = line_kinds.attachment_list.match(line.text)
                titled = line_kinds.attachment_titled.match(line.text)
                raw = listed.group("rest") if listed else titled.group("title") if titled else line.text
                if raw:
                    item = line_kinds.attachment_item.match(raw)
                    out.append((line, item.group("title") if item else raw))
        return out


def split_documents(norm: Normalized, line_kinds: Classifier) -> list[DocOutline]:
    """Where each document of the file starts, with its title, closing and attachment lines."""
    splitter = _DocumentSplitter(norm, line_kinds)
    if not splitter.content:
        return []
    splitter.run()
    return splitter.documents()
