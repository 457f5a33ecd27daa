"""The batch planner streams: sorted folder walks, on-disk maps, flat driver memory."""
from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from govplan.batch.planner import CHUNK, Planner, chunked
from govplan.files import spill, walk
from govplan.files.inputs import NOTICE_GLOBS, expand


def test_sorted_strings_through_disk_equals_sorted():
    names = [f"{n % 97:03d}-文件{n}.txt" for n in range(1000)] + ["a\nb", "bad\udcff", "z", "Z", "é"]
    assert list(spill.sorted_strings(iter(names), run=7)) == sorted(names)
    assert list(spill.sorted_strings([], run=7)) == []


def test_disk_map_adds_once_replaces_and_sorts():
    with spill.DiskMap() as m:
        assert m.add("b", b"1") and not m.add("b", b"2")
        assert m.get("b") == b"1"
        m.put("b", b"3")
        m.put("a\udcff", b"4")  # a file name that is not UTF-8
        assert m.get("b") == b"3" and "a\udcff" in m and "c" not in m and len(m) == 2
        assert [k for k, _ in m.items()] == ["a\udcff", "b"]


def _tree(root: Path) -> None:
    for folder in ("b", "a", "a/z", "a b", ".hidden", "c"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for name in ("a/2.txt", "a/10.txt", "a/z/1.txt", "a b/x.TXT", "a b/y.txt", ".hidden/h.txt", "c/.h.txt",
                 "b/n.docx", "b/n.json", "b/_manifest.jsonl", "top.txt", "a/z/sub.html"):
        (root / name).write_text("一、任务\n", encoding="utf-8")


def _rglob_order(root: Path, globs) -> list[str]:
    """What the batch listed before it streamed: every match held, then sorted."""
    return [str(f) for f in sorted({f for g in globs for f in root.rglob(g) if f.is_file()
                                    and f.name != "_manifest.jsonl"
                                    and not any(p.startswith(".") for p in f.relative_to(root).parts)})]


@pytest.mark.parametrize("globs", [NOTICE_GLOBS, ("*.txt",), ("z/*.txt", "*.docx")])
def test_the_walk_yields_what_rglob_found_in_the_same_order(tmp_path, monkeypatch, globs):
    _tree(tmp_path)
    expected = _rglob_order(tmp_path, globs)
    assert [s for s, _ in expand([str(tmp_path)], globs)] == expected
    monkeypatch.setattr(spill, "SORT_RUN", 2)  # every folder sorted through disk
    monkeypatch.setattr(walk, "sorted_strings", lambda items: spill.sorted_strings(items, run=2))
    assert [s for s, _ in expand([str(tmp_path)], globs)] == expected


def test_output_names_that_collide_are_kept_apart(tmp_path):
    (tmp_path / "x.txt").write_text("一、甲\n", encoding="utf-8")
    (tmp_path / "x.text").write_text("一、乙\n", encoding="utf-8")
    with Planner(tmp_path / "out") as planner:
        jobs = list(planner.jobs(expand([str(tmp_path)], NOTICE_GLOBS)))
        assert [j.out.name for j in jobs][0] == "x.json"
        assert jobs[1].out.name.startswith("x.") and jobs[1].out != jobs[0].out
        assert planner.is_input(str(tmp_path / "x.txt")) and not planner.is_input("elsewhere.txt")


def test_chunks_are_fine_for_small_batches_and_full_for_large(tmp_path):
    from govplan.batch.job import Job

    small = list(chunked((Job(str(n), None) for n in range(20)), workers=2))
    assert sum(map(len, small)) == 20 and max(map(len, small)) == 1
    big = list(chunked((Job(str(n), None) for n in range(5000)), workers=2))
    assert [j.src for c in big for j in c] == [str(n) for n in range(5000)]
    assert max(map(len, big)) == CHUNK and len(big) == -(-5000 // CHUNK)


DRIVER = r"""
import resource, sys
from pathlib import Path
from govplan.batch import driver as runner
from govplan.batch import job as batch
from govplan.files.inputs import NOTICE_GLOBS, expand
from govplan.batch.planner import Planner, chunked

# the driver without the parsing: what the planner, the manifest and the bookkeeping cost
runner.parse_timed = lambda src, out, options: batch.Outcome(src, size=1, sha256="0" * 64)
root, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(exist_ok=True)
for skip in (False, True):  # a run, then its rerun reading the manifest of every input
    with Planner(out, skip) as planner:
        summary = runner.run(planner, expand([str(root)], NOTICE_GLOBS), jobs_n=1, options=batch.Options(),
                             skip_unchanged=skip)
    assert summary.done == int(sys.argv[3]), summary.done
with Planner(out) as planner:
    assert sum(map(len, chunked(planner.jobs(expand([str(root)], NOTICE_GLOBS)), 2))) == int(sys.argv[3])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _driver_peak_kib(root: Path, out: Path, count: int) -> int:
    done = subprocess.run([sys.executable, "-c", DRIVER, str(root), str(out), str(count)],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    return int(done.stdout.split()[-1])


def _tiny_files(root: Path, folders: int, per_folder: int) -> None:
    for f in range(folders):
        folder = root / f"{2000 + f // 12}" / f"{f % 12 + 1:02d}-{f}"
        folder.mkdir(parents=True)
        for n in range(per_folder):
            os.close(os.open(folder / f"通知{n:05d}.txt", os.O_CREAT | os.O_WRONLY, 0o644))


@pytest.mark.slow
def test_driver_memory_stays_flat_from_20000_to_200000_inputs(tmp_path):
    """Before the planner streamed, the driver held about 1.3 KB per input: 230 MB more for
    the larger run.  Now it holds one folder's names and a page cache."""
    _tiny_files(tmp_path / "small", 20, 1000)
    _tiny_files(tmp_path / "large", 200, 1000)
    small = _driver_peak_kib(tmp_path / "small", tmp_path / "out-small", 20_000)
    large = _driver_peak_kib(tmp_path / "large", tmp_path / "out-large", 200_000)
    print(f"driver peak RSS: 20,000 inputs {small / 1024:.1f} MB, 200,000 inputs {large / 1024:.1f} MB")
    assert large - small < 16 * 1024, (small, large)


class _StandInRay(types.ModuleType):
    """Ray's calls the recipe uses, run in process: a task runs when submitted."""

    def __init__(self):
        super().__init__("ray")
        self.in_flight = self.most_in_flight = 0

    def init(self, *args, **kwargs):
        pass

    def remote(self, fn):
        def submit(*args):
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            return [fn(*args)]
        return types.SimpleNamespace(remote=submit)

    def wait(self, refs, num_returns=1):
        return refs[:num_returns], refs[num_returns:]

    def get(self, ref):
        self.in_flight -= 1
        return ref[0]


def test_the_readme_recipe_for_other_engines_gives_the_batch_outputs(tmp_path, monkeypatch, capsys):
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    recipe = readme.split("- **Any engine.**", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    assert len(recipe.splitlines()) <= 25
    src = tmp_path / "in"
    for n, sample in enumerate(sorted((Path(__file__).parents[2] / "samples").glob("*.txt")) * 15):
        (src / f"d{n % 4}").mkdir(parents=True, exist_ok=True)
        (src / f"d{n % 4}" / f"{n:03d}-{sample.name}").write_bytes(sample.read_bytes())
    try:
        import ray  # noqa: F401 - the real one, when installed
        stand_in = None
    except ImportError:
        stand_in = _StandInRay()
        monkeypatch.setitem(sys.modules, "ray", stand_in)
    monkeypatch.setattr(sys, "argv", ["recipe.py", str(src), str(tmp_path / "out")])
    exec(compile(recipe, "README recipe", "exec"), {"__name__": "__main__"})
    count = len(list(src.rglob("*.txt")))
    assert f"{count} inputs, 0 failed" in capsys.readouterr().out
    if stand_in is not None:
        assert stand_in.most_in_flight == 8 and stand_in.in_flight == 0
    subprocess.run([sys.executable, "-m", "govplan", "batch", str(src), "-o", str(tmp_path / "ref"), "-j", "1", "-q"],
                   check=True)
    made = sorted(p.relative_to(tmp_path / "out") for p in (tmp_path / "out").rglob("*.json"))
    assert made == sorted(p.relative_to(tmp_path / "ref") for p in (tmp_path / "ref").rglob("*.json"))
    assert len(made) == count
    for rel in made:
        assert (tmp_path / "out" / rel).read_bytes() == (tmp_path / "ref" / rel).read_bytes(), rel


def test_a_folder_that_cannot_be_read_is_reported_not_passed_over(tmp_path, monkeypatch, capsys):
    _tree(tmp_path)
    real = os.scandir

    def scandir(path):
        if Path(path).name == "z":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(walk.os, "scandir", scandir)
    found = [s for s, _ in expand([str(tmp_path)], ("*.txt",))]
    assert str(tmp_path / "a" / "z" / "1.txt") not in found and str(tmp_path / "a" / "2.txt") in found
    assert capsys.readouterr().err == f"govplan: warning: {tmp_path / 'a' / 'z'}: folder not read (Permission denied); its notices are left out\n"
