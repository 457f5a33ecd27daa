"""Helpers of the batch tests: a varied corpus, a batch in its own process, waiting on it."""
from __future__ import annotations

import os
import subprocess
import sys
import time

from conftest import ROOT, SAMPLES


def make_corpus(folder, copies: int):
    """Varied copies of the samples in a nested folder layout, plus one bad file."""
    samples = sorted(SAMPLES.glob("*.txt"))
    for i in range(copies):
        src = samples[i % len(samples)]
        sub = folder / f"group{i % 7}"
        sub.mkdir(parents=True, exist_ok=True)
        text = src.read_text(encoding="utf-8").replace("XX", f"第{i}号")
        (sub / f"{src.stem}_{i}.txt").write_text(text, encoding="utf-8")
    return folder


def start_batch(*args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.Popen([sys.executable, "-m", "govplan", "batch", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_for(condition, seconds: float = 120) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline and not condition():
        time.sleep(0.02)
