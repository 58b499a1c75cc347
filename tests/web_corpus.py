"""Corpora for the web tests: the bundled example, and a hostile one written on the fly whose
titles, outlet names, URLs and body text carry script payloads. Every payload, if it ever ran,
would set ``window.__pwned`` or open a dialog."""

from __future__ import annotations

import json
from pathlib import Path

from newstrace import NewsTrace

PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '"><svg onload=window.__pwned=1>',
    '<a href="javascript:window.__pwned=1">click</a>',
    "<body onload=alert(1)>",
    "'><iframe srcdoc=\"<script>parent.__pwned=1</script>\">",
]
OUTLETS = [
    "Evil <script>window.__pwned=1</script> Times",
    '"><svg onload=window.__pwned=1> Post',
    "Gazette <img src=x onerror=alert(1)>",
]
URLS = ["javascript:window.__pwned=1", 'https://x.example/a"onmouseover="alert(1)', "data:text/html,<script>alert(1)</script>"]
EXTRA = [
    "Harbour pilots at Vesk counted forty barges waiting for inspection over the weekend.",
    "Farmers near Tollin complained that the closed road doubled their journey to market.",
    "A court in Arden adjourned an unrelated smuggling case until the summer session.",
]


def write_hostile(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for i, outlet in enumerate(OUTLETS):
        p = lambda k: PAYLOADS[(i + k) % len(PAYLOADS)]  # noqa: E731
        title = f"Ministry says Zorbank moved 12 drones to the Kerrin militia {p(0)}"
        text = (
            f"{title}\n\n"
            f"The interior ministry said on Tuesday that Zorbank Holdings moved {12 + i} drones to the Kerrin "
            f"militia {p(1)}, officials told the <script>window.__pwned=1</script> Herald.\n\n"
            f"\"{p(2)} We saw the trucks at Osk on March 3, 2026,\" said Marta {p(3)} Velk, a spokeswoman. "
            f"Police believe the drones could reach the militia {p(4)} within days, according to {p(5)} officials.\n\n"
            f"{EXTRA[i]} {EXTRA[(i + 1) % 3]}\n\n"
            f"Zorbank denied moving any drones {p(0)}, the {p(1)} company said last Friday."
        )
        rows.append({"url": URLS[i], "outlet": outlet, "title": title, "published": f"2026-03-0{4 + i}",
                     "text": text})
    (folder / "hostile.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return folder


def analysed(corpus: Path, db: Path) -> Path:
    with NewsTrace(db) as nt:
        nt.analyze([corpus])
    return db
