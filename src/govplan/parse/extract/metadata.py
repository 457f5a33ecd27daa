"""Stage 5, metadata: a document's outline -> title, 文号, issuer, date, recipients…

Signed facts come from where a notice puts them: the signature block (issuer line
and a date line), a 文号 line of its own, the title block, an index table of the
web page it was copied from.  Dates and numbers cited in body text are ignored.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from govplan.grammar.compiled import Grammar
from govplan.openings import may_hold_a_match
from govplan.parse.extract.unitnames import unit_grammar
from govplan.parse.normalize import Line
from govplan.parse.outline.documents import DocOutline
from govplan.parse.outline.lines import Classifier, classifier
from govplan.precompiled import kept
from govplan.text.numerals import number, year_of
from govplan.text.punctuation import CLAUSE_SEPARATORS, split_top_level, unwrap_book_title

if TYPE_CHECKING:
    import regex

_SPACED = kept(r"\p{Han}[ \t\u3000]+\p{Han}")


@dataclass
class Metadata:
    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    issued: dt.date | None = None
    recipients: list[str] = field(default_factory=list)
    disclosure: str | None = None
    attachments: list[str] = field(default_factory=list)
    contacts: list[tuple[str, str, int]] = field(default_factory=list)


def parse_date(m: regex.Match) -> dt.date | None:
    """A date from a match with groups y (or roc: a Taiwan ROC year), m, d."""
    try:
        return dt.date(year_of(m.groupdict()) or 0, number(m.group("m")) or 0, number(m.group("d")) or 0)
    except ValueError:
        return None


def _head_lines(doc: DocOutline, first: bool, line_kinds: Classifier) -> list[Line]:
    """Lines where a 文号 or title may stand: page cruft before it, title, header, the top."""
    lines = list(doc.preamble) if first else []
    lines += doc.title_lines + doc.header
    last = (doc.title_lines[-1].number if doc.title_lines else doc.line) + line_kinds.limits.head_lines_after_title
    for ln in doc.lines:
        if ln.number > last:
            break
        lines.append(ln)
    return lines


def _clean_title(title: str | None, line_kinds: Classifier) -> tuple[str | None, str | None]:
    """The title without what a page or a copy put around it (guide section 2): the label of
    a page's title field (法规名称:), a 【…】 column tag, a 文号 glued before it or in brackets
    after it (returned apart), and the 《》 a page prints a title in."""
    if not title:
        return title, None
    number = None
    field = line_kinds.table_title.match(title)
    if field:
        title = field.group("title").strip()
    tag = line_kinds.title_tag.match(title)
    if tag and len(title) > tag.end():
        title = title[tag.end():]
    m = line_kinds.doc_number.match(title)
    if m and len(title) > m.end() + 4:  # 晋政办发〔2017〕55号 山西省人民政府办公厅关于…
        number, title = m.group("dn"), title[m.end():].strip()
    title, after = line_kinds.trailing_doc_number(title)  # 2021年县政府重点工作任务(华政发〔2021〕2号)
    title = line_kinds.title_trailer.sub("", title) or title  # a date stamp, a (…修正) remark
    title, glued = line_kinds.split_glued_number(title)  # …的通知白政发〔2025〕9号
    number = number or glued
    return unwrap_book_title(title), after or number


def _doc_number(lines: list[Line], line_kinds: Classifier) -> str | None:
    for ln in lines:
        label = line_kinds.doc_number_label.match(ln.text)
        if label:
            m = line_kinds.doc_number.search(ln.text, label.end())
            if m:
                return m.group("dn")
        elif line_kinds.is_doc_number(ln.text):
            return line_kinds.doc_number.match(ln.text).group("dn")
        else:
            field = line_kinds.doc_number_field.search(ln.text)  # a page's index block: 发文字号XX〔2020〕1号
            m = line_kinds.doc_number.match(ln.text, field.end()) if field else None
            if m:
                return m.group("dn")
    return None


def _signature(doc: DocOutline, line_kinds: Classifier) -> tuple[str | None, dt.date | None]:
    closing = [ln for ln in doc.closing if ln.text]
    for i, ln in enumerate(closing):
        m = line_kinds.date_line.match(ln.text)
        if m:
            issuer = None
            if i and closing[i - 1].number < ln.number and line_kinds.is_issuer(closing[i - 1].text):
                issuer = closing[i - 1].text
            return issuer, parse_date(m)
    last = next((ln for ln in reversed(doc.lines) if ln.text and not ln.cruft), None)
    if closing and last is closing[-1] and line_kinds.is_issuer(last.text):
        return closing[-1].text, None  # signed without a date
    return None, None


def _recipients(text: str, grammar: Grammar) -> list[str]:
    """主送机关: the line's parts, when most of them name offices (not "具体要求如下:")."""
    unit_rules = unit_grammar(grammar)
    parts = [p for p, _ in split_top_level(text.lstrip("?\ufffd")[:-1], CLAUSE_SEPARATORS) if p]
    offices = sum(1 for p in parts if unit_rules.is_unit(p.split("、")[-1]))
    return parts if parts and offices * 2 >= len(parts) else []


def _title(doc: DocOutline, head: list[Line], line_kinds: Classifier) -> tuple[str | None, str | None]:
    """The title (its title lines, else a page's title field), and a 文号 printed in it."""
    title, number_in_title = _clean_title(doc.title, line_kinds)
    if title is None:
        title = next((m.group("title").strip() for ln in head if (m := line_kinds.table_title.match(ln.text))), None)
    return title, number_in_title


def _number_and_date(doc: DocOutline, head: list[Line], first: bool, number_in_title: str | None,
                     signed: dt.date | None, line_kinds: Classifier) -> tuple[str | None, dt.date | None]:
    """文号 and signed date: the notice's own 文号 (title, header, top lines) before a web page's
    index table above it; the signed date, else a page's date field, else a promulgation line."""
    page = {ln.number for ln in doc.preamble} if first else set()
    number = (_doc_number([ln for ln in head if ln.number not in page], line_kinds) or number_in_title
              or _doc_number([ln for ln in head if ln.number in page], line_kinds))
    issued = signed
    if issued is None:
        issued = next((parse_date(m) for ln in head
                       if (m := line_kinds.table_date.match(ln.text) or line_kinds.subtitle_date.match(ln.text))), None)
    promulgated = next((m for ln in head if (m := line_kinds.promulgation.match(ln.text))), None)
    if promulgated:  # (2021年7月27日…国务院令第746号公布) under a rule's title
        issued = issued or parse_date(promulgated)
        number = number or promulgated.group("dn")
    return number, issued


def _issuer(doc: DocOutline, head: list[Line], title: str | None, signer: str | None,
            line_kinds: Classifier) -> str | None:
    """发文机关, from the first source that names one (guide section 2), in this order."""
    def signature() -> str | None:
        return signer

    def header_line() -> str | None:
        # a name and a post with a space between (张三 市政府办主任) is a member list, not an issuer;
        # a label line (来源:XX办公厅, 发布部门:XX) is a page's field, not an issuer line
        return next((ln.text for ln in doc.header if line_kinds.is_issuer(ln.text)
                     and not _SPACED.search(ln.raw) and ":" not in ln.text), None)

    def named_in_title() -> str | None:  # 国务院关于…
        m = line_kinds.title_issuer.match(title) if title else None
        return m.group("issuer") if m else None

    def page_field() -> str | None:  # the page's 发布机构 field
        found = next((m for ln in head if (m := line_kinds.issuer_field.match(ln.text))), None)
        return found.group("issuer") if found else None

    def authority_above() -> str | None:  # a page's unlabelled authority line above the title
        return next((ln.text for ln in reversed(doc.preamble) if not ln.cruft and line_kinds.is_issuer(ln.text)
                     and ":" not in ln.text), None)

    sources: tuple[Callable[[], str | None], ...] = (signature, header_line, named_in_title, page_field,
                                                      authority_above)
    return next((found for source in sources if (found := source())), None)


def _body_facts(doc: DocOutline, meta: Metadata, grammar: Grammar, line_kinds: Classifier) -> None:
    """Recipients near the top, the disclosure note, contacts: read from the document's lines."""
    for ln in doc.lines:
        if not ln.text or ln.cruft:
            continue
        near_top = ln.number <= doc.line + line_kinds.limits.recipients_within_lines
        if not meta.recipients and near_top and line_kinds.is_recipients(ln.text):
            meta.recipients = _recipients(ln.text, grammar)
        if meta.disclosure is None:
            d = line_kinds.disclosure.match(ln.text)
            meta.disclosure = d.group("note") if d else None
        for m in line_kinds.contact.finditer(ln.text) if may_hold_a_match(ln.text, line_kinds.contact_held) else ():
            value = m.group("value").strip()
            if value:
                meta.contacts.append((m.group("label"), value, ln.number))


def extract_metadata(doc: DocOutline, grammar: Grammar, first: bool) -> Metadata:
    line_kinds = classifier(grammar)
    head = _head_lines(doc, first, line_kinds)
    title, number_in_title = _title(doc, head, line_kinds)
    meta = Metadata(title=title)
    signer, signed = _signature(doc, line_kinds)
    meta.doc_number, meta.issued = _number_and_date(doc, head, first, number_in_title, signed, line_kinds)
    meta.issuer = _issuer(doc, head, meta.title, signer, line_kinds)
    _body_facts(doc, meta, grammar, line_kinds)
    meta.attachments = [title for _, title in doc.attachment_list]
    return meta
