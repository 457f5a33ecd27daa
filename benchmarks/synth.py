"""Recovery of the layout generator's notices (tests/synth), per shape and variant.

    python benchmarks/synth.py                      # 300 notices a shape, seed 1
    python benchmarks/synth.py --count 2000 --seed 7 --show 3
    python benchmarks/synth.py --min 0.98           # exit 1 when a shape falls below

The recovery of a shape is the F1 of its facts (documents, headings with marker and level,
lead and responsible units, deadlines): a missed fact and an invented one both count.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
if importlib.util.find_spec("govplan") is None:  # the install where there is one (compiled or not)
    sys.path.insert(1, str(ROOT / "src"))


def main(argv: list[str] | None = None) -> int:
    from synth.choose import Seeded
    from synth.run import check, recover
    from synth.shapes import SHAPES

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=300, help="notices a shape (default 300)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--min", type=float, default=None, help="exit 1 when a shape's recovery is below this")
    ap.add_argument("--show", type=int, default=0, help="print this many failing notices a shape")
    args = ap.parse_args(argv)
    low = False
    print(f"{'shape':12} {'recovery':>8} {'failing':>8}  worst variants")
    for shape in SHAPES:
        result = recover(shape, args.count, args.seed)
        variants: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for i in range(args.count):
            page = SHAPES[shape](Seeded(args.seed * 100_003 + i))
            missed, invented = check(page) if page.variant else (set(), set())
            variants[page.variant][0] += 1
            variants[page.variant][1] += bool(missed or invented)
        worst = sorted(((bad / n, v) for v, (n, bad) in variants.items() if bad and v), reverse=True)[:3]
        shown = ", ".join(f"{v} {rate:.0%}" for rate, v in worst)
        print(f"{shape:12} {result.rate:8.4f} {len(result.failures):5}/{args.count:<4} {shown}")
        for page, missed, invented in result.failures[: args.show]:
            print("\n".join(f"    {n:3} {line}" for n, line in enumerate(page.lines, 1)))
            print(f"    missed {sorted(missed, key=str)}\n    invented {sorted(invented, key=str)}\n")
        low = low or (args.min is not None and result.rate < args.min)
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
