"""Ingest: turn paths on disk into ``RawDocument`` items (or ``Rejection`` records).

Each reader handles one format and yields, for every item it finds, either a
``RawDocument`` or a ``Rejection`` naming the file (and record) and the reason. Readers
never raise for bad content, so one broken file cannot stop a run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..limits import DEFAULT_LIMITS, Limits
from ..model import RawDocument, Rejection
from .files import detect_kind, read_bytes
from .html import read_html
from .jsonl import read_jsonl
from .text import read_text
from .warc import read_warc

READERS = {"text": read_text, "html": read_html, "jsonl": read_jsonl, "warc": read_warc}

Item = RawDocument | Rejection


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every file under the given paths, in a stable (sorted) order. Missing paths raise."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from sorted(f for f in path.rglob("*") if f.is_file() and not f.name.startswith("."))
        elif path.is_file():
            yield path
        else:
            raise InputError(f"{path}: no such file or directory")


def read_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[Item]:
    """All items in one file, whatever its format."""
    origin = str(path)
    data = read_bytes(path, limits)
    if isinstance(data, Rejection):
        yield data
        return
    kind = detect_kind(path, data)
    if kind is None:
        yield Rejection(origin, "binary content: not a text, HTML, JSONL or WARC file")
        return
    yield from READERS[kind](origin, data, limits)


def read_inputs(paths: Iterable[str | Path], limits: Limits = DEFAULT_LIMITS) -> Iterator[Item]:
    for path in iter_files(paths):
        yield from read_file(path, limits)
