"""Hostile and broken input: the run never aborts and accounts for every input item."""

from __future__ import annotations

from pathlib import Path

from bad_corpus import write_bad_corpus

from newstrace import NewsTrace
from newstrace.limits import Limits


def test_bad_corpus_every_item_accounted_for(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    expect = write_bad_corpus(folder)
    limits = Limits(max_file_bytes=2_000_000, max_article_chars=200_000)
    with NewsTrace(tmp_path / "s.duckdb", limits=limits) as nt:
        s = nt.analyze([folder])
        rejected = {r.origin.replace(str(folder) + "/", ""): r.reason for r in s.rejected}
        assert s.read == len(expect)
        assert s.read == s.stored + s.already_known + s.rejected_count
        assert s.stored == sum(v == "stored" for v in expect.values())
        assert s.already_known == sum(v == "known" for v in expect.values())
        for name, outcome in expect.items():
            if outcome in ("stored", "known"):
                assert name not in rejected, (name, rejected.get(name))
                continue
            origin = next((o for o in rejected if o == name or o.startswith(name + "#")), None)
            assert origin is not None, f"{name} was not rejected"
            assert rejected[origin].startswith(outcome), (name, rejected[origin])
        # a limit breach names the limit
        assert "max_article_chars=200000" in rejected["huge-line.txt"]
        assert "max_file_bytes=2000000" in rejected["zip-bomb.txt.gz"]
        assert "max_html_depth" in rejected["bomb.html"]
        # and the rejections are in the store, for the run
        assert nt.store.scalar("SELECT count(*) FROM rejections") == s.rejected_count


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    write_bad_corpus(folder)
    with NewsTrace(tmp_path / "s.duckdb") as nt:
        nt.analyze([folder / "utf16.txt"])
        (text,) = [r["text"] for r in nt.store.rows("SELECT text FROM articles")]
    assert "port of Oskar" in text


def test_memory_limit_stops_the_run_cleanly_and_a_rerun_continues(tmp_path: Path) -> None:
    """Past max_memory_mib the run stops between batches, names the limit, keeps a whole store."""
    import pytest

    from conftest import EXAMPLE

    from newstrace.errors import LimitError
    from newstrace.limits import resident_mib

    db = tmp_path / "m.duckdb"
    tight = Limits(max_memory_mib=max(1, int(resident_mib()) - 1))  # already over: stops after one batch
    with NewsTrace(db, limits=tight) as nt:
        with pytest.raises(LimitError, match="max_memory_mib=") as stop:
            nt.analyze([EXAMPLE], batch_size=2)
        assert "run stopped after 2 stored articles" in str(stop.value)
        assert nt.store.scalar("SELECT count(*) FROM articles") == 2
        assert nt.store.scalar("SELECT count(*) FROM entities") > 0  # resolved before stopping
    with NewsTrace(db) as nt:
        s = nt.analyze([EXAMPLE], batch_size=2)
        assert (s.stored, s.already_known) == (7, 2)
        assert nt.store.scalar("SELECT count(*) FROM articles") == 9


def test_file_time_limit_counts_reading_not_analysis(tmp_path: Path) -> None:
    """A one-file corpus whose analysis is slow is not cut short: only reading time counts."""
    from conftest import EXAMPLE

    lines = (EXAMPLE / "wire.jsonl").read_text(encoding="utf-8")
    (tmp_path / "one.jsonl").write_text(lines, encoding="utf-8")
    limits = Limits(max_seconds_per_file=0.05)
    with NewsTrace(tmp_path / "t.duckdb", limits=limits) as nt:
        s = nt.analyze([tmp_path / "one.jsonl"], batch_size=1)  # analysing one article takes longer than 0.05 s
        assert s.rejected_count == 0 and s.stored == len(lines.splitlines())
