"""Stage 6, emit: validated models -> JSON text (UTF-8, Chinese not escaped, stable order)."""
from __future__ import annotations

from .models import ParseResult


def to_json(result: ParseResult, indent: int | None = 2) -> str:
    """The result as JSON text: pydantic-core's serializer, field order as in models.py."""
    return result.model_dump_json(indent=indent) + "\n"
