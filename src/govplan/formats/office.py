"""Old and other office formats (.doc, .wps, .xls, .odt) through LibreOffice, when installed.

``soffice --headless --convert-to docx`` (or xlsx) runs in a temporary folder with its own
profile and a time limit; the converted bytes are then rendered like any .docx/.xlsx.  When
LibreOffice is not installed the file is refused with one line that names it.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from govplan.errors import RenderError

# how long one conversion may take (seconds); GOVPLAN_SOFFICE_TIMEOUT overrides
TIMEOUT = 120
_PROGRAMS = ("soffice", "libreoffice")
# LibreOffice's components by the library each installs beside the program (Debian and
# upstream builds alike), and the package that brings it
COMPONENTS = {
    "docx": ("Writer", ("libswlo.so", "swlo.dll"), "libreoffice-writer"),
    "xlsx": ("Calc", ("libsclo.so", "sclo.dll"), "libreoffice-calc"),
}


def program() -> str | None:
    """The LibreOffice program on PATH, if any."""
    return next((p for p in map(shutil.which, _PROGRAMS) if p), None)


def has_component(target: str) -> bool:
    """Is the component that writes ``target`` (docx: Writer, xlsx: Calc) installed?"""
    found = program()
    if found is None:
        return False
    folder = Path(os.path.realpath(found)).parent
    return any((folder / lib).exists() for lib in COMPONENTS[target][1])


def convert(data: bytes, path: str, kind: str) -> tuple[bytes, str]:
    """(converted bytes, 'docx' or 'xlsx') of an old-format file."""
    soffice = program()
    suffix = Path(path).suffix.lower() or (".doc" if kind == "ole" else ".odt")
    target = "xlsx" if suffix in (".xls", ".et", ".ods") else "docx"
    name, _, package = COMPONENTS[target]
    if soffice is None:
        raise RenderError(path, f"reading {suffix} needs LibreOffice {name} (soffice), which is not installed; "
                                f"install it (apt-get install {package}), or save the file as .{target}")
    if not has_component(target):
        raise RenderError(path, f"reading {suffix} needs LibreOffice {name}, which is not installed beside "
                                f"{soffice}; install it (apt-get install {package}), or save the file as .{target}")
    timeout = float(os.environ.get("GOVPLAN_SOFFICE_TIMEOUT", TIMEOUT))
    with tempfile.TemporaryDirectory(prefix="govplan-soffice-") as tmp:
        src = Path(tmp) / f"input{suffix}"
        src.write_bytes(data)
        profile = Path(tmp, "profile").as_uri()
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", tmp, str(src)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise RenderError(path, f"LibreOffice did not convert the file within {timeout:g} s") from None
        except OSError as exc:
            raise RenderError(path, f"LibreOffice could not be started ({exc.strerror or exc})") from None
        out = Path(tmp) / f"input.{target}"
        if not out.is_file():
            raise RenderError(path, f"LibreOffice could not convert the file to .{target} (damaged?)")
        return out.read_bytes(), target
