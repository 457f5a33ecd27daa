"""The shape of the grammar files about pages and documents (cruft.toml, documents.toml) and
of compare.toml, on the base types of ``schema``."""
from __future__ import annotations

from dataclasses import field
from typing import Annotated, Literal

from govplan.grammar.schema import (
    Beginnings,
    Endings,
    Entry,
    GrammarFile,
    Match,
    Names,
    RawSearch,
    Search,
    Use,
    Words,
    matched,
)
from govplan.grammar.tables import Strict, bound, table

# ---------------------------------------------------------------- cruft.toml


@table
class CruftLine(Entry):
    name: str
    pattern: Search
    max_chars: int = bound(200, ge=1)


@table
class CruftInline(Entry):
    name: str
    pattern: Search


@table
class Ruby(Strict):
    pattern: Search


@table
class Damage(Strict):
    """Searched in the raw input: damage is what normalizing would hide."""

    replacement: RawSearch
    question_mark: RawSearch
    mojibake: RawSearch
    private_use: RawSearch


@table
class Html(Strict):
    """Markup left in text copied from a web page's source (raw input)."""

    tag: RawSearch
    entity: RawSearch


@table
class Markdown(Strict):
    """Markdown marks of a page converted to text (raw input): removed, the line kept."""

    line_prefix: RawSearch
    inline: RawSearch


@table
class IndexBlock(Strict):
    """A page's index block above the title, known by its shape whatever its labels are
    (guide section 2): a run of field lines, label: value, bullet fields or | rows."""

    field: Search  # one field line: a short label, a colon, a short value or none
    bullet: Search  # a bullet or | in front of a field
    pipe_label_max_chars: int = bound(ge=1, le=40)  # the labels of a | row of fields
    min_fields: int = bound(ge=1, le=20)  # fields a run needs to be a block
    value_max_chars: int = bound(ge=1, le=200)  # a value alone on the line under its label
    front_matter: Match  # the line that opens and closes Markdown front matter (---)


@table
class Contents(Strict):
    """A table of contents (guide section 3): its label, and the entries it lists."""

    label: Match  # 目录 alone on a line
    entry: Search  # an entry with a page number after dot leaders: 一、总体要求……1
    max_lines: int = bound(ge=1, le=500)  # entries after the label, at most


@table
class ScriptJudgement(Strict):
    """How the input's script is judged: on its first ``sample_chars`` characters, by the share of their
    Chinese characters that OpenCC's conversion to simplified changes (above ``traditional_share``:
    traditional; above ``mixed_share``: mixed; else simplified)."""

    sample_chars: int = bound(ge=1, le=200_000)  # (below normalize.CHUNK_CHARS: read from the first run)
    traditional_share: float = bound(gt=0, lt=1)
    mixed_share: float = bound(ge=0, lt=1)

    def problems(self) -> list[tuple[str, str]]:
        return [("mixed_share", f"mixed_share ({self.mixed_share}) must be below traditional_share "
                                f"({self.traditional_share})")] if self.mixed_share >= self.traditional_share else []


@table
class CruftFile(GrammarFile):
    index_block: IndexBlock
    contents: Contents
    line: list[CruftLine] = field(default_factory=list)
    inline: list[CruftInline] = field(default_factory=list)
    ruby: Ruby
    damage: Damage
    html: Html
    markdown: Markdown
    script: ScriptJudgement


# ---------------------------------------------------------------- documents.toml


@table
class DocumentLimits(Strict):
    """Counts of lines that bound where the document splitter and metadata look."""

    title_max_lines: int = bound(ge=1, le=20)
    title_fragment_min_chars: int = bound(ge=1, le=50)
    title_piece_min_percent: int = bound(ge=0, le=100)  # a line over a whole title, shorter: a label
    body_min_han: int = bound(ge=0, le=50)
    title_search_lines: int = bound(ge=0, le=100)
    repeated_title_tail_chars: int = bound(ge=1, le=80)
    header_max_lines: int = bound(ge=0, le=50)
    bundle_lookahead_lines: int = bound(ge=1, le=1000)
    head_lines_after_title: int = bound(ge=0, le=1000)
    recipients_within_lines: int = bound(ge=0, le=1000)
    doc_number_tail_chars: int = bound(ge=0, le=50)
    doc_number_glued_chars: int = bound(ge=4, le=60)  # a 文号 glued after a title is at most this long


@table
class DocumentsFile(GrammarFile):
    title_types: Endings
    weak_title_types: Endings
    notice_types: Endings
    weak_title_needs: Search
    title_words: Words
    title_continuations: Beginnings
    title_tag: Match
    site_title: Annotated[str, matched("match", "title")]
    title_trailer: Search
    index_fields: Beginnings
    title_remark: Annotated[str, Use("match", pattern=True)]
    title_max_chars: int = bound(ge=4)
    compilation: Annotated[str, matched("match", "title")]
    attachment_label: Match
    attachment_list: Annotated[str, matched("match", "rest")]
    attachment_titled: Annotated[str, matched("match", "title")]
    attachment_item: Annotated[str, matched("match", "title")]
    doc_number: Annotated[str, matched("search", "dn")]
    doc_number_label: Match
    doc_number_field: Search
    doc_number_tail: Match
    date_line: Annotated[str, matched("match", "y|roc", "m", "d")]
    table_date: Annotated[str, matched("match", "y|roc", "m", "d")]
    table_title: Annotated[str, matched("match", "title")]
    subtitle: Match
    promulgation: Annotated[str, matched("match", "y", "m", "d", "dn")]
    subtitle_date: Annotated[str, matched("match", "y|roc", "m", "d")]
    issuer_suffixes: Endings
    issuer_max_chars: int = bound(ge=2)
    title_issuer: Annotated[str, matched("match", "issuer")]
    issuer_field: Annotated[str, matched("match", "issuer")]
    disclosure: Annotated[str, matched("match", "note")]
    closing: Search
    recipients: Match
    recipient_hints: Words
    contact: Annotated[str, matched("search", "label", "value")]
    limits: DocumentLimits


# ---------------------------------------------------------------- compare.toml


@table
class CompareSettings(Strict):
    segmenters: list[Literal["rjieba", "jieba"]] = bound(min_length=1)
    min_term_chars: int = bound(ge=1, le=10)
    task_body_chars: int = bound(ge=0, le=1000)
    match_min: float = bound(gt=0, le=1)
    relative: float = bound(gt=0, le=1)
    covered: float = bound(gt=0, le=1)
    max_pairs: int = bound(ge=0)
    candidate_terms: int = bound(ge=1, le=100)
    posting_cap: int = bound(ge=1)
    duplicate_min: float = bound(gt=0, le=1)
    duplicate_min_chars: int = bound(ge=1, le=1000)


@table
class CounterpartRules(Strict):
    upper_prefixes: Beginnings
    national_suffixes: Endings
    level_prefix: Annotated[str, Use("match", pattern=True)]
    same_kind: list[list[str]]
    abbreviations: list[list[str]]


@table
class CompareFile(GrammarFile):
    settings: CompareSettings
    boilerplate_weight: float = bound(ge=0, le=1)
    boilerplate: Names
    ignore: Names
    target: Annotated[str, Use("search", pattern=True, groups=("value", "unit"))]
    counterpart: CounterpartRules
