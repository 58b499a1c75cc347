"""WARC / WARC.gz files: every HTML response record becomes one document.

A truncated file (a crawl cut off mid-write) keeps the complete records before the cut; the
record the cut falls in, or the missing rest of the file, becomes a rejection.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..limits import Limits
from ..model import RawDocument, Rejection
from .files import declared_charset, decode
from .html import html_to_document

Item = RawDocument | Rejection


def read_warc(origin: str, data: bytes, limits: Limits) -> Iterator[Item]:
    n = records = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            records += 1
            if record.rec_type != "response":
                continue
            n += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{origin}#record {n} ({url})"
            body = record.content_stream().read()
            if getattr(record.raw_stream, "limit", 0) > 0:  # fewer bytes than Content-Length
                yield Rejection(where, "truncated or corrupt WARC: record ends before its declared length")
                return
            yield _record_item(where, url, body, record, limits)
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
        yield Rejection(f"{origin}#record {n + 1}", f"truncated or corrupt WARC: {type(exc).__name__}: {exc}")
        return
    if data[:2] == b"\x1f\x8b" and not _gzip_complete(data):
        yield Rejection(f"{origin}#record {n + 1}", "truncated or corrupt WARC: the gzip stream ends early")
    elif records == 0:
        yield Rejection(origin, "truncated or corrupt WARC: no WARC record could be read")
    elif n == 0:
        yield Rejection(origin, f"no response records: {records} WARC records, none of them a page")


def _record_item(where: str, url: str | None, body: bytes, record, limits: Limits) -> Item:
    ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
    if "html" not in ctype.lower():
        return Rejection(where, f"not an HTML page: content type {ctype or 'missing'}")
    html = decode(where, body, _charset(ctype) or declared_charset(body))
    if isinstance(html, Rejection):
        return html
    return html_to_document(where, html, url, limits)


def _gzip_complete(data: bytes) -> bool:
    try:
        gzip.decompress(data)
    except (EOFError, OSError, zlib.error):
        return False
    return True


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ").lower()
    return None
