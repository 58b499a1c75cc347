"""Hive-partitioned Parquet output reads back, through DuckDB, to exactly the stored rows."""

from __future__ import annotations

from pathlib import Path

import duckdb

from newstrace.parquet_out import PARTITIONED_TABLES, read_partitioned_sql, write_partitioned


def test_partitioned_parquet_round_trip(example_store, tmp_path: Path) -> None:
    out = tmp_path / "pq"
    counts = write_partitioned(example_store, out)
    assert counts["articles"] == 9 and counts["claims"] > 0
    con = duckdb.connect()
    for table in PARTITIONED_TABLES:
        cols = [r[0] for r in example_store.store.con.execute(f"DESCRIBE {table}").fetchall()]
        col_list = ", ".join(cols)
        stored = sorted(example_store.store.con.execute(f"SELECT {col_list} FROM {table}").fetchall(), key=repr)
        back = sorted(con.execute(f"SELECT {col_list} FROM ({read_partitioned_sql(out, table)})").fetchall(),
                      key=repr)
        assert back == stored, table
        # plain read_parquet with hive partitioning, as a user would type it
        glob = (out / table / "**" / "*.parquet").as_posix()
        n = con.execute(f"SELECT count(*) FROM read_parquet('{glob}', hive_partitioning=true)").fetchone()[0]
        assert n == counts[table]
    # the partitions are real folders: outlet and month
    dirs = {p.relative_to(out / "claims").as_posix() for p in (out / "claims").glob("*/*") if p.is_dir()}
    assert "outlet_key=the-harbor-ledger/month=unknown" in dirs or any(
        d.startswith("outlet_key=the-harbor-ledger/") for d in dirs)
    assert any(d.endswith("month=2026-03") for d in dirs)
    # partition columns agree with the article each row belongs to
    rows = con.execute(
        f"SELECT DISTINCT outlet_key, month FROM ({read_partitioned_sql(out, 'articles')}) ORDER BY ALL"
    ).fetchall()
    assert ("unknown", "2026-03") in rows
    # writing again replaces, never duplicates
    write_partitioned(example_store, out)
    assert con.execute(f"SELECT count(*) FROM ({read_partitioned_sql(out, 'claims')})").fetchone()[0] == counts["claims"]
