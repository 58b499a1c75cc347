"""Plain-text articles, such as crawled page text.

An optional front-matter block at the very top carries metadata::

    ---
    outlet: The Harbor Ledger
    url: https://harborledger.example/...
    date: 2026-03-14
    title: ...
    ---
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..limits import Limits
from ..model import RawDocument, Rejection
from ..dates import parse_date
from .files import decode

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<body>.*?)\r?\n---[ \t]*\r?\n", re.S)
FIELD = re.compile(r"^(?P<key>[A-Za-z_]+)\s*:\s*(?P<value>.*)$")


def read_text(origin: str, data: bytes, limits: Limits) -> Iterator[RawDocument | Rejection]:
    text = decode(origin, data)
    if isinstance(text, Rejection):
        yield text
        return
    meta, body = split_front_matter(text)
    yield RawDocument(
        origin=origin,
        kind="text",
        content=body,
        url=meta.get("url"),
        title=meta.get("title"),
        outlet=meta.get("outlet") or meta.get("source"),
        published=parse_date(meta.get("date") or meta.get("published") or ""),
        language=meta.get("language"),
    )


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    m = FRONT_MATTER.match(text)
    if not m:
        return {}, text
    meta = {}
    for line in m.group("body").splitlines():
        f = FIELD.match(line.strip())
        if f and f.group("value"):
            meta[f.group("key").lower()] = f.group("value").strip()
    return meta, text[m.end():]
