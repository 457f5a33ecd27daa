"""Numerals as notices print them: 一 十二 二〇二四 壹 ① 12, and 民国 (ROC) years.

Every stage that turns a numeral into an int comes here: heading markers, table row
numbers, deadline months and days, signed dates.
"""
from __future__ import annotations

import unicodedata

CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9,
             "壹": 1, "贰": 2, "叁": 3, "参": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
CN_UNITS = {"十": 10, "拾": 10, "百": 100}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# Taiwan dates count years of the Republic (民国): 113 is 2024
ROC_YEAR_ZERO = 1911
# No heading number, date or count govplan reads is longer; a longer run of numeral
# characters is text (and int() refuses numbers of more than 4,300 digits anyway).
MAX_NUMERAL_CHARS = 18


def cn_number(s: str) -> int | None:
    """一 -> 1, 十二 -> 12, 二十 -> 20, 一百零五 -> 105, 二〇二〇 -> 2020; None if not a numeral."""
    if not s or len(s) > MAX_NUMERAL_CHARS:
        return None
    if s.isascii() and s.isdigit():
        return int(s)
    if len(s) > 1 and all(ch in CN_DIGITS for ch in s):  # 二〇二〇 digit by digit
        return int("".join(str(CN_DIGITS[ch]) for ch in s))
    total, current = 0, 0
    for ch in s:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (current or 1) * CN_UNITS[ch]
            current = 0
        else:
            return None
    return total + current


_CN_SMALL = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """1 -> 一, 12 -> 十二, 20 -> 二十, 105 -> 一百零五: how a list numbered in Chinese
    counts (Word's chineseCounting); beyond 999 the Arabic digits."""
    if not 0 < n < 1000:
        return str(n)
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    out = _CN_SMALL[hundreds] + "百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _CN_SMALL[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (_CN_SMALL[ones] if ones else "")


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_CHINESE_DIGITS = str.maketrans("0123456789", "〇一二三四五六七八九")


def to_roman(n: int) -> str:
    """4 -> IV, 14 -> XIV (upper case; n >= 1, and small: a list counter's caller bounds it)."""
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def to_chinese_digits(n: int) -> str:
    """105 -> 一〇五: each digit as a Chinese numeral (Word's ideographDigital, CSS cjk-decimal)."""
    return str(n).translate(_CHINESE_DIGITS)


def number(s: str | None) -> int | None:
    """Arabic or Chinese digits alike (月 and 日 of a date are written both ways)."""
    return cn_number(s) if s else None


def numeral(s: str, kind: str) -> int | None:
    """The value of a marker's numeral in its system: cn, arabic or circled."""
    if kind == "circled":
        return CIRCLED.index(s) + 1 if s and s in CIRCLED else None
    if kind == "arabic":
        return _decimal(s)
    return cn_number(s)


def _decimal(s: str) -> int | None:
    """Digits of any script (1, ١, ١٢) as an int; None for ² ① and non-digits."""
    if not s or len(s) > MAX_NUMERAL_CHARS:
        return None
    value = 0
    for ch in s:
        digit = unicodedata.decimal(ch, None)
        if digit is None:
            return None
        value = value * 10 + digit
    return value


def year_of(groups: dict) -> int | None:
    """The year a date match gives: its group ``y`` (digits or 二〇二四), or ``roc`` (民国)."""
    if groups.get("roc"):  # 113 or 一百一十三
        roc = cn_number(groups["roc"])
        return ROC_YEAR_ZERO + roc if roc is not None else None
    return cn_number(groups["y"]) if groups.get("y") else None
