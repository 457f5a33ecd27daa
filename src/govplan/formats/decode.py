"""Stage 1, read: bytes from a path or stdin -> decoded text with its encoding.

UTF-8 (with or without BOM) and UTF-16 with a BOM are taken as they are; anything
else is detected by charset-normalizer among the encodings Chinese notices use.
Unreadable input raises :class:`ReadError` with a one-line message.
"""
from __future__ import annotations

import codecs
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from govplan.digests import sha256_hex
from govplan.errors import ReadError, shown
from govplan.precompiled import kept
from govplan.settings import env_number

# Encodings a Chinese notice comes in; charset-normalizer chooses among them.
CANDIDATES = ["utf_8", "gb18030", "big5", "big5hkscs", "utf_16_le", "utf_16_be"]
# Above this share of control characters the "text" is binary.
MAX_CONTROL_SHARE = 0.02
# ... and more than this many of them (a stray NUL in a short notice is damage, not binary)
MIN_CONTROLS = 16


def without_surrogates(text: str) -> str:
    """Text with lone surrogates (which no encoder takes) as U+FFFD; pairs joined."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")



@dataclass(frozen=True)
class Decoded:
    path: str
    text: str
    encoding: str
    bom: bool
    size: int
    sha256: str
    # (line, diagnostic code, message) of what decoding repaired (mixed encodings, mojibake) and
    # what a reading library warned of (line None: of the whole file)
    notes: tuple[tuple[int | None, str, str], ...] = ()
    # a notice read from another format: which, and per line of ``text`` where it stands there
    format: str = "text"
    locators: tuple[str, ...] = ()
    parts: tuple[int, ...] = ()  # lines that begin a part of the file that is its own document (a sheet)


# the largest input read (MB); a notice is kilobytes, a whole gazette a few MB.  Decided before a
# file is loaded (from its size), and counted while a stream, device or FIFO is read
MAX_INPUT_MB = 256
_CHUNK = 1 << 20


def max_input_bytes() -> int:
    """The input size limit: GOVPLAN_MAX_INPUT_MB, else MAX_INPUT_MB."""
    return max(1, int(env_number("GOVPLAN_MAX_INPUT_MB", MAX_INPUT_MB))) * 1024 * 1024


def _too_large(name: str, what: str, limit: int) -> ReadError:
    return ReadError(name, f"{what} the input limit of {limit // (1024 * 1024)} MB (GOVPLAN_MAX_INPUT_MB raises it)")


def _read_limited(stream, name: str, limit: int) -> bytes:
    """Read a stream (stdin, a device, a FIFO) to its end, never more than ``limit`` bytes."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise _too_large(name, "goes on past", limit)


def read_bytes(path: str | Path) -> bytes:
    """Read a file (or stdin for ``-``), turning OS errors into ReadError.  The size limit is
    decided before a regular file is loaded; a device or FIFO is read to the limit at most, and
    a FIFO nobody writes to reads as empty instead of waiting forever."""
    name, limit = str(path), max_input_bytes()
    if name == "-":
        return _read_limited(sys.stdin.buffer, name, limit)
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise ReadError(name, "is a directory")
        if stat.S_ISREG(info.st_mode):
            if info.st_size > limit:
                raise _too_large(name, f"is {info.st_size} bytes, more than", limit)
            return Path(path).read_bytes()
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO: no wait for a writer to come
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as fh:
            return _read_limited(fh, name, limit)
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


# the control characters that are not layout (\t \n \v \f \r are): counted in one C-level scan
_CONTROLS = kept("[\x00-\x08\x0e-\x1f]")


def _looks_binary(text: str) -> bool:
    """Many control characters (a stray NUL or two in a text file is damage, not binary)."""
    sample = text[:65536]
    if not sample:
        return False
    controls = len(_CONTROLS.findall(sample))
    return controls > MIN_CONTROLS and controls / len(sample) > MAX_CONTROL_SHARE


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes  # only for non-UTF-8 input

    best = from_bytes(data, cp_isolation=CANDIDATES).best()
    return best.encoding if best is not None else None


def decode(data: bytes, path: str = "-") -> Decoded:
    """Decode bytes to text; raise ReadError when they are not text.

    Damaged text is read, not refused: bytes that are not valid in the file's encoding
    become U+FFFD (reported later as text-damage on their line), a NUL byte too; lines
    of a UTF-8 file saved in GBK are decoded as GBK (mixed-encoding), and lines of UTF-8
    read once as Latin-1 are repaired (mojibake-repaired).
    """
    path = shown(path)
    digest = sha256_hex(data)
    bom = _bom(data)
    notes: list[tuple[int, str, str]] = []
    if bom:
        encoding, skip = bom
        text, name = data[skip:].decode(encoding, errors="replace"), encoding.replace("-le", "").replace("-be", "")
    elif _strict(data, "utf-8") is not None and data[:4096].count(0) * 10 < len(data[:4096]):
        text, name = data.decode("utf-8"), "utf-8"
    elif (utf16 := _utf16(data)) is not None:
        text, name = utf16, "utf-16"
    elif _strict(data, "utf-8") is not None:
        text, name = data.decode("utf-8"), "utf-8"
    elif _looks_binary(data[:65536].decode("latin-1")):
        raise ReadError(path, "not a text file (binary data)")
    else:
        text, name = _mostly_utf8(data, notes) or _legacy(data, path)
    if _looks_binary(text):
        raise ReadError(path, "not a text file (binary data)")
    text, repaired = _repair_mojibake(text)
    notes += repaired
    # a NUL is damage: U+FFFD, reported on its line like any other replacement
    return Decoded(path, text.replace("\x00", "\ufffd"), name, bool(bom), len(data), digest, tuple(notes))


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _legacy(data: bytes, path: str) -> tuple[str, str]:
    """A file in a legacy Chinese encoding (GB18030/GBK, Big5), detected."""
    encoding = _detect(data)
    if encoding is None:
        raise ReadError(path, "not a text file (no known text encoding fits)")
    name = {"utf_16_le": "utf-16", "utf_16_be": "utf-16", "utf_8": "utf-8"}.get(encoding, encoding)
    return data.decode(encoding, errors="replace"), name.replace("_", "-")


def _mostly_utf8(data: bytes, notes: list[tuple[int, str, str]]) -> tuple[str, str] | None:
    """UTF-8 with damage (a bad byte, a cut character) or with lines saved in GBK; None when
    no line with Chinese is valid UTF-8 (then the file is in a legacy encoding)."""
    pieces = _BYTE_LINES.split(data)  # lines and their breaks, alternating
    valid = sum(1 for line in pieces[0::2] if not line.isascii() and _strict(line, "utf-8") is not None)
    if not valid:
        return None
    out = []
    for i, piece in enumerate(pieces):
        text = _strict(piece, "utf-8") if i % 2 == 0 else piece.decode("ascii")
        if text is None:
            damaged = piece.decode("utf-8", errors="replace")
            legacy = _strict(piece, "gb18030") if damaged.count("\ufffd") > DAMAGED_CHARS else None
            if legacy is not None:
                notes.append((i // 2 + 1, "mixed-encoding", "line decoded as GB18030 in a UTF-8 file"))
            text = legacy if legacy is not None else damaged
        out.append(text)
    return "".join(out), "utf-8"


def _utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: the byte order whose text reads as Chinese or ASCII."""
    if b"\x00" not in data[:4096]:
        return None
    even = data[: len(data) - len(data) % 2]
    for encoding in ("utf-16-le", "utf-16-be"):
        text = even.decode(encoding, errors="replace")
        sample = text[:4096]
        plausible = sum(1 for ch in sample if ch in "\r\n\t" or " " <= ch <= "~" or "\u3000" <= ch <= "\u9fff"
                        or "\uff00" <= ch <= "\uffef")
        if sample and plausible / len(sample) > UTF16_PLAUSIBLE:
            return text
    return None


# the line break of a byte string, kept by split: lines at even, breaks at odd positions
_BYTE_LINES = kept(rb"(\r\n|\r|\n)")
_TEXT_LINES = kept(r"(\r\n|\r|\n)")
# a line with more bad sequences than this is a line in another encoding, not a damaged one
DAMAGED_CHARS = 2
# share of characters of a UTF-16 reading that must be CJK, ASCII or common punctuation
UTF16_PLAUSIBLE = 0.9
# UTF-8 of Chinese read as Latin-1 or cp1252: a lead byte of a CJK character (E3-E9) then two
# continuation bytes shown as Latin-1 (80-BF) or as the cp1252 characters of 80-9F
_MOJIBAKE = kept("[\u00e3-\u00e9][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
                          "\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039"
                          "\u203a\u20ac\u2122]{2}")


def _repair_mojibake(text: str) -> tuple[str, list[tuple[int, str, str]]]:
    """Lines of UTF-8 that were read as Latin-1 (or cp1252), re-read as UTF-8 where their
    characters round-trip; a line that does not is left for the damage check."""
    if not _MOJIBAKE.search(text):
        return text, []
    pieces, notes = _TEXT_LINES.split(text), []
    for i in range(0, len(pieces), 2):
        if not _MOJIBAKE.search(pieces[i]):
            continue
        for encoding in ("latin-1", "cp1252"):
            try:
                pieces[i] = pieces[i].encode(encoding).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            notes.append((i // 2 + 1, "mojibake-repaired", f"UTF-8 read as {encoding} before govplan: repaired"))
            break
    return "".join(pieces), notes


def read(path: str | Path) -> Decoded:
    """Read and decode one input."""
    return decode(read_bytes(path), str(path))
