"""Text shown on a terminal: control characters made visible (issue 21).

A notice's text or a file's name may hold escape sequences (a window title, a screen clear, a
hyperlink) or bidirectional overrides.  Where such text reaches a terminal (messages on stderr,
text printed to a terminal) every control character except tab and newline is shown as a visible
sign: C0 controls as their Control Pictures (ESC -> U+241B ␛), DEL as ␡, C1 controls and the
bidirectional overrides as \\x9b / \\u202e.  JSON, files and pipes keep the text as it is.
"""
from __future__ import annotations

from typing import TextIO

# the characters shown visibly: C0 but tab and newline, DEL, C1, the bidirectional embeddings,
# overrides and isolates
_CONTROLS = [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F),
             *range(0x2066, 0x206A)]


def _sign(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (␛ for ESC)
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


_VISIBLE = {code: _sign(code) for code in _CONTROLS}  # (a table: no pattern to build at start)


def visible(text: str) -> str:
    """``text`` with every control character but tab and newline made visible."""
    return text.translate(_VISIBLE)


class SafeStream:
    """A text stream that shows control characters visibly (messages to a terminal or a log)."""

    def __init__(self, stream: TextIO):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(visible(text))

    def __getattr__(self, name: str):
        return getattr(self._stream, name)
