"""What govplan keeps between starts (govplan.cachefile): the files of one kind do not pile up."""
from __future__ import annotations

import os

from govplan.cachefile import KEPT_OF_A_KIND, KeptKind, read_kept, write_kept


def test_files_of_a_kind_beyond_the_newest_are_removed_and_others_stay(tmp_path):
    for n in range(KEPT_OF_A_KIND + 3):
        path = tmp_path / f"patterns-{n:02d}.marshal"
        write_kept(path, f"key{n}", {"n": n})
        os.utime(path, ns=(n * 10**9, n * 10**9))  # (written one second apart)
    (tmp_path / "grammar-audited-x").write_bytes(b"another kind")
    (tmp_path / "patterns-99.marshal.123.tmp").write_bytes(b"being written by another process")
    write_kept(tmp_path / "patterns-new.marshal", "new", [1], kind=KeptKind("patterns", ".marshal"))
    left = sorted(p.name for p in tmp_path.glob("patterns-*.marshal"))
    assert len(left) == KEPT_OF_A_KIND and "patterns-new.marshal" in left
    assert "patterns-00.marshal" not in left and f"patterns-{KEPT_OF_A_KIND + 2:02d}.marshal" in left
    assert (tmp_path / "grammar-audited-x").exists() and (tmp_path / "patterns-99.marshal.123.tmp").exists()
    assert read_kept(tmp_path / "patterns-new.marshal", "new") == [1]


def test_a_start_keeps_its_patterns_under_the_limit(tmp_path, monkeypatch):
    from govplan import precompiled

    for n in range(KEPT_OF_A_KIND + 2):
        (tmp_path / f"patterns-old{n}.marshal").write_bytes(b"old")
        os.utime(tmp_path / f"patterns-old{n}.marshal", ns=(n, n))
    store = precompiled.PatternStore(tmp_path)
    store.compile("新的模式")
    store.save()
    assert len(list(tmp_path.glob("patterns-*.marshal"))) == KEPT_OF_A_KIND
    assert store.path is not None and store.path.exists()
