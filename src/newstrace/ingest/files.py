"""Reading bytes from disk, decompressing, decoding and sniffing the format."""

from __future__ import annotations

import codecs
import re
import zlib
from pathlib import Path

from ..limits import Limits
from ..model import Rejection

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
WARC_SUFFIXES = {".warc", ".arc"}


def read_bytes(path: Path, limits: Limits) -> bytes | Rejection:
    """The file's bytes, gunzipped when it is gzip (except WARC, which its reader streams)."""
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            return Rejection(origin, "file too large: " + limits.breach("max_file_bytes", size))
        data = path.read_bytes()
    except OSError as exc:
        return Rejection(origin, f"unreadable: {exc.strerror or exc}")
    if not data.strip():
        return Rejection(origin, "empty file: no content")
    if data[:2] == b"\x1f\x8b" and not _is_warc_name(path):
        try:
            data = _gunzip(data, limits.max_file_bytes)
        except ValueError as exc:
            return Rejection(origin, f"file too large: {exc}")
        except (EOFError, OSError, zlib.error) as exc:
            return Rejection(origin, f"truncated or corrupt gzip: {exc}")
        if not data.strip():
            return Rejection(origin, "empty file: no content after decompression")
    return data


def _gunzip(data: bytes, limit: int) -> bytes:
    """Decompress every gzip member, refusing to inflate past ``limit`` bytes (a zip bomb)."""
    out = bytearray()
    while data:
        d = zlib.decompressobj(wbits=31)
        out += d.decompress(data, limit + 1 - len(out))
        if len(out) > limit:
            raise ValueError("decompressed size " + f"over the limit max_file_bytes={limit}")
        if not d.eof:
            raise EOFError("compressed stream ends early")
        data = d.unused_data.lstrip(b"\x00")
    return bytes(out)


def _is_warc_name(path: Path) -> bool:
    return any(s in WARC_SUFFIXES for s in path.suffixes)


def _suffix(path: Path) -> str:
    suffixes = [s for s in path.suffixes if s != ".gz"]
    return suffixes[-1].lower() if suffixes else ""


def detect_kind(path: Path, data: bytes) -> str | None:
    """Format by file name, then by content for names that do not tell."""
    if _is_warc_name(path) or data.startswith(b"WARC/"):
        return "warc"
    suffix = _suffix(path)
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in TEXT_SUFFIXES:
        return "text"
    if looks_binary(data):
        return None
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    return "text"


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB mean a binary file."""
    sample = data[:8192]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.05


META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag, if any."""
    m = META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def decode(origin: str, data: bytes, charset: str | None = None) -> str | Rejection:
    """Text in the declared charset (UTF-8 when none is declared), or a rejection saying where
    decoding failed. Nothing is guessed silently."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        charset = "utf-16"  # a byte-order mark says what the bytes are, whatever else is declared
    elif looks_binary(data):
        return Rejection(origin, "binary content: not a text document")
    encoding = charset or "utf-8-sig"
    try:
        codecs.lookup(encoding)
    except LookupError:
        return Rejection(origin, f"unknown declared charset {charset!r}")
    if encoding.replace("_", "-") in ("utf-8", "utf8"):
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        return Rejection(
            origin,
            f"invalid {encoding.removesuffix('-sig').upper()}: byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}; re-encode the file as UTF-8",
        )
