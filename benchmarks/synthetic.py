"""govplan on a synthetic corpus (copies of samples/): throughput, cold start, batch, scaling to 10 MB,
memory; batch engines (--engines) and compare (--compare).  The targets of the issue on real notices are
benchmarks/run.py's.

    python benchmarks/synthetic.py              # the table, with targets and PASS/FAIL
    python benchmarks/synthetic.py --json       # the same figures as JSON
    python benchmarks/synthetic.py --quick      # smaller corpus and fewer repeats (a smoke run)
    python benchmarks/synthetic.py --engines 20000   # batch --jobs 2 vs --engine dask, and a free-core control
    python benchmarks/synthetic.py --compare         # compare: two plans of 60 tasks, warm and cold; segmenter loads

Unix only (resource.getrusage).  The corpus is built here from samples/ (varied copies,
simplified and traditional), in a temporary folder, so nothing large is committed.  Every figure is the median of
--repeat runs.  Exit status 1 when a target is missed.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
if importlib.util.find_spec("govplan") is None:  # the install where there is one (compiled or not)
    sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from measure import (  # noqa: E402
    WRAPPER,  # noqa: E402
    free_core_control,
    govplan_cmd,
    median_time,
)

TARGETS = {
    "floor_ratio": ("<=", 5.0, "parse time / floor time"),
    "cold_parse_s": ("<", 0.35, "govplan parse of a 30 KB notice, fresh process (s)"),
    "cold_version_s": ("<", 0.15, "govplan --version, fresh process (s)"),
    "batch_speedup": (">=", 1.7, "batch files/s with --jobs 2 over --jobs 1"),
    "scaling_10_over_1": ("<=", 12.0, "time(10 MB) / time(1 MB)"),
    "batch_rss_mb": ("<", 150.0, "peak RSS of one batch process or worker (MB)"),
    "big_rss_mb": ("<", 400.0, "peak RSS parsing the 10 MB document (MB)"),
    "hostile_over_plan_1mb": ("<=", 2.0, "time(1 MB run of numerals) / time(1 MB plan)"),
}

# Items with units and deadlines, used to grow documents to a given size.
ITEM = ("({n})推进第{n}项重点任务落实。加快完善工作机制,{m}月底前完成阶段性目标,"
        "力争到年底前全面完成。(牵头单位:市发展改革委;责任单位:市财政局、各县(市、区)人民政府;"
        "完成时限:2024年{m}月底)\n")


def s2t(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(text)


def build_corpus(folder: Path, files: int, seed: int = 7) -> list[Path]:
    """Varied copies of the samples: renamed places, shuffled items, half in traditional."""
    rng = random.Random(seed)
    samples = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    places = ["甲", "乙", "丙", "丁", "东城", "西城", "南湖", "北山", "临江", "青山"]
    trad_cache: dict[int, str] = {}
    out = []
    for i in range(files):
        k = i % len(samples)
        text = samples[k].replace("XX", places[i % len(places)] + str(i))
        if i % 2:
            if k not in trad_cache:
                trad_cache[k] = s2t(samples[k])
            text = trad_cache[k].replace("XX", places[i % len(places)] + str(i))
        extra = "".join(ITEM.format(n=j + 1, m=rng.randint(1, 12)) for j in range(rng.randint(0, 6)))
        path = folder / f"set{i % 10}" / f"notice_{i:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n" + extra, encoding="utf-8")
        out.append(path)
    return out


def document_of_size(size_bytes: int) -> str:
    """One plan grown to ``size_bytes`` by repeated numbered items (linear by construction)."""
    head = "XX市重点任务推进方案\n一、工作目标\n全面完成年度任务。\n二、重点任务\n"
    parts, total, n, sec = [head], len(head.encode()), 0, 1
    while total < size_bytes:
        if n % 30 == 0:
            line = f"({_cn(sec)})第{sec}组任务\n"
            sec += 1
        else:
            line = ITEM.format(n=n % 30, m=n % 12 + 1).replace(f"({n % 30})", f"{n % 30}.", 1)
        parts.append(line)
        total += len(line.encode())
        n += 1
    return "".join(parts)


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "") if n < 100 else str(n)


def run_with_rss(cmd: list[str]) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit code) of one fresh process."""
    seconds, _, rss, code = run_measured(cmd)
    return seconds, rss, code


def run_measured(cmd: list[str]) -> tuple[float, float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in MB of the largest process in the tree, exit code)."""
    out = subprocess.run([sys.executable, "-S", "-c", WRAPPER, *cmd],
                         capture_output=True, text=True, check=True)
    wall, cpu, rss, code = out.stdout.split()
    rss_kb = float(rss) / (1024 if sys.platform == "darwin" else 1)  # bytes on macOS
    return float(wall), float(cpu), rss_kb / 1024, int(code)


def measure(args) -> dict:
    from govplan import parse_text as library_parse
    from govplan.batch.runtime import paused_gc
    from govplan.parse.normalize import t2s

    def parse_text(text: str):
        # as `govplan parse` and batch workers run it: the collector paused for the parse
        # (the library itself leaves the process's collector alone)
        with paused_gc():
            return library_parse(text)

    res: dict = {}
    tmp = Path(tempfile.mkdtemp(prefix="govplan-bench-"))
    try:
        n_files = 200 if args.quick else 2000
        corpus = build_corpus(tmp / "corpus", n_files)
        texts = [p.read_bytes() for p in corpus[: min(len(corpus), 600)]]
        mb = sum(len(b) for b in texts) / 1e6
        decoded = [b.decode("utf-8") for b in texts]
        parse_text(decoded[0])  # warm: grammar, OpenCC, compiled patterns

        def parse_all():
            for t in decoded:
                parse_text(t)

        def floor_all():
            for b in texts:
                t2s(b.decode("utf-8")).split("\n")

        # the contract alone: validating the output models and writing their JSON, from
        # already-extracted values (a lower bound for any parser that emits these models)
        from govplan.models.contract import read_parse_data
        from govplan.output.json_stream import to_data, to_json

        dumped = [to_data(parse_text(t)) for t in decoded]

        def contract_all():
            for d in dumped:
                to_json(read_parse_data(d))

        t_parse = median_time(parse_all, args.repeat)
        t_floor = median_time(floor_all, args.repeat)
        t_contract = median_time(contract_all, args.repeat)
        res["corpus"] = {"files": len(texts), "mb": round(mb, 2)}
        res["parse_mb_s"] = round(mb / t_parse, 2)
        res["parse_docs_s"] = round(len(texts) / t_parse, 1)
        res["floor_mb_s"] = round(mb / t_floor, 2)
        res["floor_ratio"] = round(t_parse / t_floor, 2)
        res["contract_mb_s"] = round(mb / t_contract, 2)
        res["contract_ratio"] = round(t_contract / t_floor, 2)

        notice = tmp / "notice_30k.txt"
        notice.write_text(document_of_size(30_000), encoding="utf-8")
        cmd = govplan_cmd()
        # start-up is short and the machine's noise is not: more runs here
        cold = [run_measured([*cmd, "parse", str(notice), "-o", str(tmp / "n.json")])
                for _ in range(args.repeat + 4)]
        res["cold_parse_s"] = round(statistics.median(c[0] for c in cold), 3)
        res["cold_parse_cpu_s"] = round(statistics.median(c[1] for c in cold), 3)
        res["cold_version_s"] = round(statistics.median(
            run_with_rss([*cmd, "--version"])[0] for _ in range(args.repeat + 4)), 3)

        # --jobs 1 and --jobs 2 alternate, so a slow spell of a shared machine hits both;
        # the speed-up is the median of the pairs' ratios
        batch: dict[int, list[tuple[float, float, int]]] = {1: [], 2: []}
        for r in range(args.repeat):
            for jobs in (1, 2):
                out = tmp / f"out{jobs}_{r}"
                batch[jobs].append(run_with_rss([*cmd, "batch", str(tmp / "corpus"), "-o", str(out),
                                                 "--jobs", str(jobs), "--quiet"]))
                shutil.rmtree(out, ignore_errors=True)
        seconds = {jobs: statistics.median(r[0] for r in runs) for jobs, runs in batch.items()}
        res["batch_files"] = n_files
        res["batch_files_s_j1"] = round(n_files / seconds[1], 1)
        res["batch_files_s_j2"] = round(n_files / seconds[2], 1)
        res["batch_speedup"] = round(statistics.median(a[0] / b[0] for a, b in zip(batch[1], batch[2])), 2)
        res["batch_rss_mb"] = round(max(r[1] for runs in batch.values() for r in runs), 1)

        sizes = {"0.1": 100_000, "1": 1_000_000, "10": 10_000_000}
        if args.quick:
            sizes = {"0.1": 100_000, "1": 1_000_000}
        scaling = {}
        for label, size in sizes.items():
            doc = document_of_size(size)
            scaling[label] = median_time(lambda d=doc: parse_text(d), args.repeat)
        res["scaling_s"] = {k: round(v, 3) for k, v in scaling.items()}
        # the worst of the inputs that were quadratic: 1 MB of one run of Chinese numerals
        # (the duration pattern rescanned the run from every position: 100,000 took 454 s)
        hostile = "一、任务\n" + "一" * (1_000_000 // 3)
        res["hostile_1mb_s"] = round(median_time(lambda: parse_text(hostile), args.repeat), 3)
        res["hostile_over_plan_1mb"] = round(res["hostile_1mb_s"] / scaling["1"], 2)
        if "10" in scaling:
            res["scaling_10_over_1"] = round(scaling["10"] / scaling["1"], 2)
            big = tmp / "big.txt"
            big.write_text(document_of_size(10_000_000), encoding="utf-8")
            _, rss, _ = run_with_rss([*cmd, "parse", str(big), "--compact", "-o", str(tmp / "big.json")])
            res["big_rss_mb"] = round(rss, 1)
        res["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count(),
                          "platform": platform.platform(), "processor": platform.machine()}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return res


def measure_engines(files: int) -> dict:
    """batch --jobs 2 against --engine dask (a LocalCluster of 2 workers) on ``files`` notices:
    files/s and the peak RSS of the largest process (the driver, or a worker)."""
    out: dict = {"engine_files": files, "free_core_ratio": round(free_core_control(), 2)}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus"
        build_corpus(src, files)
        for name, extra in (("jobs2", ["--jobs", "2"]), ("dask2", ["--jobs", "2", "--engine", "dask"])):
            target = Path(tmp) / name
            wall, rss, code = run_with_rss(govplan_cmd() + ["batch", str(src), "-o", str(target), "-q", *extra])
            out[f"{name}_files_s"] = round(files / wall, 1) if code == 0 else None
            out[f"{name}_rss_mb"] = round(rss, 1)
    return out


SEGMENTER_LOAD = {
    "rjieba": "import time; t = time.perf_counter(); import rjieba; rjieba.cut('加强组织领导'); "
              "print(time.perf_counter() - t)",
    "jieba": "import time, logging; t = time.perf_counter(); import jieba; jieba.setLogLevel(logging.WARNING); "
             "jieba.initialize(); print(time.perf_counter() - t)",
}


def plan_of_tasks(files: list[Path], count: int, title: str) -> str:
    """A plan of ``count`` tasks made of the tasks of ``files`` (the compare samples), in
    turn; a task used again is set in another place, so no two are the same."""
    from govplan.api import parse_file
    from govplan.compare.align import tasks_of
    from govplan.grammar.loader import load_grammar

    grammar = load_grammar()
    pool = [t.section.text.split("\n")[0] for f in files for t in tasks_of(parse_file(f).documents, grammar)]
    places = ["", "在东城片区", "在西城片区", "在南湖片区"]
    marker = "0123456789.()一二三四五六七八九十是、"
    items = [f"{n + 1}.{places[n // len(pool) % len(places)]}{pool[n % len(pool)].lstrip(marker)}"
             for n in range(count)]
    return f"{title}\n一、重点任务\n" + "\n".join(items) + "\n"


def measure_compare(repeat: int) -> dict:
    """govplan compare on two plans of 60 tasks: warm (in process, after one run) and cold
    (a fresh process, the segmenter loaded); and each segmenter's load in a fresh process."""
    from govplan.api import parse_text
    from govplan.compare.align import compare
    from govplan.grammar.loader import load_grammar

    pairs = ROOT / "samples" / "compare"
    upper = plan_of_tasks(sorted(pairs.glob("p*_*.txt"))[0::2], 60, "某省实施方案")
    lower = plan_of_tasks(sorted(pairs.glob("p*_*.txt"))[1::2][::-1], 60, "某市实施方案")
    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "upper.txt", Path(tmp) / "lower.txt"
        a.write_text(upper, encoding="utf-8")
        b.write_text(lower, encoding="utf-8")
        grammar, ra, rb = load_grammar(), parse_text(upper), parse_text(lower)
        result = compare(ra, rb, grammar)
        out["compare_tasks"] = [len(result.tasks), result.lower.tasks]
        out["compare_warm_s"] = round(median_time(lambda: compare(ra, rb, grammar), max(repeat, 5)), 3)
        colds = [run_with_rss(govplan_cmd() + ["compare", str(a), str(b), "-f", "json"]) for _ in range(5)]
        out["compare_cold_s"] = round(statistics.median(c[0] for c in colds), 3)
        out["compare_cold_rss_mb"] = round(max(c[1] for c in colds), 1)
    for name, code in SEGMENTER_LOAD.items():
        loads = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                      check=True).stdout) for _ in range(5)]
        out[f"{name}_load_s"] = round(statistics.median(loads), 3)
    return out


def verdicts(res: dict) -> dict[str, bool]:
    out = {}
    for key, (op, target, _) in TARGETS.items():
        if key not in res:
            continue
        if key == "batch_speedup" and res.get("batch_files", 0) < 2000:
            continue  # the target is for 2,000 files; --quick's 200 are mostly start-up
        v = res[key]
        out[key] = v <= target if op == "<=" else v < target if op == "<" else v >= target
    return out


def print_table(res: dict) -> None:
    ok = verdicts(res)
    print(f"corpus: {res['corpus']['files']} files, {res['corpus']['mb']} MB "
          f"(simplified and traditional); machine: {res['machine']}")
    print(f"{'measure':<28} {'value':>12}  {'target':>10}  result")
    rows = [("parse throughput (MB/s)", res["parse_mb_s"], "", None),
            ("parse throughput (docs/s)", res["parse_docs_s"], "", None),
            ("floor: decode+t2s+split MB/s", res["floor_mb_s"], "", None),
            ("models+JSON only (MB/s)", res["contract_mb_s"], "", None),
            ("models+JSON / floor time", res["contract_ratio"], "", None)]
    for key, (op, target, _) in TARGETS.items():
        if key in res:
            rows.append((key, res[key], f"{op} {target}", ok.get(key)))
    rows.insert(7, ("cold parse CPU time (s)", res["cold_parse_cpu_s"], "", None))
    rows.insert(9, ("batch files/s --jobs 1", res["batch_files_s_j1"], "", None))
    rows.insert(10, ("batch files/s --jobs 2", res["batch_files_s_j2"], "", None))
    for label, secs in res["scaling_s"].items():
        rows.append((f"parse {label} MB document (s)", secs, "", None))
    rows.append(("parse 1 MB numeral run (s)", res["hostile_1mb_s"], "", None))
    for name, value, target, passed in rows:
        verdict = "" if passed is None else ("PASS" if passed else "FAIL")
        if name == "batch_speedup" and passed is None:
            verdict = "(--quick: not judged)"
        print(f"{name:<28} {value:>12}  {target:>10}  {verdict}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement (median reported)")
    ap.add_argument("--quick", action="store_true", help="200 files, no 10 MB document")
    ap.add_argument("--engines", type=int, metavar="FILES", default=0,
                    help="only the engine row: FILES notices with --jobs 2 and with --engine dask (Dask "
                         "installed), and the free-core control")
    ap.add_argument("--compare", action="store_true",
                    help="only the compare row: two plans of 60 tasks (warm < 1 s), cold start, segmenter loads")
    args = ap.parse_args()
    if args.compare:
        res = measure_compare(args.repeat)
        print(json.dumps(res, indent=2))
        return 0 if res["compare_warm_s"] < 1.0 else 1
    if args.engines:
        print(json.dumps(measure_engines(args.engines), indent=2))
        return 0
    res = measure(args)
    res["targets_met"] = verdicts(res)
    if args.json:
        print(json.dumps(res, ensure_ascii=False, indent=2))
    else:
        print_table(res)
    return 0 if all(res["targets_met"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
