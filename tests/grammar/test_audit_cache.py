"""A grammar is audited (every pattern compiled and checked) once per content: a marker in the cache
folder says so; absent, corrupt or unwritable, the grammar is audited as always."""
from __future__ import annotations

import pytest

from govplan.grammar import loader
from govplan.grammar.audited import audited_before


@pytest.fixture
def audits(monkeypatch, tmp_path):
    """The number of files audited by each load, in a fresh cache folder."""
    monkeypatch.setenv("GOVPLAN_CACHE_DIR", str(tmp_path / "cache"))
    count = [0]
    real = loader._audit

    def counted(file):
        count[0] += 1
        return real(file)

    monkeypatch.setattr(loader, "_audit", counted)

    def load() -> int:
        loader._load.cache_clear()
        count[0] = 0
        loader.load_grammar(())
        return count[0]

    yield load
    loader._load.cache_clear()


def test_audited_once_then_trusted(audits, tmp_path):
    assert audits() == len(loader.FILES)
    assert audits() == 0
    assert len(list((tmp_path / "cache").iterdir())) == 1


def test_a_corrupt_marker_is_no_marker(audits, tmp_path):
    audits()
    [marker] = (tmp_path / "cache").iterdir()
    marker.write_text("not the key\n")
    assert audits() == len(loader.FILES)
    marker.write_bytes(b"\xff\xfe")
    assert audits() == len(loader.FILES)


def test_an_unwritable_cache_changes_nothing(audits, tmp_path, monkeypatch):
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("GOVPLAN_CACHE_DIR", str(tmp_path / "file" / "below"))  # a folder that cannot be made
    assert audits() == len(loader.FILES)
    assert audits() == len(loader.FILES)


def test_another_grammar_is_audited_and_a_broken_one_never_trusted(audits, tmp_path, monkeypatch):
    audits()
    user = tmp_path / "user"
    user.mkdir()
    (user / "labels.toml").write_text('[labels]\n"主责单位" = "lead"\n', encoding="utf-8")
    loader._load.cache_clear()
    grammar = loader.load_grammar((user,))
    assert audited_before(grammar.fingerprint)
    (user / "labels.toml").write_text('[labels]\n"主責單位" = "lead"\n', encoding="utf-8")  # traditional: never matches
    for _ in range(2):
        loader._load.cache_clear()
        with pytest.raises(loader.GrammarError, match="can never match"):
            loader.load_grammar((user,))


def test_an_empty_setting_turns_the_cache_off(audits, monkeypatch):
    monkeypatch.setenv("GOVPLAN_CACHE_DIR", "")
    assert audits() == len(loader.FILES)
    assert audits() == len(loader.FILES)

