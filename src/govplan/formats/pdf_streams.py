"""Limits on what a PDF's streams expand to, measured before PDFium decodes anything."""
from __future__ import annotations

import regex

from govplan.errors import RenderError

# Limits decided before PDFium decodes anything: the streams of a PDF that PDFium decodes to
# read text (content streams, object streams) may expand to MAX_INFLATION times the file's size
# in all (at least MIN_INFLATED_BYTES, never past MAX_INFLATED_BYTES).  A notice's content
# streams inflate a few times; one stream of a kilobyte-sized file inflating to a gigabyte is a
# bomb (PDFium would hold it in memory).  The filters that expand are measured: Flate (inflated
# a megabyte at a time), LZW and RunLength (counted without being stored).  Image filters (DCT,
# JPX, JBIG2, CCITT) are never decoded to read text; ASCIIHex/ASCII85 shrink.
MAX_INFLATION = 200
MIN_INFLATED_BYTES = 64 * 1024 * 1024
MAX_INFLATED_BYTES = 512 * 1024 * 1024
_STREAM = regex.compile(rb"stream\r?\n")
_FILTER_WINDOW = 400  # how far before a stream its dictionary's /Filter is looked for
_PIECE = 1 << 20


def check_streams(data: bytes, path: str) -> None:
    """Measure what each expanding stream decodes to, never more than the limit still allows,
    and refuse the file when the streams together would expand past it."""
    limit = min(MAX_INFLATED_BYTES, max(MIN_INFLATED_BYTES, MAX_INFLATION * len(data)))
    left = limit
    for m in _STREAM.finditer(data):
        head = data[max(0, m.start() - _FILTER_WINDOW): m.start()]
        measure = (_inflated if b"FlateDecode" in head else _lzw_length if b"LZWDecode" in head
                   else _run_length if b"RunLengthDecode" in head else None)
        if measure is None:
            continue
        end = data.find(b"endstream", m.end())
        left -= measure(memoryview(data)[m.end(): end if end >= 0 else len(data)], left + 1)
        if left < 0:
            raise RenderError(path, f"a PDF whose streams expand past {limit} bytes ({MAX_INFLATION} times its size, "
                                    f"at most {MAX_INFLATED_BYTES}): refused as a zip bomb")


def _inflated(packed, cap: int) -> int:
    """Bytes a Flate stream inflates to, counted to ``cap`` at most (zlib's max_length: no more
    is ever made); a damaged stream counts what came before the damage (PDFium says the rest)."""
    import zlib

    inflater, made, rest = zlib.decompressobj(), 0, bytes(packed)
    try:
        while rest and made < cap:  # a megabyte at a time: memory stays flat
            made += len(inflater.decompress(rest, _PIECE))
            rest = inflater.unconsumed_tail
    except zlib.error:
        pass
    return made


def _lzw_length(packed, cap: int) -> int:
    """Bytes an LZW stream (PDF's, EarlyChange 1) decodes to, from the lengths of its table's
    entries alone (each code adds an entry one byte longer than the one before it)."""
    lengths: list[int] = [1] * 258  # 256 bytes, clear (256), end (257)
    made, width, acc, bits, previous = 0, 9, 0, 0, 0
    for byte in packed:
        acc, bits = (acc << 8) | byte, bits + 8
        while bits >= width and made < cap:
            bits -= width
            code = (acc >> bits) & ((1 << width) - 1)
            if code == 257:
                return made
            if code == 256:
                del lengths[258:]
                width, previous = 9, 0
                continue
            length = lengths[code] if code < len(lengths) else previous + 1
            made += length
            if previous and len(lengths) < 4096:
                lengths.append(previous + 1)
            previous = length
            width = min(12, (len(lengths) + 1).bit_length())
        acc &= (1 << bits) - 1
    return made


def _run_length(packed, cap: int) -> int:
    """Bytes a RunLength stream decodes to (a length byte: copy n+1 bytes, or repeat one 257-n times)."""
    made, k = 0, 0
    while k < len(packed) and made < cap:
        n = packed[k]
        if n == 128:
            break
        made, k = (made + n + 1, k + n + 2) if n < 128 else (made + 257 - n, k + 2)
    return made
