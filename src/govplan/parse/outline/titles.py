"""Where a document's title stands (guide section 2): the short lines between a page's
clutter, red header or 文号 and the first body line, joined across blank lines but never
across clutter; after a signature, the lines before the next body, whatever they end with."""
from __future__ import annotations

from dataclasses import dataclass

from govplan.grammar.schema_pages import DocumentLimits
from govplan.parse.normalize import Line
from govplan.parse.outline.lines import Classifier
from govplan.precompiled import kept
from govplan.text.punctuation import FULL_STOP

_HAN = kept(r"\p{Han}")


@dataclass
class _Start:
    pos: int  # content position where the document starts
    how: str  # first | article | attachment | title
    block: list[int]  # content positions of its title lines
    title: str | None = None


def _repeats(earlier: str, later: str, tail: int) -> bool:
    """Is ``later`` the same title again (a page's title, then the body's), not its next line?
    They end alike: the last ``tail`` characters of one end the other."""
    return later.endswith(earlier[-tail:]) or earlier.endswith(later[-tail:])


def _opened_above(text: str) -> bool:
    return text.count("》") > text.count("《") or text.count(")") > text.count("(")


def _unclosed(text: str) -> bool:
    return text.count("《") > text.count("》") or text.count("(") > text.count(")")


class TitleFinder:
    """The title questions of the document splitter, over its content lines (positions into
    the lines that hold text and are no page clutter)."""

    lines: list[Line]
    content: list[int]
    clutter_before: list[int]
    line_kinds: Classifier
    consumed: set[int]

    @property
    def limits(self) -> DocumentLimits:
        return self.line_kinds.limits

    def text(self, k: int) -> str:
        return self.lines[self.content[k]].text

    def number(self, k: int) -> int:
        """The physical line number of content position k (a gap means blank or cruft lines)."""
        return self.lines[self.content[k]].number

    def joined(self, block: list[int]) -> str:
        return "".join(self.text(j) for j in block)

    def wrapped_above(self, j: int, block: list[int]) -> bool:
        """Is content position j (above a blank line) a piece of the title block below it?  When
        a 《 or ( is open above, the block's line goes on (和…), or j is a fragment: no whole
        title, organ, label, date or 文号 of its own (a title wrapped across blank lines)."""
        line_kinds, text = self.line_kinds, self.text(j)
        if _opened_above(self.joined(block)) or self.text(block[0]).startswith(line_kinds.title_continuations):
            return True
        if line_kinds.title_issuer.match(self.text(block[0])):
            return False  # the block opens with an organ and 关于: a title begins there
        # a title wraps at the page's width: a piece above is no shorter than the line under it
        # (a shorter line above a blank line is a page's label: 无障碍浏览, 政务服务网)
        return (len(text) >= max(self.limits.title_fragment_min_chars, len(self.text(block[0])))
                and ":" not in text and " " not in text
                and not line_kinds.is_title_like(text) and not line_kinds.is_issuer(text))

    def shorter_label_above(self, j: int, block: list[int]) -> bool:
        """A short line right above a title that cannot be a piece of it: much shorter than the
        line under it (title_piece_min_percent), no title, organ, date or 文号, and no bracket of
        the title opened in it."""
        c, text, below = self.line_kinds, self.text(j), self.text(block[0])
        short = 100 * len(text) < self.limits.title_piece_min_percent * len(below)
        return (short and not _opened_above(self.joined(block)) and not c.is_title_like(text)
                and not c.is_issuer(text) and not c.attachment_label.match(text)
                and not c.title_issuer.match(text) and not text.endswith(tuple(c.title_continuations))
                and not below.startswith(tuple(c.title_continuations)))

    def clutter_between(self, a: int, b: int) -> bool:
        """Is there page clutter between content positions a < b?"""
        return self.clutter_before[self.content[b]] > self.clutter_before[self.content[a] + 1]

    def title_block(self, k: int) -> list[int]:
        """Content positions of a title block that starts at content position k."""
        c = self.line_kinds
        block: list[int] = []
        j = k
        while j < len(self.content) and len(block) < self.limits.title_max_lines:
            text = self.text(j)
            if not c.is_short(text) or c.is_date(text) or c.is_doc_number(text) or c.is_closing(text) \
                    or c.subtitle.match(text):
                break
            if block and self.clutter_between(j - 1, j):
                break  # a title is wrapped across blank lines, never across page clutter
            block.append(j)
            if c.is_title_like(text) and not _unclosed(self.joined(block)):
                return block + self.last_words_below(j, len(block))
            j += 1
        return []

    def last_words_below(self, j: int, lines: int) -> list[int]:
        """[the content position below j] when it holds the title's last words a wrap put on a line of their
        own (2022年市《政府工作报告》目标任务 / 责任分解方案): a title-like line much shorter than the title line
        (title_piece_min_percent), naming no organ, and no page clutter between; else []."""
        c, k = self.line_kinds, j + 1
        if k >= len(self.content) or lines >= self.limits.title_max_lines or self.clutter_between(j, k):
            return []
        text, above = self.text(k), self.text(j)
        short = 100 * len(text) < self.limits.title_piece_min_percent * len(above)
        return [k] if short and c.is_short(text) and c.is_title_like(text) and not c.is_issuer(text) \
            and not c.title_issuer.match(text) else []

    def placed_title(self, k: int) -> list[int]:
        """A title by its place (guide section 2): the short lines from content position k
        down to the first body line or addressee right after them, whatever they end with;
        none when a line of them is a label (it holds :), a date, a 文号 or a closing line."""
        c = self.line_kinds
        block: list[int] = []
        j = k
        while j < len(self.content) and len(block) < self.limits.title_max_lines:
            text = self.text(j)
            if c.is_body(text):
                return block if block else []
            if not c.is_short(text) or ":" in text or c.is_date(text) or c.is_doc_number(text) \
                    or c.is_closing(text) or c.is_issuer(text) or block and self.clutter_between(j - 1, j):
                return []
            block.append(j)
            j += 1
        return []

    def first_start(self) -> _Start:
        """The first document starts at the title block right before its first body line."""
        line_kinds = self.line_kinds
        first_body = next((k for k in range(len(self.content)) if self.opens_body(self.text(k))
                           or self.sentence_ends_below(k)), None)
        if first_body is None:
            return _Start(0, "first", [])
        if line_kinds.compilation.match(self.text(first_body)):
            return _Start(first_body, "first", [])
        j = first_body - 1
        while j >= 0 and (line_kinds.is_doc_number(self.text(j)) or line_kinds.is_date(self.text(j))):
            j -= 1  # a 文号 or date between the title and the body
        block: list[int] = []
        while j >= 0:
            text = self.text(j)
            if not line_kinds.is_short(text) or line_kinds.is_date(text) or line_kinds.is_doc_number(text):
                break
            if block and (self.clutter_between(j, block[0]) or self.number(j) != self.number(block[0]) - 1
                          and not self.wrapped_above(j, block)):
                break  # a blank line ends the title, unless the title was wrapped across it
            if block and self.shorter_label_above(j, block):
                break
            block.insert(0, j)
            j -= 1
        cut = next((i for i, b in enumerate(block) if line_kinds.subtitle.match(self.text(b))), None)
        if cut:  # a subtitle and what follows it are header lines, under the title
            block = block[:cut]
        block = self.last_title(block)
        attachment = self.attachment_alone(block)
        if attachment is not None:
            return attachment
        # short lines right above a table's header row are the table's title
        below = self.text(first_body)
        table_below = bool(block) and block[-1] == first_body - 1 and (
            line_kinds.tables.is_table_line(below) or line_kinds.tables.is_column_name(below))
        if block and (table_below or any(line_kinds.is_title_like(self.text(b))
                                         or line_kinds.has_title_word(self.text(b))
                                         for b in block)):
            return _Start(block[0], "first", block)
        return self.title_above(first_body) or self.title_by_place(block) or _Start(first_body, "first", [])

    def attachment_alone(self, block: list[int]) -> _Start | None:
        """A file that is an attachment saved alone: 附件2 above its title (and a page's own
        title above that, which is not the document's)."""
        label = next((i for i in range(len(block) - 2, -1, -1)
                      if self.line_kinds.attachment_label.match(self.text(block[i]))), None)
        if label is None:
            return None
        self.consumed.add(block[label])
        return _Start(block[label + 1], "attachment", block[label + 1:])

    def sentence_ends_below(self, k: int) -> bool:
        """Content position k holds the start of a sentence a hard wrap cut: it has a comma, and
        with the line right under it (which ends the sentence: 效。) it opens the body."""
        if k + 1 >= len(self.content) or self.number(k + 1) != self.number(k) + 1:
            return False
        text, below = self.text(k), self.text(k + 1)
        return ("," in text and below.endswith(FULL_STOP) and not self.line_kinds.ends_sentence(text)
                and self.line_kinds.marker(below) is None and self.opens_body(text + below))

    def opens_body(self, text: str) -> bool:
        """Can the document's body begin with this line?  A body line (an addressee, a marker,
        a sentence, a table line), or a 第N篇 article; a short sentence with fewer Han characters
        than a body sentence has (【打印】【字体:, a page's tools) is no beginning."""
        line_kinds, tables = self.line_kinds, self.line_kinds.tables
        if line_kinds.compilation.match(text):
            return True
        if not line_kinds.is_body(text):
            return False
        structural = (line_kinds.is_recipients(text) or line_kinds.marker(text) is not None
                      or tables.is_table_line(text) or tables.is_column_name(text))
        return structural or len(text) > line_kinds.title_max or len(_HAN.findall(text)) >= self.limits.body_min_han

    def last_title(self, block: list[int]) -> list[int]:
        """A block of short lines above the body, cut to its title: it ends at its last
        title-like line (what follows is header: an issuer, a date, a page's fields), and when
        a page repeats the title (its own, then the body's) it starts at the repeat.  A page's
        field that holds the title (信息名称 …) is no title line when another line is one."""
        line_kinds = self.line_kinds
        likes = [i for i, b in enumerate(block) if line_kinds.is_title_like(self.text(b))]
        plain = [i for i in likes if not line_kinds.is_index_field(self.text(block[i]))]
        likes = plain or likes
        if not likes:
            return block
        end = likes[-1] + 1
        while end < len(block) and not line_kinds.title_core(self.text(block[end])):
            end += 1  # a remark standing alone under the title: (2018—2020年)
        start = 0
        if len(likes) > 1 and _repeats(line_kinds.title_core(self.text(block[likes[-2]])),
                                       line_kinds.title_core(self.text(block[likes[-1]])),
                                       self.limits.repeated_title_tail_chars):
            start = likes[-2] + 1
        for i in likes:  # a page's headline that quotes the title printed under it: 印发《…》的通知
            rest = line_kinds.title_core(self.joined(block[i + 1: end]))
            if i < start or len(rest) < self.limits.repeated_title_tail_chars:
                continue
            if rest in self.text(block[i]):
                start = i + 1
        return block[start: end]

    def title_by_place(self, block: list[int]) -> _Start | None:
        """The short lines right above the first body line are its title, whatever they end
        with, when none is a label, an organ, a dated line or a row of fields (guide section 2)."""
        line_kinds = self.line_kinds
        if not block or any(":" in (t := line_kinds.title_core(self.text(b))) or " " in t or line_kinds.is_issuer(t)
                            or line_kinds.dated_line.match(t) for b in block):
            return None
        return _Start(block[0], "first", block)

    def title_above(self, first_body: int) -> _Start | None:
        """A title separated from the body by a page's lines (a byline, 发布部门/文号 fields,
        share buttons): the nearest title-like line a few lines above the body."""
        line_kinds, lowest = self.line_kinds, max(0, first_body - self.limits.title_search_lines)
        for k in range(first_body - 1, lowest - 1, -1):
            if line_kinds.is_title_like(self.text(k)):
                block = [k]
                while block[0] > 0 and self.number(block[0] - 1) == self.number(block[0]) - 1 \
                        and line_kinds.is_short(self.text(block[0] - 1)) and _opened_above(self.joined(block)):
                    block.insert(0, block[0] - 1)  # a title whose 《 opened on the line above
                return _Start(block[0], "first", block)
        return None

    # -- handlers: each returns the next content position, or None when the line is not its kind
