"""The shared seeds, scored by the shared scorer at the thresholds of issue #2.

Skipped (with the reason shown) when ../shared is not beside the checkout.
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import ROOT, SHARED

SCORER = SHARED / "eval" / "score.py"
MINIMUMS = ["overall=0.95", "headings=0.97", "lead=0.95", "responsible=0.95", "deadlines=0.93"]


@pytest.mark.skipif(not SCORER.is_file(), reason="../shared/eval/score.py not found beside the checkout")
def test_seed_scores_meet_the_minimums():
    cmd = [sys.executable, str(SCORER), "--cmd", f"{sys.executable} -m govplan parse {{file}}"]
    for m in MINIMUMS:
        cmd += ["--min", m]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=600,
                          env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
