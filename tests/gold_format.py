"""Project a parse result onto the gold format of shared/ANNOTATION.md section 6.

Golden tests compare this projection of `govplan parse samples/X.txt` with the
hand-checked tests/fixtures/gold/X.json, and the shared scorer reads the same files:
    python ../shared/eval/score.py --gold tests/fixtures/gold --docs samples
"""
from __future__ import annotations


def walk(sections):
    for s in sections:
        yield s
        yield from walk(s["children"])


def to_gold(result: dict, file: str) -> dict:
    documents, headings, assignments = [], [], []
    for doc in result["documents"]:
        documents.append({k: doc[k] for k in ("line", "title", "doc_number", "issuer", "issued")})
        for s in walk(doc["sections"]):
            headings.append({"line": s["line"], "marker": s["marker"], "level": s["level"],
                             "title": s["title"]})
            deadlines = [{k: d[k] for k in ("text", "kind", "due", "start") if d[k] is not None or k == "due"}
                         for d in s["deadlines"] if d["kind"] in ("date", "range", "ongoing")]
            if s["lead_units"] or s["responsible_units"] or deadlines:
                assignments.append({"line": s["line"], "lead": s["lead_units"],
                                    "responsible": s["responsible_units"], "deadlines": deadlines})
    return {"file": file, "documents": documents, "headings": headings, "assignments": assignments}
