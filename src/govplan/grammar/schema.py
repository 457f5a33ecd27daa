"""The shape of each grammar file, as tables (``tables.py``): what a file may hold and of what type.

Each value that is a pattern or a word list is declared with how it is used (:class:`Use`),
which is what ``loader.py`` validates and what its examples are checked against.  Values
that are plain numbers (limits, windows) carry their bounds here (``bound``: pydantic's
``Field`` arguments, in the field's metadata); what a type cannot say, a class's ``problems``
says.  A grammar is audited (pydantic, strict, every pattern compiled) once per content, and
built from its TOML by ``build`` at every start: a start imports no pydantic.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal, Optional

from govplan.grammar.tables import Strict, bound, table, table_fields
from govplan.precompiled import escape, kept

PLACEHOLDER = kept(r"(?<!\\[pPN])\{([A-Za-z_]\w*)\}")


# ---------------------------------------------------------------- how a value is used


How = Literal["search", "match", "end", "start", "contain", "equal"]


@dataclass(frozen=True)
class Use:
    """How a grammar value is applied, for validation and for checking its examples.

    ``how``: an example must ``search``/``match`` the pattern, or ``end``/``start``
    with, ``contain`` or ``equal`` one of the words.  ``pattern``: the value is a regex
    (``template`` wraps it first, e.g. a character class).  ``normalized``: it is applied
    to normalized text, so it must be in normalized form; damage and markup rules apply
    to the raw input instead.
    """

    how: How
    pattern: bool = False
    normalized: bool = True
    template: str = "{}"
    groups: tuple[str, ...] = ()  # named groups the stage reads; "y|roc": one of them


def matched(how: How, *groups: str) -> Use:
    """A pattern the stage applies with ``how`` and whose named ``groups`` it reads."""
    return Use(how, pattern=True, groups=groups)


Search = Annotated[str, Use("search", pattern=True)]
Match = Annotated[str, Use("match", pattern=True)]
RawSearch = Annotated[str, Use("search", pattern=True, normalized=False)]
Endings = Annotated[list[str], Use("end")]
Beginnings = Annotated[list[str], Use("start")]
Words = Annotated[list[str], Use("contain")]
Names = Annotated[list[str], Use("equal")]


def single_chars(name: str, v: list[str]) -> list[tuple[str, str]]:
    bad = [s for s in v if len(s) != 1]
    return [(name, f"separators must be single characters, not {bad[0]!r}")] if bad else []


@table
class Entry(Strict):
    """An entry of a list of tables ([[marker]], [[point]] …): it carries its own examples."""

    examples: list[str] = field(default_factory=list)
    not_examples: list[str] = field(default_factory=list)


@table
class GrammarFile(Strict):
    """A grammar file: ``[examples]`` maps a value's name (dotted: binding.after) to examples."""

    examples: dict[str, list[str]] = field(default_factory=dict)
    not_examples: dict[str, list[str]] = field(default_factory=dict)


# ---------------------------------------------------------------- markers.toml


@table
class MarkerRule(Entry):
    name: str
    pattern: Annotated[str, matched("match", "num")]  # may define `marker` (the marker as printed) too
    numerals: Literal["cn", "arabic", "circled"]
    # the style's place in the conventional order of official documents (1 = highest); a style
    # printed after one of a larger rank does not nest under it.  None: no fixed place.
    rank: Optional[int] = bound(None, ge=1, le=20)


@table
class MarkerSettings(Strict):
    unnumbered_max_chars: int = bound(ge=2, le=200)
    unnumbered_min_chars: int = bound(ge=1, le=20)
    sentence_end: Annotated[str, Use("search", pattern=True, template="[{}]$")]
    wrapped_heading_min_chars: int = bound(ge=1, le=500)
    max_depth: int = bound(ge=1, le=100)
    # 壹、 (formal_style) followed by 二、 (plain_style): one list whose 一 was damaged into 壹
    formal_style: str = bound(min_length=1)
    plain_style: str = bound(min_length=1)
    leftover_style: str = bound(min_length=1)
    # a label above a document's first list that titles it, like a later unnumbered line titles
    # the list after it (院长提示: / 一、… / 报告事项 / 一、…)
    section_label: Annotated[str, Use("match", pattern=True)]
    # a line that begins with a date (a meeting's date line) titles nothing
    dated_line: Annotated[str, Use("match", pattern=True)]
    # a marker destroyed by damage (() with its number lost, mojibake): a heading when it
    # follows a numbered sibling, whose list it continues
    damaged_marker: Annotated[str, Use("match", pattern=True)]


@table
class MarkersFile(GrammarFile):
    marker: list[MarkerRule]
    settings: MarkerSettings


# ---------------------------------------------------------------- labels.toml


Role = Literal["lead", "responsible", "deadline", "leader", "ignore"]


@table
class RunningRule(Entry):
    pattern: Annotated[str, matched("search", "units|lead")]  # `units` in `role`, or `lead` and `responsible`
    role: Literal["lead", "responsible"]


@table
class ClauseRule(Entry):
    pattern: Annotated[str, matched("match", "lead|responsible")]
    how: str = bound(min_length=1, description="the construction, reported as a unit mention's `how`")


@table
class ColumnWords(Strict):
    """What a column's name contains, by kind, tried in this order ("other": a column of its own)."""

    other: Words
    lead: Words
    responsible: Words
    deadline: Words
    number: Words
    task: Words

    def in_order(self) -> list[tuple[str, list[str]]]:
        """(kind, words) in the order they are tried."""
        return [(f.name, getattr(self, f.name)) for f in table_fields(type(self))]


@table
class TableSettings(Strict):
    """Task tables (任务分工表) copied as text: one row a line, cells split by a separator."""

    separators: Words
    number_columns: Names
    task_columns: Names
    min_columns: int = bound(ge=2, le=20)
    column_words: ColumnWords  # a column in none of the lists: known by what its name contains
    column_max_chars: int = bound(ge=2, le=40)
    time_cell_max_chars: int = bound(ge=2, le=100)  # a cell that states a time (2025年6月底前) is no longer
    row_wrap_factor: int = bound(ge=1, le=20)  # a row printed a cell a line spans at most this times its width
    header_piece_max_chars: int = bound(ge=1, le=10)  # a column name wrapped over two lines: 牵头 / 单位
    merged_clear_margin: int = bound(ge=0, le=20)  # how much better cells must fit to be merged elsewhere

    def problems(self) -> list[tuple[str, str]]:
        return single_chars("separators", self.separators)


@table
class ConventionSettings(Strict):
    """A convention a plan states in an annotation (guide section 4)."""

    # the first unit a 责任单位 list names leads (排在首位的为牵头单位)
    first_leads: Annotated[str, Use("search", pattern=True)]
    # ... and the reading holds for the annotations after it (下同)
    holds_after: Annotated[str, Use("search", pattern=True)]
    # units stated once for every task (以下任务均需A落实,不再一一列出): responsible in this
    # annotation and every later one of the document; group "units"
    every_task: Annotated[str, matched("search", "units")]


@table
class OpenLabels(Strict):
    """A label in none of [labels] (主抓单位:, 【完成节点】, 时间安排:), read by the words it holds."""

    max_chars: int = bound(ge=2, le=12)  # a label is a run of at most this many Chinese characters
    unit_heads: Endings  # a label that names units ends with one (单位, 部门, 主体)


@table
class LabelsFile(GrammarFile):
    labels: Annotated[dict[str, Role], Use("contain")]
    predicates: Annotated[dict[str, Literal["lead", "responsible"]], Use("end")]
    running: list[RunningRule] = field(default_factory=list)
    clause: list[ClauseRule] = field(default_factory=list)
    table: TableSettings
    convention: ConventionSettings
    open_labels: OpenLabels


# ---------------------------------------------------------------- units.toml


@table
class KeyRewrite(Entry):
    pattern: Search
    replace: str


@table
class UnitsFile(GrammarFile):
    org_suffixes: Endings
    not_unit_endings: Endings
    place_suffixes: Endings
    not_unit_words: Words
    remark_words: Words
    separators: Words
    conjunctions: Words
    strip_prefixes: Beginnings
    role_word: Match  # a role word glued before a unit's name: 包片单位县气象局
    strip_suffixes: Endings
    generic_prefixes: Beginnings
    unit_max_chars: int = bound(ge=2, le=200)
    shared_suffix_max_bare: int = bound(ge=1, le=10)
    bare_levels: Names
    shared_suffix_not_after: Beginnings
    generic_nouns: Names
    remark_openers: Beginnings
    key_rewrite: list[KeyRewrite] = field(default_factory=list)

    def problems(self) -> list[tuple[str, str]]:
        return single_chars("separators", self.separators)


# ---------------------------------------------------------------- deadlines.toml


# the named groups a time point of each kind is resolved from
POINT_GROUPS = {"day": ("m", "d"), "month_part": ("m", "mpart"), "month": ("m",), "quarter": ("q",),
                "year_part": ("ypart",), "year": ("y",), "fiscal_year": ("y", "fy2")}


@table
class PointRule(Entry):
    kind: Literal["day", "month_part", "month", "quarter", "year_part", "year", "fiscal_year"]
    pattern: Search  # with {PLACEHOLDER}s from [fragments]; its groups: POINT_GROUPS[kind]


@table
class RecurrenceRule(Entry):
    """A recurring schedule as an iCalendar RRULE (govplan calendar): the pattern matches the
    deadline's text; {group}s of the rule are filled from the pattern's named groups."""

    pattern: Match
    rrule: str = bound(pattern=r"^FREQ=(?:YEARLY|MONTHLY|WEEKLY|DAILY)(?:;[A-Z]+=[-A-Z0-9,{}a-z_]+)*$")

    def problems(self) -> list[tuple[str, str]]:
        import regex

        wanted = set(regex.findall(r"{(\w+)}", self.rrule))
        missing = wanted - set(regex.findall(r"\(\?P<(\w+)>", self.pattern))
        return [("rrule", f"rrule uses {', '.join(sorted(missing))}, which the pattern does not name")
                for _ in [missing] if missing]


@table
class Binding(Strict):
    after: Beginnings
    before: Endings
    verbs: Beginnings
    blocked_after: Beginnings
    blocked_before: Endings
    blocked_clause: Beginnings
    blocked_sentence: Beginnings
    year_before: Endings


@table
class Windows(Strict):
    """How many characters around a time point its binding cues are looked for in."""

    cue_chars: int = bound(ge=1, le=50)
    year_cue_chars: int = bound(ge=1, le=50)
    range_lookback_chars: int = bound(ge=1, le=50)
    clause_chars: int = bound(ge=1, le=1000)


def _days(name: str, v: dict[str, str]) -> list[tuple[str, str]]:
    return [(name, f"{k}: {day!r} is neither 'end' nor a day 1-31") for k, day in v.items()
            if day != "end" and not (day.isdigit() and 1 <= int(day) <= 31)]


def _month_days(name: str, v: dict[str, str]) -> list[tuple[str, str]]:
    import regex

    return [(name, f"{k}: {md!r} is not MM-DD") for k, md in v.items()
            if not regex.fullmatch(r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", md)]


@table
class DeadlinesFile(GrammarFile):
    fragments: Annotated[dict[str, str], Use("search", pattern=True)]
    relative_years: Annotated[dict[str, int], Use("contain")]
    point: list[PointRule]
    month_parts: Annotated[dict[str, str], Use("contain")]
    month_part_starts: Annotated[dict[str, str], Use("contain")]
    year_parts: Annotated[dict[str, str], Use("contain")]
    year_part_starts: Annotated[dict[str, str], Use("contain")]
    binding: Binding
    windows: Windows
    range_connectors: Words
    range_start_words: Words
    list_joiners: Words
    day_suffixes: Words
    ongoing: Words
    duration: Search
    recurring: Search
    recurrence: list[RecurrenceRule] = field(default_factory=list)
    quoted_spans: Annotated[list[str], Use("search", pattern=True)]
    time_chars: Annotated[str, Use("search", pattern=True, template="[{}]+")]
    time_words: Search
    counters: Search

    def problems(self) -> list[tuple[str, str]]:
        return (_days("month_parts", self.month_parts) + _days("month_part_starts", self.month_part_starts)
                + _month_days("year_parts", self.year_parts) + _month_days("year_part_starts", self.year_part_starts))

    def placeholders(self) -> dict[str, str]:
        """{NAME} -> regex: the [fragments], and YREL from [relative_years]."""
        rel = "|".join(escape(w) for w in sorted(self.relative_years, key=len, reverse=True))
        return {"YREL": rel or "(?!)", **self.fragments}

    def point_alternation(self) -> str:
        """All [[point]] patterns as one regex, each in a group k{N}_{KIND}: as the stage compiles it."""
        return "|".join(f"(?P<k{n}_{rule.kind}>{self.expand(rule.pattern)})" for n, rule in enumerate(self.point))

    def expand(self, pattern: str) -> str:
        """A pattern with its {PLACEHOLDER}s replaced (fragments may use YREL)."""
        names = self.placeholders()
        inner = {k: PLACEHOLDER.sub(lambda m: names.get(m.group(1), m.group(0)), v) for k, v in names.items()}
        return PLACEHOLDER.sub(lambda m: inner.get(m.group(1), m.group(0)), pattern)
