"""Golden tests: every sample beside its hand-checked expected parse (samples/gold)."""
from __future__ import annotations

import json

import pytest
from conftest import GOLD, SAMPLES
from gold_format import to_gold

from govplan.output.json_stream import to_data

SAMPLE_FILES = sorted(p for p in SAMPLES.glob("*.txt"))


def test_every_sample_has_a_gold_file():
    assert SAMPLE_FILES, "no samples shipped"
    missing = [p.name for p in SAMPLE_FILES if not (GOLD / f"{p.stem}.json").is_file()]
    assert not missing


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
def test_sample_matches_gold(sample):
    from govplan import parse_file

    gold = json.loads((GOLD / f"{sample.stem}.json").read_text(encoding="utf-8"))
    got = to_gold(to_data(parse_file(sample)), sample.name)
    for key in ("documents", "headings", "assignments"):
        assert got[key] == gold[key], key


@pytest.mark.parametrize("encoding,reported", [("gb18030", "gb18030"), ("big5", "big5"), ("utf-16", "utf-16"),
                                               ("utf-8-sig", "utf-8")])
def test_encodings_parse_the_same(tmp_path, encoding, reported):
    from govplan import parse_file

    sample = SAMPLES / ("traditional_tw.txt" if encoding == "big5" else "national_plan.txt")
    text = sample.read_text(encoding="utf-8")
    path = tmp_path / sample.name
    path.write_bytes(text.encode(encoding))
    got = to_data(parse_file(path))
    expected = to_data(parse_file(sample))
    assert got["source"]["encoding"] == reported and got["documents"] == expected["documents"]
