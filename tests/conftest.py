from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None,
            timeout: int = 120) -> subprocess.CompletedProcess:
    """Run the real command line (python -m govplan) and capture bytes."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("GOVPLAN_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "govplan", *args], input=stdin,
                          capture_output=True, cwd=cwd or ROOT, env=env, timeout=timeout)


def walk(sections):
    for s in sections:
        yield s
        yield from walk(s["children"])


def sections_of(result) -> list[dict]:
    data = result if isinstance(result, dict) else result.model_dump(mode="json")
    return [s for d in data["documents"] for s in walk(d["sections"])]


@pytest.fixture
def parse():
    from govplan import parse_text

    def _parse(text: str, **kw) -> dict:
        return parse_text(text, **kw).model_dump(mode="json")

    return _parse


def by_line(result: dict) -> dict[int, dict]:
    return {s["line"]: s for s in sections_of(result)}


def loads(stdout: bytes) -> dict:
    return json.loads(stdout.decode("utf-8"))
