"""Ingest: every input item is either stored or rejected with a reason naming it."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newstrace import NewsTrace
from newstrace.errors import InputError
from newstrace.ingest import read_inputs
from newstrace.model import RawDocument, Rejection

BODY = (
    "Officials in Tamsin said on Monday that the northern bridge would stay closed for repairs. "
    "The transport ministry said engineers had found cracks in two of its supports."
)


def _article(title: str, body: str = BODY) -> str:
    return f"{title}\n\n{body}\n\nA second paragraph explains that traffic will use the ferry instead.\n"


def _html(title: str, outlet: str = "The Tamsin Daily") -> str:
    paras = "".join(f"<p>{p}</p>" for p in (BODY, "Traffic will use the ferry until the repairs end, the ministry said."))
    return (
        f"<html><head><title>{title}</title><meta property='og:site_name' content='{outlet}'>"
        "<meta property='article:published_time' content='2026-03-15T09:30:00Z'></head>"
        f"<body><nav>Home | News</nav><article><h1>{title}</h1>{paras}</article>"
        "<footer>Copyright 2026</footer></body></html>"
    )


def _warc(pages: list[tuple[str, str]]) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=headers))
    return buf.getvalue()


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(_article("Bridge in Tamsin closed after cracks found"))
    (d / "good.html").write_text(_html("Tamsin bridge shut for repairs"))
    lines = [
        json.dumps({"title": "Ferry to replace bridge", "text": _article("x", "The ferry will run every hour, officials said."), "outlet": "Wire A", "published": "2026-03-16"}),
        "{not json at all",
        json.dumps({"title": "no text here"}),
        json.dumps(["a", "list"]),
        json.dumps({"title": "Second good", "text": "Engineers said the work would take six weeks. " * 3}),
    ]
    (d / "feed.jsonl").write_text("\n".join(lines) + "\n")
    (d / "page.warc.gz").write_bytes(_warc([("https://tamsin.example/a", _html("Cracks close Tamsin bridge", "Tamsin Radio"))]))
    (d / "binary.bin").write_bytes(b"\x00\x01\x02\x03" * 100)
    (d / "empty.txt").write_bytes(b"")
    (d / "latin1.txt").write_bytes("Caf\u00e9 owners in Tamsin said the closure hurt trade.".encode("latin-1"))
    (d / "truncated.jsonl.gz").write_bytes(gzip.compress(lines[0].encode() * 50)[:60])
    (d / "truncated.warc.gz").write_bytes(_warc([("https://tamsin.example/b", _html("Another page") * 20)])[:300])
    (d / "only-junk.txt").write_text("Most Popular\nread more:\nShare this article\n")
    return d


def test_mixed_directory_counts(mixed: Path, tmp_path: Path) -> None:
    with NewsTrace(tmp_path / "s.duckdb") as nt:
        s = nt.analyze([mixed])
        reasons = {Path(r.origin.split(":line")[0].split("#")[0]).name: r.reason for r in s.rejected}
        assert s.stored == 5, s
        assert s.read == s.stored + s.already_known + s.rejected_count
        assert s.rejected_count == 9
        assert reasons["binary.bin"].startswith("binary content")
        assert reasons["empty.txt"].startswith("empty file")
        assert "invalid UTF-8" in reasons["latin1.txt"] and "offset 3" in reasons["latin1.txt"]
        assert reasons["truncated.jsonl.gz"].startswith("truncated or corrupt gzip")
        assert reasons["truncated.warc.gz"].startswith("truncated or corrupt WARC")
        assert reasons["only-junk.txt"].startswith("empty after cleaning")
        jsonl = sorted(r.origin for r in s.rejected if "feed.jsonl" in r.origin)
        assert [o.rsplit(":", 1)[1] for o in jsonl] == ["line 2", "line 3", "line 4"]
        # every rejection is in the store too, with the run it belongs to
        assert nt.store.scalar("SELECT count(*) FROM rejections") == 9
        html_outlets = {r["outlet"] for r in nt.store.rows("SELECT outlet FROM articles")}
        assert {"The Tamsin Daily", "Tamsin Radio", "Wire A"} <= html_outlets


def test_rerun_adds_nothing(mixed: Path, tmp_path: Path) -> None:
    with NewsTrace(tmp_path / "s.duckdb") as nt:
        nt.analyze([mixed])
        before = nt.counts()
        again = nt.analyze([mixed])
        after = nt.counts()
    assert again.stored == 0 and again.already_known == 5
    for table in before:
        if table not in ("runs", "rejections"):
            assert after[table] == before[table], table
    assert after["runs"] == before["runs"] + 1


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        list(read_inputs([tmp_path / "nope"]))


def test_front_matter_and_warc_metadata(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("---\noutlet: The Osk Gazette\nurl: https://osk.example/1\ndate: 2026-03-14\n---\n" + _article("T"))
    (item,) = list(read_inputs([f]))
    assert isinstance(item, RawDocument)
    assert (item.outlet, item.url, str(item.published)) == ("The Osk Gazette", "https://osk.example/1", "2026-03-14")
    w = tmp_path / "b.warc.gz"
    w.write_bytes(_warc([("https://osk.example/2", _html("Bridge"))]))
    (item,) = list(read_inputs([w]))
    assert isinstance(item, RawDocument) and item.url == "https://osk.example/2"
    assert "#record 1" in item.origin


def test_declared_charset_is_honoured(tmp_path: Path) -> None:
    page = _html("Caf\u00e9 closes").replace("<head>", "<head><meta charset='iso-8859-1'>")
    f = tmp_path / "p.html"
    f.write_bytes(page.encode("latin-1"))
    (item,) = list(read_inputs([f]))
    assert not isinstance(item, Rejection), item
    assert "Caf\u00e9" in (item.title or "")
