"""What must hold for every input, however damaged: the fuzzer and its corpus check these."""
from __future__ import annotations

import datetime as dt
import json

from govplan.models.contract import read_parse_data
from govplan.output.json_stream import to_json


def walk(sections, parent=None):
    for s in sections:
        yield s, parent
        yield from walk(s["children"], s)


def check(text: str) -> dict:
    """Parse ``text`` twice and check every invariant; return the result."""
    from govplan import parse_text

    result = parse_text(text)
    again = parse_text(text)
    dumped = to_json(result, None)
    assert dumped == to_json(again, None), "output is not deterministic"
    data = json.loads(dumped)  # valid JSON
    read_parse_data(data)  # and the contract: every type, literal and bound (a parse itself checks none)
    lines = data["source"]["lines"]
    assert lines == text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1 - (
        1 if text.endswith(("\n", "\r")) and len(text) > 0 else 0), "source.lines is not the physical line count"

    def inside(n, what):
        assert n is None or 1 <= n <= lines, f"{what} line {n} outside 1..{lines}"

    for d in data["diagnostics"]:
        inside(d["line"], f"diagnostic {d['code']}")
    previous_end = 0
    for doc in data["documents"]:
        inside(doc["line"], "document")
        inside(doc["end_line"], "document end")
        assert doc["line"] <= doc["end_line"] and doc["line"] > previous_end - 1, "documents overlap"
        previous_end = doc["end_line"]
        for s, parent in walk(doc["sections"]):
            inside(s["line"], "section")
            inside(s["end_line"], "section end")
            assert doc["line"] <= s["line"] <= s["end_line"] <= doc["end_line"], "section outside its document"
            if parent is not None:
                assert parent["line"] < s["line"], "a child before its parent"
                assert s["level"] == parent["level"] + 1
            for d in s["deadlines"]:
                inside(d["line"], "deadline")
                due = dt.date.fromisoformat(d["due"]) if d["due"] else None
                start = dt.date.fromisoformat(d["start"]) if d["start"] else None
                assert not (due and start) or start <= due, f"deadline starts after it is due: {d}"
            for u in s["units"]:
                inside(u["line"], "unit")
    return data
