"""OFD files for the tests, written from the specification (GB/T 33190-2016): no OFD writer
that installs here writes valid files (easyofd's pdf2ofd, measured: a PhysicalBox in points
where millimetres are due, `size` for `Size`, every text object of a line at one Boundary).

``pdf_to_ofd`` copies a printed page: each run of characters on one baseline and in one size
becomes a TextObject (Boundary, Size; a TextCode with X, Y and DeltaX, equal advances packed
as `g n d`), each rule a PathObject.  Variations, as writers differ: text objects in points
under a CTM; one object per character; rules as thin boundaries or as `M … L …` data; the
running header (the first line of pages 2 on) in a TemplatePage.
"""
from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

NS = "http://www.ofdspec.org/2016"
MM = 25.4 / 72  # millimetres in a point


def _num(v: float) -> str:
    return f"{v:.3f}".rstrip("0").rstrip(".")


def _deltas(values: list[float]) -> str:
    out: list[str] = []
    k = 0
    while k < len(values):
        n = 1
        while k + n < len(values) and abs(values[k + n] - values[k]) < 1e-3:
            n += 1
        out += [f"g {n} {_num(values[k])}"] if n > 1 else [_num(values[k])]
        k += n
    return " ".join(out)


def _runs(glyphs, per_char: bool):
    """Characters on one baseline, in one size, left to right."""
    rows: dict[tuple[float, float], list] = {}
    for g in glyphs:
        if g.generated or g.char in "\r\n":
            continue
        rows.setdefault((round(g.baseline, 1), round(g.size, 1)), []).append(g)
    for (_, _), row in sorted(rows.items(), key=lambda kv: -kv[0][0]):
        row.sort(key=lambda g: g.left)
        if per_char:
            yield from ([g] for g in row)
        else:
            yield row


def _text_object(ident: int, run, height: float, ctm: bool) -> str:
    size = run[0].size * MM
    left, base = run[0].left * MM, (height - run[0].baseline) * MM
    right = run[-1].right * MM
    box = f"{_num(left)} {_num(base - size)} {_num(max(right - left, 0.1))} {_num(size * 1.2)}"
    deltas = [(b.left - a.left) * MM for a, b in zip(run, run[1:])]
    text = escape("".join(g.char for g in run))
    if ctm:  # the object's own units are points, a CTM scales them to millimetres
        k = 1 / MM
        return (f'<ofd:TextObject ID="{ident}" Font="1" Size="{_num(size * k)}" Boundary="{box}" '
                f'CTM="{_num(MM)} 0 0 {_num(MM)} 0 0"><ofd:TextCode X="0" Y="{_num(size * k)}" '
                f'DeltaX="{_deltas([d * k for d in deltas])}">{text}</ofd:TextCode></ofd:TextObject>')
    return (f'<ofd:TextObject ID="{ident}" Font="1" Size="{_num(size)}" Boundary="{box}">'
            f'<ofd:TextCode X="0" Y="{_num(size)}" DeltaX="{_deltas(deltas)}">{text}</ofd:TextCode></ofd:TextObject>')


def _path_object(ident: int, rule, height: float, as_data: bool) -> str:
    if rule.horizontal:
        x, y, w, h = rule.start * MM, (height - rule.at) * MM, (rule.end - rule.start) * MM, 0.0
    else:
        x, y, w, h = rule.at * MM, (height - rule.end) * MM, 0.0, (rule.end - rule.start) * MM
    if as_data:  # a boundary around the line, the line itself in the data
        return (f'<ofd:PathObject ID="{ident}" LineWidth="0.25" Boundary="{_num(x - 1)} {_num(y - 1)} {_num(w + 2)} '
                f'{_num(h + 2)}"><ofd:AbbreviatedData>M 1 1 L {_num(w + 1)} {_num(h + 1)}</ofd:AbbreviatedData>'
                f'</ofd:PathObject>')
    return (f'<ofd:PathObject ID="{ident}" LineWidth="0.25" Boundary="{_num(x)} {_num(y)} {_num(max(w, 0.2))} '
            f'{_num(max(h, 0.2))}"><ofd:AbbreviatedData>M 0 0 L {_num(w)} {_num(h)}</ofd:AbbreviatedData>'
            f'</ofd:PathObject>')


def _content(objects: list[str], template: str | None = None) -> str:
    used = f'<ofd:Template TemplateID="{template}" ZOrder="Background"/>' if template else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}">{used}<ofd:Content>'
            f'<ofd:Layer ID="2">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>')


def pdf_to_ofd(pdf: Path, out: Path, ctm: bool = False, per_char: bool = False, rules_as_data: bool = False,
               header_template: bool = False) -> Path:
    import pypdfium2 as pdfium

    from govplan.formats.pdf_page import page_glyphs, page_rules

    doc = pdfium.PdfDocument(str(pdf))
    width, height = doc[0].get_size()
    ident = 10
    pages, template = [], None
    for i in range(len(doc)):
        page = doc[i]
        runs = list(_runs(page_glyphs(page.get_textpage()), per_char))
        if header_template and i > 0 and runs:  # the first line of a later page: a running header
            head, runs = runs[0], runs[1:]
            template = template or _content([_text_object(9, head, height, ctm)])
        objects = []
        for run in runs:
            ident += 1
            objects.append(_text_object(ident, run, height, ctm))
        for rule in page_rules(page):
            ident += 1
            objects.append(_path_object(ident, rule, height, rules_as_data))
        pages.append(_content(objects, "1" if template and i > 0 else None))
    doc.close()
    box = f"0 0 {_num(width * MM)} {_num(height * MM)}"
    templates = '<ofd:TemplatePage ID="1" BaseLoc="Tpls/Tpl_0/Content.xml"/>' if template else ""
    listed = "".join(f'<ofd:Page ID="{100 + k}" BaseLoc={quoteattr(f"Pages/Page_{k}/Content.xml")}/>'
                     for k in range(len(pages)))
    document = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
                f'<ofd:MaxUnitID>{ident + 1}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>{box}</ofd:PhysicalBox>'
                f'</ofd:PageArea>{templates}</ofd:CommonData><ofd:Pages>{listed}</ofd:Pages></ofd:Document>')
    root = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD">'
            f'<ofd:DocBody><ofd:DocInfo><ofd:DocID>0</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml'
            f'</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", root)
        z.writestr("Doc_0/Document.xml", document)
        if template:
            z.writestr("Doc_0/Tpls/Tpl_0/Content.xml", template)
        for k, content in enumerate(pages):
            z.writestr(f"Doc_0/Pages/Page_{k}/Content.xml", content)
    return out
