"""HTML pages: main text and metadata through trafilatura."""

from __future__ import annotations

import re
from collections.abc import Iterator

import trafilatura

from ..dates import parse_date
from ..limits import Limits
from ..model import RawDocument, Rejection
from .files import declared_charset, decode

TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*?(/?)>")
#: Elements that never nest (void) or whose end tag is usually left out: not counted for depth.
FLAT = frozenset(
    "area base br col embed hr img input link meta param source track wbr p li dt dd tr td th "
    "option thead tbody tfoot colgroup rt rp".split()
)


def read_html(origin: str, data: bytes, limits: Limits) -> Iterator[RawDocument | Rejection]:
    html = decode(origin, data, declared_charset(data))
    if isinstance(html, Rejection):
        yield html
        return
    yield html_to_document(origin, html, None, limits)


def nesting_depth(html: str, stop_at: int) -> int:
    """Deepest element nesting (approximate; stops counting once past ``stop_at``)."""
    depth = deepest = 0
    for m in TAG.finditer(html):
        closing, name, selfclosing = m.group(1), m.group(2).lower(), m.group(3)
        if name in FLAT or selfclosing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        if depth > deepest:
            deepest = depth
            if deepest > stop_at:
                break
    return deepest


def html_to_document(origin: str, html: str, url: str | None, limits: Limits) -> RawDocument | Rejection:
    if len(html) > limits.max_html_chars:
        return Rejection(origin, "HTML too large: " + limits.breach("max_html_chars", len(html)))
    depth = nesting_depth(html, limits.max_html_depth)
    if depth > limits.max_html_depth:
        return Rejection(origin, "HTML nested too deeply: " + limits.breach("max_html_depth", depth))
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except (ValueError, RecursionError, TypeError, AttributeError) as exc:
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
