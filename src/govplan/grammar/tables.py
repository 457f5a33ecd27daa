"""What a table of a grammar file is: a class declared like a dataclass (fields with their types,
defaults and pydantic bounds), built at start by ``Strict.__init__`` from its annotations and read-only
once built, made a real dataclass only when a grammar is audited (pydantic validates dataclasses);
``build`` makes a file's tables from its TOML data."""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # (typing has it from Python 3.11; typing_extensions is pydantic's, not needed at run time)
    from typing_extensions import dataclass_transform
else:
    def dataclass_transform(**_):
        return lambda f: f

# {NAME} in a pattern, not \p{Han} (a property) nor \N{...} (a named character)
@dataclass_transform(kw_only_default=True, frozen_default=True, eq_default=False, field_specifiers=(field,))
def table(cls: type) -> Any:
    """A table of a grammar file: a class declared as a dataclass is, built by ``Strict.__init__`` from its
    annotations, read-only once built.  It is made a real dataclass only when a grammar is audited
    (``as_dataclasses``: pydantic validates dataclasses): the dataclass machinery generated and compiled
    methods for each of the 33 tables at every start, a tenth of a cold parse."""
    _TABLES[cls.__name__] = cls
    return cls


_TABLES: dict[str, type] = {}  # every table class by name (bases first): what an annotation names


class TableField(NamedTuple):
    name: str
    written: str  # the annotation as written: "int", "list[MarkerRule]", "Words"
    default: Any  # dataclasses.MISSING when there is none
    factory: Any  # a default factory, or None
    metadata: Any


def table_fields(kind: type) -> tuple[TableField, ...]:
    """The fields of a table class in order (its bases' first), from its annotations and defaults."""
    known = _FIELDS.get(kind)
    if known is None:
        known = _FIELDS[kind] = _fields_of(kind)
    return known


_FIELDS: dict[type, tuple[TableField, ...]] = {}


def _fields_of(kind: type) -> tuple[TableField, ...]:
    if "__dataclass_fields__" in vars(kind):  # (made a dataclass for an audit)
        return tuple(TableField(f.name, _written(f.type), f.default,
                                None if f.default_factory is dataclasses.MISSING else f.default_factory, f.metadata)
                     for f in dataclasses.fields(kind))
    found: dict[str, TableField] = {}
    for klass in reversed(kind.__mro__):
        for name, annotation in vars(klass).get("__annotations__", {}).items():
            value = vars(klass).get(name, dataclasses.MISSING)
            if isinstance(value, dataclasses.Field):
                factory = None if value.default_factory is dataclasses.MISSING else value.default_factory
                found[name] = TableField(name, _written(annotation), value.default, factory, value.metadata)
            else:
                found[name] = TableField(name, _written(annotation), value, None, {})
    return tuple(found.values())


def _written(annotation: Any) -> str:
    return annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")


def as_dataclasses() -> None:
    """Make every table class a dataclass, for pydantic to validate a grammar being audited (bases first;
    once)."""
    for kind in _TABLES.values():
        if "__dataclass_fields__" not in vars(kind):
            table_fields(kind)  # (read from the class as declared, before the machinery rewrites it)
            dataclass(kw_only=True, repr=False, eq=False)(kind)


def bound(default: Any = dataclasses.MISSING, **limits: Any) -> Any:
    """A field with pydantic's bounds (ge, le, gt, min_length, pattern) and description, checked when the
    grammar is audited."""
    return field(default=default, metadata=limits)


def build(kind: type, data: Any) -> Any:
    """A grammar table as ``kind`` (a dataclass of this schema), from TOML data that passed the audit:
    nested tables and lists of tables as their dataclasses, an integer where a float is declared as a
    float (as pydantic gives it); nothing is checked here."""
    plan = _plan(kind)
    values = {}
    for name, value in data.items():
        make = plan.get(name)
        values[name] = make(value) if make is not None else value
    return kind(**values)


@lru_cache(maxsize=None)
def _plan(kind: type) -> dict[str, Any]:
    """For each field of ``kind`` that is not taken as it stands, what makes its value: read from the
    annotation as written (a table's name, list[NAME], float), not evaluated (typing's evaluation of
    every annotation took 5 ms of each start)."""
    plan: dict[str, Any] = {}
    for f in table_fields(kind):
        written = f.written
        listed = re.fullmatch(r"list\[(\w+)\]", written)
        if written in _TABLES:
            plan[f.name] = lambda v, k=_TABLES[written]: build(k, v)
        elif listed and listed.group(1) in _TABLES:
            plan[f.name] = lambda v, k=_TABLES[listed.group(1)]: [build(k, item) for item in v]
        elif written == "float":
            plan[f.name] = float
    return plan


@table
class Strict:
    """A table of a grammar file: no unknown keys, every value of its declared type (pydantic, strict, when
    the grammar is audited)."""

    __pydantic_config__ = {"extra": "forbid", "strict": True}

    def __init__(self, **values: Any) -> None:
        for f in table_fields(type(self)):
            if f.name in values:
                value = values.pop(f.name)
            elif f.factory is not None:
                value = f.factory()
            elif f.default is not dataclasses.MISSING:
                value = f.default
            else:
                raise TypeError(f"{type(self).__name__}: {f.name!r} is missing")
            object.__setattr__(self, f.name, value)
        if values:
            raise TypeError(f"{type(self).__name__}: unknown {', '.join(sorted(values))}")
        self.__post_init__()

    def __post_init__(self) -> None:
        object.__setattr__(self, "_built", True)

    def replaced(self, **changes: Any) -> Any:
        """A copy with ``changes``."""
        return type(self)(**({f.name: getattr(self, f.name) for f in table_fields(type(self))} | changes))

    def as_dict(self) -> dict[str, Any]:
        """Every field's value, tables as dicts too."""
        def plain(value: Any) -> Any:
            return value.as_dict() if isinstance(value, Strict) else [plain(v) for v in value] \
                if isinstance(value, list) else value

        return {f.name: plain(getattr(self, f.name)) for f in table_fields(type(self))}

    def __setattr__(self, name: str, value: Any) -> None:
        if getattr(self, "_built", False):
            raise dataclasses.FrozenInstanceError(f"the grammar is read-only: cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def problems(self) -> list[tuple[str, str]]:
        """(field, message) for what its types cannot say; checked when the grammar is audited."""
        return []
