"""Character accuracy and task agreement of OCR on scans made here (issue 23).

Each sample notice is printed to PDF (LibreOffice, two fonts: tests/printed.py; or the committed
reportlab PDFs of samples/formats when LibreOffice is absent), each page rendered to an image at
150 and 300 dpi, as is, skewed (a page laid askew on the scanner) and with noise (specks and
grain), and the images saved as a PDF without a text layer.  govplan reads the scan by OCR:

- character accuracy: 1 - (substitutions + deletions + insertions) / characters, of the scan's
  text against the printed PDF's text layer (spaces and line breaks left out, widths folded);
- task agreement: the share of the .txt's tasks (marker folded, level, title, units, deadlines)
  the scan gives;
- seconds per page.

    .venv/bin/python benchmarks/ocr_accuracy.py [--dpi 150 300] [--names national_plan ...]
"""
from __future__ import annotations

import argparse
import difflib
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

NAMES = ["national_plan", "work_plan_stages", "meeting_minutes", "traditional_tw", "traditional_hk", "task_table"]


def char_accuracy(reference: str, read: str) -> float:
    """Width folded on both sides (NFKC: ， and , are one character to the parse)."""
    import unicodedata

    a, b = ("".join(unicodedata.normalize("NFKC", t).split()) for t in (reference, read))
    errors = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            errors += max(i2 - i1, j2 - j1)
    return 1 - errors / max(1, len(a))


def scanned(pdf: Path, out: Path, dpi: int, damage: str, seed: int = 0) -> Path:
    """``pdf``'s pages as images in a PDF without text: as is, 'skew' (0.8 degrees) or 'noise'."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    rnd = random.Random(seed)
    doc = pdfium.PdfDocument(str(pdf))
    images = []
    for k in range(len(doc)):
        img = doc[k].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        if damage == "skew":
            img = img.rotate(0.8, resample=Image.BICUBIC, expand=False, fillcolor=255)
        elif damage == "noise":
            img = img.filter(ImageFilter.GaussianBlur(0.6))
            px = img.load()
            for _ in range(img.width * img.height // 400):  # specks, dark and light
                x, y = rnd.randrange(img.width), rnd.randrange(img.height)
                px[x, y] = rnd.choice((0, 255))
        images.append(img)
    doc.close()
    target = out / f"{pdf.stem}-{dpi}-{damage}.pdf"
    images[0].save(target, save_all=True, append_images=images[1:], resolution=dpi)
    return target


def _tasks(result) -> list[tuple]:
    import unicodedata

    from conftest import sections_of

    return [(unicodedata.normalize("NFKC", s["marker"]), s["level"], s["title"], tuple(s["lead_units"]),
             tuple(s["responsible_units"]), tuple((d["kind"], d["start"], d["due"]) for d in s["deadlines"]))
            for s in sections_of(result)]


def _agreement(a: list, b: list) -> int:
    return sum(m.size for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())


def printed_pdfs(names: list[str], folder: Path) -> dict[str, Path]:
    from printed import print_pdfs, soffice, write_docx

    if soffice() is None:
        return {n: ROOT / "samples" / "formats" / f"{n}.pdf" for n in names
                if (ROOT / "samples" / "formats" / f"{n}.pdf").exists()}
    docs = [write_docx((ROOT / "samples" / f"{n}.txt").read_text(encoding="utf-8").splitlines(), folder / f"{n}.docx")
            for n in names]
    return dict(zip(names, print_pdfs(docs, folder)))


def measure(names: list[str], dpis: list[int], damages: list[str]) -> list[dict]:
    from govplan import parse_file
    from govplan.formats.sniff import load_file

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, pdf in printed_pdfs(names, folder).items():
            reference = load_file(pdf).text
            want = _tasks(parse_file(ROOT / "samples" / f"{name}.txt"))
            pages = _pages(pdf)
            for dpi in dpis:
                for damage in damages:
                    scan = scanned(pdf, folder, dpi, damage)
                    start = time.perf_counter()
                    result = parse_file(scan)
                    seconds = time.perf_counter() - start
                    read = load_file(scan).text
                    rows.append({"name": name, "dpi": dpi, "damage": damage, "pages": pages,
                                 "chars": len("".join(reference.split())),
                                 "accuracy": char_accuracy(reference, read),
                                 "tasks": (_agreement(want, _tasks(result)), len(want)),
                                 "seconds_per_page": seconds / pages})
    return rows


def _pages(pdf: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


def report(rows: list[dict]) -> str:
    out = []
    for row in rows:
        same, total = row["tasks"]
        out.append(f"{row['name']:18} {row['dpi']:4} dpi {row['damage']:6} accuracy {row['accuracy']:.3f}  "
                   f"tasks {same}/{total}  {row['seconds_per_page']:.1f} s/page")
    keys = sorted({(r["dpi"], r["damage"]) for r in rows})
    for dpi, damage in keys:
        sel = [r for r in rows if (r["dpi"], r["damage"]) == (dpi, damage)]
        chars = sum(r["chars"] for r in sel)
        acc = sum(r["accuracy"] * r["chars"] for r in sel) / chars
        same, total = sum(r["tasks"][0] for r in sel), sum(r["tasks"][1] for r in sel)
        pages = sum(r["pages"] for r in sel)
        per_page = sum(r["seconds_per_page"] * r["pages"] for r in sel) / pages
        out.append(f"ALL {dpi} dpi {damage:6}: accuracy {acc:.3f} ({chars} characters), tasks {same}/{total} = "
                   f"{same / total:.3f}, {per_page:.1f} s/page")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, nargs="+", default=[150, 300])
    parser.add_argument("--damage", nargs="+", default=["clean", "skew", "noise"])
    parser.add_argument("--names", nargs="+", default=NAMES)
    args = parser.parse_args(argv)
    from govplan.formats.ocr import missing

    if missing():
        print(f"OCR is not installed here (missing: {missing()})", file=sys.stderr)
        return 1
    print(report(measure(args.names, args.dpi, args.damage)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
