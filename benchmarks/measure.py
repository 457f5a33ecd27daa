"""What benchmarks/run.py measures: fresh processes (wall time and peak RSS), in-process medians,
and the real notices it measures on (../shared beside the repository; the samples without it)."""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
REAL_SETS = ("seeds", "dev/docs", "dev2/docs")


def real_notices() -> list[Path]:
    """The real notices (seeds, dev, dev2), or the shipped samples when ../shared is absent."""
    found = [p for folder in REAL_SETS for p in sorted((SHARED / folder).glob("*.txt"))]
    return found or sorted((ROOT / "samples").glob("*.txt"))


def html_pages() -> list[Path]:
    return sorted((SHARED / "formats" / "html").glob("*.html"))


def govplan_cmd() -> list[str]:
    exe = shutil.which("govplan", path=str(Path(sys.executable).parent)) or shutil.which("govplan")
    return [exe] if exe else [sys.executable, "-m", "govplan"]


# A small process runs the command and reports on it (not the benchmark itself: Linux carries a
# parent's peak RSS into a child it forks).  It times the command, not its own start.
WRAPPER = ("import resource, subprocess, sys, time\n"
            "t = time.perf_counter()\n"
            "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
            "wall = time.perf_counter() - t\n"
            "ru = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "print(wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, p.returncode)\n")


# a process as a user starts it: with Python's bytecode cache (a shell that sets PYTHONDONTWRITEBYTECODE
# would have every module of an editable install compiled again at every start)
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def fresh(cmd: list[str]) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MiB) of one fresh process running ``cmd``; it must succeed."""
    out = subprocess.run([sys.executable, "-S", "-c", WRAPPER, *cmd], capture_output=True, text=True, check=True,
                         env=_ENV)
    wall, cpu, rss, code = out.stdout.split()
    if int(code) != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {code}")
    return float(wall), float(cpu), float(rss) / (1024 if sys.platform != "darwin" else 1024 * 1024)


def fresh_median(cmds: list[list[str]], repeat: int) -> list[float]:
    """The median wall time of each command, run in turn ``repeat`` times (so that a slow spell of a
    shared machine hits them all alike)."""
    times: list[list[float]] = [[] for _ in cmds]
    for _ in range(repeat):
        for i, cmd in enumerate(cmds):
            times[i].append(fresh(cmd)[0])
    return [statistics.median(t) for t in times]


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


BURN = "import sys\nn = 0\nfor i in range(int(sys.argv[1])):\n    n += i * i\n"


def free_core_control(loops: int = 20_000_000) -> float:
    """Wall time of two pure-CPU processes at once over one alone: 1.0 when two cores are free;
    near 2.0 when the other core is busy (no batch speed-up can beat 2 / this)."""
    def run(count: int) -> float:
        t = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", BURN, str(loops)]) for _ in range(count)]
        for p in procs:
            p.wait()
        return time.perf_counter() - t

    return run(2) / run(1)
