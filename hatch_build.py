"""The wheel's build step: the parse's modules compiled to C by mypyc where a C compiler is at hand.

The modules named under ``[tool.hatch.build.targets.wheel.hooks.custom] compiled`` (the parse, the
text helpers and the pattern facts: where a warm parse spends its time) are compiled from the same
source the pure install runs; the compiled wheel carries the .py files too, and Python loads the
compiled module before the source beside it.  Without a compiler, or when mypyc fails, the wheel is
pure Python (one line on the build's output says so) and parses the same.

Environment:
  GOVPLAN_PURE=1            build pure Python, nothing compiled
  GOVPLAN_COMPILE=require   fail the build when the modules cannot be compiled (CI)
An editable install (pip install -e) is always pure: the source is what runs.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

COMPILER_PACKAGES = ["mypy>=1.10,<3", "setuptools>=65"]


class CustomBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def _compiles(self, version: str) -> bool:
        return self.target_name == "wheel" and version != "editable" and not _pure()

    def dependencies(self) -> list[str]:
        return [] if _pure() else list(COMPILER_PACKAGES)

    def initialize(self, version: str, build_data: dict) -> None:
        if not self._compiles(version):
            return
        modules = list(self.config.get("compiled", []))
        self._work = Path(tempfile.mkdtemp(prefix="govplan-mypyc-"))
        built = _compile(Path(self.root), self._work, modules)
        if built is None:
            return
        for path in built:
            build_data["force_include"][str(path)] = path.relative_to(self._work).as_posix()
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        work = getattr(self, "_work", None)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)


def _pure() -> bool:
    return bool(os.environ.get("GOVPLAN_PURE"))


def _compile(root: Path, work: Path, modules: list[str]) -> list[Path] | None:
    """The extension files mypyc builds for ``modules`` (paths under src/), in ``work``; None when it
    cannot (told on stderr, or raised under GOVPLAN_COMPILE=require)."""
    shutil.copytree(root / "src" / "govplan", work / "govplan", ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    # the build has none of govplan's dependencies: what they type is Any, and the modules not compiled
    # are read for their types only (their checks are the house test's, with every dependency there)
    command = [sys.executable, "-m", "mypyc", "--ignore-missing-imports", "--follow-imports=silent", *modules]
    try:
        done = subprocess.run(command, cwd=work, capture_output=True, text=True, check=False)
        failure = None if done.returncode == 0 else _first_error(done.stdout + done.stderr)
    except OSError as error:
        failure = [str(error)]
    if failure is not None:
        message = f"govplan: modules not compiled ({'; '.join(failure) or 'mypyc failed'}): the wheel is pure Python"
        if os.environ.get("GOVPLAN_COMPILE") == "require":
            raise RuntimeError(message)
        print(message, file=sys.stderr)
        return None
    return sorted(p for p in work.rglob("*") if p.suffix in (".so", ".pyd") and p.relative_to(work).parts[0] != "build")


def _first_error(output: str) -> list[str]:
    lines = output.strip().splitlines()
    return [next((line for line in lines if "error" in line.lower()), lines[-1] if lines else "mypyc failed")]
