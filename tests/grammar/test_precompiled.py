"""Compiled patterns kept between starts (grammar.precompiled): a pattern built from its kept data behaves
as the one regex compiles; a file that is corrupt, foreign or unwritable counts as absent."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import regex
from conftest import SAMPLES

from govplan import precompiled
from govplan.precompiled import PatternStore

PATTERNS = [(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?:底|末)?前?", 0), (r"^\s*[(（]?[一二三四五六七八九十]+[)）]", 0),
            (r"(?i)\bfoo\w*", 0), (r"[\p{Han}]{2,8}(?:局|委|办)", regex.V1), (r"(?<=牵头单位[:：]).+?(?=[;；)]|$)", 0)]
TEXTS = ["2025年6月底前完成", "（三）加强统筹", "FOOBAR foo", "市发展改革委、市财政局", "(牵头单位:市商务局;责任单位:各区)"]


def _parsing_counted(monkeypatch) -> list[str]:
    """The patterns regex parses from their source (not built from kept data)."""
    parsed: list[str] = []
    real = regex.compile

    def counted(source, flags=0, *args, **kw):
        parsed.append(source)
        return real(source, flags, *args, **kw)

    monkeypatch.setattr(regex, "compile", counted)
    return parsed


def _same(a, b) -> bool:
    """Two compiled patterns alike: source, flags, groups, and where they find each text."""
    def spans(p):
        return [m.span() if m else None for m in map(p.search, TEXTS)]

    return (a.pattern, a.flags, a.groupindex, spans(a)) == (b.pattern, b.flags, b.groupindex, spans(b))


def test_a_later_start_builds_every_pattern_from_its_data(tmp_path, monkeypatch):
    first = PatternStore(tmp_path)
    compiled = [first.compile(p, f) for p, f in PATTERNS]
    first.save()
    parsed = _parsing_counted(monkeypatch)
    later = PatternStore(tmp_path)
    built = [later.compile(p, f) for p, f in PATTERNS]
    assert parsed == []
    assert all(_same(a, b) for a, b in zip(compiled, built))
    assert [m.groupdict() for m in (b.search(TEXTS[0]) for b in built[:1])] == [{"y": "2025", "m": "6"}]


@pytest.mark.parametrize("damage", [
    lambda data: data[:-7],  # cut short
    lambda data: data.replace(b"\n", b"\r\n", 1),  # the key line changed
    lambda data: data[:200] + bytes([data[200] ^ 1]) + data[201:],  # one bit (the checksum no longer holds)
    lambda data: b"not a pattern file at all",
    lambda data: b"",
])
def test_a_damaged_file_counts_as_absent(tmp_path, monkeypatch, damage):
    first = PatternStore(tmp_path)
    [first.compile(p, f) for p, f in PATTERNS]
    first.save()
    (path,) = tmp_path.iterdir()
    path.write_bytes(damage(path.read_bytes()))
    parsed = _parsing_counted(monkeypatch)
    later = PatternStore(tmp_path)
    assert later.known == {}
    assert all(_same(later.compile(p, f), regex.compile(p, f)) for p, f in PATTERNS)
    assert len(parsed) >= len(PATTERNS)


def test_data_that_no_longer_builds_is_compiled_as_always(tmp_path):
    store = PatternStore(tmp_path)
    store.known[(PATTERNS[0][0], 0)] = ("broken",)
    assert _same(store.compile(*PATTERNS[0]), regex.compile(*PATTERNS[0]))


def test_no_folder_or_an_unwritable_one_keeps_nothing_and_fails_nothing(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("x")
    for folder in (None, blocked / "below"):
        store = PatternStore(folder)
        store.compile(*PATTERNS[0])
        store.save()  # (quietly nothing)
    assert list(tmp_path.iterdir()) == [blocked]


def test_a_parse_keeps_its_patterns_and_the_next_start_parses_none(tmp_path):
    """Two fresh processes parse a notice: the second builds every grammar pattern from kept data."""
    probe = ("import sys\n"
             "from govplan import precompiled\n"
             "from govplan import parse_file\n"
             "store = precompiled.store()\n"
             "store.save = lambda: None  # (count what this parse compiled from source)\n"
             "parse_file(sys.argv[1])\n"
             "print(store.added)\n"
             "precompiled.PatternStore.save(store)\n")
    env = dict(os.environ, GOVPLAN_CACHE_DIR=str(tmp_path))
    counts = [int(subprocess.run([sys.executable, "-c", probe, str(SAMPLES / "national_plan.txt")], env=env,
                                 capture_output=True, text=True, check=True).stdout) for _ in range(2)]
    assert counts[0] > 100 and counts[1] == 0, counts


def test_escape_and_flags_are_regexs_own():
    """The stages escape words and pass flags without importing regex: the same text and values."""
    every = "".join(chr(c) for c in range(0x3000) if not 0xD800 <= c < 0xE000) + "牵头单位(市局)[1]{2}~#&- \u3000\t"
    assert precompiled.escape(every) == regex.escape(every)
    flags = (precompiled.IGNORECASE, precompiled.LOCALE, precompiled.MULTILINE, precompiled.DOTALL)
    assert flags == (int(regex.IGNORECASE), int(regex.LOCALE), int(regex.MULTILINE), int(regex.DOTALL))
    assert precompiled._VERSION0 == int(regex.VERSION0) == int(regex.DEFAULT_VERSION)


def test_patterns_built_by_the_engine_alone_are_regexs_own(tmp_path):
    """A fresh process builds kept patterns with regex's engine loaded alone, then imports regex: the
    package takes that same engine, and the kept patterns find what regex's compiled ones find."""
    first = PatternStore(tmp_path)
    [first.compile(p, f) for p, f in PATTERNS]
    first.save()
    patterns = [(p, int(f)) for p, f in PATTERNS]
    probe = ("import json, sys\n"
             "from govplan.precompiled import PatternStore\n"
             "store = PatternStore(__import__('pathlib').Path(sys.argv[1]))\n"
             f"built = [store.compile(p, f) for p, f in {patterns!r}]\n"
             "alone = 'regex' not in sys.modules\n"
             "import regex\n"
             f"texts = {TEXTS!r}\n"
             "spans = lambda p: [m.span() if m else None for m in map(p.search, texts)]\n"
             f"same = [spans(b) == spans(regex.compile(p, f)) and type(b) is regex.Pattern\n"
             f"        for b, (p, f) in zip(built, {patterns!r})]\n"
             "print(json.dumps([alone, store.added, same]))\n")
    out = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [True, 0, [True] * len(PATTERNS)]
