"""Render an image file (a scan: .png, .jpg, .tif with one page a frame, .bmp) as lines, by OCR
(ocr.py), each located by page and line.  Its size is read from its header and refused past
ocr.MAX_PIXELS before any pixel is decoded; its resolution is the one it states (300 dpi when it
states none or one no scanner gives)."""
from __future__ import annotations

import io

from govplan.errors import RenderError
from govplan.formats.base import Rendered
from govplan.formats.ocr import DPI, MAX_PIXELS, doubt_notes, image_size, read_scan, require
from govplan.formats.pages import page_lines, read_page, text_chars

# frames of a multi-page TIFF read at most
MAX_FRAMES = 500
# resolutions a scan may state; another is taken for a missing one
LEAST_DPI, MOST_DPI = 50, 1200


def render_image(data: bytes, path: str) -> Rendered:
    require(path, "an image (a scan?)")
    from PIL import Image

    image_size(data, path)
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    pages = []
    model = ""
    try:
        with Image.open(io.BytesIO(data)) as img:
            for number in range(1, min(getattr(img, "n_frames", 1), MAX_FRAMES) + 1):
                img.seek(number - 1)
                if img.size[0] * img.size[1] > MAX_PIXELS:
                    raise RenderError(path, f"an image page of more than {MAX_PIXELS} pixels: refused")
                dpi = _dpi(img.info.get("dpi"))
                frame = img.convert("L")
                model, reading, rules = read_scan(frame, dpi, model, path)
                pages.append(read_page(number, reading.width, reading.glyphs, rules))
    except (OSError, ValueError, EOFError):
        raise RenderError(path, "not a readable image (damaged or truncated)") from None
    if text_chars(pages) < 1:
        raise RenderError(path, "an image in which OCR found no text")
    lines, where, doubtful = page_lines(pages)
    return Rendered("image", "\n".join(lines) + "\n", tuple(where), (),
                    (f"read by OCR ({model})",), doubt_notes(doubtful))


def _dpi(stated) -> float:
    try:
        value = float(stated[0])
    except (TypeError, ValueError, IndexError):
        return float(DPI)
    return value if LEAST_DPI <= value <= MOST_DPI else float(DPI)
