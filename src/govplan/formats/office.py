"""Old and other office formats (.doc, .wps, .xls, .odt) through LibreOffice, when installed.

``soffice --headless --convert-to docx`` (or xlsx) runs in a temporary folder with its own
profile and a time limit; the converted bytes are then rendered like any .docx/.xlsx.  When
LibreOffice is not installed the file is refused with one line that names it.
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from govplan.errors import RenderError
from govplan.settings import env_number

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


# an old Office file (OLE compound) names its streams in UTF-16: Word's text stream, Excel's book
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_EXCEL_STREAMS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le") + b"\0\0")


def _kind_of(data: bytes, path: str, kind: str) -> tuple[str, str]:
    """(LibreOffice input suffix, target) by the file's content, not its name: an .xls saved as
    .doc is converted as a workbook."""
    suffix = Path(path).suffix.lower() or (".doc" if kind == "ole" else ".odt")
    if kind == "ole":
        if _WORD_STREAM in data:
            return ".doc", "docx"
        if any(name in data for name in _EXCEL_STREAMS):
            return ".xls", "xlsx"
    return suffix, "xlsx" if suffix in (".xls", ".et", ".ods") else "docx"


# The throwaway profile's settings: linked content of a document from an untrusted place (every
# file govplan converts) is never fetched, links are never updated on load, macros never run.
# Where the system allows no network namespace (_isolated), these alone keep LibreOffice offline.
PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">\
<prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">\
<prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">\
<prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update">\
<prop oor:name="Link" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Content/Update">\
<prop oor:name="Link" oor:op="fuse"><value>1</value></prop></item>
</oor:items>
"""


def _profile(folder: Path) -> str:
    """A fresh LibreOffice profile with PROFILE_SETTINGS; its URI for -env:UserInstallation."""
    user = folder / "profile" / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(PROFILE_SETTINGS, encoding="utf-8")
    return (folder / "profile").as_uri()


@functools.lru_cache(maxsize=1)
def _isolated() -> tuple[str, ...]:
    """A prefix that runs LibreOffice without network (its own network namespace), where the
    system allows it: a hostile file's linked image or external reference fetches nothing.
    Probed once a process."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return ()
    try:
        probe = subprocess.run([unshare, "--net", "--map-root-user", "true"], capture_output=True, timeout=10)
        ok = probe.returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        ok = False
    return (unshare, "--net", "--map-root-user") if ok else ()


def _run(cmd: list[str], timeout: float, path: str) -> None:
    """LibreOffice in a process group of its own, killed as a group on timeout (soffice.bin, its
    child, would otherwise keep running and recreate the temporary folder)."""
    import signal

    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError as exc:
        raise RenderError(path, f"LibreOffice could not be started ({exc.strerror or exc})") from None
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise RenderError(path, f"LibreOffice did not convert the file within {timeout:g} s "
                                "(GOVPLAN_SOFFICE_TIMEOUT raises the limit)") from None


def convert(data: bytes, path: str, kind: str) -> tuple[bytes, str]:
    """(converted bytes, 'docx' or 'xlsx') of an old-format file."""
    soffice = program()
    suffix, target = _kind_of(data, path, kind)
    name, _, package = COMPONENTS[target]
    if soffice is None:
        raise RenderError(path, f"reading {suffix} needs LibreOffice {name} (soffice), which is not installed; "
                                f"install it (apt-get install {package}), or save the file as .{target}")
    if not has_component(target):
        raise RenderError(path, f"reading {suffix} needs LibreOffice {name}, which is not installed beside "
                                f"{soffice}; install it (apt-get install {package}), or save the file as .{target}")
    timeout = env_number("GOVPLAN_SOFFICE_TIMEOUT", TIMEOUT)
    with tempfile.TemporaryDirectory(prefix="govplan-soffice-") as tmp:
        src = Path(tmp) / f"input{suffix}"
        src.write_bytes(data)
        profile = _profile(Path(tmp))
        cmd = [*_isolated(), soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", tmp, str(src)]
        _run(cmd, timeout, path)
        out = Path(tmp) / f"input.{target}"
        if not out.is_file():
            raise RenderError(path, f"LibreOffice could not convert the file to .{target} (damaged?)")
        return out.read_bytes(), target
