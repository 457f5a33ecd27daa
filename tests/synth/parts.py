"""Parts notices are made of: marker ladders, annotations in each form of the guide, deadlines."""
from __future__ import annotations

import calendar
from collections.abc import Callable

from synth import words
from synth.choose import Chooser, some
from synth.page import Deadline, Page

DIGITS = "零一二三四五六七八九"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def han(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十."""
    if n < 10:
        return DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


# Marker families in rank order, each with its printed variants (a list keeps to one variant).
FAMILIES: dict[str, list[Callable[[int], str]]] = {
    "chapter": [lambda n: f"第{han(n)}章", lambda n: f"第{han(n)}部分"],
    "han": [lambda n: f"{han(n)}、"],
    "paren_han": [lambda n: f"({han(n)})", lambda n: f"（{han(n)}）"],
    "arabic": [lambda n: f"{n}.", lambda n: f"{n}、", lambda n: f"{n}．"],
    "paren_arabic": [lambda n: f"({n})", lambda n: f"（{n}）"],
    "circled": [lambda n: CIRCLED[n - 1]],
}


def ladder(choose: Chooser, low: int = 1, high: int = 4) -> list[str]:
    """A ladder: families in rank order, any of them left out."""
    names = list(FAMILIES)
    return sorted(some(choose, names, low, high), key=names.index)


def numbering(choose: Chooser, family: str) -> Callable[[int], str]:
    """The printed variant one list of this family keeps to."""
    return choose.pick(FAMILIES[family])


def plan_title(choose: Chooser, year: int | None = None, end: str | None = None) -> str:
    when = f"{year}年" if year else ""
    last = choose.pick(words.TITLE_ENDS) if end is None else end
    return words.place(choose) + when + choose.pick(words.TOPICS) + last


def heading_line(choose: Chooser, family: str, mark: str) -> str:
    """A heading line: a chapter with its name, or a title, alone or with a sentence."""
    if family == "chapter":
        return f"{mark} {choose.pick(words.GOALS)}"
    title = words.short_title(choose)
    style = choose.number(0, 2)
    if style == 0:
        return mark + title
    if style == 1:
        return f"{mark}{title}。{choose.pick(words.MANNERS)}。"
    return f"{mark}{title}:{words.task(choose)}。"


def sentence(choose: Chooser) -> str:
    return words.task(choose) + "。"


# ------------------------------------------------------------------ deadlines

def month_end(year: int, month: int) -> str:
    return f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def deadline(choose: Chooser, year: int, ongoing: bool = True) -> tuple[str, Deadline]:
    """A time statement in one of the guide's forms, with its reading."""
    m, d = choose.number(3, 11), choose.number(1, 28)
    forms: list[tuple[str, Deadline]] = [
        (f"{year}年{m}月底前", ("date", None, month_end(year, m))),
        (f"{year}年底前", ("date", None, f"{year}-12-31")),
        (f"{year}年{m}月{d}日前", ("date", None, f"{year}-{m:02d}-{d:02d}")),
        (f"{year}年上半年", ("date", None, f"{year}-06-30")),
        (f"{year}年下半年", ("date", None, f"{year}-12-31")),
        (f"{year}年{m}月", ("date", None, month_end(year, m))),
        (f"{year}年{m}月1日至{m + 1}月{d}日", ("range", f"{year}-{m:02d}-01", f"{year}-{m + 1:02d}-{d:02d}")),
        (f"{year}年或之前", ("date", None, f"{year}-12-31")),
    ]
    if ongoing:
        forms += [(word, ("ongoing", None, None)) for word in ("长期坚持", "持续推进", "常态化", "长期")]
    return choose.pick(forms)


# ------------------------------------------------------------------ annotations

# labels no list names, made as such labels are: a role's word (or none) and what it names; a time's word
UNLISTED_LEAD_LABELS = [w + h for w in ("主抓", "牵头负责", "主办") for h in ("单位", "部门", "处室")]
UNLISTED_RESPONSIBLE_LABELS = [w + h for w in ("协助", "包保", "具体实施", "推进", "") for h in ("单位", "部门", "主体")
                               if w + h not in ("单位", "部门", "主体")]
UNLISTED_TIME_LABELS = ["时间安排", "完成节点", "办结时间", "计划完成时间", "节点要求"]
LEAD_LABELS = ["牵头单位", "牵头部门", "主办单位", *UNLISTED_LEAD_LABELS[:3], "主抓"]
RESPONSIBLE_LABELS = ["责任单位", "责任部门", "配合单位", "协办单位", "参与单位", *UNLISTED_RESPONSIBLE_LABELS[::3],
                      "配合", "协助"]  # (a role's word alone: 配合:)
TIME_LABELS = ["完成时限", "时间节点", "整改时限", "完成时间", *UNLISTED_TIME_LABELS[::2]]
BRACKETS = [("(", ")"), ("（", "）"), ("〔", "〕"), ("【", "】")]


class Annotation:
    """What an item carries: text after its title on the same line, lines below it, and the
    units and deadlines a reader takes from them."""

    def __init__(self, inline: str = "", below: tuple[str, ...] = (), lead=(), responsible=(), deadlines=()):
        self.inline, self.below = inline, below
        self.lead, self.responsible, self.deadlines = list(lead), list(responsible), list(deadlines)


def _colon(choose: Chooser) -> str:
    return choose.pick([":", "："])


def labelled_bracket(choose: Chooser, year: int) -> Annotation:
    lead, resp = words.units(choose, 0, 2), words.units(choose, 0, 3)
    resp = [u for u in resp if u not in lead] or ([] if lead else words.units(choose, 1, 1))
    parts = []
    if lead:
        parts.append(choose.pick(LEAD_LABELS) + _colon(choose) + "、".join(lead))
    if resp:
        parts.append(choose.pick(RESPONSIBLE_LABELS) + _colon(choose) + "、".join(resp))
    due: list[Deadline] = []
    if choose.chance(60):
        text, reading = deadline(choose, year)
        parts.append(choose.pick(TIME_LABELS) + _colon(choose) + text)
        due.append(reading)
    left, right = choose.pick(BRACKETS)
    return Annotation(left + choose.pick([";", "；"]).join(parts) + right, (), lead, resp, due)


def role_words(choose: Chooser, year: int) -> Annotation:
    """(A、B牵头,C、D按职责分工负责) / (A牵头,B配合) / (A负责) / (A、B分别负责)."""
    lead, resp = words.units(choose, 1, 2), words.units(choose, 1, 2)
    resp = [u for u in resp if u not in lead]
    form = choose.number(0, 3)
    if form == 0 and resp:
        body = f"{'、'.join(lead)}牵头,{'、'.join(resp)}{choose.pick(['按职责分工负责', '配合', '参与'])}"
        return Annotation(f"({body})", (), lead, resp)
    if form == 1:
        text, reading = deadline(choose, year)
        return Annotation(f"({'、'.join(lead)}牵头,{text})", (), lead, (), [reading])
    if form == 2:
        return Annotation(f"({'、'.join(lead)}负责)", (), (), lead)
    many = lead + resp
    return Annotation(f"({'、'.join(many)}{'分别负责' if len(many) > 1 else '负责'})", (), (), many)


def role_sentence(choose: Chooser, year: int) -> Annotation:
    """The bracket's words as the item's last sentence: A牵头,B配合。 / A牵头,B配合,2025年6月底前完成。"""
    lead, resp = words.units(choose, 1, 2), words.units(choose, 1, 2)
    resp = [u for u in resp if u not in lead] or [next(u for u in words.GENERIC if u not in lead)]
    body = f"{'、'.join(lead)}牵头,{'、'.join(resp)}{choose.pick(['配合', '按职责分工负责', '参与'])}"
    text, reading = deadline(choose, year, ongoing=False)
    if choose.chance(50) and reading[0] == "date" and "或" not in text:
        return Annotation(f"{body},{text}完成。", (), lead, resp, [reading])
    return Annotation(body + "。", (), lead, resp)


def running_text(choose: Chooser, year: int) -> Annotation:
    """由A牵头… / 由A负责… in the item's sentence, with a bound time or none."""
    who = words.unit(choose)
    role = choose.pick(["牵头", "负责"])
    text, reading = deadline(choose, year, ongoing=False)
    timed = choose.chance(50) and reading[0] == "date" and "或" not in text
    when = f"{text}完成" if timed else ""
    inline = f"由{who}{role}{choose.pick(words.VERBS)}{choose.pick(words.OBJECTS)},{when}{choose.pick(words.MANNERS)}。"
    lead, resp = ([who], []) if role == "牵头" else ([], [who])
    return Annotation(inline, (), lead, resp, [reading] if timed else [])


def label_lines(choose: Chooser, year: int) -> Annotation:
    """Labels on their own lines after the item."""
    lead, resp = words.units(choose, 1, 1), words.units(choose, 1, 3)
    resp = [u for u in resp if u not in lead]
    below = [choose.pick(LEAD_LABELS) + _colon(choose) + "、".join(lead)]
    if resp:
        below.append(choose.pick(RESPONSIBLE_LABELS) + _colon(choose) + "、".join(resp))
    text, reading = deadline(choose, year)
    below.append(choose.pick(TIME_LABELS) + _colon(choose) + text)
    return Annotation("", tuple(below), lead, resp, [reading])


def unlabelled(choose: Chooser, year: int) -> Annotation:
    """An unlabelled bracket of unit names at the end of the item, split by 、 or /."""
    resp = words.units(choose, 1, 3)
    return Annotation("(" + choose.pick(["、", "/"]).join(resp) + ")", (), (), resp)


def time_words(choose: Chooser, year: int) -> Annotation:
    """(责任单位:A,长期坚持): a time word inside the annotation is the item's deadline."""
    resp = words.units(choose, 1, 2)
    word = choose.pick(["长期坚持", "持续推进", "常态化推进", "长期"])
    label = choose.pick(RESPONSIBLE_LABELS)
    return Annotation(f"({label}:{'、'.join(resp)},{word})", (), (), resp, [("ongoing", None, None)])


FORMS: dict[str, Callable[[Chooser, int], Annotation]] = {
    "labelled_bracket": labelled_bracket, "role_words": role_words, "role_sentence": role_sentence,
    "running_text": running_text,
    "label_lines": label_lines, "unlabelled": unlabelled, "time_words": time_words,
}


def write_item(page: Page, choose: Chooser, mark: str, level: int, note: Annotation | None) -> int:
    """An item: marker, title, the annotation on its line or below; records the answer."""
    if note is not None and note.inline.startswith("由"):
        line = page.add(mark + words.short_title(choose) + "。" + note.inline)
    else:
        line = page.add(mark + words.task(choose) + "。" + (note.inline if note else ""))
    for extra in note.below if note else ():
        page.add(extra)
    page.heading(line, mark.strip(), level)
    if note is not None:
        page.assign(line, note.lead, note.responsible, note.deadlines)
    return line
