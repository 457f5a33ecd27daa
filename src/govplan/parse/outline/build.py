"""Stage 3, outline: normalized lines -> documents, each with its frame and heading tree.

``documents.split_documents`` finds where each document starts; ``frame.frame_document``
sets its header and closing lines apart; ``tree.build_tree`` builds its heading tree from
the body lines that are left.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from govplan.grammar.compiled import Grammar
from govplan.models import Diagnostic
from govplan.parse.normalize import Normalized
from govplan.parse.outline.clutter import mark_contents, mark_front_matter, mark_index_blocks, mark_page_titles
from govplan.parse.outline.documents import DocOutline, split_documents
from govplan.parse.outline.frame import frame_document
from govplan.parse.outline.lines import classifier
from govplan.parse.outline.tree import build_tree


@dataclass
class Outline:
    documents: list[DocOutline]
    diagnostics: list[Diagnostic]
    honoured: set[int] = field(default_factory=set)  # the decided lines the heading trees took


def build_outline(norm: Normalized, grammar: Grammar, decided: Mapping[int, bool] | None = None) -> Outline:
    """``decided``: lines a reviewer said are (not) headings (govplan.correct)."""
    line_kinds = classifier(grammar)
    mark_front_matter(norm.lines, line_kinds)
    mark_contents(norm.lines, line_kinds)
    mark_index_blocks(norm.lines, line_kinds)
    mark_page_titles(norm.lines, line_kinds)
    documents = split_documents(norm, line_kinds)
    diagnostics: list[Diagnostic] = []
    honoured: set[int] = set()
    for doc in documents:
        frame = frame_document(doc, line_kinds)
        doc.header, doc.closing = frame.header, frame.closing
        honoured |= build_tree(doc, frame, line_kinds, diagnostics, decided)
    return Outline(documents, diagnostics, honoured)
