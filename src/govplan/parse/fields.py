"""Labelled fields of an annotation: (牵头单位:A;责任单位:B;完成时限:2024年6月底).

A field is a label of grammars/labels.toml followed by a colon (or closed by 】), and
its value runs to the next label, a closing bracket or 。.  A task table's role cells
are fields too: the column name is the label.  Units and deadlines both read fields,
so they live here, below both.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from govplan.grammar.compiled import Grammar
from govplan.precompiled import escape, kept
from govplan.text.punctuation import TRIM, Paragraph, value_end


@dataclass(slots=True)
class Field:
    """One labelled field of an annotation."""

    label: str
    role: str  # lead | responsible | deadline | leader | ignore
    value: str
    start: int  # offset of the value in the paragraph text
    paragraph: Paragraph

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


class FieldGrammar:
    def __init__(self, grammar: Grammar):
        self.roles = grammar.labels.labels
        names = "|".join(escape(k) for k in sorted(self.roles, key=len, reverse=True))
        # 牵头单位: or 【牵头单位】; not (牵头), which is a role note after a unit
        self.label = kept(rf"[【\[〔]?(?P<label>{names})\s*(?:[{escape(_CLOSERS)}]\s*[:]?|[:])\s*")
        # every field's label is followed by one of these: a text with none holds no field
        self.label_ends = tuple(_CLOSERS + ":")
        # a line that starts with a label: it belongs to the item above it
        self.label_line = kept(rf"^[【\[〔]?(?:{names})\s*[】\]:〕]")
        # a paragraph that is only an annotation: 牵头单位:… or (牵头单位:…)
        self.annotation = kept(rf"^[(【\[〔]?(?:{names})\s*[】\]:〕]")


def field_grammar(grammar: Grammar) -> FieldGrammar:
    return grammar.compiled("fields", FieldGrammar)


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


def find_fields(paragraph: Paragraph, fg: FieldGrammar) -> list[Field]:
    text = paragraph.text
    if not any(end in text for end in fg.label_ends):
        return []  # (most paragraphs: no search)
    matches = list(fg.label.finditer(text))
    fields = []
    for n, m in enumerate(matches):
        stop = matches[n + 1].start() if n + 1 < len(matches) else len(text)
        end = value_end(text, m.end(), stop)
        label = m.group("label")
        fields.append(Field(label, fg.roles[label], text[m.end(): end].strip(TRIM), m.end(), paragraph))
    return fields


def read_fields(paragraphs: list[Paragraph], grammar: Grammar, cells: Sequence[Cell] = ()) -> list[Field]:
    """The fields of a heading's own paragraphs, in order; a table row's role cells first."""
    fg = field_grammar(grammar)
    found: list[Field] = []
    for n, paragraph in enumerate(paragraphs):
        found += [Field(c.label, fg.roles[c.label], c.text, c.offset, paragraph)
                  for c in cells if c.paragraph == n]
        found += find_fields(paragraph, fg)
    return found


_PERSONS_SPLIT = kept(r"[、,，;；/\s]+")


def leaders_of(fields: list[Field]) -> list[str]:
    """The persons named by the leader fields (责任领导:张三、李四), each once, in order."""
    found: list[str] = []
    for f in fields:
        if f.role == "leader":
            found += [p for p in _PERSONS_SPLIT.split(f.value) if p and p not in found]
    return found
