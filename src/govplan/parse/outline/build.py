"""Stage 3, outline: normalized lines -> documents, each with its frame and heading tree.

``documents.split_documents`` finds where each document starts; ``frame.frame_document``
sets its header and closing lines apart; ``tree.build_tree`` builds its heading tree from
the body lines that are left.  The documents are split at once; each one's frame and tree are
built when it is taken (``Outline.grow``, by the assembly), so that a long gazette's heading
trees never all stand in memory beside its lines.
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
from govplan.parse.outline.lines import Classifier, classifier
from govplan.parse.outline.tree import build_tree


@dataclass
class Outline:
    documents: list[DocOutline]  # split; each one grown (framed, its tree built) by ``grow``
    line_kinds: Classifier
    decided: Mapping[int, bool] | None = None  # lines a reviewer said are (not) headings
    diagnostics: list[Diagnostic] = field(default_factory=list)  # the trees' (complete once all are grown)
    honoured: set[int] = field(default_factory=set)  # the decided lines the heading trees took

    def grow(self, doc: DocOutline) -> DocOutline:
        """The document framed (header and closing lines) and its heading tree built, once."""
        if not doc.grown:
            doc.grown = True
            frame = frame_document(doc, self.line_kinds)
            doc.header, doc.closing = frame.header, frame.closing
            self.honoured |= build_tree(doc, frame, self.line_kinds, self.diagnostics, self.decided)
        return doc


def build_outline(norm: Normalized, grammar: Grammar, decided: Mapping[int, bool] | None = None) -> Outline:
    """The documents of the lines, split (``Outline.grow`` builds each one's tree).  ``decided``: lines a
    reviewer said are (not) headings (govplan.correct)."""
    line_kinds = classifier(grammar)
    mark_front_matter(norm.lines, line_kinds)
    mark_contents(norm.lines, line_kinds)
    mark_index_blocks(norm.lines, line_kinds)
    mark_page_titles(norm.lines, line_kinds)
    return Outline(split_documents(norm, line_kinds), line_kinds, decided)
