"""Stage 2, normalize: decoded text -> physical lines, cleaned and simplified.

Every physical line of the input keeps three forms, so every later value can be
traced back:

* ``raw``   the line as decoded;
* ``clean`` web/PDF damage repaired (full-width ASCII, pinyin ruby, stray spaces,
  inline page cruft), still in the input's own script;
* ``text``  ``clean`` converted to simplified Chinese with OpenCC (t2s).

Whole-line page cruft (menus, bylines, index tables, watermarks) is flagged, not
deleted: it belongs to no heading, but metadata may still be read from it.
Hard-wrapped lines are rejoined later, in the outline stage, where headings are known.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from govplan.formats.decode import Decoded
from govplan.grammar.compiled import Grammar
from govplan.grammar.schema_pages import ScriptJudgement
from govplan.models import Diagnostic
from govplan.openings import OpeningIndex, may_hold_a_match
from govplan.precompiled import MULTILINE, kept
from govplan.text.script import differences, fold_width, s2t, t2s

# CJK characters and punctuation between which a space is damage, not meaning.
_CJK = r"[\p{Han}\u3000-\u303F\uFF00-\uFFEF“”‘’《》〈〉【】〔〕、。,;:!?()]"
# A single space is damage ("执 法", "2022 年"); two or more lay out columns (a signature of
# two offices, units listed with spaces) and become one space.  Tabs separate table cells.
_STRAY_SPACE = kept(
    rf"(?<={_CJK}) (?={_CJK})|(?<=\d) +(?=[年月日号])|(?<=[年月]) +(?=\d)")
_WIDE_SPACE = kept(rf"(?<={_CJK})  +(?={_CJK})")


def _joined(*parts: int | str) -> Callable[[Any], str]:
    """A replacement: the match's numbered groups and literal text, joined (what the template r"(\\1)"
    says; a template would have regex import its pattern parser, at every start, to read it)."""
    return lambda m: "".join(m.group(p) if isinstance(p, int) else p for p in parts)


# A marker or a year broken by a space (1 .  一 、  ( 1 )  20 21年): the marker it stands for
_MARKER_SPACES = (
    (kept(r"^(\d{1,2}) +([.、])(?!\d)"), _joined(1, 2)),
    (kept(r"^([一二三四五六七八九十]{1,3}) +、"), _joined(1, "、")),
    (kept(r"^\( *([\d一二三四五六七八九十]{1,3}) *\)"), _joined("(", 1, ")")),
    (kept(r"(?<!\d)(19|20) (\d{2})(?= *年)"), _joined(1, 2)),
)
_HAN = kept(r"\p{Han}")
_NOT_HAN = kept(r"\P{Han}+")
MARK_RUN_LINES = 512  # lines whose punctuation is counted at once (the punctuation map)
# characters of lines given to OpenCC at a time (more than cruft.toml's [script] sample_chars can be)
CHUNK_CHARS = 262_144


@dataclass(slots=True)
class Line:
    number: int
    raw: str
    clean: str
    text: str
    cruft: str | None = None  # name of the cruft rule that matched, if any
    cut: bool = False  # inline cruft (a pager, say) was cut from it: a fragment of a paragraph

    @property
    def blank(self) -> bool:
        return not self.text


@dataclass
class Normalized:
    path: str
    lines: list[Line]  # the lines that hold text, in order (blank lines need no object)
    line_count: int  # physical lines of the input, blank ones included
    script: str  # simplified | traditional | mixed | none
    diagnostics: list[Diagnostic] = field(default_factory=list)
    to_output: Callable[[str], str] = field(default=lambda s: s)
    parts: frozenset[int] = frozenset()  # lines that begin a part of the file that is a document (a sheet)


def _compiled(grammar: Grammar) -> dict:
    c = grammar.cruft
    rules = {
        "ruby": grammar.rule("cruft.ruby.pattern"),
        # (a rule's pattern is not run on a line that holds none of the characters its matches hold:
        # matching.RuledOut, for the shipped grammar and a user's alike)
        "inline": [(r.name, compiled) for r, compiled in grammar.rules("cruft.inline")],
        "lines": OpeningIndex(_line_rule(r, compiled, grammar) for r, compiled in grammar.rules("cruft.line")),
        # searched over the whole text at once: ^ and $ mean line starts and ends
        "replacement": grammar.rule("cruft.damage.replacement", MULTILINE),
        "question": grammar.rule("cruft.damage.question_mark", MULTILINE),
        "mojibake": grammar.rule("cruft.damage.mojibake", MULTILINE),
        "private_use": grammar.rule("cruft.damage.private_use", MULTILINE),
        "html": grammar.built("cruft.html", f"(?P<tag>{c.html.tag})|(?P<entity>{c.html.entity})"),
        # ^ is a line start: the text is repaired whole
        "markdown": grammar.built("cruft.markdown", f"(?:{c.markdown.line_prefix})|(?:{c.markdown.inline})",
                            MULTILINE),
    }
    # characters one of which every match of each whole-text scan holds: a text holding none is not scanned
    rules["held"] = {key: grammar.held_chars(rules[key].pattern, MULTILINE)
                      for key in ("replacement", "question", "mojibake", "private_use", "markdown")}
    # (the markup pattern joins two that each may open with a case flag, which only a pattern's start
    # may hold for the reader: each is read alone)
    rules["held"]["html"] = _held_by_either(grammar.held_chars(c.html.tag), grammar.held_chars(c.html.entity))
    return rules


def _held_by_either(first: frozenset[str] | None, second: frozenset[str] | None) -> frozenset[str] | None:
    """What every match of ``first|second`` holds one of, when each side says (None: it does not)."""
    return None if first is None or second is None else first | second


def _line_rule(rule, compiled, grammar: Grammar) -> tuple[tuple, frozenset[str] | None]:
    """A page-cruft line rule for the index: (name, pattern, length limit), and what a line must begin
    with."""
    return (rule.name, compiled, rule.max_chars), grammar.opening(rule.pattern)


def _unescape(m) -> str:
    if m.group("tag") is not None:
        return ""
    from html import unescape  # (only for a page's markup left in text)

    char = unescape(m.group())
    return " " if char in ("\n", "\r", "\u2028", "\u2029") else char  # never a new line


def _line_numbers(text: str, offsets: list[int]) -> list[int]:
    """The 1-based line of each ascending character offset in ``text`` (\\n line breaks)."""
    numbers, line, at = [], 1, 0
    for offset in offsets:
        line += text.count("\n", at, offset)
        at = offset
        numbers.append(line)
    return numbers


def repair_markup(text: str, rules: dict) -> tuple[str, list[tuple[int, str]]]:
    """Remove tags and decode entities left by a copy from a page's source; remove the
    marks of a page converted to Markdown (## 一、…, **(一)…**).  Never a line break.

    Also returns (line, diagnostic code) of every repair, found in the same pass.
    """
    found: list[tuple[int, str]] = []
    for key, code, replace in (("html", "html-markup", _unescape), ("markdown", "markdown-markup", "")):
        if not may_hold_a_match(text, rules["held"][key]):
            continue
        offsets: list[int] = []

        def repair(m, replace=replace, offsets=offsets) -> str:
            offsets.append(m.start())
            kept = "\n" * m.group().count("\n")  # a user's pattern may span lines: keep their breaks
            return (replace(m) if callable(replace) else replace) + kept

        repaired = rules[key].sub(repair, text)
        found += [(line, code) for line in _line_numbers(text, offsets)]
        text = repaired
    return text, found


def clean_line(folded: str, rules: dict) -> tuple[str, bool]:
    """Repair one physical line, already width-folded (script unchanged).

    Also says whether pinyin ruby was removed from it.
    """
    s, ruby = rules["ruby"].subn("", folded) if "(" in folded else (folded, 0)
    if " " in s:
        s = _WIDE_SPACE.sub(" ", _STRAY_SPACE.sub("", s)).strip()
        for pattern, repl in _MARKER_SPACES:
            s = pattern.sub(repl, s)
    return s.strip(), ruby > 0


def cut_inline_cruft(clean: str, text: str, rules: dict) -> tuple[str, str, list[str]]:
    """Cut inline cruft found in the simplified ``text`` from both forms of a line."""
    removed = []
    for name, pattern in rules["inline"]:
        spans = [m.span() for m in pattern.finditer(text)]
        if not spans:
            continue
        removed.append(name)
        same_shape = len(clean) == len(text)
        for start, end in spans[::-1]:
            text = text[:start] + text[end:]
            if same_shape:
                clean = clean[:start] + clean[end:]
        if not same_shape:
            clean = pattern.sub("", clean)
    return clean.strip(), text.strip(), removed


def _cruft(text: str, rules: dict) -> str | None:
    """The first page-cruft rule that takes the line: rule by rule, each rule's length limit first
    (most lines are longer than most rules allow: four times quicker than one pattern of all rules),
    only the rules the line's first character allows (``govplan.openings``), and a rule's pattern only
    where the line holds a character every match of it holds (``matching.RuledOut``)."""
    size = len(text)
    if not size:
        return None
    for name, pattern, max_chars in rules["lines"].for_text(text):
        if size <= max_chars and pattern.search(text):
            return name
    return None


def _damage(text: str, rules: dict) -> list[tuple[int, str]]:
    """(line, message) of damage found in one pass over the whole decoded text."""
    found = []
    for key, what in (("replacement", "replacement character �"),
                      ("question", "stray '?' in Chinese text"),
                      ("mojibake", "mis-decoded characters (mojibake)"),
                      ("private_use", "private-use characters, whose meaning is a font's (a PDF font without a "
                                      "Unicode map, or a character made for a rare name)")):
        if not may_hold_a_match(text, rules["held"][key]):
            continue
        offsets = [m.start() for m in rules[key].finditer(text)]
        found += [(line, f"{what}: the input was damaged before govplan read it")
                  for line in _line_numbers(text, offsets)]
    return found


_REPAIRED = {"html-markup": "HTML tags or entities removed or decoded",
             "markdown-markup": "Markdown marks removed",
             "pinyin-ruby": "pinyin ruby after characters removed"}


def _diagnostics(damage: list[tuple[int, str]], repaired: list[tuple[int, str]],
                 removed: dict[int, list[str]]) -> list[Diagnostic]:
    """Each kind of damage or repair reported once per line, in line order."""
    hits: dict[tuple[int, str], str] = {}
    for line, message in damage:
        hits.setdefault((line, "text-damage"), message)
    for line, code in repaired:
        hits.setdefault((line, code), _REPAIRED[code])
    found = [Diagnostic.of(code, message, line) for (line, code), message in sorted(hits.items())]
    found += [Diagnostic.of("page-cruft", f"page cruft ({name}) cut from the line", line)
              for line, names in removed.items() for name in names]
    return found


def _script(raw: str, simplified: str, judging: ScriptJudgement) -> str:
    """The input's script, judged on the share of its Chinese characters OpenCC changed (counted no
    further than the share that makes it traditional; cruft.toml's [script])."""
    if raw == simplified:
        return "simplified" if _HAN.search(raw) else "none"
    raw_han, simplified_han = _NOT_HAN.sub("", raw), _NOT_HAN.sub("", simplified)
    if not raw_han:
        return "none"
    traditional, mixed = judging.traditional_share, judging.mixed_share
    share = differences(raw_han, simplified_han, enough=int(len(raw_han) * traditional)) / len(raw_han)
    return "traditional" if share > traditional else "mixed" if share > mixed else "simplified"


# Punctuation a notice prints full-width that matching folds to half-width; what people read
# gets the document's own form back (a ledger keeps the official punctuation)
_FULL_WIDTH = {",": "\uff0c", ":": "\uff1a", ";": "\uff1b", "!": "\uff01", "?": "\uff1f", "(": "\uff08",
               ")": "\uff09"}
# a half-width mark is given back its full-width form only beside Chinese text (not in a URL,
# a time 9:30 or a number 1,000), and brackets only around no Latin letters
_BESIDE_HAN = kept(r"(?<=[\p{Han}\u3000-\u303f\uff00-\uffef])[,:;!?]|[,:;!?](?=[\p{Han}\u3000-\u303f])")
_BRACKETED = kept(r"\(([^()A-Za-z]{1,60})\)")


def _punctuation_map(lines: list[Line]) -> dict[str, str]:
    """The half-width marks this input prints full-width, by majority over its lines: a mark of the
    cleaned line counts as printed full-width where the raw line has the full-width form at the same
    place (of a line whose cleaning changed its length, only the half-width marks it prints count).
    Counted with str.count and str.find (a loop over every character was 3% of a parse)."""
    full = dict.fromkeys(_FULL_WIDTH, 0)
    half = _plain_marks(lines)
    for line in lines:
        raw, clean = line.raw, line.clean
        if raw == clean or len(raw) != len(clean):
            continue
        for mark, wide in _FULL_WIDTH.items():
            total = clean.count(mark)
            if total:
                same, at = 0, raw.find(wide)
                while at >= 0:
                    same += clean[at] == mark
                    at = raw.find(wide, at + 1)
                full[mark] += same
                half[mark] += total - same
    return {c: _FULL_WIDTH[c] for c in _FULL_WIDTH if full[c] > half[c]}


def _plain_marks(lines: list[Line]) -> dict[str, int]:
    """Each mark's count in the lines whose marks all count as half-width (cleaning kept them, or changed
    their length), counted a run of lines at a time (no mark spans a line break; the run bounds what
    is joined)."""
    half = dict.fromkeys(_FULL_WIDTH, 0)
    for start in range(0, len(lines), MARK_RUN_LINES):
        run = "\n".join(ln.raw for ln in lines[start:start + MARK_RUN_LINES]
                        if ln.raw == ln.clean or len(ln.raw) != len(ln.clean))
        for mark in _FULL_WIDTH:
            half[mark] += run.count(mark)
    return half


def _with_display_punctuation(to_script: Callable[[str], str] | None,
                              marks: dict[str, str]) -> Callable[[str], str]:
    """What people read: the output script, and the document's own full-width punctuation."""
    if not marks:
        return to_script or (lambda s: s)
    opening, closing = marks.get("("), marks.get(")")

    def display(s: str) -> str:
        s = to_script(s) if to_script else s
        if opening and closing and "(" in s:
            s = _BRACKETED.sub(lambda m: f"{opening}{m.group(1)}{closing}", s)
        return _BESIDE_HAN.sub(lambda m: marks.get(m.group(), m.group()), s)

    return display


def _original_map(lines: list[Line]) -> Callable[[str], str]:
    """Map simplified text back to the input's own characters, learnt from this input."""
    mapping: dict[str, str] = {}
    for line in lines:
        if line.clean != line.text and len(line.clean) == len(line.text):
            for s, o in zip(line.text, line.clean):
                if s != o:
                    mapping.setdefault(s, o)
    if not mapping:
        return lambda s: s
    table = str.maketrans(mapping)
    return lambda s: s.translate(table)


def unify_breaks(text: str) -> tuple[str, int]:
    """The text with every line break as \\n, and its number of physical lines.

    Whole-text passes (markup, damage) run on this form, so that a repair can never join
    a \\r to a \\n and shift every later line, and ^ means a line start in CR-only files.
    """
    unified = text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
    count = unified.count("\n") + 1
    if count > 1 and unified.endswith("\n"):
        count -= 1  # a final line break ends the last line, it does not start one
    return unified, count


def _numbered(text: str):
    """(line number, line) of each line that holds text, in one pass; \\n line breaks (each found with
    str.find: a pattern's search for each line, and a count of the breaks before it, cost ten times more)."""
    number, at, size = 1, 0, len(text)
    while at < size:
        end = text.find("\n", at)
        if end < 0:
            end = size
        if end > at:
            yield number, text[at:end]
        number += 1
        at = end + 1


def _simplified(cleans: list[str], judging: ScriptJudgement) -> tuple[list[str], str]:
    """Each line in simplified characters, and the script the text is written in (read from its first
    ``judging.sample_chars`` characters).  OpenCC is given the lines in runs of about CHUNK_CHARS
    characters, not the whole text at once: its input and output (and their UTF-8 copies inside OpenCC)
    were the peak of a long notice's parse.  A run never splits a line, and OpenCC never converts across
    a line break."""
    texts: list[str] = []
    script_read = None
    start = 0
    while start < len(cleans) or script_read is None:
        end, size = start, 0
        while end < len(cleans) and (size < CHUNK_CHARS or end == start):
            size += len(cleans[end]) + 1
            end += 1
        joined = "\n".join(cleans[start:end])
        simplified = t2s(joined) if _HAN.search(joined) else joined
        if script_read is None:  # (the first run holds the sample: CHUNK_CHARS is more than it can be)
            sample = judging.sample_chars
            script_read = _script(joined[:sample], simplified[:sample], judging)
        part = simplified.split("\n")
        if len(part) != end - start:  # OpenCC never adds or drops line breaks; be safe anyway
            part = [t2s(c) for c in cleans[start:end]]
        texts += [c if t == c else t for t, c in zip(part, cleans[start:end])]  # (equal lines: one string)
        start = end
    return texts, script_read


def _cleaned(text: str, rules, repaired: list[tuple[int, str]], raws: dict[int, str]) -> tuple[list[int], list[str]]:
    """The number and the cleaned text of each line that keeps some text (width-folded, cruft and ruby
    removed; the raw line's own string when they are equal); a line whose ruby was removed is noted in
    ``repaired``."""
    numbers, cleans = [], []
    for number, line in _numbered(fold_width(text)):
        clean, ruby = clean_line(line, rules)
        if clean:
            numbers.append(number)
            raw = raws.get(number)
            cleans.append(raw if clean == raw else clean)
        if ruby:
            repaired.append((number, "pinyin-ruby"))
    return numbers, cleans


def normalize(decoded: Decoded, grammar: Grammar, script: str = "simplified") -> Normalized:
    """Split into physical lines and repair each; convert to simplified Chinese."""
    rules = grammar.compiled("normalize", _compiled)
    # (each whole-text copy is let go as soon as it is used: they were the peak of a long notice's parse)
    unified, count = unify_breaks(decoded.text)
    raws = dict(_numbered(unified))
    damage = _damage(unified, rules)
    repaired_text, repaired = repair_markup(unified, rules)
    del unified
    numbers, cleans = _cleaned(repaired_text, rules, repaired, raws)
    del repaired_text
    texts, script_read = _simplified(cleans, grammar.cruft.script)
    removed: dict[int, list[str]] = {}
    lines = []
    for number, clean, text in zip(numbers, cleans, texts):
        raw = raws.get(number, "")
        if rules["inline"]:
            clean, text, cut = cut_inline_cruft(clean, text, rules)
            if cut:  # (an empty list a line was a tenth of a 10 MB parse's memory)
                removed[number] = cut
        # share equal strings: most lines of a simplified notice are the same in all three forms
        clean = raw if clean == raw else clean
        text = clean if text == clean else text
        lines.append(Line(number, raw, clean, text, _cruft(text, rules), bool(removed.get(number))))
    norm = Normalized(decoded.path, lines, count, script_read, parts=frozenset(decoded.parts))
    norm.diagnostics.extend(_diagnostics(damage, repaired, removed))
    norm.diagnostics.extend(Diagnostic.of(code, message, line) for line, code, message in decoded.notes)
    to_script = s2t if script == "traditional" else _original_map(lines) if script == "original" else None
    norm.to_output = _with_display_punctuation(to_script, _punctuation_map(lines))
    return norm
