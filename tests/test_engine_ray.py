"""The Ray engine on a real local 2-CPU Ray cluster gives exactly the store the local engine gives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import ray  # a pinned dependency: its absence is a failed install, not a reason to skip
from conftest import EXAMPLE
from store_compare import COMPARED, story_partition as _partition, table_rows as _table

from newstrace import NewsTrace
from newstrace.engine import LocalEngine, RayEngine, make_engine


@pytest.fixture(scope="module")
def ray_engine():
    engine = RayEngine(num_cpus=2)
    try:
        yield engine
    finally:
        engine.close()
    assert not ray.is_initialized()


def test_ray_store_equals_local_store(tmp_path: Path, ray_engine: RayEngine) -> None:
    assert ray.cluster_resources().get("CPU") == 2
    with NewsTrace(tmp_path / "local.duckdb") as local, NewsTrace(tmp_path / "ray.duckdb") as remote:
        s_local = local.analyze([EXAMPLE], engine=LocalEngine(), batch_size=2)
        s_ray = remote.analyze([EXAMPLE], engine=ray_engine, batch_size=2)  # several batches in flight
        assert (s_ray.read, s_ray.stored, s_ray.duplicates, s_ray.stories) == (
            s_local.read, s_local.stored, s_local.duplicates, s_local.stories)
        assert s_local.stored == 9

        def ids(nt: NewsTrace, sql: str) -> list:
            return sorted(nt.store.con.execute(sql).fetchall())

        assert ids(remote, "SELECT id FROM articles") == ids(local, "SELECT id FROM articles")
        assert ids(remote, "SELECT id FROM claims") == ids(local, "SELECT id FROM claims")
        assert ids(remote, "SELECT article_id, duplicate_of FROM duplicates") == ids(
            local, "SELECT article_id, duplicate_of FROM duplicates")
        assert _partition(remote) == _partition(local)
        assert ids(remote, "SELECT * FROM story_articles") == ids(local, "SELECT * FROM story_articles")
        assert remote.counts() | {"runs": 0} == local.counts() | {"runs": 0}
        for table in COMPARED:  # not just counts: every row, every column
            assert _table(remote, table) == _table(local, table), table
        # a second Ray run over the same input adds nothing
        again = remote.analyze([EXAMPLE], engine=ray_engine)
        assert again.stored == 0 and again.already_known == 9


def test_engine_started_elsewhere_is_left_running(ray_engine: RayEngine) -> None:
    inner = make_engine("ray")  # Ray already initialised in this process: reuse it
    assert inner.name == "ray" and list(inner.map(lambda x: abs(x), [-1, -2, 3])) == [1, 2, 3]
    inner.close()
    assert ray.is_initialized()


def test_cli_engine_ray(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    r = subprocess.run(
        [sys.executable, "-m", "newstrace.cli", "analyze", str(EXAMPLE), "--db", str(db), "--quiet",
         "--engine", "ray"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert r.returncode == 0, r.stderr
    assert "read 9 items: 9 stored, 0 already in the store, 0 rejected; 1 near-duplicates linked; 2 stories" \
        in r.stdout
    assert "Traceback" not in r.stderr
    with NewsTrace(db, read_only=True) as nt:
        assert sorted(s["articles"] for s in nt.stories()) == [3, 6]
