"""OCR with RapidOCR (PP-OCRv4 detection and recognition run by onnxruntime; Apache-2.0, its
models inside its wheel, nothing downloaded): the engine the `govplan[ocr]` extra installs.

It finds text lines and reads each, with a box for every character (`return_word_box`); the
characters are placed on the page in points with y upward, on their line's baseline, in one
size for the body of the page (ocr.py's measure), and read as any printed page is.  One thread
(on a shared machine more threads fight for the cores), no rotation classifier (a notice's
lines are upright; a scan's skew is a fraction of a degree)."""
from __future__ import annotations

import logging
from functools import lru_cache

from govplan.formats.layout import Glyph
from govplan.formats.ocr import Recognised, _advanced, _full_width, body_sizes, skew_of


@lru_cache(maxsize=1)
def _engine():
    from rapidocr_onnxruntime import RapidOCR

    logging.getLogger("RapidOCR").setLevel(logging.ERROR)  # its progress is no diagnostic
    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, use_cls=False)


def recognise_rapid(image, dpi: float) -> Recognised:
    import numpy as np

    scale = 72.0 / dpi
    height = image.height * scale
    found, _ = _engine()(np.asarray(image.convert("RGB")), return_word_box=True)
    found = [item for item in found or [] if len(item) >= 3 and str(item[1]).strip()]
    lines = [_line(item) for item in found]
    skew = skew_of([(float(q[3][0]), float(q[3][1]), float(q[2][0]), float(q[2][1])) for q, *_ in found])
    glyphs: list[Glyph] = []
    for (text, boxes, _, conf), size in zip(lines, body_sizes([size for _, _, size, _ in lines], [])):
        glyphs += _glyphs(text, boxes, size, conf, scale, height)
    confidences = [conf for *_, conf in lines]
    return Recognised(glyphs, image.width * scale, height,
                      sum(confidences) / len(confidences) if confidences else 0.0, skew)


def _line(item) -> tuple[str, list[tuple[float, float, float, float]], float, float]:
    """A found line: its text, a box (left, top, right, bottom; pixels) for each character, its
    height and its confidence (0-100).  Characters without boxes of their own share the line's."""
    quad, text, score = item[0], str(item[1]), float(item[2])
    left, top, right, bottom = _box(quad)
    chars = item[3] if len(item) > 3 and isinstance(item[3], (list, tuple)) else []
    if len(chars) == len(text):
        boxes = [_box(q) for q in chars]
    else:  # spread over the line, a Latin character half a Chinese one
        weights = [0.5 if ch.isascii() else 1.0 for ch in text]
        step, x, boxes = (right - left) / max(sum(weights), 1e-6), left, []
        for w in weights:
            boxes.append((x, top, x + w * step, bottom))
            x += w * step
    return text, boxes, bottom - top, 100.0 * score


def _box(quad) -> tuple[float, float, float, float]:
    xs, ys = [float(p[0]) for p in quad], [float(p[1]) for p in quad]
    return min(xs), min(ys), max(xs), max(ys)


def _glyphs(text: str, boxes: list, size: float, conf: float, scale: float, height: float) -> list[Glyph]:
    bottom = max(b[3] for b in boxes)
    base = height - (bottom - 0.2 * size) * scale
    out = [Glyph(ch, b[0] * scale, b[2] * scale, height - b[3] * scale, height - b[1] * scale, base, 0.8 * size * scale,
                 confidence=conf) for ch, b in zip(text, boxes) if not ch.isspace()]
    return _advanced(_full_width(out))
