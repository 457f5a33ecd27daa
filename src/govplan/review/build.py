"""A notice read for review: parsed (in its own characters by default, with a reviewer's
corrections), its ledger's rows made, and its view built."""
from __future__ import annotations

import datetime as dt

from govplan.correct.file import Corrections
from govplan.errors import ReadError
from govplan.grammar.compiled import Grammar
from govplan.review.view import NoticeView, notice_view


def review_file(path: str, grammar: Grammar, *, today: dt.date, script: str = "original",
                reference: dt.date | None = None, corrections: Corrections | None = None) -> NoticeView:
    """The review view of the notice at ``path`` (ReadError, one line, when it cannot be read)."""
    from govplan.api import parse_decoded
    from govplan.files.inputs import looks_like_json
    from govplan.formats.decode import read_bytes
    from govplan.formats.sniff import load
    from govplan.output.office import office_rows

    data = read_bytes(path)
    if looks_like_json(path, data) or path.endswith(".jsonl"):
        raise ReadError(path, "govplan review needs the notice itself: parse JSON holds no text to show")
    decoded = load(data, path)
    fixes = corrections.for_input(path, data) if corrections is not None else None
    result = parse_decoded(decoded, script=script, grammar=grammar, reference=reference, corrections=fixes)
    rows = office_rows(result, grammar)
    return notice_view(result, decoded.text, decoded.locators, rows, today, fixes)
