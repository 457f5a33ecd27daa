"""Stage 6, emit: validated models -> JSON text (UTF-8, Chinese not escaped, stable order)."""
from __future__ import annotations

import json

from .models import ParseResult


def to_json(result: ParseResult, indent: int | None = 2) -> str:
    data = result.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, indent=indent) + "\n"
