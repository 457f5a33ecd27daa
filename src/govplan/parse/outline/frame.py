"""Stage 3b, frame: a document -> its frame: header lines under the title, signature and
closing lines, and the body lines left for the heading tree.

Tables are found first (their cells are short lines and dates, never a header line or a
signature), and handed on to the tree with the frame.
"""
from __future__ import annotations

from dataclasses import dataclass

from govplan.parse.normalize import Line
from govplan.parse.outline.documents import DocOutline
from govplan.parse.outline.lines import Classifier
from govplan.parse.outline.tables import one_line_rows
from govplan.parse.outline.vertical import VerticalTables, find_vertical_tables


@dataclass
class Frame:
    """What surrounds a document's body: header and closing lines, and the body lines."""

    header: list[Line]
    closing: list[Line]  # sorted by line number
    body: list[Line]  # content lines left for the heading tree, in order
    vertical: VerticalTables  # tables printed one cell a line


def frame_document(doc: DocOutline, line_kinds: Classifier) -> Frame:
    """Header lines under the title, signature and closing lines, and what is left: the body.

    Tables are found first: their cells are short lines and dates, never a header line
    or a signature.
    """
    skip = {ln.number for ln in doc.title_lines} | {ln.number for ln in doc.closing}
    skip |= {ln.number for ln, _ in doc.attachment_list}
    content = [ln for ln in doc.lines if ln.text and not ln.cruft and ln.number not in skip]
    vertical = find_vertical_tables(content, line_kinds.tables, lambda text: line_kinds.marker(text) is not None)
    table = vertical.lines | one_line_rows(content, line_kinds.tables)
    header = _header_lines(content, table, line_kinds, doc.title or "")
    skip.update(ln.number for ln in header)
    closing = list(doc.closing) + _signature_lines(doc, table, skip, line_kinds)
    skip.update(ln.number for ln in closing)
    closing.sort(key=lambda ln: ln.number)
    body = [ln for ln in doc.lines if ln.text and not ln.cruft and ln.number not in skip]
    return Frame(header, closing, body, vertical)


def _header_lines(content: list[Line], table: set[int], line_kinds: Classifier, title: str) -> list[Line]:
    """Short lines between the title and the body (subtitle, issuer, 文号, date)."""
    header: list[Line] = []
    for i, ln in enumerate(content):
        if ln.number in table or len(header) >= line_kinds.limits.header_max_lines:
            break
        if not line_kinds.is_short(ln.text) or line_kinds.is_recipients(ln.text):
            break
        if i + 1 < len(content) and _heads_a_list(ln, content[i + 1], line_kinds) and ln.text not in title:
            break
        header.append(ln)
    return header


def _heads_a_list(ln: Line, nxt: Line, line_kinds: Classifier) -> bool:
    """A group line right above the first item of a list (the next line, numbered 1): it
    titles the list, it is no header line (an issuer, a date, a 文号 or the title again still is)."""
    found = line_kinds.marker(nxt.text)
    return (found is not None and found[2] == 1 and nxt.number == ln.number + 1
            and not (line_kinds.is_issuer(ln.text) or line_kinds.is_date(ln.text) or line_kinds.is_doc_number(ln.text)))


def _signature_lines(doc: DocOutline, table: set[int], skip: set[int], line_kinds: Classifier) -> list[Line]:
    """Signature blocks ([issuer line] + date line), closing lines, and an undated signature."""
    content = [ln for ln in doc.lines if ln.text and not ln.cruft and ln.number not in table]
    found: list[Line] = []
    taken = set(skip)
    for i, ln in enumerate(content):
        # a date line counts even when it was taken as a header line: it dates the document
        if line_kinds.is_date(ln.text):
            found.append(ln)
            taken.add(ln.number)
            before = content[i - 1] if i else None
            if before is not None and line_kinds.is_short(before.text) and before.number not in taken:
                found.append(before)
                taken.add(before.number)
        elif line_kinds.is_closing(ln.text):
            found.append(ln)
            taken.add(ln.number)
    # a signature with no date at the very end: an organization's name, alone
    tail = [ln for ln in content if ln.number not in taken]
    if tail and len(tail) < len(content) and line_kinds.is_issuer(tail[-1].text) \
            and not line_kinds.marker(tail[-1].text):
        found.append(tail[-1])
    return found
