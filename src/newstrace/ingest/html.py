"""HTML pages: main text and metadata through trafilatura."""

from __future__ import annotations

from collections.abc import Iterator

import trafilatura

from ..dates import parse_date
from ..model import RawDocument, Rejection
from .files import declared_charset, decode

MAX_HTML_CHARS = 20_000_000


def read_html(origin: str, data: bytes, url: str | None = None) -> Iterator[RawDocument | Rejection]:
    html = decode(origin, data, declared_charset(data))
    if isinstance(html, Rejection):
        yield html
        return
    yield html_to_document(origin, html, url)


def html_to_document(origin: str, html: str, url: str | None = None) -> RawDocument | Rejection:
    if len(html) > MAX_HTML_CHARS:
        return Rejection(origin, f"HTML too large: {len(html)} characters (limit {MAX_HTML_CHARS})")
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except (ValueError, RecursionError, TypeError) as exc:
        return Rejection(origin, f"unparseable HTML: {type(exc).__name__}: {exc}")
    if doc is None or not (doc.text or "").strip():
        return Rejection(origin, "no main text found in HTML page")
    return RawDocument(
        origin=origin,
        kind="html",
        content=doc.text,
        url=doc.url or url,
        title=doc.title,
        outlet=doc.sitename or doc.hostname,
        published=parse_date(doc.date or ""),
        language=doc.language,
    )
