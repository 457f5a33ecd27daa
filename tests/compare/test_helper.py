"""The segmenter loaded by a forked helper while the plans are read (compare.helper): the same terms as
cutting here, and cutting here whenever the helper cannot answer; the helper never outlives its use.

The helper forks only in a process without other threads (as a command runs); a test run may have
threads left by other tests, so the forking cases run in a fresh process each."""
from __future__ import annotations

import subprocess
import sys

import pytest

from govplan.compare.helper import SegmenterHelper
from govplan.compare.similarity import cut_texts

NAMES = ("rjieba", "jieba")
PIECES = ["优化", "营商环境", "推进", "审批", "制度改革", "市场监管局", "农村", "供水", "保障", "，", "2026年", "底前",
          "完成", "政务服务", "一网通办", "ABC", " ", "\n", "中小企业", "融资", "担保", "。"]

_COMMON = f"""
import os, random, signal, sys
from govplan.compare import similarity
from govplan.compare.helper import SegmenterHelper
NAMES = {NAMES!r}
PIECES = {PIECES!r}
def texts(seed, count=40):
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30))) for _ in range(count)]
def gone(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False
def not_here(*args):
    raise AssertionError("cut in this process, not by the helper")
"""


def _run(body: str) -> str:
    done = subprocess.run([sys.executable, "-c", _COMMON + body], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


linux_only = pytest.mark.skipif(sys.platform != "linux", reason="the helper forks on Linux only")


@linux_only
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_helper_cuts_as_this_process_does_and_is_reaped(seed):
    out = _run(f"""
given = texts({seed})
expected = similarity.cut_texts(given, NAMES)
similarity.cut_texts = not_here
with SegmenterHelper() as helper:
    pid = helper.pid
    assert pid > 0
    assert helper(given, NAMES) == expected
assert gone(pid)
print("answered by the helper", expected[0], len(expected[1]))
""")
    assert out == "answered by the helper rjieba 40\n"


@linux_only
def test_a_helper_that_died_is_replaced_by_cutting_here():
    out = _run("""
given = texts(5)
with SegmenterHelper() as helper:
    pid = helper.pid
    os.kill(pid, signal.SIGKILL)
    assert helper(given, NAMES) == similarity.cut_texts(given, NAMES)
assert gone(pid)
print("cut here")
""")
    assert out == "cut here\n"


@linux_only
def test_a_helper_never_asked_is_stopped_and_reaped():
    out = _run("""
try:
    with SegmenterHelper() as helper:
        pid = helper.pid
        raise RuntimeError("a plan that could not be read")
except RuntimeError:
    pass
assert pid > 0 and gone(pid)
print("reaped")
""")
    assert out == "reaped\n"


@linux_only
def test_a_process_with_threads_does_not_fork():
    out = _run("""
import threading
stop = threading.Event()
threading.Thread(target=stop.wait).start()
given = texts(7)
with SegmenterHelper() as helper:
    assert helper.pid == 0 and helper(given, NAMES) == similarity.cut_texts(given, NAMES)
stop.set()
print("not forked")
""")
    assert out == "not forked\n"


def test_without_fork_the_texts_are_cut_here(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    rng_texts = ["推进审批制度改革", "", "市场监管局保障中小企业融资担保。"]
    with SegmenterHelper() as helper:
        assert helper.pid == 0
        assert helper(rng_texts, NAMES) == cut_texts(rng_texts, NAMES)


def test_no_segmenter_installed_is_the_same_error():
    out = _run("""
from govplan.errors import DependencyMissing
for name in NAMES:
    sys.modules[name] = None  # (an import of it fails, here and in the helper)
with SegmenterHelper() as helper:
    try:
        helper(texts(6), NAMES)
    except DependencyMissing as exc:
        print(exc)
""")
    assert out == "no Chinese segmenter installed (tried rjieba, jieba): pip install rjieba\n"


@linux_only
def test_the_helper_cuts_with_the_segmenters_it_is_asked_for_not_the_one_it_loaded_first():
    """The helper loads the shipped grammar's first segmenter before it is asked (rjieba); asked for
    jieba alone (a grammar of a user's, say), it answers with jieba's terms, as this process would."""
    out = _run("""
given = texts(9)
expected = similarity.cut_texts(given, ("jieba",))
similarity.cut_texts = not_here
with SegmenterHelper() as helper:
    assert helper(given, ("jieba",)) == expected
print("answered", expected[0])
""")
    assert out == "answered jieba\n"


def test_the_shipped_segmenters_lead_every_grammar_s_list(tmp_path):
    """What the helper loads before the grammar (grammar.place.shipped_segmenters) is the head of the list
    the loaded grammar gives, with or without a user's compare.toml (the loader appends a user's list)."""
    from govplan.grammar.loader import load_grammar
    from govplan.grammar.place import shipped_segmenters

    shipped = shipped_segmenters()
    assert shipped and shipped == list(load_grammar(()).compare.settings.segmenters)
    (tmp_path / "compare.toml").write_text('[settings]\nsegmenters = ["jieba"]\n', encoding="utf-8")
    merged = list(load_grammar((str(tmp_path),)).compare.settings.segmenters)
    assert merged[: len(shipped)] == shipped


@linux_only
def test_a_compare_forks_its_helper_before_the_parse_is_imported(tmp_path):
    """The helper's dictionary takes longer to load than reading both plans: it is forked first thing,
    before the command line reader and the parse are imported (and a compare typer reads instead, such
    as --help, stops it and leaves no process behind)."""
    from conftest import SAMPLES

    plans = [str(SAMPLES / "compare" / name) for name in ("p1_national.txt", "p1_province.txt")]
    probe = ("import os, sys\n"
             "real, seen = os.fork, []\n"
             "def fork():\n"
             "    seen.append(sorted(m for m in sys.modules if m.startswith('govplan')))\n"
             "    return real()\n"
             "os.fork = fork\n"
             "def children():\n"
             "    return [p for p in os.listdir('/proc') if p.isdigit()\n"
             "            and open(f'/proc/{p}/stat').read().split(') ')[-1].split()[1] == str(os.getpid())]\n"
             "from govplan.cli.entry import _run\n"
             "code = _run(sys.argv[1:])[0]\n"
             "print(code, seen[0] if seen else None)\n"
             "print('left' if children() else 'reaped')\n")
    out = tmp_path / "c.json"
    done = subprocess.run([sys.executable, "-c", probe, "compare", *plans, "-f", "json", "-o", str(out)],
                          capture_output=True, text=True, timeout=120)
    first, second = done.stdout.splitlines()
    code, modules = first.split(" ", 1)
    assert code == "0" and out.stat().st_size > 1000
    assert "govplan.api" not in modules and "govplan.cli.quick" not in modules, modules
    assert second == "reaped"
    helped = subprocess.run([sys.executable, "-c", probe, "compare", "--help"], capture_output=True, text=True,
                            timeout=120)
    assert helped.stdout.splitlines()[-1] == "reaped", helped.stdout[-500:]


def test_the_shipped_segmenter_names_are_kept_and_read_again_when_the_file_changes(tmp_path, monkeypatch):
    """The helper reads the names from the cache folder on its way to the segmenter (tomllib was a tenth
    of that way); a compare.toml of another size or time is read again, an unreadable one gives []."""
    from govplan.grammar import place

    grammars, cache = tmp_path / "grammars", tmp_path / "cache"
    grammars.mkdir()
    toml = grammars / "compare.toml"
    toml.write_text('[settings]\nsegmenters = ["rjieba", "jieba"]\n', encoding="utf-8")
    monkeypatch.setattr(place, "_shipped_folder", lambda: str(grammars))
    monkeypatch.setenv("GOVPLAN_CACHE_DIR", str(cache))
    assert place.shipped_segmenters() == ["rjieba", "jieba"]
    assert len(list(cache.glob("segmenters-*"))) == 1
    monkeypatch.setattr(place, "_read_segmenters", lambda source: ["not read again"])
    assert place.shipped_segmenters() == ["rjieba", "jieba"]  # (kept)
    monkeypatch.undo()
    monkeypatch.setattr(place, "_shipped_folder", lambda: str(grammars))
    monkeypatch.setenv("GOVPLAN_CACHE_DIR", str(cache))
    toml.write_text('[settings]\nsegmenters = ["jieba"]\n', encoding="utf-8")
    assert place.shipped_segmenters() == ["jieba"]
    toml.write_text('[settings\nsegmenters = ', encoding="utf-8")
    assert place.shipped_segmenters() == []
    monkeypatch.setenv("GOVPLAN_CACHE_DIR", "")  # (nothing kept: read every time)
    toml.write_text('[settings]\nsegmenters = ["x"]\n', encoding="utf-8")
    assert place.shipped_segmenters() == ["x"]
