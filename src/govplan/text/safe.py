"""Text shown on a terminal: control characters made visible (issue 21).

A notice's text or a file's name may hold escape sequences (a window title, a screen clear, a
hyperlink) or bidirectional overrides.  Where such text reaches a terminal (messages on stderr,
text printed to a terminal) every control character except tab and newline is shown as a visible
sign: C0 controls as their Control Pictures (ESC -> U+241B ␛), DEL as ␡, C1 controls and the
bidirectional overrides as \\x9b / \\u202e.  JSON, files and pipes keep the text as it is.
"""
from __future__ import annotations

from typing import TextIO

import regex

from govplan.precompiled import kept

_CONTROLS = kept("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(m: regex.Match) -> str:
    code = ord(m.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (␛ for ESC)
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character but tab and newline made visible."""
    return _CONTROLS.sub(_visible, text) if _CONTROLS.search(text) else text


class SafeStream:
    """A text stream that shows control characters visibly (messages to a terminal or a log)."""

    def __init__(self, stream: TextIO):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(visible(text))

    def __getattr__(self, name: str):
        return getattr(self._stream, name)
