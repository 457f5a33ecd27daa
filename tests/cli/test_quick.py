"""``govplan parse`` read without typer (cli.quick): the same options as typer's parse command, the
same bytes and exit code for every command line it reads, and typer's own answer for the rest."""
from __future__ import annotations

import pytest
from conftest import ROOT, SAMPLES, run_cli

from govplan.cli.quick import OPTIONS, read_parse_args

NOTICE = str(SAMPLES / "national_plan.txt")
TABLE = str(SAMPLES / "formats" / "national_plan.docx")


def test_it_knows_exactly_the_options_typer_declares_for_parse():
    import typer.main

    from govplan.cli.app import app

    command = typer.main.get_command(app).commands["parse"]  # type: ignore[attr-defined]
    declared = {name: (param.name, not param.is_flag) for param in command.params if param.param_type_name == "option"
                for name in param.opts}
    assert declared == OPTIONS


@pytest.mark.parametrize("args", [
    [NOTICE],
    [NOTICE, "--compact"],
    ["--compact", NOTICE, "--script", "traditional"],
    [NOTICE, "--script=original", "--year", "2021"],
    [NOTICE, "--reference-date", "2020-03-01"],
    [NOTICE, "--grammar", str(ROOT / "grammars"), "--grammar=" + str(ROOT / "grammars")],
    [TABLE, "--text"],
    [str(SAMPLES / "missing.txt")],  # an error of govplan's own: one line, exit 2
    [NOTICE, "--grammar", str(SAMPLES / "no-such-folder")],
    [NOTICE, "--corrections", str(SAMPLES / "national_plan.txt")],  # not a corrections file
])
def test_what_it_reads_it_runs_as_typer_would(args):
    assert read_parse_args(args) is not None
    quick, typed = run_cli("parse", *args), run_cli("parse", *args, typer_only=True)
    assert (quick.returncode, quick.stdout, quick.stderr) == (typed.returncode, typed.stdout, typed.stderr)


@pytest.mark.parametrize("args", [
    [], ["-"], [NOTICE, NOTICE], [NOTICE, "--help"], ["-h"], [NOTICE, "--scrip", "original"],
    [NOTICE, "--script", "pinyin"], [NOTICE, "--year", "0"], [NOTICE, "--year", "２０２１"], [NOTICE, "--year", "x"],
    [NOTICE, "--reference-date", "2020-13-01"], [NOTICE, "--year", "2020", "--reference-date", "2020-01-01"],
    [NOTICE, "--compact=yes"], [NOTICE, "-o=out.json"], [NOTICE, "-oout.json"], [NOTICE, "-o"],
    [NOTICE, "--output", ""], [NOTICE, "--compact", "--compact"], [NOTICE, "--", "-x"],
])
def test_what_it_cannot_read_with_certainty_goes_to_typer(args):
    assert read_parse_args(args) is None


@pytest.mark.parametrize("args", [
    [NOTICE, "--script", "pinyin"], [NOTICE, "--year", "0"], [NOTICE, "--reference-date", "2020-13-01"],
    [NOTICE, "--bogus"], [NOTICE, NOTICE],
])
def test_a_usage_error_is_typers_one_line(args):
    ran = run_cli("parse", *args)
    lines = ran.stderr.decode("utf-8").splitlines()
    assert ran.returncode == 2 and ran.stdout == b"" and len(lines) == 1 and lines[0].startswith("govplan: error: ")


def test_a_written_file_is_the_same(tmp_path):
    quick, typed = tmp_path / "quick.json", tmp_path / "typer.json"
    assert run_cli("parse", NOTICE, "-o", str(quick)).returncode == 0
    assert run_cli("parse", NOTICE, "--output", str(typed), typer_only=True).returncode == 0
    assert quick.read_bytes() == typed.read_bytes() and quick.stat().st_size > 1000


def test_the_command_ends_at_once_with_everything_written(tmp_path):
    """The console script ends a quick parse with os._exit: the output is still whole (through a pipe, past
    its buffer, and in a file) and the exit code is the command's."""
    from conftest import run_cli_process

    long_plan = tmp_path / "long.txt"
    long_plan.write_text("".join(f"（{n}）第{n}部分\n" + "".join(f"{k}. 第{k}项任务。(牵头单位:市{k}局)\n"
                                                           for k in range(1, 40)) for n in range(1, 30)), "utf-8")
    piped = run_cli_process("parse", str(long_plan))
    assert piped.returncode == 0 and len(piped.stdout) > 500_000
    assert piped.stdout == run_cli("parse", str(long_plan)).stdout
    written = run_cli_process("parse", str(long_plan), "-o", str(tmp_path / "out.json"))
    assert written.returncode == 0 and (tmp_path / "out.json").read_bytes() == piped.stdout
    missing = run_cli_process("parse", str(tmp_path / "none.txt"))
    assert missing.returncode == 2 and missing.stderr.decode().startswith("govplan: error: ")


# ---------------------------------------------------------------- compare, read the same way

UPPER, LOWER = str(SAMPLES / "compare" / "p1_national.txt"), str(SAMPLES / "compare" / "p1_province.txt")


def test_it_knows_exactly_the_options_and_formats_typer_declares_for_compare():
    import typer.main

    from govplan.cli.app import app
    from govplan.cli.compare import CompareFormat
    from govplan.cli.quick import COMPARE_FORMATS, COMPARE_OPTIONS

    command = typer.main.get_command(app).commands["compare"]  # type: ignore[attr-defined]
    declared = {name: (param.name, not param.is_flag) for param in command.params if param.param_type_name == "option"
                for name in param.opts}
    assert declared == COMPARE_OPTIONS
    assert COMPARE_FORMATS == tuple(f.value for f in CompareFormat)


@pytest.mark.parametrize("args", [
    [UPPER, LOWER], [UPPER, LOWER, "-f", "json"], ["--format=md", UPPER, LOWER], [UPPER, LOWER, "-f", "csv"],
    [UPPER, LOWER, "--script", "traditional", "-f", "json"], [UPPER, LOWER, "--grammar", str(ROOT / "grammars")],
    [UPPER, str(SAMPLES / "missing.txt")],  # an error of govplan's own: one line, exit 2
    [UPPER, LOWER, "-f", "xlsx"],  # xlsx to stdout: govplan's usage error
    [UPPER, str(SAMPLES / "national_plan.txt"), "-f", "json"],
])
def test_a_compare_it_reads_runs_as_typer_would(args):
    from govplan.cli.quick import read_compare_args

    assert read_compare_args(args) is not None
    quick, typed = run_cli("compare", *args), run_cli("compare", *args, typer_only=True)
    assert (quick.returncode, quick.stdout, quick.stderr) == (typed.returncode, typed.stdout, typed.stderr)


@pytest.mark.parametrize("args", [
    [], [UPPER], [UPPER, LOWER, UPPER], ["-", LOWER], [UPPER, LOWER, "--schema"], [UPPER, LOWER, "-f", "pdf"],
    [UPPER, LOWER, "-f", "json", "-o", "out.csv"], [UPPER, LOWER, "-h"], [UPPER, LOWER, "--year", "2020"],
    [UPPER, LOWER, "-f", "json", "-f", "md"], [UPPER, LOWER, "--output", ""],
])
def test_a_compare_it_cannot_read_with_certainty_goes_to_typer(args):
    from govplan.cli.quick import read_compare_args

    assert read_compare_args(args) is None


@pytest.mark.parametrize("output,fmt", [("a.json", "json"), ("b.MD", "md"), ("c.markdown", "md"), ("d.csv", "csv"),
                                        ("e.xlsx", "xlsx"), ("f.txt", "text"), ("dir.x/out", "text")])
def test_the_compare_format_follows_the_output_extension(tmp_path, output, fmt):
    from govplan.cli.quick import read_compare_args

    request = read_compare_args([UPPER, LOWER, "-o", str(tmp_path / output)])
    assert request is not None and request["fmt"] == fmt
    quick, typed = tmp_path / "q" / output, tmp_path / "t" / output
    for target in (quick, typed):
        target.parent.mkdir(parents=True, exist_ok=True)
    assert run_cli("compare", UPPER, LOWER, "-o", str(quick)).returncode == 0
    assert run_cli("compare", UPPER, LOWER, "-o", str(typed), typer_only=True).returncode == 0
    if fmt != "xlsx":  # (a workbook holds the time it was written)
        assert quick.read_bytes() == typed.read_bytes()
