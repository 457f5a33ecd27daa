import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def pytest_terminal_summary(terminalreporter):
    stats = sys.modules.get("test_fuzz")
    if stats is not None and stats.STATS["inputs"]:
        terminalreporter.write_line(f"fuzz: {stats.STATS['inputs']} mutated inputs checked in "
                                    f"{stats.STATS['seconds']:.0f} s (GOVPLAN_FUZZ_SECONDS={stats.BUDGET:g})")
