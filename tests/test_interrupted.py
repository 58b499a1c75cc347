"""Killing `analyze` at random points and re-running gives the same store as one clean run."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import EXAMPLE

from newstrace import NewsTrace

COMPARED = ("articles", "removed_lines", "paragraphs", "sentences", "mentions", "aliases", "claims",
            "times", "signatures", "duplicates", "story_articles", "entities", "entity_keys")


def _analyze(corpus: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "newstrace.cli", "analyze", str(corpus), "--db", str(db), "--quiet"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def _snapshot(db: Path) -> dict:
    with NewsTrace(db, read_only=True) as nt:
        st = nt.store
        snap = {t: st.scalar(f"SELECT count(*) FROM {t}") for t in COMPARED}
        snap["article_ids"] = sorted(r[0] for r in st.con.execute("SELECT id FROM articles").fetchall())
        snap["claim_ids"] = sorted(r[0] for r in st.con.execute("SELECT id FROM claims").fetchall())
        groups = st.con.execute(
            "SELECT list(article_id ORDER BY article_id) FROM story_articles GROUP BY story_id"
        ).fetchall()
        snap["stories"] = sorted(tuple(g[0]) for g in groups)
        snap["duplicate_pairs"] = sorted(st.con.execute("SELECT article_id, duplicate_of FROM duplicates").fetchall())
        # no half-written article: each one has all of its parts
        snap["incomplete"] = st.scalar(
            "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.article_id = a.id)"
            " OR NOT EXISTS (SELECT 1 FROM story_articles s WHERE s.article_id = a.id)"
            " OR NOT EXISTS (SELECT 1 FROM signatures s WHERE s.article_id = a.id)"
        )
    return snap


def test_killed_runs_converge_to_the_uninterrupted_store(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLE, corpus)
    clean_db, killed_db = tmp_path / "clean.duckdb", tmp_path / "killed.duckdb"
    started = time.monotonic()
    assert _analyze(corpus, clean_db).wait(timeout=300) == 0
    full_run = time.monotonic() - started  # kill points are fractions of it, so a fast machine still gets kills
    expected = _snapshot(clean_db)
    assert expected["incomplete"] == 0 and expected["articles"] == 9

    rng = random.Random(7)
    kills = 0
    for _ in range(4):
        proc = _analyze(corpus, killed_db)
        time.sleep(rng.uniform(0.35, 0.9) * full_run)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(timeout=60)
        if killed_db.exists():
            assert _snapshot(killed_db)["incomplete"] == 0
    assert kills >= 1, "no run was interrupted: the corpus analyses faster than the kill points"
    assert _analyze(corpus, killed_db).wait(timeout=300) == 0
    assert _snapshot(killed_db) == expected
