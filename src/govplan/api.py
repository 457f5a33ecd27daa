"""The library API: the pipeline read -> normalize -> outline -> extract -> validate.

    from govplan import parse_text, parse_file
    result = parse_file("plan.txt")          # a govplan.models.ParseResult
    for doc in result.documents: ...
"""
from __future__ import annotations

import datetime as dt
import gc
from sys import intern  # unit names and deadline texts repeat thousands of times
from pathlib import Path

from . import __version__
from .deadlines import Found, Reference, extract_deadlines, stated_years
from .grammar import Grammar, load_grammar
from .metadata import Metadata, extract_metadata
from .models import Deadline, Diagnostic, Document, ParseResult, Section, Source, UnitMention
from .normalize import Normalized, normalize
from .outline import DocOutline, Heading, Outline, build_outline
from .read import Decoded, read
from .units import extract_units, unit_key

SCRIPTS = ("simplified", "traditional", "original")
# A physical line longer than this has lost its line breaks (a one-line dump of a page).
LONG_LINE = 20000


def parse_file(path: str | Path, *, script: str = "simplified",
               grammar_dirs: tuple[str | Path, ...] = ()) -> ParseResult:
    """Parse one notice file (``-`` reads stdin). Raises ReadError if it is not text."""
    return parse_decoded(read(path), script=script, grammar=load_grammar(grammar_dirs))


def parse_text(text: str, *, path: str = "-", script: str = "simplified",
               grammar_dirs: tuple[str | Path, ...] = ()) -> ParseResult:
    """Parse a notice that is already a str (no decoding or binary check: it is text)."""
    data = text.encode("utf-8", errors="surrogatepass")
    decoded = Decoded(path, text, "unicode", False, len(data), _sha(data))
    return parse_decoded(decoded, script=script, grammar=load_grammar(grammar_dirs))


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def parse_decoded(decoded: Decoded, *, script: str, grammar: Grammar) -> ParseResult:
    """Run the pipeline on decoded text.

    The cyclic garbage collector is paused meanwhile: a parse builds many small acyclic
    objects, and full collections over a growing heap made time grow faster than the input.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _pipeline(decoded, script=script, grammar=grammar)
    finally:
        if enabled:
            gc.enable()


def _pipeline(decoded: Decoded, *, script: str, grammar: Grammar) -> ParseResult:
    if script not in SCRIPTS:
        raise ValueError(f"script must be one of {', '.join(SCRIPTS)}, not {script!r}")
    norm = normalize(decoded, grammar, script)
    outline = build_outline(norm, grammar)
    diagnostics = list(norm.diagnostics) + outline.diagnostics + _shape_diagnostics(norm, outline)
    years = stated_years(norm.lines, grammar)
    documents: list[Document] = []
    covering: dt.date | None = None
    for n, doc in enumerate(outline.documents):
        meta = extract_metadata(doc, grammar, first=n == 0)
        issued = meta.issued or covering
        ref = Reference(issued.year if issued else None, issued, years)
        document = _document(doc, meta, ref, norm, grammar, diagnostics)
        documents.append(document)
        covering = meta.issued or covering
    _report_unplaced(norm, outline.documents, diagnostics)
    diagnostics.sort(key=lambda d: (d.line or 0, d.code))
    return ParseResult(
        govplan_version=__version__,
        source=Source(path=decoded.path, encoding=decoded.encoding, bom=decoded.bom,
                      bytes=decoded.size, lines=len(norm.lines), sha256=decoded.sha256,
                      script=norm.script),
        output_script=script, documents=documents, diagnostics=diagnostics)


def _shape_diagnostics(norm: Normalized, outline: Outline) -> list[Diagnostic]:
    """Readable but odd input: empty, one enormous line, a document without headings."""
    found = []
    if not any(line.text for line in norm.lines):
        found.append(Diagnostic(code="empty-input", severity="warning", message="the input holds no text"))
    for line in norm.lines:
        if len(line.raw) > LONG_LINE:
            found.append(Diagnostic(
                code="long-line", severity="warning", line=line.number,
                message=f"line is {len(line.raw):,} characters long: line breaks were probably "
                        "lost, so headings inside it cannot be found"))
    for doc in outline.documents:
        if not doc.headings and doc.has_body:
            found.append(Diagnostic(code="no-headings", severity="info", line=doc.line,
                                    message="document has no numbered or titled headings"))
    return found


def _document(doc: DocOutline, meta: Metadata, ref: Reference, norm: Normalized,
              grammar: Grammar, diagnostics: list[Diagnostic]) -> Document:
    out = norm.to_output
    return Document(
        line=doc.line, end_line=doc.end_line, kind=doc.kind,
        title=out(meta.title) if meta.title else None,
        doc_number=out(meta.doc_number) if meta.doc_number else None,
        issuer=out(meta.issuer) if meta.issuer else None, issued=meta.issued,
        reference_year=ref.year, recipients=[out(r) for r in meta.recipients],
        disclosure=out(meta.disclosure) if meta.disclosure else None,
        attachments=[out(a) for a in meta.attachments],
        contacts=[{"label": out(label), "value": out(value), "line": line}
                  for label, value, line in meta.contacts],
        header=[{"line": ln.number, "text": out(ln.text)} for ln in doc.header],
        closing=[{"line": ln.number, "text": out(ln.text)} for ln in doc.closing],
        preface=out("\n".join(p.text for p in doc.preface)),
        sections=[_section(h, ref, norm, grammar, diagnostics) for h in doc.headings])


def _section(h: Heading, ref: Reference, norm: Normalized, grammar: Grammar,
             diagnostics: list[Diagnostic]) -> Section:
    out = norm.to_output
    units = extract_units(h.paragraphs, grammar, h.cells)
    found = extract_deadlines(h.paragraphs, units.fields, grammar, ref)
    for f in found:
        if f.problem and f.kind in ("date", "range"):
            diagnostics.append(Diagnostic(code="deadline-unresolved", severity="warning", line=f.line,
                                          message=f"deadline {f.text!r} not resolved: {f.problem}"))
    lines = [ln for p in h.paragraphs for ln in p.lines]
    return _slim(Section(
        line=h.line.number, end_line=h.end_line, marker=out(h.marker), style=h.style,
        number=h.number, level=h.level, path=out(h.path), title=out(h.title),
        text=out("\n".join(p.text for p in h.paragraphs)),
        original_text="\n".join(ln.raw for ln in lines),
        lead_units=[intern(out(u)) for u in units.names("lead")],
        responsible_units=[intern(out(u)) for u in units.names("responsible")],
        deadlines=[_deadline(f, out) for f in found],
        units=[_slim(UnitMention(name=intern(out(m.name)), key=intern(unit_key(m.name, grammar)),
                                 role=m.role, line=m.line, how=intern(out(m.how))))
               for m in units.mentions],
        children=[_section(c, ref, norm, grammar, diagnostics) for c in h.children]))


_ALL_FIELDS: dict[type, set[str]] = {}


def _slim(model):
    """Share one fields-set among the many small models of a large parse.

    pydantic keeps a set of the fields given to each instance; for the thousands of
    deadlines and unit mentions of a long plan those sets were a third of the memory.
    Every field counts as set here (the output never depends on which were defaults).
    """
    shared = _ALL_FIELDS.get(type(model))
    if shared is None:
        shared = _ALL_FIELDS[type(model)] = set(type(model).model_fields)
    object.__setattr__(model, "__pydantic_fields_set__", shared)
    return model


def _deadline(f: Found, out) -> Deadline:
    return _slim(Deadline(text=intern(out(f.text.strip("\u3000 "))), kind=f.kind, due=f.due, start=f.start,
                    line=f.line, source=f.source, label=intern(out(f.label)) if f.label else None))


def _report_unplaced(norm: Normalized, docs: list[DocOutline], diagnostics: list[Diagnostic]):
    """Text the parser could not give to any document is reported, never silently dropped."""
    placed = {ln.number for d in docs for ln in d.lines}
    for line in norm.lines:
        if line.cruft:
            diagnostics.append(Diagnostic(code="page-cruft", severity="info", line=line.number,
                                          message=f"page cruft ({line.cruft}) left out of the text"))
        elif line.text and line.number not in placed:
            diagnostics.append(Diagnostic(code="unplaced-text", severity="info", line=line.number,
                                          message="text before the first document: "
                                                  "read for metadata only"))
