"""A generated notice: its lines and the parse the annotation guide gives them."""
from __future__ import annotations

from dataclasses import dataclass, field

Deadline = tuple[str, str | None, str | None]  # kind, start, due


@dataclass
class Page:
    lines: list[str] = field(default_factory=list)
    documents: list[tuple[int, str | None]] = field(default_factory=list)
    headings: list[tuple[int, str, int]] = field(default_factory=list)
    leads: dict[int, list[str]] = field(default_factory=dict)
    responsible: dict[int, list[str]] = field(default_factory=dict)
    deadlines: dict[int, list[Deadline]] = field(default_factory=dict)
    variant: str = ""  # which variant of its shape the page is (reported with the recovery)

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def add(self, line: str) -> int:
        """Append a line; its 1-based number."""
        self.lines.append(line)
        return len(self.lines)

    def blank(self, count: int = 1) -> None:
        self.lines.extend([""] * count)

    def document(self, line: int, title: str | None) -> None:
        self.documents.append((line, title))

    def heading(self, line: int, marker: str, level: int) -> None:
        self.headings.append((line, marker, level))

    def assign(self, line: int, lead=(), responsible=(), deadlines=()) -> None:
        self.leads.setdefault(line, []).extend(lead)
        self.responsible.setdefault(line, []).extend(responsible)
        self.deadlines.setdefault(line, []).extend(deadlines)

    def facts(self) -> set[tuple]:
        return facts(self.documents, self.headings, self.leads, self.responsible, self.deadlines)


_BRACKETS = str.maketrans({"（": "(", "）": ")", "〔": "(", "〕": ")", "【": "(", "】": ")", "．": "."})


def plain(text: str | None) -> str | None:
    """Compare text the scorer's way: brackets unified, white space out."""
    return None if text is None else "".join(text.translate(_BRACKETS).split())


def facts(documents, headings, leads, responsible, deadlines) -> set[tuple]:
    """Each thing the guide scores as one comparable fact."""
    out: set[tuple] = set()
    out.update(("document", line, plain(title)) for line, title in documents)
    out.update(("heading", line, plain(marker), level) for line, marker, level in headings)
    for role, table in (("lead", leads), ("responsible", responsible)):
        out.update((role, line, plain(name)) for line, names in table.items() for name in names)
    out.update(("deadline", line, *d) for line, items in deadlines.items() for d in items)
    return out


def parsed_facts(result: dict) -> set[tuple]:
    """The same facts read from ``to_data(parse_text(...))``."""
    from gold_format import walk

    documents = [(d["line"], d["title"]) for d in result["documents"]]
    headings, leads, responsible, deadlines = [], {}, {}, {}
    for doc in result["documents"]:
        for s in walk(doc["sections"]):
            headings.append((s["line"], s["marker"], s["level"]))
            leads[s["line"]] = s["lead_units"]
            responsible[s["line"]] = s["responsible_units"]
            deadlines[s["line"]] = [(d["kind"], d["start"], d["due"]) for d in s["deadlines"]
                                    if d["kind"] in ("date", "range", "ongoing")]
    return facts(documents, headings, leads, responsible, deadlines)
