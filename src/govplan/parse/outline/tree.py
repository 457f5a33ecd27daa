"""Stage 3b, heading tree: a document's body lines -> its headings, levels and paragraphs.

Heading lines are found by the marker grammar; levels follow the nesting as printed (a
stack of styles: a style seen again closes what was opened below it).  Hard-wrapped
lines are rejoined into paragraphs, and every paragraph goes to the innermost heading
above it.  Task-table rows become headings of style ``table_row`` whose role cells are
read later as fields.  Numbering problems (gaps, repeats, order) become diagnostics,
never lost headings.
"""
from __future__ import annotations

from typing import Mapping

from govplan.models import Diagnostic
from govplan.parse.normalize import Line
from govplan.parse.outline.documents import DocOutline
from govplan.parse.outline.frame import Frame
from govplan.parse.outline.heading import GOES_ON, Heading, path_part, title_of
from govplan.parse.outline.lines import Classifier
from govplan.parse.outline.rows import TableRows
from govplan.precompiled import kept
from govplan.text.punctuation import BRACKET_CLOSERS, BRACKET_OPENERS, ENUMERATION_COMMA, FULL_STOP, Paragraph

_NUMBERS_ONLY = kept(r"^[\d\s.%]+$")
# an unnumbered heading never ends with one of these
_NOT_HEADING_END = frozenset("。!?;:、 \t")


class _TreeBuilder(TableRows):
    def __init__(self, doc: DocOutline, frame: Frame, line_kinds: Classifier, diagnostics: list[Diagnostic],
                 decided: Mapping[int, bool]):
        self.doc = doc
        self.decided = decided  # a reviewer's decisions: line -> is (not) a heading
        self.honoured: set[int] = set()
        self.frame = frame
        self.vertical = frame.vertical
        self.line_kinds = line_kinds
        self.wrap_min = line_kinds.settings.wrapped_heading_min_chars
        self.max_depth = line_kinds.settings.max_depth
        self.diagnostics = diagnostics
        self.stack: list[Heading] = []
        self.last_by_parent: dict[tuple[int, str], int] = {}
        self.last_global: dict[str, int] = {}
        self.seen_numbered = False
        self.paragraph: Paragraph | None = None
        self.open = False  # does the current paragraph continue on the next line?
        self.table: list[str | None] | None = None  # column kinds of the table being read
        self.table_names: list[str] = []  # its column names, as its header prints them
        self.names_closed = True  # has a row been read under the names (a new header starts afresh)?
        self.table_spaced = False  # are its cells split by spaces (not tabs or |)?
        self.next_line: Line | None = None  # the body line after the one being read
        self.merged_cells: list[str | None] = []  # the last row of a one-cell-a-line table, by column
        self.row_cells: list[str | None] = []  # the last row of a one-line table, by column
        self.current = 0  # the number of the line being read

    def build(self) -> None:
        body = self.frame.body
        for i, ln in enumerate(body):
            self.next_line = body[i + 1] if i + 1 < len(body) else None
            self.current = ln.number
            self.feed(ln)
        for h in self.doc.headings:
            _lift_annotations(h, self.line_kinds)


    def feed(self, ln: Line) -> None:
        line_kinds = self.line_kinds
        decided = self.decided.get(ln.number) if self.decided else None
        if decided is not None:
            self.honoured.add(ln.number)
            if decided:
                self.reviewed_heading(ln)
            else:
                self.body_text(ln)
            return
        if self.vertical_line(ln) or self.table_line(ln):
            return
        found = line_kinds.marker(ln.text)
        if found and self.open and self.continues_no_list(found[0], found[2]):
            found = None  # (…完成\n150、200吨级…: a hard wrap before a number, inside a sentence)
        if found:
            style, marker, number, rest = found
            self.seen_numbered = True
            self.add_heading(ln, style, marker, number, title_of(rest))
            self.open = not line_kinds.ends_paragraph(ln.text) and (
                FULL_STOP in rest or len(rest) > self.wrap_min or rest.endswith((",", ENUMERATION_COMMA)))
            self.open = self.open or self.bracket_open()
            return
        if self.damaged_heading(ln):
            return
        if not self.open and not ln.cut and self.is_unnumbered(ln.text):
            self.add_heading(ln, "unnumbered", "", None, ln.text)
            self.open = False
            return
        if not self.open and not ln.cut and self.titles_next_list(ln.text):
            self.add_group(ln)
            self.open = False
            return
        self.body_text(ln)

    def body_text(self, ln: Line) -> None:
        """A line of running text: it goes on the open paragraph, or opens one."""
        line_kinds = self.line_kinds
        if self.paragraph is not None and self.open and (not line_kinds.fields.opens_with_label(ln.text)
                                                         or self.bracket_open()):
            self.paragraph.add(ln)
        else:
            self.start_paragraph(ln)
        self.open = not line_kinds.ends_paragraph(ln.text) or self.bracket_open()
        self.doc.has_body = True

    def reviewed_heading(self, ln: Line) -> None:
        """A line a reviewer made a heading: with its marker when it has one, else unnumbered."""
        found = self.line_kinds.marker(ln.text)
        if found:
            style, marker, number, rest = found
            self.seen_numbered = True
            self.add_heading(ln, style, marker, number, title_of(rest))
        else:
            self.add_heading(ln, "unnumbered", "", None, title_of(ln.text) or ln.text)
        self.open = False

    def bracket_open(self) -> bool:
        """Is a bracket opened in the paragraph's last four lines still open (an annotation a hard
        wrap cut: its label or units go on in the next line)?"""
        if self.paragraph is None:
            return False
        tail = "".join(ln.text for ln in self.paragraph.lines[-4:])
        return sum(tail.count(c) for c in BRACKET_OPENERS) > sum(tail.count(c) for c in BRACKET_CLOSERS)

    def damaged_heading(self, ln: Line) -> bool:
        """()新建… or ?。ǘ┩加强… right after a numbered heading: a marker destroyed by damage,
        whose place is evident (guide section 3); it continues the list it follows."""
        top = self.stack[-1] if self.stack else None
        if top is None or top.number is None or top.style.startswith("table"):
            return False
        m = self.line_kinds.damaged_marker.match(ln.text)
        if not m:
            return False
        marker = m.group("marker")
        self.add_heading(ln, top.style, marker, top.number + 1, title_of(ln.text[m.end():]))
        self.report("marker-damaged", self.stack[-1], f"marker {marker} was damaged: read as number "
                    f"{top.number + 1} of its list, after {top.marker}")
        self.open = not self.line_kinds.ends_paragraph(ln.text)
        return True

    def start_paragraph(self, ln: Line) -> None:
        self.paragraph = Paragraph([ln])
        owner = self.stack[-1].paragraphs if self.stack else self.doc.preface
        owner.append(self.paragraph)

    def titles_next_list(self, text: str) -> bool:
        """A short group line right above a numbered line (the next line, no blank between),
        before any number of the document (it titles the list under it), or above the next
        item of a list that such a group line titled (the next group of the same list).  A
        line that begins with a date titles nothing."""
        nxt = self.next_marker()
        if nxt is None or not self.heading_shaped(text) or self.line_kinds.dated_line.match(text):
            return False
        return not self.seen_numbered and nxt[2] == 1 or self.group_of(nxt[0]) is not None

    def next_marker(self):
        """The marker of the next body line when it follows this one directly."""
        nxt = self.next_line
        if nxt is None or nxt.number != self.current + 1:
            return None
        return self.line_kinds.marker(nxt.text)

    def group_of(self, style: str) -> int | None:
        """The stack position of an unnumbered group line whose items are of ``style``."""
        return next((i for i, h in enumerate(self.stack) if h.style == "unnumbered" and h.children
                     and h.children[0].style == style), None)

    def add_group(self, ln: Line) -> None:
        """A group line: a sibling of the group line that titled the same list, if any."""
        nxt = self.next_marker()
        at = self.group_of(nxt[0]) if nxt else None
        if at is not None:
            del self.stack[at:]
        self.add_heading(ln, "unnumbered", "", None, ln.text)

    def is_unnumbered(self, text: str) -> bool:
        return self.seen_numbered and self.heading_shaped(text) and not self.continued_below()

    def continued_below(self) -> bool:
        """Does the next line open with punctuation that goes on from this one (。 , 、 ) after a
        hard wrap), or end the sentence in a few characters?  Then this line is a piece of a
        sentence, no heading."""
        nxt = self.next_line
        if nxt is None or nxt.number != self.current + 1:
            return False
        # or it is the end of a sentence, too short to be one (量。 after …切实提高服务质)
        tail = nxt.text.endswith(FULL_STOP) and len(nxt.text) <= self.line_kinds.settings.unnumbered_min_chars
        return nxt.text.startswith(GOES_ON) or tail

    def heading_shaped(self, text: str) -> bool:
        """Short, no end punctuation, no label, date, number run, spaces or opening bracket."""
        line_kinds, settings = self.line_kinds, self.line_kinds.settings
        return (settings.unnumbered_min_chars <= len(text) <= settings.unnumbered_max_chars
                and text[-1] not in _NOT_HEADING_END and ":" not in text
                and FULL_STOP not in text and ";" not in text
                and not line_kinds.is_date(text) and not line_kinds.fields.opens_with_label(text)
                and not _NUMBERS_ONLY.match(text) and " " not in text and "\t" not in text
                and not text.startswith(BRACKET_OPENERS) and not line_kinds.is_closing(text))

    def add_heading(self, ln: Line, style: str, marker: str, number: int | None, title: str) -> None:
        self.continue_damaged_list(style, number)
        if self.titles_a_new_list(style, number):
            self.raisetitle_of()
        else:
            while self.stack and style in [h.style for h in self.stack]:
                popped = self.stack.pop()
                if popped.style == style:
                    break
            self.close_lower_ranks(style)
        if len(self.stack) >= self.max_depth:  # deeper than any plan nests: a sibling at the deepest level
            del self.stack[self.max_depth - 1:]
            self.diagnostics.append(Diagnostic.of(
                "heading-too-deep", f"heading {marker or title[:12]} would nest deeper than {self.max_depth} "
                                    "levels: placed at the deepest level", ln.number))
        parent = self.stack[-1] if self.stack else None
        heading = Heading(line=ln, marker=marker, style=style, number=number,
                          level=len(self.stack) + 1, title=title)
        heading.path = (parent.path + "/" if parent else "") + path_part(marker, title)
        heading.paragraphs.append(Paragraph([ln]))
        self.paragraph = heading.paragraphs[0]
        (parent.children if parent else self.doc.headings).append(heading)
        self.stack.append(heading)
        if number is not None:
            self.check_number(heading, id(parent) if parent else 0)

    def close_lower_ranks(self, style: str) -> None:
        """第七条 after (五), 壹、 after 八、: where the printed order contradicts the styles'
        conventional ranks, a heading does not nest under a style ranked below it."""
        rank = self.line_kinds.rank.get(style)
        if rank is None:
            return
        while self.stack and self.line_kinds.rank.get(self.stack[-1].style, 0) > rank:
            self.stack.pop()

    def titles_a_new_list(self, style: str, number: int | None) -> bool:
        """三、… / 报告事项 / 一、…: an unnumbered line right before a list that starts again at
        1 in the style of the list it follows titles the new list: it is that list's sibling,
        and the new list goes under it (not under the old list's last item)."""
        if number != 1 or len(self.stack) < 2 or self.stack[-1].style != "unnumbered" or self.stack[-1].children:
            return False
        return self.stack[-2].style == style

    def raisetitle_of(self) -> None:
        """Make the unnumbered heading on top of the stack a sibling of the item above it."""
        title, item = self.stack.pop(), self.stack.pop()
        item.children.remove(title)
        (self.stack[-1].children if self.stack else self.doc.headings).append(title)
        title.level = item.level
        title.path = (self.stack[-1].path + "/" if self.stack else "") + path_part("", title.title)
        self.stack.append(title)
        if title.level == 1:
            self.title_first_list(title)

    def title_first_list(self, title: Heading) -> None:
        """院长提示: / 一、二、 / 报告事项 / 一、…: when a later unnumbered line titles a list
        that starts again, a label line right above the document's first list (in the preface,
        past lines that begin with a date) titles that list the same way."""
        line_kinds, headings = self.line_kinds, self.doc.headings
        first = headings[:headings.index(title)]
        if not first or any(h.style != first[0].style or h.style == "unnumbered" for h in first):
            return
        preface = self.doc.preface
        k = len(preface) - 1
        while k >= 0 and line_kinds.dated_line.match(preface[k].lines[0].text):
            k -= 1  # a date line (a hard-wrapped one too) between the label and the list
        if k < 0 or len(preface[k].lines) != 1:
            return  # the label is a line of its own
        label_line = preface[k].lines[0]
        if not line_kinds.section_label.match(label_line.text) or line_kinds.is_recipients(label_line.text) \
                or line_kinds.fields.opens_with_label(label_line.text):
            return
        label = Heading(line=label_line, marker="", style="unnumbered", number=None, level=1,
                        title=title_of(label_line.text) or label_line.text, children=first)
        label.path = path_part("", label.title)
        label.paragraphs, preface[k:] = preface[k:], []
        headings[:len(first)] = [label]
        for h in first:
            _move_under(h, label)

    def continue_damaged_list(self, style: str, number: int | None) -> None:
        """壹、 then 二、: a copy turned the first 一 into 壹; 二、 continues that list, as a
        sibling (guide section 3: a damaged marker is a heading where its place is evident)."""
        if style != self.line_kinds.settings.plain_style or not number or number < 2:
            return
        styles = [h.style for h in self.stack]
        formal = self.line_kinds.settings.formal_style
        if style not in styles and formal in styles:
            i = styles.index(formal)
            if self.stack[i].number == number - 1 == 1:
                del self.stack[i:]  # 二、 takes the place of 壹、 in the ladder

    def continues_no_list(self, style: str, number: int | None) -> bool:
        """Would a marker of ``style`` numbered ``number`` continue no list: neither open one (1) nor follow
        a heading of its style that is open or was the last of its style?"""
        if number is None or number == 1:
            return False
        glob = self.last_global.get(style)
        return number != (glob or 0) + 1 and all(h.number is None or number != h.number + 1
                                                  for h in self.stack if h.style == style)

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
        self.diagnostics.append(Diagnostic.of(code, f"heading {message}", h.line.number))


def _lift_annotations(h: Heading, line_kinds: Classifier) -> None:
    """1.… 2.… (牵头单位:A): an annotation standing alone after an item's sub-items, none of
    which carries one of its own, belongs to the item (guide section 4), not the last sub-item."""
    for child in h.children:
        _lift_annotations(child, line_kinds)
    if len(h.children) < 2:
        return
    last = h.children[-1]
    if len(last.paragraphs) < 2 or last.children or not line_kinds.fields.is_annotation(last.paragraphs[-1].text):
        return
    own = [p for c in h.children for p in c.paragraphs]
    if sum(1 for p in own if line_kinds.fields.holds_label(p.text)) != 1:
        return
    # another sub-item that names its units in its own way ((区民政局), 由A负责) has its own
    # annotations: the one after the last sub-item is that sub-item's
    if any(_names_units(p.text, line_kinds) for c in h.children[:-1] for p in c.paragraphs):
        return
    h.paragraphs.append(last.paragraphs.pop())


def _names_units(text: str, line_kinds: Classifier) -> bool:
    """A paragraph ending with a bracket, or holding a role word (牵头, 负责, 配合 …)."""
    return text.rstrip(FULL_STOP).endswith(BRACKET_CLOSERS) or any(w in text for w in line_kinds.tables.role_words)


def _move_under(h: Heading, parent: Heading) -> None:
    """Re-seat a heading (and its subtree) under a new parent: its level and path follow."""
    h.level = parent.level + 1
    h.path = parent.path + "/" + path_part(h.marker, h.title)
    for child in h.children:
        _move_under(child, h)


def build_tree(doc: DocOutline, frame: Frame, line_kinds: Classifier, diagnostics: list[Diagnostic],
               decided: Mapping[int, bool] | None = None) -> set[int]:
    """Fill ``doc.headings`` and ``doc.preface`` from the frame's body lines.  ``decided``: lines a
    reviewer said are (not) headings (corrections); the lines of them this document's body holds
    are returned."""
    builder = _TreeBuilder(doc, frame, line_kinds, diagnostics, decided or {})
    builder.build()
    return builder.honoured
