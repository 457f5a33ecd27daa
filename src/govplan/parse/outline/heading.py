"""A heading of the outline: its line, marker, style, level and the paragraphs under it."""
from __future__ import annotations

from dataclasses import dataclass, field

from govplan.parse.fields import Cell
from govplan.parse.normalize import Line
from govplan.precompiled import kept
from govplan.text.punctuation import Paragraph

# a heading's title ends at the first of these
TITLE_END = kept(r"[。:]")
# a line that opens with these goes on from the line above (a hard wrap cut the sentence)
GOES_ON = tuple("。,、;:)”》")


@dataclass(slots=True)
class Heading:
    line: Line
    marker: str
    style: str
    number: int | None
    level: int
    title: str
    path: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list["Heading"] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)  # a table row's role cells
    columns: list[tuple[str, str]] = field(default_factory=list)  # a one-line table row's cells by column name
    # paragraphs kept as text only: a table row's cells of other columns (progress, notes),
    # never mined for units or deadlines (a set only for a row that has some: an empty set a heading was a
    # fifth of a long notice's outline)
    kept: set[int] | None = None

    @property
    def mined(self) -> list[Paragraph]:
        """The paragraphs units and deadlines are read from."""
        return [p for n, p in enumerate(self.paragraphs) if n not in self.kept] if self.kept else self.paragraphs

    @property
    def end_line(self) -> int:
        return self.paragraphs[-1].lines[-1].number if self.paragraphs else self.line.number


def path_part(marker: str, title: str) -> str:
    if not marker:  # unnumbered headings, table rows without a number
        return title[:12]
    return marker.rstrip("、.:").strip()  # 一、 -> 一, 1. -> 1, (一) stays


def title_of(rest: str) -> str:
    cut = TITLE_END.search(rest)
    return (rest[: cut.start()] if cut else rest).strip()
