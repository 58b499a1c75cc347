"""The process-pool engine gives exactly the store the local engine gives."""

from __future__ import annotations

from pathlib import Path

from conftest import EXAMPLE
from store_compare import COMPARED, story_partition as _partition, table_rows as _table

from newstrace import NewsTrace
from newstrace.engine import LocalEngine, ProcessEngine


def test_process_store_equals_local_store(tmp_path: Path) -> None:
    with NewsTrace(tmp_path / "local.duckdb") as local, NewsTrace(tmp_path / "proc.duckdb") as proc, \
            ProcessEngine(workers=2) as engine:
        local.analyze([EXAMPLE], engine=LocalEngine(), batch_size=2)
        s = proc.analyze([EXAMPLE], engine=engine, batch_size=2)
        assert s.stored == 9 and s.duplicates == 1
        assert _partition(proc) == _partition(local)
        for table in COMPARED:
            assert _table(proc, table) == _table(local, table), table
