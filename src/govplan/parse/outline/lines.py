"""Questions about single lines, answered from markers.toml and documents.toml.

Is this line a heading marker, a title, a date, a 文号, a signature, a closing line,
a recipients line?  The document splitter, the tree builder and the metadata stage all
ask the same ``Classifier``, built once per grammar: every pattern of documents.toml is
compiled here and nowhere else.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govplan.grammar.compiled import Grammar
from govplan.openings import may_hold_a_match
from govplan.parse.fields import field_grammar
from govplan.parse.outline.tables import DIGIT, TableColumns
from govplan.precompiled import escape, kept
from govplan.text.cache import Memo
from govplan.text.numerals import numeral
from govplan.text.punctuation import BRACKET_CLOSERS, CLOSING_QUOTES, FULL_STOP, unwrap_book_title

if TYPE_CHECKING:
    import regex

# a bracket at the end of a line, long enough for a 文号 (华政发〔2021〕2号) or a remark
_TRAILING_BRACKET = kept(r"\(([^()]{1,40})\)$")
# distinct lines whose answers (marker, core, short, body, closing, title-like) are remembered (plans repeat lines,
# stages ask again; each memo is bounded, and keeps no line longer than CACHED_CHARS alive after the parse)
MARKER_CACHE = 20000
CACHED_CHARS = 256
# the documents.toml entries the classifier holds as compiled patterns (declared on the class)
Pattern = Any  # a compiled pattern: regex.Pattern, or a TimedPattern for a user's grammar
DOCUMENT_PATTERNS = (
    "compilation", "attachment_label", "attachment_list", "attachment_titled", "attachment_item", "date_line",
    "subtitle", "promulgation", "subtitle_date", "doc_number", "doc_number_label", "doc_number_field",
    "doc_number_tail", "disclosure", "closing", "recipients", "table_title", "table_date", "title_issuer",
    "issuer_field", "contact", "weak_title_needs", "site_title", "title_trailer")


def _place_bracket(grammar: Grammar) -> Pattern | None:
    """A place's bracket of the levels under it at a line's end (各县(市、区), 县(市、区)): part of a unit's
    name, which a hard wrap may cut before its body (人民政府); units.toml place_suffixes."""
    places = "".join(escape(p) for p in grammar.units.place_suffixes if len(p) == 1 and p.isalpha())
    return kept(rf"[{places}]\((?:[{places}][、,]?)+\)$") if places else None


class Classifier:
    """Answers questions about single lines, from the grammar."""

    # documents.toml entries compiled as they are (each a typed attribute, located by its name)
    compilation: Pattern
    attachment_label: Pattern
    attachment_list: Pattern
    attachment_titled: Pattern
    attachment_item: Pattern
    date_line: Pattern
    subtitle: Pattern
    promulgation: Pattern
    subtitle_date: Pattern
    doc_number: Pattern
    doc_number_label: Pattern
    doc_number_field: Pattern
    doc_number_tail: Pattern
    disclosure: Pattern
    closing: Pattern
    recipients: Pattern
    table_title: Pattern
    table_date: Pattern
    title_issuer: Pattern
    issuer_field: Pattern
    contact: Pattern
    weak_title_needs: Pattern
    site_title: Pattern
    title_trailer: Pattern

    def __init__(self, grammar: Grammar):
        m, d = grammar.markers, grammar.documents
        self._read_markers(grammar)
        self._remember_answers()
        self.settings = m.settings
        self.sentence_end = set(m.settings.sentence_end)
        self.place_bracket = _place_bracket(grammar)
        self.section_label = grammar.rule("markers.settings.section_label")
        self.damaged_marker = grammar.rule("markers.settings.damaged_marker")
        self.dated_line = grammar.rule("markers.settings.dated_line")
        self.limits = d.limits
        for name in DOCUMENT_PATTERNS:
            setattr(self, name, grammar.rule(f"documents.{name}"))
        self.any_closing = grammar.built("documents.closing", f"(?:{d.disclosure})|(?:{d.closing})")
        # a line that opens a part of the file (第N篇, 附件…) matches one of these at its start: one
        # alternation tells most lines at once that none does
        self.any_part_opening = grammar.built("documents.attachment_label", "|".join(
            f"(?:{p})" for p in (d.compilation, d.attachment_list, d.attachment_titled, d.attachment_label)))
        self.recipient_hints = d.recipient_hints
        self.title_max = d.title_max_chars
        self.title_like = self._title_end(d.title_types)
        self.weak_title = self._title_end(d.weak_title_types) if d.weak_title_types else None
        self.title_words = tuple(d.title_words)
        self.title_continuations = tuple(d.title_continuations)
        self.index_fields = tuple(d.index_fields)
        self.title_remark = grammar.rule("documents.title_remark")
        self.title_tag = grammar.rule("documents.title_tag")
        notice = "|".join(escape(t) for t in d.notice_types) or "(?!)"
        self.notice_title = kept(f"(?:{notice})[》”]?$")
        self.issuer_suffix = tuple(d.issuer_suffixes)
        self.issuer_max = d.issuer_max_chars
        fg = field_grammar(grammar)
        self.fields = fg  # (a line that opens with a label, an annotation alone)
        self.tables = TableColumns(grammar)
        self._read_clutter(grammar)
        # characters one of which every match holds, for questions asked of most lines: a line holding
        # none is answered without the pattern
        self._date_held, self._doc_number_held, self._recipients_held, self.contact_held = (
            grammar.held_chars(p.pattern) for p in (self.date_line, self.doc_number, self.recipients, self.contact))

    def _read_clutter(self, grammar: Grammar) -> None:
        """The page's index block and table of contents (cruft.toml)."""
        self.index_block = grammar.cruft.index_block
        self.index_field_line = grammar.rule("cruft.index_block.field")
        self.index_bullet = grammar.rule("cruft.index_block.bullet")
        self.front_matter = grammar.rule("cruft.index_block.front_matter")
        self.contents = grammar.cruft.contents
        self.contents_label = grammar.rule("cruft.contents.label")
        self.contents_entry = grammar.rule("cruft.contents.entry")
        self.contents_entry_held = grammar.held_chars(self.contents_entry.pattern)

    def _read_markers(self, grammar: Grammar) -> None:
        """The heading marker styles of markers.toml: each on its own, and one alternation of all."""
        styles = grammar.markers.marker
        self.markers = [(r.name, pattern, r.numerals) for r, pattern in grammar.rules("markers.marker")]
        self.rank = {r.name: r.rank for r in styles if r.rank is not None}  # conventional order of styles
        # one alternation tried once per line (duplicate group names are allowed by `regex`)
        alternation = "|".join(f"(?P<_s{i}>{r.pattern})" for i, r in enumerate(styles))
        self.any_marker = grammar.built("markers.marker", alternation)
        # the group number of each style's alternative (the first one that took part matched)
        self._style_groups = [self.any_marker.groupindex[f"_s{i}"] for i in range(len(styles))]

    def _remember_answers(self) -> None:
        """The answers about a line that several stages ask for (its marker, its core, whether it is short,
        body text, a closing line or title-like) are remembered per distinct line: asked again, they cost a
        lookup."""
        self._markers_seen = Memo(self._marker, MARKER_CACHE, CACHED_CHARS)
        self._cores_seen = Memo(self._title_core, MARKER_CACHE, CACHED_CHARS)
        self._shorts_seen = Memo(self._short, MARKER_CACHE, CACHED_CHARS)
        self._bodies_seen = Memo(self._body, MARKER_CACHE, CACHED_CHARS)
        self._closings_seen = Memo(self._closing, MARKER_CACHE, CACHED_CHARS)
        self._titles_seen = Memo(self._title_like, MARKER_CACHE, CACHED_CHARS)

    def marker(self, text: str):
        """(style, marker, number, rest) when the line opens a numbered heading."""
        return self._markers_seen[text]

    def _marker(self, text: str):
        found = self._printed_marker(text)
        return self._inner_marker(found) if found else None

    def _printed_marker(self, text: str):
        """The marker the line opens with, as printed (no look behind a leftover number)."""
        m = self.any_marker.match(text)
        if not m:
            return None
        spans = m.regs
        first = next(i for i, group in enumerate(self._style_groups) if spans[group][0] >= 0)
        return self._marker_from(text, first)

    def _inner_marker(self, found: tuple) -> tuple:
        """1. 壹、内政: a web page's own list number left in front of the real marker (guide
        section 3) stands for the marker after it; the marker is recorded as printed."""
        style, marker, _, rest = found
        if style != self.settings.leftover_style or not rest:
            return found
        inner = self._printed_marker(rest)  # one step only: 1、1、1、… never recurses
        if inner is None or self.rank.get(inner[0], 99) >= self.rank.get(style, 0):
            return found  # only a marker of a higher rank stands behind a leftover number
        return inner[0], f"{marker} {inner[1]}", inner[2], inner[3]

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

    def title_core(self, text: str) -> str:
        """A line without the remarks a title may end with: (试行), (2021—2025年), a 文号 in
        brackets, a date stamp, a page's site names; such a bracket ends no sentence."""
        return self._cores_seen[text]

    def _title_core(self, text: str) -> str:
        text = self.page_title(text) or text  # a page's title: TITLE_栏目_站点
        if text[-1:].isdigit() or text.endswith((")", "日")):
            text = self.title_trailer.sub("", text)  # a date stamp, a (…修正) remark
        if text.endswith("号"):  # a 文号 glued after the title (…的通知白政发〔2025〕9号)
            text = self.split_glued_number(text)[0]
        while text.endswith(")"):  # (most lines end otherwise: no search)
            m = _TRAILING_BRACKET.search(text)
            if not m or not (self.title_remark.fullmatch(m.group(1)) or self.doc_number.fullmatch(m.group(1))):
                return text
            text = text[: m.start()]
        return text

    def trailing_doc_number(self, text: str) -> tuple[str, str | None]:
        """(the text before, the 文号) when the text ends with a 文号 in brackets."""
        m = _TRAILING_BRACKET.search(text) if text.endswith(")") else None
        number = self.doc_number.fullmatch(m.group(1)) if m else None
        return (text[: m.start()].strip(), number.group("dn")) if m and number else (text, None)

    def ends_paragraph(self, text: str) -> bool:
        """Does a line of running text end its paragraph: it ends a sentence, and not with a place's bracket
        (…由各县(市、区) / 人民政府负责…: the unit's name goes on in the next line)?"""
        return self.ends_sentence(text) and not (
            text.endswith(")") and self.place_bracket is not None and self.place_bracket.search(text))

    def ends_sentence(self, text: str) -> bool:
        if not text:
            return True
        last = text[-1]
        if last in self.sentence_end or last in BRACKET_CLOSERS:
            return True
        return len(text) > 1 and last in CLOSING_QUOTES and text[-2] in self.sentence_end

    @staticmethod
    def _title_end(types: list[str]) -> regex.Pattern:
        """A document type at the end, maybe with (试行) or (2021—2025年) and 》 after it."""
        alt = "|".join(escape(t) for t in sorted(types, key=len, reverse=True))
        return kept(rf"(?:{alt})(?:\([^()]{{1,20}}\))?[》”\"]?(?:\([^()]{{1,20}}\))?$")

    def page_title(self, text: str) -> str | None:
        """The title in a web page's own title line (TITLE_栏目_站点, TITLE-…网), else None."""
        if "_" not in text and "-" not in text and "|" not in text:  # (most lines: no regex)
            return None
        m = self.site_title.match(text)
        return m.group("title").strip() if m else None

    def split_glued_number(self, text: str) -> tuple[str, str | None]:
        """A title with a 文号 glued after it: (the title, the 文号), where the title ends like
        one and the rest is a whole 文号; else (the text, None)."""
        if not text.endswith("号"):
            return text, None
        for cut in range(max(self.limits.title_fragment_min_chars, len(text) - self.limits.doc_number_glued_chars),
                         len(text) - 3):
            if self.title_like.search(text, 0, cut) and self.doc_number.fullmatch(text, cut):
                return text[:cut], text[cut:]
        return text, None

    def is_title_like(self, text: str) -> bool:
        return self._titles_seen[text]

    def _title_like(self, text: str) -> bool:
        text = unwrap_book_title(text)
        if text.endswith("号"):
            text = self.title_core(text)  # the title before a glued 文号
        if not (0 < len(text) <= self.title_max and not self.ends_sentence(self.title_core(text))
                and not text.startswith("《") and self.marker(text) is None and not self.is_date(text)):
            return False
        if self.title_like.search(text):
            return True
        return bool(self.weak_title and self.weak_title.search(text)
                    and self.weak_title_needs.search(text))

    def is_index_field(self, text: str) -> bool:
        """A page's index field line (信息名称 …, 标 题: …), which may hold the title."""
        return text.replace(" ", "").startswith(self.index_fields)

    def has_title_word(self, text: str) -> bool:
        return any(w in text for w in self.title_words)

    def is_short(self, text: str) -> bool:
        """A short line with no end punctuation: a title, header or signature line; a title's
        bracketed remark standing alone ((2018—2020年), (试行)) too."""
        if not 0 < len(text) <= self.title_max:  # (most lines: nothing more to ask)
            return False
        return self._shorts_seen[text]

    def _short(self, text: str) -> bool:
        core = self.title_core(text)
        if not core:
            return True
        return (not self.ends_sentence(core) and FULL_STOP not in text and self.marker(text) is None
                and not self.tables.is_table_line(text) and not self.tables.is_column_name(text))

    def is_body(self, text: str) -> bool:
        """A line that can only be body text: a marker, a sentence, a long line, a table line."""
        if self.page_title(text):
            return False  # a web page's own title line (TITLE_栏目_站点)
        # the cheap questions first (most body lines are long or hold a full stop); the answer is the same
        return len(text) > self.title_max or FULL_STOP in text or self._bodies_seen[text]

    def _body(self, text: str) -> bool:
        return (self.is_recipients(text) or self.marker(text) is not None or self.ends_sentence(self.title_core(text))
                or self.tables.is_table_line(text) or self.tables.is_column_name(text))

    def is_date(self, text: str) -> bool:
        return may_hold_a_match(text, self._date_held) and bool(self.date_line.match(text))

    def is_doc_number(self, text: str) -> bool:
        if not may_hold_a_match(text, self._doc_number_held):  # (cutting the label below adds no character)
            return False
        stripped = self.doc_number_label.sub("", text)
        m = self.doc_number.match(stripped)
        return bool(m) and (len(stripped) - m.end() <= self.limits.doc_number_tail_chars
                            or bool(self.doc_number_tail.match(stripped, m.end())))

    def is_issuer(self, text: str) -> bool:
        # 牵头单位:县住建局 ends like an organ but is a labelled field, never a signature; an organ's
        # name holds no figure (云溪县2025年数字政府 is a title's first line, not its issuer)
        return (0 < len(text) <= self.issuer_max and not self.ends_sentence(text)
                and "," not in text and ":" not in text and text.endswith(self.issuer_suffix)
                and not DIGIT.search(text))

    def is_recipients(self, text: str) -> bool:
        return (may_hold_a_match(text, self._recipients_held) and bool(self.recipients.match(text))
                and any(h in text for h in self.recipient_hints)
                and self.marker(text) is None and not self.fields.opens_with_label(text))

    def is_closing(self, text: str) -> bool:
        """A disclosure note, 抄送/印发 line or 特此通知: always a short line (each asked of by several
        stages: the answer is remembered)."""
        return len(text) <= self.title_max and self._closings_seen[text]

    def _closing(self, text: str) -> bool:
        return bool(self.any_closing.search(text))


def classifier(grammar: Grammar) -> Classifier:
    return grammar.compiled("classifier", Classifier)
