"""The library API: the pipeline read -> normalize -> outline -> assemble.

    from govplan import parse_text, parse_file
    result = parse_file("plan.txt")          # a govplan.models.ParseResult
    for doc in result.documents: ...

The library changes no process-wide state (garbage collector, signals, locale): the
command line and the batch layer decide those for their own processes.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from govplan.digests import sha256_hex
from govplan.formats.decode import Decoded, shown, without_surrogates
from govplan.formats.sniff import load_file
from govplan.grammar.compiled import Grammar
from govplan.grammar.loader import load_grammar
from govplan.models import ParseResult
from govplan.parse.assemble import Assembly, assemble
from govplan.parse.normalize import Normalized, normalize
from govplan.parse.outline.build import build_outline
from govplan.text.script import OUTPUT_SCRIPTS

if TYPE_CHECKING:  # (a parse without corrections never imports pydantic)
    from govplan.models.views import CorrectionsFile

SCRIPTS = OUTPUT_SCRIPTS


def parse_file(path: str | Path, *, script: str = "simplified",
               grammar_dirs: tuple[str | Path, ...] = (), reference: dt.date | None = None,
               corrections: CorrectionsFile | None = None) -> ParseResult:
    """Parse one notice file in any format read (``-`` reads stdin). Raises ReadError
    (one line) when it cannot be read.  ``corrections``: a reviewer's (govplan.correct.file
    .read_corrections), applied by line and task id; the result's diagnostics say which were not."""
    return parse_decoded(load_file(path), script=script, grammar=load_grammar(grammar_dirs), reference=reference,
                         corrections=corrections)


def assemble_file(path: str | Path, *, script: str = "simplified", grammar_dirs: tuple[str | Path, ...] = (),
                  reference: dt.date | None = None) -> Assembly:
    """``parse_file`` whose documents are assembled one at a time, as they are taken (``Assembly.documents``):
    for writing a long file's result without ever holding all of it (``output.json_stream.write_json``'s
    ``documents``).  The result's diagnostics are complete once every document has been taken."""
    grammar = load_grammar(grammar_dirs)
    return assemble_decoded(load_file(path), script=script, grammar=grammar, reference=reference)


def assemble_decoded(decoded: Decoded, *, script: str, grammar: Grammar,
                     reference: dt.date | None = None) -> Assembly:
    """The pipeline on decoded text, its documents assembled as they are taken (``assemble_file``)."""
    norm = normalize(decoded, grammar, _known(script))
    decoded = replace(decoded, text="")  # (the lines hold the text now: the whole copy let go)
    assembly = Assembly(decoded, norm, build_outline(norm, grammar), grammar, script, reference)
    assembly.when_done.append(grammar.keep_compiled)  # (the patterns this parse compiled, for the next start)
    return assembly


def parse_text(text: str, *, path: str = "-", script: str = "simplified",
               grammar_dirs: tuple[str | Path, ...] = (), reference: dt.date | None = None) -> ParseResult:
    """Parse a notice that is already a str (no decoding or binary check: it is text).

    Lone surrogates (which no encoding can write) become U+FFFD and are reported as damage.
    """
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        data, text = text.encode("utf-8", errors="surrogatepass"), without_surrogates(text)
    decoded = Decoded(shown(path), text, "unicode", False, len(data), sha256_hex(data))
    return parse_decoded(decoded, script=script, grammar=load_grammar(grammar_dirs), reference=reference)


def parse_decoded(decoded: Decoded, *, script: str, grammar: Grammar,
                  reference: dt.date | None = None, corrections: CorrectionsFile | None = None) -> ParseResult:
    """Run the pipeline on decoded text.  ``reference``: the date an undated notice is read as
    of (年底前 in a notice that states no date and no year), recorded in the output."""
    if corrections is None:
        return assemble_decoded(decoded, script=script, grammar=grammar, reference=reference).whole()
    result = _corrected(decoded, normalize(decoded, grammar, _known(script)), grammar, script, reference, corrections)
    grammar.keep_compiled()  # (the patterns this parse compiled, for the next start)
    return result


def _known(script: str) -> str:
    if script not in SCRIPTS:
        raise ValueError(f"script must be one of {', '.join(SCRIPTS)}, not {script!r}")
    return script


def _corrected(decoded: Decoded, norm: Normalized, grammar: Grammar, script: str, reference: dt.date | None,
               corrections: CorrectionsFile) -> ParseResult:
    """The pipeline's outline and assembly with a reviewer's corrections: headings decided in the outline,
    tasks' units and deadlines replaced after it."""
    from govplan.correct import apply

    decided, problems = apply.heading_decisions(decoded.text, corrections)
    outline = build_outline(norm, grammar, decided)
    result = assemble(decoded, norm, outline, grammar, script, reference)
    result.diagnostics += problems + apply.unplaced_decisions(decided, outline.honoured) + apply.applied_headings(
        decided, outline.honoured)
    apply.correct_tasks(result, corrections, grammar)
    return result
