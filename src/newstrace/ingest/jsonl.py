"""JSONL: one article per line, as a JSON object.

Recognised keys (first present wins): text/content/body/maintext; title/headline;
outlet/source/sitename/source_domain; url/link; published/date/date_publish/pubdate; language.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..dates import parse_date
from ..limits import Limits
from ..model import RawDocument, Rejection
from .files import decode

TEXT_KEYS = ("text", "content", "body", "maintext")
TITLE_KEYS = ("title", "headline")
OUTLET_KEYS = ("outlet", "source", "sitename", "source_domain")
URL_KEYS = ("url", "link")
DATE_KEYS = ("published", "date", "date_publish", "pubdate", "published_at")


def _first(obj: dict, keys: tuple[str, ...]) -> str | None:
    for k in keys:
        v = obj.get(k)
        if isinstance(v, str) and v.strip():
            return v.strip()
    return None


def read_jsonl(origin: str, data: bytes, limits: Limits) -> Iterator[RawDocument | Rejection]:
    text = decode(origin, data)
    if isinstance(text, Rejection):
        yield text
        return
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{origin}:line {lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejection(where, f"malformed JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(obj, dict):
            yield Rejection(where, f"malformed record: expected a JSON object, got {type(obj).__name__}")
            continue
        body = _first(obj, TEXT_KEYS)
        if body is None:
            yield Rejection(where, f"no article text: none of the keys {', '.join(TEXT_KEYS)}")
            continue
        yield RawDocument(
            origin=where,
            kind="jsonl",
            content=body,
            url=_first(obj, URL_KEYS),
            title=_first(obj, TITLE_KEYS),
            outlet=_first(obj, OUTLET_KEYS),
            published=parse_date(_first(obj, DATE_KEYS) or ""),
            language=_first(obj, ("language", "lang")),
        )
