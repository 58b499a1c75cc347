"""The process-pool engine gives exactly the store the local engine gives."""

from __future__ import annotations

from pathlib import Path

from conftest import EXAMPLE

from newstrace import NewsTrace
from newstrace.engine import LocalEngine, ProcessEngine
from newstrace.store import TABLES

VOLATILE = {"articles": ["ingested_at"], "rejections": ["run_id"]}
COMPARED = [t for t in (*TABLES, "signatures", "story_features") if t != "runs"]


def _table(nt: NewsTrace, table: str) -> list[tuple]:
    exclude = VOLATILE.get(table)
    cols = f"* EXCLUDE ({', '.join(exclude)})" if exclude else "*"
    return sorted(nt.store.con.execute(f"SELECT {cols} FROM {table}").fetchall(), key=repr)


def _partition(nt: NewsTrace) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for aid, sid in nt.store.con.execute("SELECT article_id, story_id FROM story_articles").fetchall():
        groups.setdefault(sid, set()).add(aid)
    return {frozenset(g) for g in groups.values()}


def test_process_store_equals_local_store(tmp_path: Path) -> None:
    with NewsTrace(tmp_path / "local.duckdb") as local, NewsTrace(tmp_path / "proc.duckdb") as proc, \
            ProcessEngine(workers=2) as engine:
        local.analyze([EXAMPLE], engine=LocalEngine(), batch_size=2)
        s = proc.analyze([EXAMPLE], engine=engine, batch_size=2)
        assert s.stored == 9 and s.duplicates == 1
        assert _partition(proc) == _partition(local)
        for table in COMPARED:
            assert _table(proc, table) == _table(local, table), table
