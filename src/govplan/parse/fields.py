"""Labelled fields of an annotation: (牵头单位:A;责任单位:B;完成时限:2024年6月底).

A field is a label followed by a colon (or closed by 】), and its value runs to the next label,
a closing bracket or 。.  A label is one of grammars/labels.toml's [labels], or a short run of
Chinese characters opening a clause whose words say what it names (labels.toml [open_labels]:
主抓单位:, 【完成节点】).  A task table's role cells
are fields too: the column name is the label.  Units and deadlines both read fields,
so they live here, below both.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from govplan.grammar.compiled import Grammar
from govplan.precompiled import escape, kept
from govplan.text.punctuation import TRIM, Paragraph, char_places, value_end


@dataclass(slots=True)
class Field:
    """One labelled field of an annotation."""

    label: str
    role: str  # lead | responsible | deadline | leader | ignore
    value: str
    start: int  # offset of the value in the paragraph text
    paragraph: Paragraph
    listed: bool = True  # a label of [labels] (or a run ending with one), not one known only by its words

    @property
    def line(self) -> int:
        return self.paragraph.line_at(self.start)


@dataclass(slots=True, frozen=True)
class Cell:
    """A task-table row's role cell: read exactly as a field with its column's label."""

    label: str  # the column name, a label of labels.toml
    text: str
    paragraph: int  # index of the heading paragraph that holds it
    offset: int  # where the text starts in that paragraph


# what closes a label in brackets (【牵头单位】)
_CLOSERS = "】]〕"


class LabelWords:
    """The kind a label gives by the words it holds (labels.toml [table.column_words], tried in order,
    "other" included): one reading for a table's column names and an annotation's labels that no list
    names (协同单位, 时间安排)."""

    def __init__(self, grammar: Grammar):
        self.kinds = grammar.labels.table.column_words.in_order()
        self.unit_heads = tuple(grammar.labels.open_labels.unit_heads)
        # what opens a unit's own name, never a label's: a level (市直有关单位), 各, 有关 (各部门, 有关单位)
        self.unit_openings = (*grammar.units.bare_levels, *grammar.units.generic_prefixes)

    def kind(self, name: str) -> str | None:
        return next((kind for kind, words in self.kinds if any(w in name for w in words)), None)

    def is_word_of(self, kind: str, name: str) -> bool:
        return any(k == kind and name in words for k, words in self.kinds)

    def names_units(self, name: str) -> bool:
        """Does a label of no kind name units by what it ends with (实施主体, 包保单位), and is it not
        itself a unit's name (市直有关单位, 各部门, a list)?"""
        return (self.kind(name) is None and name.endswith(self.unit_heads)
                and not name.startswith(self.unit_openings) and not any(sep in name for sep in "、/,"))


def label_words(grammar: Grammar) -> LabelWords:
    return grammar.compiled("label_words", LabelWords)


class FieldGrammar:
    def __init__(self, grammar: Grammar):
        self.roles = grammar.labels.labels
        names = "|".join(escape(k) for k in sorted(self.roles, key=len, reverse=True))
        closers = escape(_CLOSERS)
        opened = grammar.labels.open_labels
        # 牵头单位: or 【牵头单位】; not (牵头), which is a role note after a unit
        self.label = kept(rf"[【\[〔]?(?P<label>{names})\s*(?:[{closers}]\s*[:]?|[:])\s*")
        # a label no list names is found from the colon or bracket that closes it (_open_labels)
        self.open_max_chars = opened.max_chars
        self.words = label_words(grammar)
        self.unit_heads = self.words.unit_heads
        # every field's label is followed by one of these: a text with none holds no field
        self.label_ends = tuple(_CLOSERS + ":")
        # a line that starts with a label: it belongs to the item above it
        self.label_line = kept(rf"^[【\[〔]?(?:{names})\s*[】\]:〕]")
        # a paragraph that is only an annotation: 牵头单位:… or (牵头单位:…)
        self.annotation = kept(rf"^[(【\[〔]?(?:{names})\s*[】\]:〕]")

    def opens_with_label(self, text: str) -> bool:
        """Does a line start with a label (it belongs to the item above it)?"""
        return bool(self.label_line.match(text)) or self._opens_with_open_label(text, "【[〔")

    def is_annotation(self, text: str) -> bool:
        """Is a paragraph an annotation alone: 牵头单位:… or (牵头单位:…)?"""
        return bool(self.annotation.match(text)) or self._opens_with_open_label(text, "(【[〔")

    def holds_label(self, text: str) -> bool:
        """Does a text hold a label: a listed one, or one no list names that names units (a time label
        no list names counts beside those only: read_fields)?"""
        return any(end in text for end in self.label_ends) and (
            self.label.search(text) is not None or any(f.role != "deadline" for f in _open_labels(text, self)))

    def _opens_with_open_label(self, text: str, openers: str) -> bool:
        """Does a text open with a label no list names, maybe after one of ``openers``?"""
        if not any(end in text for end in self.label_ends):
            return False
        first = next(iter(_open_labels(text, self)), None)
        return first is not None and (first.start == 0 or first.start == 1 and text[0] in openers)

    def open_role(self, name: str) -> str | None:
        """The role of a label no list names, by its words: units (the lead's when it holds a lead
        word) when it ends like a unit label does or is a role's word alone, a time when it holds a
        time word; else None, no label."""
        kind = self.words.kind(name)
        if kind == "deadline":
            return kind
        if kind in ("lead", "responsible") and (name.endswith(self.unit_heads) or self.words.is_word_of(kind, name)):
            return kind  # 协助单位, 主抓部门; a role's word alone (配合:, 责任:)
        return "responsible" if self.words.names_units(name) else None


class TimeWords:
    """What states a time in a cell or clause: a time word of deadlines.toml (年, 月, 2024-06),
    or an ongoing word (持续推进, 长期坚持) opening the text."""

    def __init__(self, grammar: Grammar):
        self.time_word = grammar.rule("deadlines.time_words")
        self.ongoing = tuple(grammar.deadlines.ongoing)

    def opens_ongoing(self, text: str) -> bool:
        return text.startswith(self.ongoing)

    def states_time(self, text: str) -> bool:
        return bool(self.time_word.search(text)) or text.startswith(self.ongoing)


def time_words(grammar: Grammar) -> TimeWords:
    return grammar.compiled("time_words", TimeWords)


def field_grammar(grammar: Grammar) -> FieldGrammar:
    return grammar.compiled("fields", FieldGrammar)


def find_fields(paragraph: Paragraph, fg: FieldGrammar) -> list[Field]:
    text = paragraph.text
    if not any(end in text for end in fg.label_ends):
        return []  # (most paragraphs: no search)
    labels = _labels(text, fg)
    fields = []
    for n, found in enumerate(labels):
        stop = labels[n + 1].start if n + 1 < len(labels) else len(text)
        end = value_end(text, found.end, stop)
        fields.append(Field(found.label, found.role, text[found.end: end].strip(TRIM), found.end, paragraph,
                            found.listed))
    return fields


@dataclass(slots=True)
class _Label:
    label: str
    role: str
    start: int  # where the label (and an opening bracket before it) starts
    end: int  # where its value starts (after the colon or closing bracket, and spaces)
    listed: bool  # a label of [labels] (or a run ending with one), or one no list names


def _labels(text: str, fg: FieldGrammar) -> list[_Label]:
    """The labels of a text, in order: listed ones (the label pattern), and others known by their words at
    each colon or closing bracket (the whole run where a listed label is its tail)."""
    found = [_Label(m.group("label"), fg.roles[m.group("label")], m.start(), m.end(), True)
             for m in fg.label.finditer(text)]
    closing = {f.end: n for n, f in enumerate(found)}
    opened = []
    for f in _open_labels(text, fg):
        n = closing.get(f.end)
        if n is None:
            opened.append(f)
        elif f.start < found[n].start:  # 协同责任单位:, 【计划完成时间】: the whole run, not its listed tail
            found[n] = _Label(f.label, f.role, f.start, f.end, True)
    if not opened:
        return found
    merged, last_end = [], -1
    for f in sorted(found + opened, key=lambda f: f.start):
        if f.start >= last_end:  # (an open label inside a listed one's span is none)
            merged.append(f)
            last_end = f.end
    return merged


def _open_labels(text: str, fg: FieldGrammar) -> list[_Label]:
    """Labels no list names: a run of 2..open_max_chars Chinese characters opening a clause (no letter,
    digit or Chinese character before it) and followed by a colon, or in brackets (【完成节点】); each
    found by looking back from the colon or bracket that closes it, so a text costs one pass."""
    out = []
    for at, ch in char_places(text, _LABEL_END_CHARS):
        if ch == ":":  # 主抓单位 : value
            name_end = at
            while name_end > 0 and text[name_end - 1].isspace():
                name_end -= 1
            start = _run_start(text, name_end, fg.open_max_chars)
            if start is None or start > 0 and _WORD.match(text[start - 1]):
                continue
            name, end = text[start:name_end], at + 1
        else:  # 【完成节点】 value, or 【完成节点】: value
            start = _run_start(text, at, fg.open_max_chars)
            if start is None or start == 0 or text[start - 1] not in _OPENERS:
                continue
            name, end = text[start:at], _after_spaces(text, at + 1)
            end = end + 1 if text.startswith(":", end) else at + 1
            start -= 1
        role = fg.open_role(name)
        if role is not None:
            out.append(_Label(name, role, start, _after_spaces(text, end), False))
    return out


def _after_spaces(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def _run_start(text: str, end: int, most: int) -> int | None:
    """Where the run of Chinese characters ending at ``end`` starts, when it holds 2..most of them
    (searched in the most + 1 characters before ``end``: a run that fills them is longer)."""
    m = _HAN_RUN.search(text, max(0, end - most - 1), end)
    return m.start() if m is not None and 2 <= end - m.start() <= most else None


_LABEL_END_CHARS = (":", *_CLOSERS)
_OPENERS = "【[〔"
_HAN_RUN = kept(r"\p{Han}+\Z")  # (with an end position: the run that reaches it)
_WORD = kept(r"\w")


def read_fields(paragraphs: list[Paragraph], grammar: Grammar, cells: Sequence[Cell] = ()) -> list[Field]:
    """The fields of a heading's own paragraphs, in order; a table row's role cells first.  A time label
    no list names counts only where a field names units (会议时间: alone gives an event's time)."""
    fg = field_grammar(grammar)
    found: list[Field] = []
    for n, paragraph in enumerate(paragraphs):
        found += [Field(c.label, fg.roles[c.label], c.text, c.offset, paragraph)
                  for c in cells if c.paragraph == n]
        found += find_fields(paragraph, fg)
    if not any(f.role in _UNIT_ROLES for f in found):
        found = [f for f in found if f.role != "deadline" or f.listed]
    return found


_UNIT_ROLES = ("lead", "responsible")


_PERSONS_SPLIT = kept(r"[、,，;；/\s]+")


def leaders_of(fields: list[Field]) -> list[str]:
    """The persons named by the leader fields (责任领导:张三、李四), each once, in order."""
    found: list[str] = []
    for f in fields:
        if f.role == "leader":
            found += [p for p in _PERSONS_SPLIT.split(f.value) if p and p not in found]
    return found
