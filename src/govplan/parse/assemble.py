"""Stage 6, assemble: an outline and its metadata -> the validated output models.

For each heading, its fields are read, then its units and deadlines extracted, and its
``Section`` built (pydantic validates it); documents take their metadata.  Text shown to
people goes through the output script (``Normalized.to_output``).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from sys import intern  # unit names and deadline texts repeat thousands of times
from typing import Callable, Iterator, cast

from govplan.formats.decode import Decoded
from govplan.grammar.compiled import Grammar
from govplan.models import (
    Contact,
    Deadline,
    DeadlineKind,
    DeadlineSource,
    Diagnostic,
    Document,
    DocumentKind,
    InputScript,
    ParseResult,
    Role,
    Section,
    Source,
    SourceFormat,
    TableCell,
    TextLine,
    UnitMention,
)
from govplan.parse.extract.deadlines import Found, Reference, extract_deadlines, stated_years
from govplan.parse.extract.metadata import Metadata, extract_metadata
from govplan.parse.extract.unitnames import unit_key
from govplan.parse.extract.units import Convention, extract_units
from govplan.parse.fields import leaders_of, read_fields
from govplan.parse.normalize import Normalized
from govplan.parse.outline.build import Outline
from govplan.parse.outline.documents import DocOutline
from govplan.parse.outline.heading import Heading
from govplan.version import __version__

# A physical line longer than this has lost its line breaks (a one-line dump of a page).
LONG_LINE = 20000


def assemble(decoded: Decoded, norm: Normalized, outline: Outline, grammar: Grammar,
             script: str, reference: dt.date | None = None) -> ParseResult:
    """``reference``: the date a notice that states none is read as of (its deadlines' year).

    The outline is consumed: each document's tree is built when it is assembled and let go once it is
    (``outline.documents`` is empty afterwards), since a long notice's outline beside its result was the
    peak of the whole parse."""
    return Assembly(decoded, norm, outline, grammar, script, reference).whole()


class Assembly:
    """A parse result whose documents are assembled one at a time, as ``documents()`` is iterated (a
    writer can write each and let it go: a long gazette's documents never all stand in memory).  The
    result's fields but ``documents`` are set at once, except ``diagnostics``: complete when the last
    document has been taken (and then each of ``when_done`` is called)."""

    def __init__(self, decoded: Decoded, norm: Normalized, outline: Outline, grammar: Grammar,
                 script: str, reference: dt.date | None = None):
        self.result = ParseResult(
            govplan_version=__version__, grammar_sha256=grammar.fingerprint,
            source=Source(path=decoded.path, encoding=decoded.encoding, bom=decoded.bom,
                          bytes=decoded.size, lines=norm.line_count, sha256=decoded.sha256,
                          script=cast(InputScript, norm.script), format=cast(SourceFormat, decoded.format)),
            output_script=script, reference_date=reference)
        self._inputs = decoded, norm, grammar, reference
        self._outline: Outline | None = outline
        self.when_done: list[Callable[[], object]] = []

    def whole(self) -> ParseResult:
        """The result with every document taken into it (for a caller that holds it all at once)."""
        self.result.documents = list(self.documents())
        return self.result

    def documents(self) -> Iterator[Document]:
        """Each document in order, grown and assembled when taken (its outline let go once assembled);
        then the result's diagnostics are set, in the order the stages found them, sorted by line.  The
        documents can be taken once."""
        decoded, norm, grammar, reference = self._inputs
        outline, self._outline = self._outline, None
        if outline is None:
            raise RuntimeError("an assembly's documents were taken already")
        pending = outline.documents[::-1]  # (taken from the end)
        outline.documents.clear()
        shape, found = _shape_diagnostics(norm), list[Diagnostic]()  # (the documents' own, and their sections')
        years = stated_years(norm.lines, grammar)
        placed: set[int] = set()
        first, covering, table_rows = True, None, False  # (a plan inside a notice takes the notice's date)
        while pending:
            doc = outline.grow(pending.pop())
            if not doc.headings and doc.has_body:
                shape.append(Diagnostic.of("no-headings", "document has no numbered or titled headings", doc.line))
            table_rows = table_rows or _table_rows(doc.headings)
            meta = extract_metadata(doc, grammar, first=first)
            issued = meta.issued or covering or reference
            ref = Reference(issued.year if issued else None, issued, years)
            placed.update(ln.number for ln in doc.lines)
            document = _document(doc, meta, _Context(ref, norm, grammar, found, decoded.locators))
            del doc
            first, covering = False, meta.issued or covering
            yield document
        if decoded.format in ("xlsx", "csv") and not table_rows:
            shape.append(Diagnostic.of(
                "no-task-table", "no sheet has a header row that names known columns (序号, 任务, 牵头单位, "
                                 "责任单位, 完成时限 …: labels.toml [table]); no task was read from it", 1))
        diagnostics = norm.diagnostics + outline.diagnostics + shape + found + _unplaced(norm, placed)
        diagnostics.sort(key=lambda d: (d.line or 0, d.code))
        self.result.diagnostics = diagnostics
        for done in self.when_done:
            done()


def _table_rows(headings: list[Heading]) -> bool:
    return any(h.style == "table_row" or h.cells or _table_rows(h.children) for h in headings)


def _shape_diagnostics(norm: Normalized) -> list[Diagnostic]:
    """Readable but odd input: empty, or one enormous line (a document without headings: when it is grown)."""
    found = []
    if not norm.lines:
        found.append(Diagnostic.of("empty-input", "the input holds no text"))
    for line in norm.lines:
        if len(line.raw) > LONG_LINE:
            found.append(Diagnostic.of(
                "long-line", f"line is {len(line.raw):,} characters long: line breaks were probably "
                             "lost, so headings inside it cannot be found", line.number))
    return found


@dataclass(slots=True)
class _Context:
    """What every section of one document is assembled with."""

    ref: Reference
    norm: Normalized
    grammar: Grammar
    diagnostics: list[Diagnostic]
    locators: tuple[str, ...]  # per line of a rendered file (empty for text)
    convention: Convention = field(default_factory=Convention)  # read in document order

    def locator(self, line: int) -> str | None:
        return (self.locators[line - 1] or None) if 0 < line <= len(self.locators) else None


def _document(doc: DocOutline, meta: Metadata, ctx: _Context) -> Document:
    out = ctx.norm.to_output
    return Document(
        line=doc.line, end_line=doc.end_line, kind=cast(DocumentKind, doc.kind),
        title=out(meta.title) if meta.title else None,
        doc_number=out(meta.doc_number) if meta.doc_number else None,
        issuer=out(meta.issuer) if meta.issuer else None, issued=meta.issued,
        reference_year=ctx.ref.year, recipients=[out(r) for r in meta.recipients],
        disclosure=out(meta.disclosure) if meta.disclosure else None,
        attachments=[out(a) for a in meta.attachments],
        contacts=[Contact(label=out(label), value=out(value), line=line) for label, value, line in meta.contacts],
        header=[TextLine(line=ln.number, text=out(ln.text)) for ln in doc.header],
        closing=[TextLine(line=ln.number, text=out(ln.text)) for ln in doc.closing],
        preface=out("\n".join(p.text for p in doc.preface)),
        sections=[_section(h, ctx) for h in doc.headings])


def _section(h: Heading, ctx: _Context) -> Section:
    out, grammar = ctx.norm.to_output, ctx.grammar
    fields = read_fields(h.paragraphs, grammar, h.cells)
    units = extract_units(h.mined, fields, grammar, ctx.convention)
    found = extract_deadlines(h.mined, fields, grammar, ctx.ref)
    ctx.diagnostics += [Diagnostic.of("deadline-unresolved", f"deadline {f.text!r} not resolved: {f.problem} (the "
                                      "notice states no date: give its year with --year YYYY or --reference-date, "
                                      "or year = YYYY under [tool.govplan] for check)", f.line)
                        for f in found if f.problem and f.kind in ("date", "range")]
    lines = [ln for p in h.paragraphs for ln in p.lines]
    return Section(
        line=h.line.number, end_line=h.end_line, marker=out(h.marker), style=h.style,
        number=h.number, level=h.level, path=out(h.path), title=out(h.title),
        text=out("\n".join(p.text for p in h.paragraphs)),
        original_text="\n".join(ln.raw for ln in lines),
        lead_units=[intern(out(u)) for u in units.names("lead")],
        responsible_units=[intern(out(u)) for u in units.names("responsible")],
        leaders=[out(name) for name in leaders_of(fields)],
        deadlines=[_deadline(f, out) for f in found],
        units=[UnitMention(name=intern(out(m.name)), key=intern(unit_key(m.name, grammar)),
                           role=cast(Role, m.role), line=m.line, how=intern(out(m.how)))
               for m in units.mentions],
        table_cells=[TableCell(column=out(name), text=out(text)) for name, text in h.columns],
        locator=ctx.locator(h.line.number),
        children=[_section(c, ctx) for c in h.children])


def _deadline(f: Found, out) -> Deadline:
    # the stages' free strings become the contract's enums here (the tests check every output against the schema)
    return Deadline(text=intern(out(f.text.strip("\u3000 "))), kind=cast(DeadlineKind, f.kind), due=f.due,
                    start=f.start, line=f.line, source=cast(DeadlineSource, f.source),
                    label=intern(out(f.label)) if f.label else None)


def _unplaced(norm: Normalized, placed: set[int]) -> list[Diagnostic]:
    """Text the parser could not give to any document (``placed``: the lines documents took) is reported,
    never silently dropped."""
    found = []
    for line in norm.lines:
        if line.cruft:
            found.append(Diagnostic.of("page-cruft", f"page cruft ({line.cruft}) left out of the text", line.number))
        elif line.text and line.number not in placed:
            found.append(Diagnostic.of("unplaced-text", "text before the first document: read for metadata only",
                                       line.number))
    return found
