"""The command line, run as a user runs it (a real subprocess on a real store)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLE


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newstrace.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_analyze_stories_story_export(tmp_path: Path) -> None:
    db = str(tmp_path / "x.duckdb")
    r = run("analyze", str(EXAMPLE), "--db", db, "--quiet", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "read 9 items: 9 stored, 0 already in the store, 0 rejected" in r.stdout
    r = run("stories", "--db", db, "--json", cwd=tmp_path)
    stories = json.loads(r.stdout)
    assert sorted(s["articles"] for s in stories) == [3, 6]
    r = run("story", stories[0]["id"][:8], "--db", db, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "CLAIMS" in r.stdout and "TIMELINE" in r.stdout and "headline firmer than body" in r.stdout
    r = run("story", stories[0]["id"], "--db", db, "--json", cwd=tmp_path)
    view = json.loads(r.stdout)
    assert len(view["articles"]) == 6 and view["comparison"]["groups"]
    r = run("export", "--db", db, "--format", "parquet", "--out", str(tmp_path / "pq"), cwd=tmp_path)
    assert r.returncode == 0 and (tmp_path / "pq" / "claims.parquet").exists()
    r = run("export", "--db", db, "--format", "json", "--out", str(tmp_path / "x.json"), cwd=tmp_path)
    data = json.loads((tmp_path / "x.json").read_text())
    assert len(data["articles"]) == 9 and len(data["stories"]) == 2
    r = run("export", "--db", db, "--format", "parquet-partitioned", "--out", str(tmp_path / "hive"), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert any((tmp_path / "hive" / "claims").glob("outlet_key=the-harbor-ledger/month=2026-03/*.parquet"))


def test_process_engine_from_the_command_line(tmp_path: Path) -> None:
    """`--engine process` (worker processes) stores what the default engine stores."""
    stores = {}
    for engine in ("local", "process"):
        db = str(tmp_path / f"{engine}.duckdb")
        r = run("analyze", str(EXAMPLE), "--db", db, "--quiet", "--engine", engine, cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        stories = json.loads(run("stories", "--db", db, "--json", cwd=tmp_path).stdout)
        stores[engine] = sorted((s["articles"], s["outlets"], s["title"]) for s in stories)
    assert stores["process"] == stores["local"] and len(stores["local"]) == 2


def test_errors_are_one_line_with_exit_codes(tmp_path: Path) -> None:
    r = run("analyze", str(tmp_path / "missing"), "--db", str(tmp_path / "y.duckdb"), cwd=tmp_path)
    assert r.returncode == 2 and r.stderr.strip().count("\n") == 0 and "no such file" in r.stderr
    r = run("stories", "--db", str(tmp_path / "none.duckdb"), cwd=tmp_path)
    assert r.returncode == 1 and "run `newstrace analyze` first" in r.stderr
    run("analyze", str(EXAMPLE / "wire.jsonl"), "--db", str(tmp_path / "z.duckdb"), "-q", cwd=tmp_path)
    r = run("story", "ffffffff", "--db", str(tmp_path / "z.duckdb"), cwd=tmp_path)
    assert r.returncode == 4 and "no story" in r.stderr


def test_help_everywhere(tmp_path: Path) -> None:
    for cmd in ([], ["analyze"], ["stories"], ["story"], ["export"], ["eval"], ["serve"], ["report"], ["watch"]):
        r = run(*cmd, "--help", cwd=tmp_path)
        assert r.returncode == 0 and "Usage:" in r.stdout
