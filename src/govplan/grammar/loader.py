"""Rules as data: load, validate and compile the grammar files.

The shipped grammars live in ``grammars/`` (inside the wheel as ``govplan/grammars``).
``--grammar DIR`` adds a user's files on top: a user file of the same name is merged
into the shipped one (tables are updated key by key, lists are appended after the
shipped entries), so a new label is one line in a user ``labels.toml``.

Loading validates everything and reports every error at once, each naming the file and
the entry (:class:`GrammarError`): the shape of each file (the dataclasses of ``schema``,
checked by pydantic in strict mode), every pattern compiled (placeholders expanded first),
and every pattern or word checked to be in normalized form: rules match normalized text
(half-width, simplified), so a rule written with traditional characters or full-width
punctuation could never match.  A grammar audited before (``audited``: the same bytes, the
same govplan) is only built: no pydantic, no pattern compiled twice.

Each value that is a pattern or a word list is declared with how it is used
(:class:`Use`); its examples (``examples = [...]`` in an entry, or an ``[examples]``
table keyed by the value's name) are checked by :func:`example_failures`.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from govplan.errors import GrammarError
from govplan.grammar.compiled import Grammar
from govplan.grammar.place import shipped_dir, toml_reader
from govplan.grammar.registry import FILE_MODELS
from govplan.grammar.schema import PLACEHOLDER, POINT_GROUPS, DeadlinesFile, Entry, GrammarFile, UnitsFile, Use
from govplan.grammar.tables import Strict, as_dataclasses, build, table_fields
from govplan.precompiled import DOTALL, kept

FILES = ("markers", "labels", "units", "deadlines", "cruft", "documents", "compare")


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file as a dict; raises OSError or ValueError (tomllib's decode error)."""
    with path.open("rb") as fh:
        result: dict[str, Any] = toml_reader().load(fh)
        return result


# ---------------------------------------------------------------- auditing values


@dataclass
class _Value:
    """One declared value of a loaded file: where it is, how it is used, what it holds."""

    where: str  # entry path, e.g. marker[2] (cn_dun).pattern
    use: Use
    patterns: list[str]  # its regexes as applied (expanded, templated); [] for words
    words: list[str]  # its words; [] for patterns
    written: list[str]  # every string as written, for the normalized-form check
    examples: list[str]
    not_examples: list[str]
    own: bool  # an entry of a list of tables: its examples are its own, not in [examples]


def _entry_name(item: Strict, index: int, name: str) -> str:
    label = getattr(item, "name", None)
    return f"{name}[{index}]" + (f" ({label})" if isinstance(label, str) else "")


@lru_cache(maxsize=None)
def _uses(kind: type) -> dict[str, Use | None]:
    """Each field of a schema class, with the :class:`Use` it is declared with (None: none)."""
    import typing

    hints = typing.get_type_hints(kind, include_extras=True)
    return {f.name: next((m for m in getattr(hints[f.name], "__metadata__", ()) if isinstance(m, Use)), None)
            for f in table_fields(kind)}


def _values(model: Strict, file: GrammarFile, prefix: str = "") -> list[_Value]:
    """Every value of ``model`` declared with a :class:`Use`, recursively."""
    out: list[_Value] = []
    expand = file.expand if isinstance(file, DeadlinesFile) else (lambda p: p)
    for name, use in _uses(type(model)).items():  # type: ignore[arg-type]  # (a class is hashable)
        value = getattr(model, name)
        where = f"{prefix}{name}"
        if use is not None:
            written = ([value] if isinstance(value, str) else list(value.values())
                       if use.pattern and isinstance(value, dict) else list(value))
            if use.pattern:
                patterns = [use.template.format(expand(p)) for p in written]
                words: list[str] = []
            else:
                patterns, words = [], list(value)
            own = isinstance(model, Entry)
            examples = model.examples if isinstance(model, Entry) else file.examples.get(where, [])
            counter = model.not_examples if isinstance(model, Entry) else file.not_examples.get(where, [])
            out.append(_Value(where, use, patterns, words, written if use.pattern else words,
                              list(examples), list(counter), own))
        elif isinstance(value, Strict):
            out += _values(value, file, where + ".")
        elif isinstance(value, list):
            for i, item in enumerate(value, 1):
                if isinstance(item, Strict):
                    out += _values(item, file, _entry_name(item, i, where) + ".")
    return out


def _not_normalized(strings: list[str]) -> list[str | None]:
    """For each string, why normalized text can never contain it, or None.

    One width fold and one OpenCC call over all the strings at once (a line each)."""
    from govplan.text.script import fold_width, t2s

    if not strings:
        return []
    joined = "\n".join(strings)
    folded = fold_width(joined).split("\n")
    simplified = t2s(joined).split("\n")
    out: list[str | None] = []
    for s, wide_free, simple in zip(strings, folded, simplified):
        if wide_free != s:
            wide = sorted({ch for ch in s if fold_width(ch) != ch})
            out.append(f"full-width or odd characters {''.join(wide)!r} (normalized text has "
                       f"{''.join(fold_width(ch) or '(nothing)' for ch in wide)!r})")
        else:
            out.append(f"traditional characters (normalized text is simplified: {simple!r})"
                       if simple != s else None)
    return out


def _audit(file: GrammarFile) -> list[tuple[str, str]]:
    """Errors of a file that validated: patterns, placeholders, normalized form, example keys."""
    import regex

    errors: list[tuple[str, str]] = []
    values = _values(file, file)
    # the points compile as one alternation (as the deadline stage compiles them, so its
    # compile is then a cache hit); only when that fails is each tried alone, to name it
    points_ok = isinstance(file, DeadlinesFile) and _compiles(file.point_alternation())
    for v in values:
        if points_ok and (v.where.startswith("point[") or v.where == "fragments"):
            continue
        for written, pattern in zip(v.written, v.patterns):
            unknown = PLACEHOLDER.findall(pattern)
            if unknown:
                known = ", ".join(sorted(file.placeholders())) if isinstance(file, DeadlinesFile) else "none here"
                errors.append((v.where, f"unknown placeholder {{{unknown[0]}}} (known: {known})"))
                continue
            try:
                compiled = regex.compile(pattern)
            except regex.error as exc:
                errors.append((v.where, f"invalid regex {written!r}: {exc}"))
                continue
            for need in v.use.groups:
                if not set(need.split("|")) & set(compiled.groupindex):
                    alternatives = " or ".join(f"(?P<{g}>...)" for g in need.split("|"))
                    errors.append((v.where, f"pattern must define the group {alternatives}"))
    errors += _point_groups(file, points_ok) + _replacements(file) + _own_problems(file)
    checked = [(v.where, s) for v in values if v.use.normalized for s in v.written]
    errors += [(where, f"{s!r} can never match: {why}")
               for (where, s), why in zip(checked, _not_normalized([s for _, s in checked])) if why]
    known_names = {v.where for v in values if not v.own}
    for table in ("examples", "not_examples"):
        errors += [(f"{table}.{key}", "no pattern or word list of that name")
                   for key in getattr(file, table) if key not in known_names]
    return errors


def _own_problems(model: Strict, prefix: str = "") -> list[tuple[str, str]]:
    """What each table of a file says is wrong with itself (``problems``), recursively."""
    errors = [(prefix + where, message) for where, message in model.problems()]
    for f in table_fields(type(model)):
        value = getattr(model, f.name)
        if isinstance(value, Strict):
            errors += _own_problems(value, f"{prefix}{f.name}.")
        elif isinstance(value, list):
            errors += [e for i, item in enumerate(value, 1) if isinstance(item, Strict)
                       for e in _own_problems(item, _entry_name(item, i, prefix + f.name) + ".")]
    return errors


def _point_groups(file: GrammarFile, all_compile: bool) -> list[tuple[str, str]]:
    """Each [[point]] defines the groups its kind is resolved from (after expansion)."""
    import regex

    if not isinstance(file, DeadlinesFile):
        return []
    errors = []
    for n, rule in enumerate(file.point, 1):
        if not all_compile and not _compiles(file.expand(rule.pattern)):
            continue  # reported as a broken pattern already
        defined = set(regex.findall(r"\(\?P<(\w+)>", file.expand(rule.pattern)))
        missing = [g for g in POINT_GROUPS[rule.kind] if g not in defined]
        if missing:
            errors.append((f"point[{n}].pattern", f"a {rule.kind} point must define the group (?P<{missing[0]}>...)"))
    return errors


def _replacements(file: GrammarFile) -> list[tuple[str, str]]:
    """A [[key_rewrite]] replacement refers only to groups its pattern defines."""
    import regex

    if not isinstance(file, UnitsFile):
        return []
    errors = []
    for n, rule in enumerate(file.key_rewrite, 1):
        if not _compiles(rule.pattern):
            continue
        compiled = regex.compile(rule.pattern)
        for number, name in regex.findall(r"\\(\d+)|\\g<([^>]*)>", rule.replace):
            ok = (int(number) <= compiled.groups) if number else (
                name in compiled.groupindex or name.isdigit() and int(name) <= compiled.groups)
            if not ok:
                errors.append((f"key_rewrite[{n}].replace", f"refers to group {number or name}, "
                               f"which the pattern does not define"))
    return errors


def _compiles(pattern: str) -> bool:
    import regex

    if PLACEHOLDER.search(pattern):
        return False
    try:
        regex.compile(pattern)
    except regex.error:
        return False
    return True


def declared_values(grammar: "Grammar") -> list[tuple[str, _Value]]:
    """(`FILE.toml: entry WHERE`, value) of every pattern and word list, for checking examples."""
    return [(f"{name}.toml: entry {v.where}", v) for name, file in grammar.files.items()
            for v in _values(file, file)]


def example_problems(where: str, v: _Value) -> list[str]:
    """What is wrong with one value's examples: none given, or one it misses (or matches)."""
    problems = [] if v.examples else [f"{where}: no examples"]
    problems += [f"{where}: does not match its example {ex!r}" for ex in v.examples if not _matches(v, ex)]
    problems += [f"{where}: matches its counter-example {ex!r}" for ex in v.not_examples if _matches(v, ex)]
    return problems


def example_failures(grammar: "Grammar") -> list[str]:
    """Every value whose examples are missing, or that misses one of its own examples."""
    return [p for where, v in declared_values(grammar) for p in example_problems(where, v)]


def _matches(v: _Value, text: str) -> bool:
    import regex

    how = v.use.how
    if v.use.pattern:
        method = "match" if how == "match" else "search"
        return any(getattr(regex.compile(p), method)(text) for p in v.patterns)
    test = {"end": str.endswith, "start": str.startswith, "contain": lambda t, w: w in t,
            "equal": str.__eq__}[how]
    return any(test(text, w) for w in v.words)


# ---------------------------------------------------------------- loading


def _read(path: Path) -> dict[str, Any]:
    try:
        return read_toml(path)
    except toml_reader().TOMLDecodeError as exc:
        raise GrammarError([f"{path}: not valid TOML: {exc}"]) from None
    except UnicodeDecodeError:
        raise GrammarError([f"{path}: not UTF-8 text (TOML files are UTF-8)"]) from None
    except OSError as exc:
        raise GrammarError([f"{path}: cannot read: {exc.strerror}"]) from None


class _Sources:
    """Which file each top-level key, and each entry of a list of tables, came from.

    Files are merged before they are validated, so an error is found in the merged data;
    this names the file and the entry's place in that file, as its author sees it.
    """

    _ENTRY = kept(r"^(\w+)\[(\d+)\](.*)$", DOTALL)

    def __init__(self) -> None:
        self.keys: dict[str, Path] = {}
        self.entries: dict[str, list[tuple[Path, int]]] = {}

    def merge(self, base: dict[str, Any], extra: dict[str, Any], path: Path) -> dict[str, Any]:
        """``extra`` merged into ``base``: tables key by key, lists appended."""
        for key, value in extra.items():
            self.keys[key] = path
            if isinstance(value, list) and value and isinstance(value[0], dict):
                earlier = base.get(key)
                have: list[Any] = earlier if isinstance(earlier, list) else []
                places = self.entries.setdefault(key, [(path, i) for i in range(1, len(have) + 1)])
                places += [(path, i) for i, v in enumerate(value, 1) if v not in have]
        return _merge(base, extra)

    def locate(self, where: str, fallback: str) -> str:
        """`FILE: entry WHERE` with WHERE counted in the file the entry came from."""
        import regex

        m = self._ENTRY.match(where)
        if m and m.group(1) in self.entries and int(m.group(2)) <= len(self.entries[m.group(1)]):
            path, own = self.entries[m.group(1)][int(m.group(2)) - 1]
            return f"{path}: entry {m.group(1)}[{own}]{m.group(3)}"
        top = regex.split(r"[.\[]", where, maxsplit=1)[0]
        return f"{self.keys.get(top, fallback)}: entry {where}"


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        elif isinstance(value, list) and isinstance(out.get(key), list):
            # appended: the user's entries are tried after the shipped ones
            out[key] = out[key] + [v for v in value if v not in out[key]]
        else:
            out[key] = value
    return out


def _shape_problems(kind: type, data: dict[str, Any]) -> list[tuple[str, str]]:
    """(entry, message) of everything in ``data`` that is not of ``kind``'s shape: pydantic, strict (no
    number for a word, no float for a count), on the data as JSON (where tables are accepted as such)."""
    import json

    from pydantic import TypeAdapter, ValidationError

    as_dataclasses()
    try:
        TypeAdapter(kind).validate_json(json.dumps(data, default=lambda value: {"TOML date or time": str(value)}))
    except ValidationError as exc:
        return [_describe(err, data) for err in exc.errors()]
    return []


# pydantic's words for a dataclass's arguments, in the words it uses for a table's keys
_MESSAGES = {"unexpected_keyword_argument": "Extra inputs are not permitted",
             "missing_keyword_only_argument": "Field required", "missing_argument": "Field required"}


def _describe(err: Any, data: dict[str, Any]) -> tuple[str, str]:
    """(entry, message) of one pydantic error; entry as `marker[1] (broken).pattern`."""
    parts: list[str] = []
    entry: Any = data
    for item in err["loc"]:
        entry = entry[item] if isinstance(entry, (dict, list)) and _has(entry, item) else None
        if isinstance(item, int):
            parts[-1] = f"{parts[-1]}[{item + 1}]"
            if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                parts[-1] += f" ({entry['name']})"
        else:
            parts.append(str(item))
    got = err.get("input")
    shown = f" (got {got!r})" if isinstance(got, (str, int, float, bool)) and len(repr(got)) < 60 else ""
    return ".".join(parts) or "(file)", _MESSAGES.get(err["type"], err["msg"]) + shown


def _has(container: Any, key: Any) -> bool:
    if isinstance(container, list):
        return isinstance(key, int) and 0 <= key < len(container)
    return key in container


def load_grammar(extra_dirs: tuple[str | Path, ...] = ()) -> Grammar:
    """Load the shipped grammars, plus each directory in ``extra_dirs`` on top."""
    return _load(tuple(str(Path(d).resolve()) for d in extra_dirs))


@lru_cache(maxsize=8)
def _load(extra_dirs: tuple[str, ...]) -> Grammar:
    base = shipped_dir()
    dirs = [base] + [Path(d) for d in extra_dirs]
    errors: list[str] = []
    for d in dirs[1:]:
        if not d.is_dir():
            raise GrammarError([f"{d}: grammar directory not found"])
        errors += [f"{d / p.name}: unknown grammar file (expected one of: {', '.join(f + '.toml' for f in FILES)})"
                   for p in sorted(d.glob("*.toml")) if p.stem not in FILE_MODELS]
    from govplan.grammar.audited import audited_rules, remember_audited

    fingerprint = _fingerprint(dirs)
    kept = None if errors else audited_rules(fingerprint)
    if kept is not None and set(kept) == set(FILE_MODELS):
        return Grammar({name: build(model, kept[name]) for name, model in FILE_MODELS.items()}, dirs, fingerprint)
    files: dict[str, GrammarFile] = {}
    merged: dict[str, Any] = {}
    for name, model in FILE_MODELS.items():
        data: dict[str, Any] = {}
        sources = _Sources()
        for d in dirs:
            path = d / f"{name}.toml"
            if path.is_file():
                try:
                    data = sources.merge(data, _read(path), path)
                except GrammarError as exc:
                    errors += exc.errors
            elif d is base:
                errors.append(f"{path}: shipped grammar file missing")
        merged[name] = data
        problems = _shape_problems(model, data)
        if not problems:
            files[name] = build(model, data)
            problems = _audit(files[name])
        errors += [f"{sources.locate(where, name + '.toml')}: {message}" for where, message in problems]
    if errors:
        raise GrammarError(errors)
    remember_audited(fingerprint, merged)
    return Grammar(files, dirs, fingerprint)


def _fingerprint(dirs: list[Path]) -> str:
    """What the rules are: the bytes of every grammar file read, in the order read."""
    from govplan.digests import sha256

    digest = sha256()
    for d in dirs:
        for name in FILES:
            path = d / f"{name}.toml"
            if path.is_file():
                digest.update(f"{name}\0".encode() + path.read_bytes() + b"\0")
    return digest.hexdigest()
