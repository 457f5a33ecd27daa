"""The numbers a browser shows before the items of an ordered list (``<ol>``).

A page whose items are an ordered list holds no number in its text: the browser draws 1. 2. 3. (or 一、
二、 with a Chinese list style) from the list's markup.  The notice as published shows them, so the
rendering does too, as the browser would: ``start``, ``reversed`` and an item's ``value``; the ``type``
attribute; the ``list-style-type`` (or ``list-style``) of the list's or the item's ``style`` attribute.
A list styled ``none`` shows no numbers; a stylesheet elsewhere on the page is not read.
"""
from __future__ import annotations

import regex

from govplan.text.numerals import to_chinese, to_chinese_digits, to_roman

# list-style-type in a style attribute (or the list-style shorthand holding one of the names below)
_STYLE = regex.compile(r"list-style(?:-type)?\s*:\s*([^;]+)", regex.I)
_TYPES = {"1": "decimal", "a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman", "I": "upper-roman"}
_CHINESE = frozenset({"cjk-ideographic", "simp-chinese-informal", "trad-chinese-informal",
                      "simp-chinese-formal", "trad-chinese-formal"})
_KNOWN = frozenset({"decimal", "lower-alpha", "upper-alpha", "lower-latin", "upper-latin", "lower-roman",
                    "upper-roman", "cjk-decimal", "none", *_CHINESE})


def list_style(el, inherited: str = "decimal") -> str:
    """The list style an element states (its style attribute first, then a list's ``type``), else
    ``inherited``."""
    m = _STYLE.search(el.get("style") or "")
    if m:
        for word in m.group(1).lower().split():
            if word in _KNOWN:
                return word
    kind = el.get("type")
    return _TYPES.get(kind.strip(), inherited) if kind else inherited


def item_markers(ol) -> dict:
    """li -> the marker the browser draws before each item of an ordered list (none for a list, or
    an item, styled ``none``)."""
    items = [child for child in ol if isinstance(child.tag, str) and child.tag == "li"]
    step = -1 if ol.get("reversed") is not None else 1
    number = _integer(ol.get("start"), len(items) if step < 0 else 1)
    style, out = list_style(ol), {}
    for li in items:
        number = _integer(li.get("value"), number)
        marker = _marker(number, list_style(li, style))
        if marker:
            out[li] = marker  # (the element itself: an lxml proxy's id is not kept)
        number += step
    return out


def _integer(value: str | None, default: int) -> int:
    try:
        return int(value.strip()) if value else default
    except ValueError:
        return default


def _marker(n: int, style: str) -> str:
    if style == "none":
        return ""
    if style in _CHINESE:
        return f"{to_chinese(n)}、" if n > 0 else f"{n}."
    if style == "cjk-decimal":
        return f"{to_chinese_digits(n)}、" if n >= 0 else f"{n}."
    if style in ("lower-alpha", "upper-alpha", "lower-latin", "upper-latin") and n > 0:
        letters = _alpha(n)
        return f"{letters.upper() if style.startswith('upper') else letters}."
    if style in ("lower-roman", "upper-roman") and 0 < n < 4000:
        numeral = to_roman(n)
        return f"{numeral if style == 'upper-roman' else numeral.lower()}."
    return f"{n}."


def _alpha(n: int) -> str:
    letters = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters

