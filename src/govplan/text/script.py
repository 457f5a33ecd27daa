"""Character conversions that define normalized text: width folding and OpenCC t2s.

Normalized text is the input with full-width ASCII folded to half-width (and odd spaces
and enclosed numerals spelt out), then converted to simplified Chinese.  The grammar
loader uses the same two functions to reject rules that normalized text can never match.
"""
from __future__ import annotations

import operator
import re
from functools import lru_cache
from typing import Final

# The scripts output text can be rendered in: OpenCC's simplified or traditional, or the
# input's own characters.  (Here, not in models.py, so the command line can list them
# without importing pydantic.)
OUTPUT_SCRIPTS = ("simplified", "traditional", "original")

_FULLWIDTH: dict[int, int | str | None] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20,
                   0x200B: None, 0xFEFF: None, 0x2028: 0x20, 0x2029: 0x20})
# Enclosed numerals some web editors use for markers: ⑴ -> (1), ⒈ -> 1., ㈠ -> (一)
_CN_TEN = "一二三四五六七八九十"
_FULLWIDTH.update({0x2474 + i: f"({i + 1})" for i in range(20)})
_FULLWIDTH.update({0x2488 + i: f"{i + 1}." for i in range(20)})
_FULLWIDTH.update({0x3220 + i: f"({_CN_TEN[i]})" for i in range(10)})
_FULLWIDTH_STR = {chr(k): ("" if v is None else v if isinstance(v, str) else chr(v))
                  for k, v in _FULLWIDTH.items()}
# one set of literal characters, found by the standard library's engine (which runs through a text 10x
# faster than a set intersection does and 20x faster than regex finds the same characters)
_FULLWIDTH_ANY = re.compile("[" + "".join(map(re.escape, sorted(_FULLWIDTH_STR))) + "]")

DIFFERENCE_RUN: Final = 256  # characters ``differences`` compares at once


def fold_width(text: str) -> str:
    """Full-width ASCII to half-width, odd spaces to spaces, enclosed numerals spelt out.

    One str.replace per distinct character present: a Chinese text has a dozen kinds of
    full-width punctuation but thousands of them, and both str.translate (a lookup per
    character) and a regex with a replacement function (a call per match) were slower.
    """
    for char in set(_FULLWIDTH_ANY.findall(text)):
        text = text.replace(char, _FULLWIDTH_STR[char])
    return text


@lru_cache(maxsize=2)
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def t2s(text: str) -> str:
    return _opencc("t2s").convert(text)


def s2t(text: str) -> str:
    return _opencc("s2t").convert(text)



def differences(a: str, b: str, enough: int | None = None) -> int:
    """The positions below the shorter one's length at which two strings differ (what
    ``sum(map(operator.ne, a, b))`` counts), a run of DIFFERENCE_RUN characters at a time: a run equal in
    both (one comparison in C) is not counted through.  With ``enough``, counting stops at the run that
    takes the count above it (a count above ``enough``, not the whole)."""
    count = 0
    for start in range(0, min(len(a), len(b)), DIFFERENCE_RUN):
        run_a, run_b = a[start:start + DIFFERENCE_RUN], b[start:start + DIFFERENCE_RUN]
        if run_a != run_b:
            count += sum(map(operator.ne, run_a, run_b))
            if enough is not None and count > enough:
                break
    return count
