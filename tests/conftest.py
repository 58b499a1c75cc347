"""Shared test fixtures: paths to ../shared data and stores analysed once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newstrace import NewsTrace

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSTRACE_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
EVAL = SHARED / "eval"
EXAMPLE = ROOT / "examples" / "corpus"


def need(path: Path) -> Path:
    """Skip the test, saying why, when shared data is not present on this machine."""
    if not path.exists():
        pytest.skip(f"{path} is absent (shared data lives beside the checkout, in ../shared)")
    return path


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory) -> NewsTrace:
    need(SEEDS)
    nt = NewsTrace(tmp_path_factory.mktemp("seeds") / "seeds.duckdb")
    nt.analyze([SEEDS])
    yield nt
    nt.close()


@pytest.fixture(scope="session")
def example_store(tmp_path_factory) -> NewsTrace:
    nt = NewsTrace(tmp_path_factory.mktemp("example") / "example.duckdb")
    nt.analyze([EXAMPLE])
    yield nt
    nt.close()
