"""Comparing two stores table by table: what engine tests use to show two runs stored the same."""

from __future__ import annotations

from newstrace import NewsTrace
from newstrace.store import TABLES

#: Columns that legitimately differ between two runs (wall-clock times, run numbers).
VOLATILE = {"articles": ["ingested_at"], "rejections": ["run_id"]}
#: Every table a run writes, but the run log itself.
COMPARED = [t for t in (*TABLES, "signatures", "story_features") if t != "runs"]


def table_rows(nt: NewsTrace, table: str) -> list[tuple]:
    """The table's rows, volatile columns left out, in a fixed order."""
    exclude = VOLATILE.get(table)
    cols = f"* EXCLUDE ({', '.join(exclude)})" if exclude else "*"
    return sorted(nt.store.con.execute(f"SELECT {cols} FROM {table}").fetchall(), key=repr)


def story_partition(nt: NewsTrace) -> set[frozenset[str]]:
    """The stories as sets of article ids (story ids aside)."""
    groups: dict[str, set[str]] = {}
    for aid, sid in nt.store.con.execute("SELECT article_id, story_id FROM story_articles").fetchall():
        groups.setdefault(sid, set()).add(aid)
    return {frozenset(g) for g in groups.values()}
