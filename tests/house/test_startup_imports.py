"""What a command imports at start: `govplan --version` answers before the command line is built
(no typer, pydantic, regex or OpenCC); `govplan parse` of a .txt imports OpenCC and regex's engine (its
C module, not the package: patterns kept by an earlier start are built without regex's pattern parser)
and nothing else of a third party: no typer or pydantic (the command line read by cli.quick, the models
plain dataclasses, a grammar audited before only built), no format library, no segmenter, no Dask,
pyarrow or Jinja2; a new import of a third-party package fails this test (issue: start-up)."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import SAMPLES

_PROBE = """
import json, sys, sysconfig
before = set(sys.modules)  # what Python's start (site, .pth files) loaded: not the command's
sys.argv = ["govplan", *sys.argv[1:]]
from govplan.cli.entry import main
try:
    main()
except SystemExit:
    pass
site = sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]
import os, govplan
beside = os.path.dirname(os.path.dirname(govplan.__file__))
def compiled_govplan(name, m):  # a compiled install's shared runtime (hatch_build.py: <hash>__mypyc)
    return name.endswith("__mypyc") and os.path.dirname(getattr(m, "__file__", None) or "") == beside
third = sorted({name.split(".")[0] for name, m in list(sys.modules.items()) if name not in before
                and (getattr(m, "__file__", None) or "").startswith(site) and not name.startswith("govplan")
                and not compiled_govplan(name, m)})
ours = sorted(name for name in sys.modules if name.startswith("govplan"))
regex = sorted(name for name in sys.modules if name.split(".")[0] == "regex")
print(json.dumps({"third": third, "ours": ours, "regex": regex}), file=sys.stderr)
"""


def _imports(*args: str) -> dict:
    ran = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, check=True)
    return json.loads(ran.stderr.strip().splitlines()[-1])


def test_version_imports_no_third_party_package_and_no_command():
    found = _imports("--version")
    assert found["third"] == []
    assert set(found["ours"]) <= {"govplan", "govplan.version", "govplan.cli", "govplan.cli.entry"}


# what a text parse may load (the grammar was audited by an earlier start: the test's own first run)
PARSE_ALLOWED = {"opencc", "regex"}
NEVER_FOR_TEXT = {"pydantic", "pydantic_core", "typer", "lxml", "openpyxl", "pypdfium2", "docx", "charset_normalizer", "rjieba", "jieba", "rapidfuzz",
                  "dask", "distributed", "pyarrow", "duckdb", "jinja2", "markupsafe", "rich", "icalendar",
                  "rapidocr_onnxruntime", "onnxruntime", "numpy", "PIL", "click"}


# lines every repair of normalize acts on (spaced markers and years, ruby, stray spaces, page cruft, damage)
_REPAIRED = ("关于印发某市行动方案的通知\n一 、总体要求\n( 1 )加强领导。由市政府办公室牵头,20 21年底前完成。\n"
             "1 .推进改革(tui)。各区 县政府负责,2024年6月底前完成。\n首页 > 政务公开\n锟斤拷\n**(二)保障措施**\n")


def test_a_text_parse_imports_only_what_it_needs(tmp_path):
    _imports("parse", str(SAMPLES / "national_plan.txt"), "-o", str(tmp_path / "first.json"))  # (audits)
    found = _imports("parse", str(SAMPLES / "national_plan.txt"), "-o", str(tmp_path / "out.json"))
    repaired = tmp_path / "repaired.txt"
    repaired.write_text(_REPAIRED, encoding="utf-8")
    _imports("parse", str(repaired), "-o", str(tmp_path / "first-repaired.json"))  # (its patterns kept)
    assert _imports("parse", str(repaired), "-o", str(tmp_path / "repaired.json"))["regex"] == ["regex._regex"]
    assert set(found["third"]) <= PARSE_ALLOWED, set(found["third"]) - PARSE_ALLOWED
    assert not set(found["third"]) & NEVER_FOR_TEXT
    assert found["regex"] == ["regex._regex"]  # the engine alone: every pattern built from kept data
    ours = set(found["ours"])
    assert not any(name.startswith(("govplan.formats.html", "govplan.formats.docx", "govplan.formats.pdf",
                                    "govplan.formats.base",
                                    "govplan.formats.ocr", "govplan.compare", "govplan.review", "govplan.batch.dask",
                                    "govplan.check", "govplan.output.office", "govplan.cli.app",
                                    "govplan.cli.common", "govplan.models.views")) for name in ours), sorted(ours)


def test_a_compare_of_two_text_plans_imports_no_command_line_library_nor_pydantic(tmp_path):
    """compare is read by cli.quick too, and its result is plain dataclasses (pydantic only for its schema
    and sheets)."""
    plans = [str(SAMPLES / "compare" / name) for name in ("p1_national.txt", "p1_province.txt")]
    found = _imports("compare", *plans, "-f", "json", "-o", str(tmp_path / "out.json"))
    assert (tmp_path / "out.json").stat().st_size > 1000
    assert set(found["third"]) <= {"opencc", "regex", "rjieba", "jieba", "rapidfuzz"}, found["third"]
    assert not any(name.startswith(("govplan.cli.app", "govplan.cli.common", "govplan.models.views", "govplan.check"))
                   for name in found["ours"]), found["ours"]
