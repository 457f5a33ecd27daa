"""The parse contract in pydantic's hands, built on first use: the JSON Schema of ``govplan parse``'s
output, and parse JSON read back into the dataclasses of ``govplan.models`` (checked completely:
types, literals, bounds, no unknown keys).  Only the commands that need them import pydantic."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from govplan.models import SCHEMA_VERSION, ParseResult


@lru_cache(maxsize=1)
def _adapter() -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(ParseResult)


def parse_schema() -> dict:
    """The JSON Schema of ParseResult as govplan writes it (serialization mode: every field the
    output always holds is required), with its $schema dialect and an $id."""
    schema = _adapter().json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://govplan.invalid/schema/parse-{SCHEMA_VERSION}.json", **schema}


def read_parse_json(data: str | bytes) -> ParseResult:
    """Parse JSON (one result) as a ParseResult; pydantic's ValidationError when it is not one."""
    result: ParseResult = _adapter().validate_json(data)
    return result


def read_parse_data(data: Any) -> ParseResult:
    """A result already decoded from JSON (a dict) as a ParseResult, checked the same way."""
    result: ParseResult = _adapter().validate_python(data)
    return result
