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


def convert(data: bytes, path: str, kind: str) -> tuple[bytes, str]:
    """(converted bytes, 'docx' or 'xlsx') of an old-format file."""
    program = next((p for p in map(shutil.which, _PROGRAMS) if p), None)
    suffix = Path(path).suffix.lower() or (".doc" if kind == "ole" else ".odt")
    target = "xlsx" if suffix in (".xls", ".et", ".ods") else "docx"
    if program is None:
        raise RenderError(path, f"reading {suffix} needs LibreOffice (soffice), which is not installed; "
                                f"install it, or save the file as .{target}")
    timeout = float(os.environ.get("GOVPLAN_SOFFICE_TIMEOUT", TIMEOUT))
    with tempfile.TemporaryDirectory(prefix="govplan-soffice-") as tmp:
        src = Path(tmp) / f"input{suffix}"
        src.write_bytes(data)
        profile = Path(tmp, "profile").as_uri()
        cmd = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
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
