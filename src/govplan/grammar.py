"""Rules as data: load, validate and compile the grammar files.

The shipped grammars live in ``grammars/`` (inside the wheel as ``govplan/grammars``).
``--grammar DIR`` adds a user's files on top: a user file of the same name is merged
into the shipped one (tables are updated key by key, lists of entries are appended),
so a new label is one line in a user ``labels.toml``.

Every error names the file and the entry, and is raised as :class:`GrammarError`.
"""
from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FILES = ("markers", "labels", "units", "deadlines", "cruft", "documents")


class GrammarError(Exception):
    """A grammar file is missing, malformed or holds an invalid rule."""


def _check_regex(value: str) -> str:
    # compiled as the stages compile it (no flags), so regex's own cache serves them later
    try:
        regex.compile(value)
    except regex.error as exc:
        raise ValueError(f"invalid regex {value!r}: {exc}") from None
    return value


def _regex_fields(*names: str):
    """A validator that checks the named string fields compile as regexes."""
    return field_validator(*names)(lambda v: _check_regex(v))


def _pattern_with_group(*groups: str):
    """A validator: ``pattern`` compiles as a regex and defines one of the named groups."""
    def check(v: str) -> str:
        _check_regex(v)
        if not any(f"(?P<{g}>" in v for g in groups):
            raise ValueError("pattern must define the group " + " or ".join(f"(?P<{g}>...)" for g in groups))
        return v
    return field_validator("pattern")(check)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MarkerRule(_Strict):
    name: str
    pattern: str
    numerals: Literal["cn", "arabic", "circled"]

    check_pattern = _pattern_with_group("num")


class MarkerSettings(_Strict):
    unnumbered_max_chars: int = Field(20, ge=2, le=200)
    sentence_end: str = "。!?;:…"


class MarkersFile(_Strict):
    marker: list[MarkerRule]
    settings: MarkerSettings = MarkerSettings()


Role = Literal["lead", "responsible", "deadline", "ignore"]


class RunningRule(_Strict):
    pattern: str
    role: Literal["lead", "responsible"]

    check_pattern = _pattern_with_group("units")


class ClauseRule(_Strict):
    pattern: str

    check_pattern = _pattern_with_group("lead", "responsible")


class TableSettings(_Strict):
    """Task tables (任务分工表) copied as text: one row a line, cells split by a separator."""

    separators: list[str] = Field(["\t", "|"], min_length=1)
    number_columns: list[str] = []
    task_columns: list[str] = []
    min_columns: int = Field(3, ge=2, le=20)

    @field_validator("separators")
    @classmethod
    def _single_chars(cls, v: list[str]) -> list[str]:
        bad = [s for s in v if len(s) != 1]
        if bad:
            raise ValueError(f"separators must be single characters, not {bad[0]!r}")
        return v


class LabelsFile(_Strict):
    labels: dict[str, Role]
    predicates: dict[str, Literal["lead", "responsible"]] = {}
    running: list[RunningRule] = []
    clause: list[ClauseRule] = []
    table: TableSettings = TableSettings()


class KeyRewrite(_Strict):
    pattern: str
    replace: str

    check_regex = _regex_fields("pattern")


class UnitsFile(_Strict):
    org_suffixes: list[str]
    place_suffixes: list[str] = []
    not_unit_words: list[str] = []
    remark_words: list[str] = []
    separators: list[str]
    conjunctions: list[str] = []
    strip_prefixes: list[str] = []
    strip_suffixes: list[str] = []
    shared_suffix_max_bare: int = Field(4, ge=1, le=10)
    bare_levels: list[str] = []
    shared_suffix_not_after: list[str] = []
    key_rewrite: list[KeyRewrite] = []


class PointRule(_Strict):
    kind: Literal["day", "month_part", "month", "quarter", "year_part", "year"]
    pattern: str


class Binding(_Strict):
    after: list[str]
    before: list[str]
    verbs: list[str] = []
    blocked_after: list[str] = []
    blocked_before: list[str] = []


class DeadlinesFile(_Strict):
    fragments: dict[str, str]
    point: list[PointRule]
    month_parts: dict[str, str]
    month_part_starts: dict[str, str] = {}
    year_parts: dict[str, str]
    year_part_starts: dict[str, str] = {}
    binding: Binding
    range_connectors: list[str]
    ongoing: list[str]
    duration: str
    recurring: str
    quoted_spans: list[str] = []
    time_chars: str
    time_words: str
    counters: str = "(?!)"

    @field_validator("time_chars")
    @classmethod
    def _time_chars(cls, v: str) -> str:
        _check_regex(f"[{v}]+")
        return v

    @field_validator("month_parts", "month_part_starts")
    @classmethod
    def _mparts(cls, v: dict[str, str]) -> dict[str, str]:
        for k, day in v.items():
            if day != "end" and not (day.isdigit() and 1 <= int(day) <= 31):
                raise ValueError(f"month_parts.{k}: {day!r} is neither 'end' nor a day 1-31")
        return v

    @field_validator("year_parts", "year_part_starts")
    @classmethod
    def _yparts(cls, v: dict[str, str]) -> dict[str, str]:
        for k, md in v.items():
            if not regex.fullmatch(r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", md):
                raise ValueError(f"year_parts.{k}: {md!r} is not MM-DD")
        return v

    check_regex = _regex_fields("duration", "recurring", "time_words", "counters")


class CruftLine(_Strict):
    name: str
    pattern: str
    max_chars: int = Field(200, ge=1)

    check_regex = _regex_fields("pattern")


class CruftInline(_Strict):
    name: str
    pattern: str

    check_regex = _regex_fields("pattern")


class Ruby(_Strict):
    pattern: str

    check_regex = _regex_fields("pattern")


class Damage(_Strict):
    replacement: str
    question_mark: str
    mojibake: str

    check_regex = _regex_fields("replacement", "question_mark", "mojibake")


class Html(_Strict):
    """Markup left in text copied from a web page's source."""

    tag: str = "(?!)"
    entity: str = "(?!)"

    check_regex = _regex_fields("tag", "entity")


class Markdown(_Strict):
    """Markdown marks of a page converted to text: removed, the line kept."""

    line_prefix: str = "(?!)"
    inline: str = "(?!)"

    check_regex = _regex_fields("line_prefix", "inline")


class CruftFile(_Strict):
    line: list[CruftLine] = []
    inline: list[CruftInline] = []
    ruby: Ruby
    damage: Damage
    html: Html = Html()
    markdown: Markdown = Markdown()


class DocumentsFile(_Strict):
    title_types: list[str]
    weak_title_types: list[str] = []
    notice_types: list[str] = []
    weak_title_needs: str = "(?!)"
    title_words: list[str] = []
    title_max_chars: int = Field(80, ge=4)
    compilation: str
    attachment_label: str
    attachment_list: str
    attachment_titled: str
    attachment_item: str
    doc_number: str
    doc_number_label: str
    doc_number_tail: str = r"\s*$"
    date_line: str
    table_date: str
    table_title: str
    subtitle: str = "(?!)"
    subtitle_date: str = "(?!)"
    issuer_suffixes: list[str]
    issuer_max_chars: int = 40
    title_issuer: str
    disclosure: str
    closing: str
    recipients: str
    recipient_hints: list[str] = []
    contact: str

    check_regex = _regex_fields("compilation", "attachment_label", "attachment_list", "attachment_titled",
                                "attachment_item",
                         "doc_number", "doc_number_label", "doc_number_tail", "date_line", "table_date", "table_title",
                         "title_issuer", "disclosure", "closing", "recipients", "contact",
                         "weak_title_needs", "subtitle", "subtitle_date")


_MODELS: dict[str, type[BaseModel]] = {
    "markers": MarkersFile, "labels": LabelsFile, "units": UnitsFile,
    "deadlines": DeadlinesFile, "cruft": CruftFile, "documents": DocumentsFile,
}


def shipped_dir() -> Path:
    """The grammars shipped with govplan (inside the wheel, or the source checkout)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "grammars", here.parent.parent / "grammars"):
        if (candidate / "markers.toml").is_file():
            return candidate
    raise GrammarError(f"shipped grammars not found next to {here}")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise GrammarError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise GrammarError(f"{path}: cannot read: {exc.strerror}") from None


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        elif isinstance(value, list) and isinstance(out.get(key), list):
            # user entries first: they are tried before the shipped ones
            out[key] = value + [v for v in out[key] if v not in value]
        else:
            out[key] = value
    return out


def _describe(exc: ValidationError, data: dict[str, Any]) -> str:
    err = exc.errors()[0]
    loc = err["loc"]
    parts = []
    for i, item in enumerate(loc):
        if isinstance(item, int):
            parts[-1] = f"{parts[-1]}[{item + 1}]"
            entry = data
            for step in loc[: i + 1]:
                entry = entry[step] if isinstance(entry, (dict, list)) else entry
            if isinstance(entry, dict) and "name" in entry:
                parts[-1] += f" ({entry['name']})"
        else:
            parts.append(str(item))
    where = ".".join(parts) or "(file)"
    return f"entry {where}: {err['msg']}"


class Grammar:
    """All rule files, validated, with their regexes compiled once."""

    def __init__(self, files: dict[str, BaseModel], sources: list[Path]):
        self.sources = sources
        self.markers: MarkersFile = files["markers"]  # type: ignore[assignment]
        self.labels: LabelsFile = files["labels"]  # type: ignore[assignment]
        self.units: UnitsFile = files["units"]  # type: ignore[assignment]
        self.deadlines: DeadlinesFile = files["deadlines"]  # type: ignore[assignment]
        self.cruft: CruftFile = files["cruft"]  # type: ignore[assignment]
        self.documents: DocumentsFile = files["documents"]  # type: ignore[assignment]
        self._compiled: dict[str, Any] = {}

    def compiled(self, key: str, build) -> Any:
        """Memoize a derived, compiled object (built by the stage that needs it)."""
        if key not in self._compiled:
            self._compiled[key] = build(self)
        return self._compiled[key]


def load_grammar(extra_dirs: tuple[str | Path, ...] = ()) -> Grammar:
    """Load the shipped grammars, plus each directory in ``extra_dirs`` on top."""
    return _load(tuple(str(Path(d).resolve()) for d in extra_dirs))


@lru_cache(maxsize=8)
def _load(extra_dirs: tuple[str, ...]) -> Grammar:
    base = shipped_dir()
    dirs = [base] + [Path(d) for d in extra_dirs]
    for d in dirs[1:]:
        if not d.is_dir():
            raise GrammarError(f"{d}: grammar directory not found")
        unknown = sorted(p.name for p in d.glob("*.toml") if p.stem not in _MODELS)
        if unknown:
            raise GrammarError(f"{d / unknown[0]}: unknown grammar file "
                               f"(expected one of: {', '.join(f + '.toml' for f in FILES)})")
    files: dict[str, BaseModel] = {}
    for name, model in _MODELS.items():
        data: dict[str, Any] = {}
        last = None
        for d in dirs:
            path = d / f"{name}.toml"
            if path.is_file():
                data = _merge(data, _read_toml(path)) if data else _read_toml(path)
                last = path
            elif d is base:
                raise GrammarError(f"{path}: shipped grammar file missing")
        try:
            files[name] = model.model_validate(data)
        except ValidationError as exc:
            raise GrammarError(f"{last}: {_describe(exc, data)}") from None
    return Grammar(files, dirs)
