"""A page's index block, known by its shape (guide section 2): the run of field lines above a
title, whatever its labels are.  Its lines become page clutter (cruft "index-block"): they
belong to no heading, and their facts (文号, dates, 发布机构) still feed the metadata."""
from __future__ import annotations

from govplan.grammar.schema_pages import IndexBlock
from govplan.openings import may_hold_a_match
from govplan.parse.normalize import Line
from govplan.parse.outline.lines import Classifier

INDEX_BLOCK = "index-block"


class _Fields:
    def __init__(self, line_kinds: Classifier):
        self.kinds = line_kinds
        self.rules: IndexBlock = line_kinds.index_block
        self.field, self.bullet = line_kinds.index_field_line, line_kinds.index_bullet

    def bare(self, text: str) -> str:
        return self.bullet.sub("", text, count=1)

    def fields(self, text: str) -> int:
        """How many fields the line holds: label: value or • label: (one), or a | row of
        label | value cells with short labels of letters (one a pair); 0 for another line."""
        bare = self.bare(text)
        if self.kinds.marker(bare) is not None or self.kinds.is_recipients(bare):
            return 0
        if self.field.match(bare):
            return 1
        cells = [c for c, _ in self.kinds.tables.cells(text)]
        labels = cells[0::2]
        if len(cells) >= 2 and all(0 < len(c) <= self.rules.pipe_label_max_chars and c.replace(" ", "").isalpha()
                                   for c in labels):
            return len(labels)
        return 0

    def is_field(self, text: str) -> bool:
        return self.fields(text) > 0

    def opens_value(self, text: str) -> bool:
        """A label with no value: its value stands alone on the next line."""
        m = self.field.match(self.bare(text))
        return bool(m) and not m.group("value").strip()

    def is_value(self, text: str) -> bool:
        return 0 < len(text) <= self.rules.value_max_chars and not self.kinds.ends_sentence(text) \
            and self.kinds.marker(text) is None


def _run(lines: list[Line], i: int, fields: _Fields) -> tuple[int, int]:
    """From lines[i]: where the run of field lines (and values under empty labels) ends, and
    how many fields it holds."""
    count, j = 0, i
    while j < len(lines):
        text = lines[j].text
        if lines[j].cruft or not text:  # clutter already known (an index-table row counts)
            count += fields.fields(text) if text else 0
            j += 1
            continue
        found = fields.fields(text)
        if not found:
            break
        count += found
        j += 1
        if fields.opens_value(text) and j < len(lines) and not lines[j].cruft \
                and fields.is_value(lines[j].text) and not fields.is_field(lines[j].text):
            j += 1
    return j, count


def _titles_next(lines: list[Line], j: int, line_kinds: Classifier) -> bool:
    """After a run: the next line that is no clutter can be a title (short, no sentence, no
    marker, no recipients), or the run ends the preamble before a 文号 or date line."""
    following = next((ln.text for ln in lines[j:] if ln.text and not ln.cruft), None)
    if following is None:
        return False
    return line_kinds.is_short(following) and not line_kinds.ends_sentence(following) \
        and line_kinds.marker(following) is None and not line_kinds.is_recipients(following)


def mark_index_blocks(lines: list[Line], line_kinds: Classifier) -> None:
    """Flag the index blocks of the lines before the first body line as page clutter."""
    fields = _Fields(line_kinds)
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.text and not ln.cruft and line_kinds.is_body(ln.text) and not fields.is_field(ln.text):
            return  # the body has begun: fields from here on are the document's own
        j, count = _run(lines, i, fields) if ln.text else (i + 1, 0)
        if count >= fields.rules.min_fields and _titles_next(lines, j, line_kinds):
            for block_line in lines[i:j]:
                if block_line.text and not block_line.cruft:
                    block_line.cruft = INDEX_BLOCK
        i = max(j, i + 1)


PAGE_TITLE = "page-title"


def _printed_below(core: str, lines: list[Line], i: int, line_kinds: Classifier) -> bool:
    """Is a title printed again below lines[i], on consecutive lines (blank ones between)?"""
    joined = ""
    for ln in lines[i + 1: i + 1 + line_kinds.limits.title_search_lines]:
        if not ln.text or ln.cruft:
            continue
        if joined and not core.startswith(joined + ln.text):
            joined = ""
        if core.startswith(joined + ln.text):
            joined += ln.text
            if joined == core:
                return True
    return False


def mark_page_titles(lines: list[Line], line_kinds: Classifier) -> None:
    """A web page's own title line (TITLE_栏目_站点) over a body that prints the title again is
    page clutter: the document starts at the title in the body (guide section 2)."""
    for i, ln in enumerate(lines):
        if not ln.text or ln.cruft:
            continue
        if line_kinds.is_body(ln.text):
            return
        title = line_kinds.page_title(ln.text)
        if title and _printed_below(title, lines, i, line_kinds):
            ln.cruft = PAGE_TITLE


FRONT_MATTER = "front-matter"
CONTENTS = "contents"


def mark_front_matter(lines: list[Line], line_kinds: Classifier) -> None:
    """Markdown front matter: a --- line first in the file, its field lines, a closing ---."""
    if not lines or lines[0].number != 1 or not line_kinds.front_matter.match(lines[0].text):
        return
    for n, ln in enumerate(lines[1:], 1):
        if line_kinds.front_matter.match(ln.text):
            for block_line in lines[: n + 1]:
                block_line.cruft = block_line.cruft or FRONT_MATTER
            return
        if not line_kinds.index_field_line.match(ln.text):
            return  # a --- rule over the text, not front matter


def mark_contents(lines: list[Line], line_kinds: Classifier) -> None:
    """A table of contents: the 目录 line and the entries after it, up to where its first entry
    is printed again (the text begins); and any entry with dot leaders and a page number."""
    for i, ln in enumerate(lines):
        if ln.cruft or not ln.text:
            continue
        if may_hold_a_match(ln.text, line_kinds.contents_entry_held) and line_kinds.contents_entry.search(ln.text):
            ln.cruft = CONTENTS
        elif line_kinds.contents_label.match(ln.text):
            _mark_listed(lines, i, line_kinds)


def _mark_listed(lines: list[Line], i: int, line_kinds: Classifier) -> None:
    """The entries after a 目录 line at lines[i], when their first is printed again below."""
    entries = [ln for ln in lines[i + 1: i + 1 + line_kinds.contents.max_lines] if ln.text and not ln.cruft]
    if not entries:
        return
    first = line_kinds.contents_entry.sub("", entries[0].text).strip()
    again = next((k for k, ln in enumerate(entries[1:], 1) if ln.text.strip() == first), None)
    if again is None and not line_kinds.contents_entry.search(entries[0].text):
        return
    lines[i].cruft = CONTENTS
    for ln in entries[:again]:
        ln.cruft = CONTENTS
