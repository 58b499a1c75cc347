"""WARC / WARC.gz files: every HTML response record becomes one document."""

from __future__ import annotations

import io
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..model import RawDocument, Rejection
from .html import html_to_document
from .files import declared_charset, decode


def read_warc(origin: str, data: bytes) -> Iterator[RawDocument | Rejection]:
    n = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type != "response":
                continue
            n += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{origin}#record {n} ({url})"
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
            if "html" not in ctype.lower():
                yield Rejection(where, f"not an HTML page: content type {ctype or 'missing'}")
                continue
            body = record.content_stream().read()
            html = decode(where, body, _charset(ctype) or declared_charset(body))
            if isinstance(html, Rejection):
                yield html
                continue
            yield html_to_document(where, html, url)
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
        yield Rejection(f"{origin}#record {n + 1}", f"truncated or corrupt WARC: {type(exc).__name__}: {exc}")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ").lower()
    return None
