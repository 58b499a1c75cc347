"""Hive-partitioned Parquet copies of the main tables, for DuckDB, Spark, Polars or Arrow to scan.

    out_dir/claims/outlet_key=the-harbor-ledger/month=2026-03/data_0.parquet
    out_dir/articles/...   out_dir/mentions/...   out_dir/times/...

Every row keeps all its columns; two partition columns are added: ``outlet_key`` (the
article's outlet as a file-name-safe slug, ``unknown`` when the outlet is not known) and
``month`` (``YYYY-MM`` of the publication date, ``unknown`` when undated). Read back with::

    SELECT * FROM read_parquet('out_dir/claims/**/*.parquet', hive_partitioning = true)

The DuckDB store stays the single source of truth: this is an export, rewritten as a whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .core import NewsTrace

#: Tables written, each partitioned by its article's outlet and publication month.
PARTITIONED_TABLES = ("articles", "claims", "mentions", "times")
PARTITION_COLUMNS = ("outlet_key", "month")

_KEYS = """
    coalesce(nullif(trim(regexp_replace(lower(a.outlet), '[^a-z0-9]+', '-', 'g'), '-'), ''), 'unknown')
        AS outlet_key,
    coalesce(strftime(a.published, '%Y-%m'), 'unknown') AS month
"""


def _select(table: str) -> str:
    if table == "articles":
        return f"SELECT a.*, {_KEYS} FROM articles a"
    return f"SELECT t.*, {_KEYS} FROM {table} t JOIN articles a ON a.id = t.article_id"


def write_partitioned(nt: "NewsTrace", out_dir: str | Path) -> dict[str, int]:
    """Write each table of ``PARTITIONED_TABLES`` under ``out_dir/<table>/``; return row counts.

    An existing ``out_dir/<table>/`` is replaced, so the export always matches the store.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    con = nt.store.con
    for table in PARTITIONED_TABLES:
        target = (out / table).as_posix().replace("'", "''")
        n = con.execute(f"SELECT count(*) FROM ({_select(table)})").fetchone()[0]
        counts[table] = n
        if n == 0:  # COPY writes nothing for an empty table: leave an empty folder
            (out / table).mkdir(exist_ok=True)
            continue
        con.execute(
            f"COPY ({_select(table)}) TO '{target}' "
            f"(FORMAT parquet, PARTITION_BY ({', '.join(PARTITION_COLUMNS)}), OVERWRITE true)"
        )
    return counts


def read_partitioned_sql(out_dir: str | Path, table: str) -> str:
    """The DuckDB query that reads one written table back (partition columns included)."""
    glob = (Path(out_dir) / table / "**" / "*.parquet").as_posix().replace("'", "''")
    return (f"SELECT * FROM read_parquet('{glob}', hive_partitioning = true, "
            "hive_types = {'outlet_key': VARCHAR, 'month': VARCHAR})")
