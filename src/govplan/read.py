"""Stage 1, read: bytes from a path or stdin -> decoded text with its encoding.

UTF-8 (with or without BOM) and UTF-16 with a BOM are taken as they are; anything
else is detected by charset-normalizer among the encodings Chinese notices use.
Unreadable input raises :class:`ReadError` with a one-line message.
"""
from __future__ import annotations

import codecs
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

# Encodings a Chinese notice comes in; charset-normalizer chooses among them.
CANDIDATES = ["utf_8", "gb18030", "big5", "big5hkscs", "utf_16_le", "utf_16_be"]
# Above this share of control characters the "text" is binary.
MAX_CONTROL_SHARE = 0.02


def shown(path: str) -> str:
    """A path as printable text: bytes of a name that are not UTF-8 (a name from a
    Windows zip, kept by Python as lone surrogates) become U+FFFD."""
    try:
        data = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        data = path.encode("utf-8", "surrogatepass")
    return data.decode("utf-8", "replace")


def without_surrogates(text: str) -> str:
    """Text with lone surrogates (which no encoder takes) as U+FFFD; pairs joined."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


class ReadError(Exception):
    """The input cannot be read as text. ``str(err)`` is the one-line message."""

    def __init__(self, path: str, reason: str):
        path = shown(path)
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Decoded:
    path: str
    text: str
    encoding: str
    bom: bool
    size: int
    sha256: str


def read_bytes(path: str | Path) -> bytes:
    """Read a file (or stdin for ``-``), turning OS errors into ReadError."""
    name = str(path)
    if name == "-":
        return sys.stdin.buffer.read()
    p = Path(path)
    try:
        if p.is_dir():
            raise ReadError(name, "is a directory")
        return p.read_bytes()
    except FileNotFoundError:
        raise ReadError(name, "no such file") from None
    except PermissionError:
        raise ReadError(name, "permission denied") from None
    except IsADirectoryError:
        raise ReadError(name, "is a directory") from None
    except OSError as exc:
        raise ReadError(name, f"cannot read: {exc.strerror or exc}") from None


def _bom(data: bytes) -> tuple[str, int] | None:
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"),
                     (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                     (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return enc, len(bom)
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f\v")
    return "\x00" in sample or controls / len(sample) > MAX_CONTROL_SHARE


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes  # only for non-UTF-8 input

    best = from_bytes(data, cp_isolation=CANDIDATES).best()
    return best.encoding if best is not None else None


def decode(data: bytes, path: str = "-") -> Decoded:
    """Decode bytes to text; raise ReadError when they are not text."""
    path = shown(path)
    digest = hashlib.sha256(data).hexdigest()
    bom = _bom(data)
    if bom:
        encoding, skip = bom
        try:
            text = data[skip:].decode(encoding)
        except UnicodeDecodeError as exc:
            raise ReadError(path, f"not valid {encoding} after its byte-order mark "
                                  f"(byte {exc.start + skip})") from None
        return _checked(Decoded(path, text, encoding.replace("-le", "").replace("-be", ""),
                                True, len(data), digest))
    try:
        text = data.decode("utf-8")
        return _checked(Decoded(path, text, "utf-8", False, len(data), digest))
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096] and not _utf16_shape(data):
        raise ReadError(path, "not a text file (binary data)")
    encoding = _detect(data)
    if encoding is None:
        raise ReadError(path, "not a text file (no known text encoding fits)")
    text = data.decode(encoding, errors="replace")
    name = {"utf_16_le": "utf-16", "utf_16_be": "utf-16", "utf_8": "utf-8"}.get(encoding, encoding)
    return _checked(Decoded(path, text, name.replace("_", "-"), False, len(data), digest))


def _utf16_shape(data: bytes) -> bool:
    """UTF-16 without a BOM: every other byte of ASCII-range text is zero."""
    head = data[:4096]
    zeros_even = head[0::2].count(0)
    zeros_odd = head[1::2].count(0)
    half = max(1, len(head) // 2)
    return max(zeros_even, zeros_odd) / half > 0.3 and min(zeros_even, zeros_odd) / half < 0.05


def _checked(decoded: Decoded) -> Decoded:
    if _looks_binary(decoded.text):
        raise ReadError(decoded.path, "not a text file (binary data)")
    return decoded


def read(path: str | Path) -> Decoded:
    """Read and decode one input."""
    return decode(read_bytes(path), str(path))
