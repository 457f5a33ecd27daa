"""The review page's size and render time in headless Chromium (issue: a 50 KB notice's page under
1 MB, rendered in under 1 s).

    python benchmarks/review_page.py                     # the real notices beside the repository
    python benchmarks/review_page.py NOTICE [NOTICE ...]

For each notice: the page's bytes and, in Debian's Chromium (Playwright, executable_path), the
time from navigation to the page's script being done (every listener attached: ``data-ready``)
and to first contentful paint, the median of --repeat loads in a fresh tab.  The largest notices
are listed first.  Exit 1 when a notice of 50 KB or less misses a target.
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "tests"))
MAX_BYTES, MAX_SECONDS, NOTICE_BYTES = 1_000_000, 1.0, 50_000


def _real_notices() -> list[Path]:
    found = [p for folder in ("seeds", "dev/docs", "dev2/docs") for p in (SHARED / folder).glob("*.txt")]
    return sorted(found, key=lambda p: -p.stat().st_size)[:8]


def _render_times(browser, page_path: Path, repeat: int) -> tuple[float, float]:
    ready, paint = [], []
    for _ in range(repeat):
        tab = browser.new_page(viewport={"width": 1400, "height": 900})
        tab.goto(page_path.as_uri())
        tab.wait_for_selector("body[data-ready='1']")
        ready.append(float(tab.get_attribute("body", "data-ready-ms")) / 1000)
        paint.append(tab.evaluate("""() => { const p = performance.getEntriesByName('first-contentful-paint')[0];
                                           return p ? p.startTime / 1000 : 0; }"""))
        tab.close()
    return statistics.median(ready), statistics.median(paint)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("notices", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    from browser import CHROMIUM_ARGS, chromium_path
    from playwright.sync_api import sync_playwright

    notices = args.notices or _real_notices()
    failed = 0
    print(f"{'notice':<44} {'KB':>6} {'page KB':>8} {'ready s':>8} {'paint s':>8}  verdict")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for notice in notices:
            page_path = Path(tmp) / f"{notice.stem}.html"
            subprocess.run([sys.executable, "-m", "govplan", "review", str(notice), "-o", str(page_path),
                            "--today", dt.date.today().isoformat()], check=True, capture_output=True)
            size = page_path.stat().st_size
            ready, paint = _render_times(browser, page_path, args.repeat)
            bound = notice.stat().st_size <= NOTICE_BYTES * 1.05
            ok = size < MAX_BYTES and max(ready, paint) < MAX_SECONDS
            failed += bound and not ok
            verdict = ("PASS" if ok else "FAIL") if bound else ("(within targets)" if ok else "(over; larger notice)")
            print(f"{notice.name[:44]:<44} {notice.stat().st_size / 1000:>6.1f} {size / 1000:>8.1f} "
                  f"{ready:>8.3f} {paint:>8.3f}  {verdict}")
        browser.close()
    print(f"targets: page < {MAX_BYTES / 1e6:g} MB, ready and first paint < {MAX_SECONDS:g} s for a notice of "
          f"{NOTICE_BYTES / 1000:g} KB (median of {args.repeat} loads)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
