"""A corpus of hostile and broken input, written into a folder on demand.

``write_bad_corpus(folder)`` writes every file and returns what must become of each item: the
start of its rejection reason, or "stored" / "known". Run ``python tests/bad_corpus.py DIR`` to
get the files for manual runs. (Generated rather than committed: some are large.)
"""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

GOOD = (
    "Harbour workers in Osk walk out over pay\n\n"
    "Dock workers at the port of Osk stopped work on Monday, their union said, after talks on a new "
    "pay deal broke down. The port authority said ships would be diverted to Tarsk.\n\n"
    "The union's leader, Mara Holt, told reporters the strike would last until the authority "
    "returned to the table.\n"
)
FRENCH = (
    "Les dockers du port d'Osk ont cessé le travail lundi, a indiqué leur syndicat, après l'échec "
    "des négociations sur les salaires. Les navires seront détournés vers Tarsk, selon le port.\n"
)


def _warc(html: str, url: str = "https://osk.example/strike") -> bytes:
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=headers))
    return buf.getvalue()


def _page(body: str) -> str:
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n")[1:])
    return f"<html><head><title>Strike</title></head><body><article><h1>Strike in Osk</h1>{paras}</article></body></html>"


def write_bad_corpus(folder: Path) -> dict[str, str]:
    """Write the corpus; return {item origin suffix: expected outcome}."""
    folder.mkdir(parents=True, exist_ok=True)
    expect: dict[str, str] = {}

    def put(name: str, data: bytes | str, outcome: str) -> None:
        (folder / name).write_bytes(data.encode() if isinstance(data, str) else data)
        expect[name] = outcome

    put("good.txt", GOOD, "stored")
    put("binary.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary content")
    put("zero.txt", b"", "empty file")
    put("blank.txt", "   \n\n\t\n", "empty file")
    put("huge-line.txt", "Osk " + "the port said it would reopen soon and " * 12_000 + "\n", "article too long")
    put("latin1.txt", GOOD.replace("Osk", "Ösk").encode("latin-1"), "invalid UTF-8")
    put("mixed-encoding.txt", GOOD.encode() + "Café".encode("cp1252"), "invalid UTF-8")
    put("utf16.txt", GOOD.replace("Osk", "Oskar").encode("utf-16"), "stored")
    put("truncated.txt.gz", gzip.compress(GOOD.encode() * 20)[:80], "truncated or corrupt gzip")
    put("zip-bomb.txt.gz", gzip.compress(b"a" * 3_000_000), "file too large")
    put("truncated.warc.gz", _warc(_page(GOOD) * 30)[:400], "truncated or corrupt WARC")
    put("garbage.warc", b"WARC/1.0\r\nthis is not a warc header at all\r\n\r\n" * 3, "no response records")
    put("bomb.html", "<html><body>" + "<div>" * 5000 + "deep" + "</div>" * 5000 + "</body></html>", "HTML nested too deeply")
    put("french.txt", "Grève au port d'Osk\n\n" + FRENCH, "language not supported")
    put("junk-only.txt", "Most Popular\nread more:\nShare this article\n", "empty after cleaning")
    put("control-chars.txt", GOOD.replace("\n\n", "\n\x0b\n") + "\x1b[31m\n", "stored")
    records = [
        json.dumps({"id": "a1", "title": GOOD.split("\n")[0], "text": GOOD}),  # the same article as good.txt
        "{\"id\": \"a2\", \"title\": ",  # malformed
        json.dumps({"id": "a3", "title": "no text"}),
        json.dumps([1, 2, 3]),
        json.dumps({"id": "a1", "title": "Strike ends", "text": GOOD.replace("stopped", "resumed")}),  # duplicate id, new text
        json.dumps({"id": "a1", "title": "Strike ends", "text": GOOD.replace("stopped", "resumed")}),  # exact repeat
    ]
    (folder / "records.jsonl").write_text("\n".join(records) + "\n")
    for n, outcome in enumerate(
        ["known", "malformed JSON", "no article text", "malformed record", "stored", "known"], start=1
    ):
        expect[f"records.jsonl:line {n}"] = outcome
    return expect


if __name__ == "__main__":
    for name, outcome in write_bad_corpus(Path(sys.argv[1])).items():
        print(f"{name}: {outcome}")
