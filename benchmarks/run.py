"""govplan's speed and memory targets, each against its reference measured in the same run, on
real notices (../shared: seeds, dev, dev2; the samples when it is absent).

    python benchmarks/run.py            # the table: measure, reference, ratio, target, PASS/FAIL
    python benchmarks/run.py --json     # the same as JSON
    python benchmarks/run.py --quick    # 10 MB instead of 50, 200 files instead of 2,000, fewer repeats

A shared machine's speed varies from minute to minute, so a figure is a ratio to a reference taken in
turn with it (fresh processes alternate).  Exit 1 when a target is missed.  The synthetic corpus
measures (scaling to 10 MB, batch engines, compare warm) are benchmarks/synthetic.py.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import ROOT, free_core_control, fresh, fresh_median, govplan_cmd, html_pages, median_time, real_notices  # noqa: E402

if importlib.util.find_spec("govplan") is None:  # measure the install (compiled or not) where there is one
    sys.path.insert(0, str(ROOT / "src"))


@dataclass
class Row:
    name: str
    value: float
    unit: str
    reference: str
    ref_value: float | None
    ratio: float | None
    target: str
    passed: bool | None  # None: a figure, not judged


def _row(name, value, unit, reference, ref_value, target_ratio, note="≤") -> Row:
    ratio = value / ref_value if ref_value else None
    passed = None if ratio is None or target_ratio is None else ratio <= target_ratio
    return Row(name, round(value, 4), unit, reference, None if ref_value is None else round(ref_value, 4),
               None if ratio is None else round(ratio, 2), f"{note} {target_ratio}" if target_ratio else "", passed)


def startup(repeat: int, notice30: Path, tmp: Path) -> list[Row]:
    py, cmd = sys.executable, govplan_cmd()
    out = str(tmp / "n.json")
    commands = [[py, "-c", "pass"], [py, "-c", "import opencc"], [*cmd, "--version"],
                [*cmd, "parse", str(notice30), "-o", out]]
    base, opencc, version, parse = fresh_median(commands, repeat)
    return [_row("govplan --version, fresh process", version, "s", "python -c pass", base, 3),
            _row(f"govplan parse {notice30.stat().st_size // 1000} KB real notice, fresh process", parse, "s",
                 'python -c "import opencc"', opencc, 4)]


def warm(repeat: int, notices: list[Path]) -> list[Row]:
    from govplan import parse_text
    from govplan.batch.runtime import paused_gc
    from govplan.text.cache import forget_all
    from govplan.text.script import t2s

    data = [p.read_bytes() for p in notices]
    texts = [b.decode("utf-8-sig") for b in data]
    parse_text(texts[0])  # the grammar loaded and compiled: not per-notice work

    def parse_all():
        forget_all()  # the per-line memos of an earlier repetition would answer for these same notices
        with paused_gc():  # as govplan parse and batch workers run it
            for t in texts:
                parse_text(t)

    def floor_all():
        for b in data:
            t2s(b.decode("utf-8-sig")).split("\n")

    floor, parse = median_time(floor_all, repeat), median_time(parse_all, repeat)
    mb = sum(len(b) for b in data) / 1e6
    return [_row(f"parse {len(data)} real notices ({mb:.2f} MB) in process", parse, "s",
                 "floor: decode + OpenCC t2s + split lines", floor, 10)]


def memory(tmp: Path, notices: list[Path], mb: int) -> list[Row]:
    """Peak RSS of govplan parse on ``mb`` MB of real notices one after another (a gazette), less
    the RSS of a one-notice parse, per MB; and at a fifth of that size (linear: the same per MB)."""
    cmd = govplan_cmd()
    pool = "\n\n".join(p.read_text("utf-8-sig") for p in notices)
    sizes = {}
    for size in (mb / 5, mb):
        path = tmp / f"gazette_{size:g}.txt"
        path.write_text(pool * max(1, round(size * 1e6 / len(pool.encode()))), encoding="utf-8")
        sizes[size] = (path.stat().st_size / 1e6, fresh([*cmd, "parse", str(path), "--compact", "-o",
                                                         str(tmp / "g.json")])[2])
    base = fresh([*cmd, "parse", str(notices[0]), "-o", str(tmp / "g.json")])[2]
    small, large = sizes[mb / 5], sizes[mb]
    per_mb = (large[1] - base) / large[0]
    per_mb_small = (small[1] - base) / small[0]
    return [Row(f"peak memory parsing {large[0]:.0f} MB of real notices, per MB (MiB)", round(per_mb, 2), "MiB/MB",
                f"one notice's RSS {base:.0f} MiB subtracted", None, None, "≤ 6", per_mb <= 6),
            Row(f"  the same at {small[0]:.0f} MB (linear: about the same)", round(per_mb_small, 2), "MiB/MB", "", None,
                round(per_mb / per_mb_small, 2), "ratio ≤ 1.25", per_mb / per_mb_small <= 1.25)]


def compare_cold(repeat: int, tmp: Path) -> list[Row]:
    pairs = sorted((ROOT / "samples" / "compare").glob("p*_*.txt"))
    upper, lower = tmp / "upper.txt", tmp / "lower.txt"
    upper.write_text("\n".join(p.read_text("utf-8") for p in pairs[0::2]), encoding="utf-8")
    lower.write_text("\n".join(p.read_text("utf-8") for p in pairs[1::2]), encoding="utf-8")
    larger = max((upper, lower), key=lambda p: p.stat().st_size)
    cmd = govplan_cmd()
    parse, compare = fresh_median([[*cmd, "parse", str(larger), "-o", str(tmp / "c.json")],
                                   [*cmd, "compare", str(upper), str(lower), "-f", "json", "-o", str(tmp / "c2.json")]],
                                  repeat)
    return [_row("govplan compare of two plans, fresh process", compare, "s", "govplan parse of the larger, fresh",
                 parse, 2)]


def html(repeat: int) -> list[Row]:
    pages = [p.read_bytes() for p in html_pages()]
    if not pages:
        return [Row("HTML reading", 0, "s", "../shared/formats/html absent: not measured", None, None, "", None)]
    try:
        import trafilatura
    except ImportError:
        return [Row("HTML reading", 0, "s", "trafilatura not installed (pip install trafilatura "
                    "lxml_html_clean): not measured", None, None, "", None)]
    from govplan.formats.sniff import load

    def ours():
        for n, data in enumerate(pages):
            load(data, f"page{n}.html")

    def theirs():
        for data in pages:
            trafilatura.extract(data.decode("utf-8", "replace"), include_tables=True)

    ours(), theirs()
    mine, ref = median_time(ours, repeat), median_time(theirs, repeat)
    return [_row(f"read the {len(pages)} real web pages, in process", mine, "s", "trafilatura.extract (tables kept)",
                 ref, 1)]


def batch(tmp: Path, notices: list[Path], files: int, repeat: int) -> list[Row]:
    """A batch of ``files`` real notices (copies, in turn): the time beyond parsing them, per file; and
    the speed-up of --jobs 2 against what two free cores allow (a control of two pure-CPU processes)."""
    from govplan import parse_text
    from govplan.batch.runtime import paused_gc
    from govplan.output.json_stream import to_json

    src = tmp / "batch"
    for i in range(files):
        folder = src / f"set{i % 20}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"n{i:05d}.txt").write_bytes(notices[i % len(notices)].read_bytes())
    cmd = govplan_cmd()
    texts = [notices[i % len(notices)].read_text("utf-8-sig") for i in range(files)]
    parse_text(texts[0])

    def parse_and_write():  # as a batch worker does each file: the collector paused for its parse
        for t in texts:
            with paused_gc():
                result = parse_text(t)
            to_json(result, 2).encode("utf-8")

    inside = median_time(parse_and_write, repeat)
    single = tmp / "single"
    (single / "one").mkdir(parents=True)
    (single / "one" / "n.txt").write_bytes(notices[0].read_bytes())
    walls: dict[int, list[float]] = {0: [], 1: [], 2: []}
    for r in range(repeat):
        walls[0].append(fresh([*cmd, "batch", str(single), "-o", str(tmp / f"single{r}"), "--quiet"])[0])
        for jobs in (1, 2):
            walls[jobs].append(fresh([*cmd, "batch", str(src), "-o", str(tmp / f"out{jobs}{r}"), "--jobs",
                                      str(jobs), "--quiet"])[0])
    start, one, two = (statistics.median(walls[k]) for k in (0, 1, 2))
    control = free_core_control()
    # what a file costs the batch beyond its parse and JSON: (the batch less a batch of one file) per file,
    # less the same files parsed and written in one process
    overhead = ((one - start) - inside) / files * 1000
    speedup, allowed = one / two, 2 / control
    return [Row(f"batch of {files} real notices, --jobs 1: time beyond parsing, per file", round(overhead, 3), "ms",
                f"batch {one:.2f} s less a batch of one file {start:.2f} s, less the same parses and JSON "
                f"in one process {inside:.2f} s", None, None,
                "≤ 1 ms", overhead <= 1),
            Row("  --jobs 2 speed-up, against what two free cores allow", round(speedup, 2), "×",
                f"control: two CPU-bound processes take {control:.2f}× one (allows {allowed:.2f}×)", round(allowed, 2),
                round(speedup / allowed, 2), "≥ 0.85 of it", speedup / allowed >= 0.85)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--repeat", type=int, default=0, help="runs per figure (default 9 cold starts, 5 in process; "
                                                          "--quick 3)")
    ap.add_argument("--only", choices=("startup", "warm", "memory", "compare", "html", "batch"), action="append")
    args = ap.parse_args()
    quick, repeat = args.quick, args.repeat or (3 if args.quick else 5)
    notices = real_notices()
    parts = args.only or ["startup", "warm", "compare", "html", "memory", "batch"]
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="govplan-bench-") as name:
        tmp = Path(name)
        largest = max(notices, key=lambda p: p.stat().st_size)
        notice30 = tmp / "notice_30k.txt"  # the first 30 KB of the largest real notice, cut at a line
        text = largest.read_text("utf-8-sig").encode()[:30_000].decode("utf-8", "ignore")
        notice30.write_text(text[:text.rfind("\n") + 1], encoding="utf-8")
        measures = {"startup": lambda: startup(args.repeat or (5 if quick else 11), notice30, tmp),
                    "warm": lambda: warm(repeat, notices), "compare": lambda: compare_cold(repeat + 2, tmp),
                    "html": lambda: html(repeat * 4), "memory": lambda: memory(tmp, notices, 10 if quick else 50),
                    "batch": lambda: batch(tmp, notices, 200 if quick else 2000, 1 if quick else 3)}
        for part in parts:
            t = time.perf_counter()
            rows += measures[part]()
            print(f"  ({part}: {time.perf_counter() - t:.0f} s)", file=sys.stderr)
    machine = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
               "notices": len(notices), "govplan": _install()}
    if args.json:
        print(json.dumps({"machine": machine, "rows": [asdict(r) for r in rows]}, ensure_ascii=False, indent=2))
    else:
        _print(rows, machine)
    return 0 if all(r.passed is not False for r in rows) else 1


def _install() -> str:
    """Which govplan was measured: where it was imported from, compiled or not."""
    import govplan
    from govplan.version import compiled

    return f"{Path(govplan.__file__).parent} (compiled: {'yes' if compiled() else 'no'})"


def _print(rows: list[Row], machine: dict) -> None:
    print(f"machine: {machine}")
    print(f"{'measure':<66} {'value':>9} {'reference':>9} {'ratio':>6}  {'target':<13} result")
    for r in rows:
        verdict = "" if r.passed is None else "PASS" if r.passed else "FAIL"
        ref = "" if r.ref_value is None else f"{r.ref_value:g}"
        ratio = "" if r.ratio is None else f"{r.ratio:g}"
        print(f"{r.name[:66]:<66} {r.value:>9g} {ref:>9} {ratio:>6}  {r.target:<13} {verdict}")
        if r.reference:
            print(f"{'':<4}reference: {r.reference} ({r.unit})")


if __name__ == "__main__":
    sys.exit(main())
