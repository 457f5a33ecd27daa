"""Scans read by optical character recognition: a PDF page without a text layer, or an image
file (.png, .jpg, .tif, .bmp).  Optional, two engines, neither downloading anything at run
time: RapidOCR (PP-OCRv4, its models inside its wheel; the `govplan[ocr]` extra installs it and
Pillow; ocr_rapid.py) and Tesseract from Debian's packages (tesseract-ocr with
tesseract-ocr-chi-sim and -chi-tra).  Without either a scan is refused in one line that says
how to install them.

The engine's characters, with their boxes and confidences, are placed on the page on the
baseline of the line the engine found them on, and the page is then read as any printed page
(pages.py), its ruled tables from runs of dark pixels.  The model is chosen on the first page
so that what people read keeps the document's own characters: RapidOCR's one model, except for
a traditional page, which Tesseract's traditional model reads where it is installed; with
Tesseract alone, the model (simplified or traditional) surer of the page.  A page askew is set
upright and read again.  A line read with a low mean confidence is reported (text-damage) at
its line.
"""
from __future__ import annotations

import bisect
import csv
import io
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, replace
from functools import lru_cache

import regex

from govplan.errors import RenderError
from govplan.formats.layout import RULE_SNAP, Glyph, Rule
from govplan.formats.pdf_page import MIN_RULE_LENGTH
from govplan.settings import env_number

MODELS = ("chi_sim", "chi_tra")  # Tesseract's simplified and traditional Chinese, Latin included
DPI = 300  # a PDF page is rendered at this resolution for recognition
# an image of more pixels than this is refused before it is decoded (A3 at 600 dpi is 70 million)
MAX_PIXELS = 100_000_000
_FULL = {",": "\uff0c", ":": "\uff1a", ";": "\uff1b", "(": "\uff08", ")": "\uff09", "?": "\uff1f", "!": "\uff01"}
# a page whose lines fall by this many degrees or more (and no more than the most) is turned back
MIN_SKEW, MAX_SKEW = 0.2, 10.0
# a page where more than this share of the pixels are specks is filtered before Tesseract reads it
# (a clean print at 300 dpi: about 0.0001; specks on one pixel in 400: 0.0012)
SPECKS = 0.0004
# a line recognised this many times larger than the page's middle size is set larger (a title)
TITLE_SIZE = 1.3
# a scan's rules: this long at least (points; a character's longest stroke is shorter), found in
# the image squeezed this many times along them; a page with more is no table
MIN_SCAN_RULE = 24.0
SQUEEZE = 8
MAX_SCAN_RULES = 20_000
# a short run's end meets a rule within this many points (it runs into the rule it meets)
SCAN_REACH = 1.5
# what OCR makes of a rule it reads as text: these characters within this many points of one
RULE_MARKS = frozenset("|\uff5c\u4e28lI1[]!\u201c\u201d\u2018\u2019'\"\u3001,\uff0c")
RULE_MARK_REACH = 6.0
INSTALL = ("OCR is not installed: pip install 'govplan[ocr]' (RapidOCR, its models in the wheel), or Debian's "
           "tesseract-ocr, tesseract-ocr-chi-sim and tesseract-ocr-chi-tra with Pillow (README \"Scans\")")


@dataclass(frozen=True)
class Recognised:
    glyphs: list[Glyph]
    width: float  # the page in points
    height: float
    confidence: float  # the mean of its words'
    skew: float = 0.0  # degrees its lines fall to the right (a page laid askew on the scanner)


def read_scan(image, dpi: float, model: str, path: str) -> tuple[str, Recognised, list[Rule]]:
    """A scanned page read: by ``model`` (or the one chosen on it, when none is yet), set upright
    first when its lines run askew (read again turned back), its rules found, and what the
    engine made of the rules dropped."""
    from PIL import Image

    if model:
        reading = recognise(image, dpi, model, path)
    else:
        model, reading = choose_model(image, dpi, path)
    if MIN_SKEW <= abs(reading.skew) <= MAX_SKEW:
        image = image.rotate(reading.skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
        reading = recognise(image, dpi, model, path)
    rules = scan_rules(image, dpi)
    return model, replace(reading, glyphs=off_rules(reading.glyphs, rules)), rules


def skew_of(lines: list[tuple[float, float, float, float]]) -> float:
    """The middle slope, in degrees, of text lines given as (x0, y0, x1, y1) along their
    baselines (pixels, y downward), of lines at least a fifth of the widest long."""
    import math

    widest = max((x1 - x0 for x0, _, x1, _ in lines), default=0.0)
    angles = sorted(math.degrees(math.atan2(y1 - y0, x1 - x0)) for x0, y0, x1, y1 in lines
                    if x1 - x0 >= widest / 5 and x1 > x0)
    return angles[len(angles) // 2] if angles else 0.0


RAPID = "RapidOCR PP-OCRv4"  # the model name a reading by RapidOCR carries
RAPID_TRADITIONAL = "RapidOCR PP-OCRv4, in traditional characters"
# PP-OCR's one Chinese model reads a traditional notice partly in simplified characters and
# misses some (辦 as 瓣): a first page with more than this share of characters only traditional
# script writes is traditional, read by Tesseract's traditional model where it is installed,
# else by PP-OCR with the characters read in simplified form written back (OpenCC s2t)
TRADITIONAL_SHARE = 0.02


@lru_cache(maxsize=1)
def engine() -> str | None:
    """The engine OCR runs with here: RapidOCR (PP-OCR, its models in its wheel: far surer of
    bracketed markers) where installed, else Tesseract; GOVPLAN_OCR_ENGINE=tesseract picks
    Tesseract.  None when neither can run."""
    import importlib.util

    if importlib.util.find_spec("PIL") is None:
        return None
    if os.environ.get("GOVPLAN_OCR_ENGINE") != "tesseract" and importlib.util.find_spec("rapidocr_onnxruntime"):
        return "rapidocr"
    return "tesseract" if _tesseract_lacks() is None else None


def missing() -> str | None:
    """What OCR lacks here, or None when it can run."""
    import importlib.util

    if importlib.util.find_spec("PIL") is None:
        return "Pillow"
    return None if engine() else _tesseract_lacks()


@lru_cache(maxsize=1)
def _tesseract_lacks() -> str | None:
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        return "tesseract"
    try:
        listed = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return "tesseract"
    return None if all(m in listed.split() for m in MODELS) else "tesseract-ocr-chi-sim/chi-tra"


def require(path: str, what: str) -> None:
    lacking = missing()
    if lacking:
        raise RenderError(path, f"{what}: {INSTALL}; missing here: {lacking}")


def choose_model(image, dpi: float, path: str) -> tuple[str, Recognised]:
    """The model to read a document with, and its reading of the first page: RapidOCR's one
    model, or the Tesseract model surer of the page."""
    if engine() == "rapidocr":
        reading = recognise(image, dpi, RAPID, path)
        if _traditional_share(reading.glyphs) <= TRADITIONAL_SHARE:
            return RAPID, reading
        if _tesseract_lacks() is None:
            return "Tesseract chi_tra", _tesseract(image, dpi, "chi_tra", path)  # it knows them all
        return RAPID_TRADITIONAL, replace(reading, glyphs=_in_traditional(reading.glyphs))
    readings = [(f"Tesseract {model}", _tesseract(image, dpi, model, path)) for model in MODELS]
    return max(readings, key=lambda r: r[1].confidence)


def _traditional_share(glyphs: list[Glyph]) -> float:
    from govplan.text.script import t2s

    han = "".join(g.char for g in glyphs if "\u4e00" <= g.char <= "\u9fff")
    return sum(a != b for a, b in zip(han, t2s(han))) / len(han) if han else 0.0


def _in_traditional(glyphs: list[Glyph]) -> list[Glyph]:
    from govplan.text.script import s2t

    text = "".join(g.char for g in glyphs)
    written = s2t(text)
    if len(written) != len(text):  # (a phrase of another length: character by character)
        written = "".join(s2t(g.char) if len(s2t(g.char)) == 1 else g.char for g in glyphs)
    return [g if g.char == ch else replace(g, char=ch) for g, ch in zip(glyphs, written)]


def recognise(image, dpi: float, model: str, path: str) -> Recognised:
    """The characters a model reads on a page image (a Pillow image; ``dpi`` its resolution)."""
    if model in (RAPID, RAPID_TRADITIONAL):
        from govplan.formats.ocr_rapid import recognise_rapid

        reading = recognise_rapid(image, dpi)
        return reading if model == RAPID else replace(reading, glyphs=_in_traditional(reading.glyphs))
    return _tesseract(image, dpi, model.removeprefix("Tesseract "), path)


def _despeckled(grey):
    """A page with specks (isolated dots a median filter removes: more than SPECKS of its pixels)
    filtered: Tesseract loses thin strokes, 一 above all, among specks.  A clean page is left as
    it is (the filter costs it characters)."""
    from PIL import ImageChops, ImageFilter

    filtered = grey.filter(ImageFilter.MedianFilter(3))
    changed = sum(ImageChops.difference(grey, filtered).histogram()[200:])
    return filtered if changed > SPECKS * grey.width * grey.height else grey


def _tesseract(image, dpi: float, model: str, path: str) -> Recognised:
    """The characters Tesseract reads on a page image."""
    scale = 72.0 / dpi  # pixels to points
    with tempfile.TemporaryDirectory(prefix="govplan-ocr-") as folder:
        picture = os.path.join(folder, "page.png")
        _despeckled(image.convert("L")).save(picture)
        try:
            ran = subprocess.run(["tesseract", picture, "stdout", "-l", model, "--dpi", str(int(dpi)), "tsv"],
                                 capture_output=True, timeout=env_number("GOVPLAN_OCR_PAGE_SECONDS", 300.0),
                                 env=dict(os.environ, OMP_THREAD_LIMIT="1"))
        except subprocess.TimeoutExpired:
            raise RenderError(path, "OCR of a page took too long (GOVPLAN_OCR_PAGE_SECONDS)") from None
    if ran.returncode != 0:
        said = ran.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise RenderError(path, f"OCR failed ({said[0][:200]})")
    height = image.height * scale
    glyphs, confidences, skew = _glyphs(ran.stdout.decode("utf-8", "replace"), scale, height)
    return Recognised(glyphs, image.width * scale, height,
                      sum(confidences) / len(confidences) if confidences else 0.0, skew)


def _glyphs(tsv: str, scale: float, height: float) -> tuple[list[Glyph], list[float], float]:
    """Tesseract's words as characters spread over each word's box, on its line's baseline, in
    the order Tesseract read them (word boxes may overlap: each starts where the one before ends)."""
    lines: dict[tuple[str, ...], list[_Word]] = {}  # line -> words
    boxes: dict[tuple[str, ...], tuple[float, float]] = {}  # line -> (bottom, height), pixels
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        try:
            key: tuple[str, ...] = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
            left, top, width, tall, conf = (float(row[k]) for k in ("left", "top", "width", "height", "conf"))
        except (KeyError, TypeError, ValueError):
            continue
        text = (row.get("text") or "").strip()
        if row["level"] == "4":
            boxes[key] = (top + tall, tall)
        elif row["level"] == "5" and text and key in boxes:
            lines.setdefault(key, []).append(_Word(left, left + width, top, top + tall, text, max(0.0, conf)))
    glyphs: list[Glyph] = []
    # a line without a Chinese character (a number, marks) has no measure of its own (0)
    sizes = body_sizes([_em(words) for words in lines.values()], [box[1] for box in boxes.values()])
    for (key, words), size in zip(lines.items(), sizes):
        glyphs += _line_glyphs(words, boxes[key][0], size, scale, height)
    confidences = [w.conf for words in lines.values() for w in words]
    return glyphs, confidences, skew_of([(ws[0].left, ws[0].bottom, ws[-1].right, ws[-1].bottom)
                                         for ws in lines.values() if len(ws) >= 5])


def body_sizes(measures: list[float], fallback: list[float]) -> list[float]:
    """The size each line of a page is read in: the body's lines in one size, the page's middle
    measure (a line's own wavers with what it holds: a quotation mark, a descender), a line
    set larger (a title) in its own.  A measure of 0 (none) takes the body's; ``fallback`` gives
    the middle when no line has a measure."""
    measured = sorted(m for m in measures if m) or sorted(fallback) or [0.0]
    usual = measured[len(measured) // 2]
    return [m if m > TITLE_SIZE * usual else usual for m in measures]


def _em(words: list["_Word"]) -> float:
    """A line's size: the middle ink height of the words that are one Chinese character each
    (a longer word's box takes in the marks beside it; a Chinese character's ink fills most of
    its em), 0 for a line with none."""
    tall = sorted(w.bottom - w.top for w in words if len(w.text) == 1 and w.text >= "\u4e00")
    return tall[len(tall) // 2] / 0.9 if tall else 0.0


@dataclass(frozen=True)
class _Word:
    left: float  # pixels, y from the top
    right: float
    top: float
    bottom: float
    text: str
    conf: float


def _line_glyphs(words: list[_Word], bottom: float, size: float, scale: float, height: float) -> list[Glyph]:
    """A line's words as characters: on the line's baseline, each within its word's box."""
    out: list[Glyph] = []
    base = height - (bottom - 0.15 * size) * scale
    end = float("-inf")
    for w in words:
        start = max(w.left, end)
        step = max(w.right - start, len(w.text)) / len(w.text)
        for i, ch in enumerate(w.text):
            x = (start + i * step) * scale
            out.append(Glyph(ch, x, x + step * scale, height - w.bottom * scale, height - w.top * scale, base,
                             0.85 * size * scale, confidence=w.conf))
        end = start + step * len(w.text)
    return _advanced(_full_width(out))


def _full_width(line: list[Glyph]) -> list[Glyph]:
    """Punctuation the models give in its ASCII form, next to Chinese or paired with a
    full-width bracket, as Chinese prints it (full width; straight double quotes opening and
    closing in turn)."""
    chars = [g.char for g in line]
    quotes = 0
    for k, ch in enumerate(chars):
        near = chars[max(0, k - 1): k] + chars[k + 1: k + 2]
        paired = ch == "(" and "\uff09" in chars[k + 1: k + 5] or ch == ")" and "\uff08" in chars[max(0, k - 4): k]
        if ch == '"' and any(c >= "\u2e80" for c in near):
            chars[k], quotes = ("\u201c" if quotes % 2 == 0 else "\u201d"), quotes + 1
        elif ch in _FULL and (paired or any(c >= "\u2e80" for c in near)):
            chars[k] = _FULL[ch]
    return [g if g.char == ch else replace(g, char=ch) for g, ch in zip(line, chars)]


def _advanced(line: list[Glyph]) -> list[Glyph]:
    """Ink boxes widened to the advance a typesetter gives (an em for a Chinese character, half
    for a Latin one), never past where the next character begins: the gap after a small mark
    (、，) is the mark's own room, not a space."""
    out = []
    for g, after in zip(line, line[1:] + [None]):
        right = max(g.right, g.left + g.size * (0.5 if g.char.isascii() else 1.0))
        if after is not None:  # never past the next character; not at all where they overlap
            right = min(right, after.left) if after.left > g.right else g.right
        out.append(replace(g, right=right))
    return out


def scan_rules(image, dpi: float) -> list[Rule]:
    """The rules of a scanned page (a ruled table's lines): runs of dark pixels, found row by row
    in the image squeezed SQUEEZE times along the run (a rule stays dark, letters turn grey), and
    the same down the columns.  A run MIN_SCAN_RULE points long is a rule (no stroke of a
    character is that long); a shorter one only where both its ends meet such rules across it
    and a long rule stands on its line elsewhere (a column's edge in a short row, where the table
    has that column's edge in longer rows: a character's stroke does neither)."""
    runs = _dark_runs(image.convert("L"), 72.0 / dpi)
    if len(runs) > MAX_SCAN_RULES:
        return []  # a drawing or a photograph, not a table
    long = [r for r in runs if r.end - r.start >= MIN_SCAN_RULE]
    closed = _Closing(long)
    return long + [r for r in runs if r.end - r.start < MIN_SCAN_RULE and closed(r)]


def _dark_runs(grey, scale: float) -> list[Rule]:
    from PIL import Image

    height = grey.height * scale
    dark = regex.compile(rb"[\x00-\x50]{%d,}" % max(1, int(MIN_RULE_LENGTH / scale / SQUEEZE)))
    step = SQUEEZE * scale
    runs: list[Rule] = []
    for horizontal, picture in ((True, grey), (False, grey.transpose(Image.Transpose.ROTATE_90))):
        squeezed = picture.resize((max(1, picture.width // SQUEEZE), picture.height), Image.Resampling.BOX)
        data, width = squeezed.tobytes(), squeezed.width
        for k in range(squeezed.height):
            for m in dark.finditer(data, k * width, (k + 1) * width):
                start, end = (m.start() - k * width) * step, (m.end() - k * width) * step
                if horizontal:  # row k, from the top
                    runs.append(Rule(True, height - k * scale, start, end))
                else:  # row k of the turned image is column (width - 1 - k); along it, y from the top
                    runs.append(Rule(False, (grey.width - 1 - k) * scale, height - end, height - start))
                if len(runs) > MAX_SCAN_RULES:
                    return runs
    return runs


class _Closing:
    """Does a short run close a cell: both its ends meet a long rule across it, and a long rule
    stands on its line?  The long rules indexed once a page."""

    def __init__(self, long: list[Rule]):
        self.across = {h: sorted((r for r in long if r.horizontal != h), key=lambda r: r.at) for h in (True, False)}
        self.levels = {h: [r.at for r in rules] for h, rules in self.across.items()}
        self.along = {h: sorted(r.at for r in long if r.horizontal == h) for h in (True, False)}

    def __call__(self, run: Rule) -> bool:
        along = self.along[run.horizontal]
        k = bisect.bisect_left(along, run.at - RULE_SNAP)
        return k < len(along) and along[k] <= run.at + RULE_SNAP and self._met(run, run.start) \
            and self._met(run, run.end)

    def _met(self, run: Rule, at: float) -> bool:
        levels, across = self.levels[run.horizontal], self.across[run.horizontal]
        lo, hi = bisect.bisect_left(levels, at - SCAN_REACH), bisect.bisect_right(levels, at + SCAN_REACH)
        return any(r.start - SCAN_REACH <= run.at <= r.end + SCAN_REACH for r in across[lo:hi])


def off_rules(glyphs: list[Glyph], rules: list[Rule]) -> list[Glyph]:
    """The characters OCR read, less the marks it made of the rules themselves (a `|` or a quote
    where a cell's edge runs)."""
    if not rules:
        return glyphs
    upright = sorted((r for r in rules if not r.horizontal), key=lambda r: r.at)
    xs = [r.at for r in upright]
    out = []
    for g in glyphs:
        middle, y = (g.left + g.right) / 2, (g.bottom + g.top) / 2
        near = upright[bisect.bisect_left(xs, middle - RULE_MARK_REACH):
                       bisect.bisect_right(xs, middle + RULE_MARK_REACH)]
        if g.char in RULE_MARKS and any(r.start <= y <= r.end for r in near):
            continue
        out.append(g)
    return out


def image_size(data: bytes, path: str) -> tuple[int, int]:
    """An image's size from its header (Pillow reads no pixels for it); refused past MAX_PIXELS."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            size = img.size
    except (UnidentifiedImageError, OSError, ValueError):
        raise RenderError(path, "not a readable image (damaged, or of a kind Pillow does not read)") from None
    except Image.DecompressionBombError:
        size = (MAX_PIXELS, 2)
    if size[0] * size[1] > MAX_PIXELS:
        raise RenderError(path, f"an image of {size[0]}x{size[1]} pixels (more than {MAX_PIXELS}): refused")
    return size


def doubt_notes(doubtful: dict[int, float]) -> tuple[tuple[int, str, str], ...]:
    """Diagnostics for the lines (0-based) OCR was unsure of."""
    return tuple((k + 1, "text-damage", f"read by OCR with a confidence of {conf:.0f}%: check this line against "
                                        f"the scan") for k, conf in sorted(doubtful.items()))
