"""Inline SVG drawn in Python: the sourcing-chain graph and the merged timeline chart.

No JavaScript, no external assets. Every piece of text that comes from an article (outlet
names, source names, sentences) goes through ``markupsafe.escape`` before it lands in the
markup, attributes included; colours are presentation attributes (no ``style=``, which the
Content-Security-Policy forbids).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import Any

from markupsafe import Markup, escape

Href = Callable[[str, str], str]

COLUMN_TITLES = ("Reporting outlet", "Cited outlet / intermediary", "Underlying source")
NODE_FILL = ("#dbe7f3", "#f3ead7", "#e3efe0")
NODE_STROKE = ("#3a6590", "#8a6d2f", "#4a7a42")


def _short(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _attr(value: object) -> str:
    return str(escape(str(value)))


def chain_svg(graph: dict[str, Any], href: Href) -> Markup:
    nodes = graph["nodes"]
    if not nodes:
        return Markup('<p class="empty">No attributed claims: no sourcing chains to draw.</p>')
    col_x = (10, 545, 1080)
    w, h, gap, top = 260, 26, 10, 40
    by_col = [[n for n in nodes if n["column"] == c] for c in (0, 1, 2)]
    rank = {n["id"]: i for i, n in enumerate(by_col[0])}
    links: dict[str, list[tuple[str, int]]] = {}
    for e in graph["edges"]:
        links.setdefault(e["to"], []).append((e["from"], e["claims"]))
    for c in (1, 2):  # barycentre ordering: a node sits near the nodes that cite it
        def centre(n: dict[str, Any]) -> float:
            ws = [(rank[f], k) for f, k in links.get(n["id"], []) if f in rank]
            return sum(r * k for r, k in ws) / sum(k for _, k in ws) if ws else float(len(rank))
        by_col[c].sort(key=lambda n: (centre(n), -n["claims"]))
        rank.update({n["id"]: i * len(by_col[0]) / max(len(by_col[c]), 1) for i, n in enumerate(by_col[c])})
    tallest = max(len(col) for col in by_col)
    pos: dict[str, tuple[float, float]] = {}
    rows = [len(col) for col in by_col]
    for c, col in enumerate(by_col):
        offset = (tallest - len(col)) * (h + gap) / 2 if c < 2 else 0
        for i, n in enumerate(col):
            pos[n["id"]] = (col_x[c], top + offset + i * (h + gap))
    height = top + max(rows) * (h + gap) + 30
    width = col_x[2] + w + 10
    out = [f'<svg class="chain" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" role="img" aria-labelledby="chain-title">',
           '<title id="chain-title">Sourcing chains: reporting outlets, the outlets and intermediaries '
           'they cite, and the underlying sources</title>']
    for c, title in enumerate(COLUMN_TITLES):
        out.append(f'<text x="{col_x[c]}" y="22" class="colhead" font-weight="bold" fill="#222">{_attr(title)}</text>')
    maxw = max((e["claims"] for e in graph["edges"]), default=1)
    for e in reversed(graph["edges"]):
        x1, y1 = pos[e["from"]]
        x2, y2 = pos[e["to"]]
        x1, y1, y2 = x1 + w, y1 + h / 2, y2 + h / 2
        mid = (x1 + x2) / 2
        sw = 1.5 + 5 * math.log1p(e["claims"]) / math.log1p(maxw)
        ex = e.get("example") or {}
        tip = f'{e["from_name"]} cites {e["to_name"]}: {e["claims"]} claim(s). e.g. "{ex.get("text", "")}"'
        path = (f'<path d="M{x1:.0f},{y1:.0f} C{mid:.0f},{y1:.0f} {mid:.0f},{y2:.0f} {x2:.0f},{y2:.0f}" '
                f'fill="none" stroke="#7d8793" stroke-opacity="0.6" stroke-width="{sw:.1f}">'
                f'<title>{_attr(tip)}</title></path>')
        if ex.get("article_id"):
            out.append(f'<a href="{_attr(href(ex["article_id"], ex["anchor"]))}">{path}</a>')
        else:
            out.append(path)
    for n in nodes:
        x, y = pos[n["id"]]
        c = n["column"]
        out.append(
            f'<g class="node col{c}"><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="5" '
            f'fill="{NODE_FILL[c]}" stroke="{NODE_STROKE[c]}"/>'
            f'<text x="{x + 8}" y="{y + 17}" font-size="13" fill="#111">{_attr(_short(n["name"], 30))}</text>'
            f'<text x="{x + w - 8}" y="{y + 17}" font-size="12" text-anchor="end" fill="#444">{n["claims"]}</text>'
            f'<title>{_attr(n["name"])}: {n["claims"]} claim(s)</title></g>'
        )
    hidden = graph.get("hidden", {})
    for c in (0, 1, 2):
        k = hidden.get(c) or hidden.get(str(c))
        if k:
            out.append(f'<text x="{col_x[c]}" y="{height - 10}" font-size="12" fill="#555">+ {int(k)} more</text>')
    out.append("</svg>")
    return Markup("".join(out))


MAX_WIDTH = 1340


def _gap(days: int) -> float:
    """Horizontal distance between two consecutive dates: grows with the gap, but slowly, so a
    date years away does not squash the week the story happened in."""
    return 46 + 14 * math.log2(1 + max(days, 0))


def timeline_svg(points: list[dict[str, Any]], href: Href, published: list[dict[str, Any]] | None = None,
                 art_href: Callable[[str], str] | None = None) -> Markup:
    """Dates mentioned (circles: a day; squares: a week, month or year), one lane per outlet, and
    each article's publication date (a triangle) in its outlet's lane."""
    pts = [p for p in points if p.get("first_day")]
    pubs = [a for a in (published or []) if a.get("published")]
    if not pts:
        return Markup('<p class="empty">No dated events.</p>')
    values: list[tuple[str, str]] = sorted({(p["first_day"], p["value"]) for p in pts}
                                           | {(a["published"], a["published"]) for a in pubs})
    lanes = list(dict.fromkeys(p["outlet"] for p in sorted(pts + pubs, key=lambda p: p["outlet"].lower())))
    left, top, lane_h = 190, 20, 34
    xs: dict[str, float] = {}
    x = left + 20
    prev: date | None = None
    for day, value in values:
        d = date.fromisoformat(day)
        if prev is not None:
            x += _gap((d - prev).days)
        xs[value] = x
        prev = d
    # fit the page width when the dates allow it (labels need ~30px each); scroll otherwise
    span = x - (left + 20)
    room = max(MAX_WIDTH - left - 80, 30 * (len(values) - 1))
    if span > room:
        xs = {v: left + 20 + (p - left - 20) * room / span for v, p in xs.items()}
        x = left + 20 + room
    width = int(x + 60)
    axis_y = top + len(lanes) * lane_h + 8
    height = axis_y + 90
    out = [f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" role="img" aria-labelledby="tl-title">',
           '<title id="tl-title">Merged timeline: dates mentioned by each outlet</title>']
    for i, lane in enumerate(lanes):
        y = top + i * lane_h + lane_h / 2
        if i % 2 == 0:
            out.append(f'<rect x="0" y="{top + i * lane_h}" width="{width}" height="{lane_h}" fill="#f4f6f8"/>')
        out.append(f'<text x="8" y="{y + 4:.0f}" font-size="13" fill="#222">{_attr(_short(lane, 24))}'
                   f'<title>{_attr(lane)}</title></text>')
    out.append(f'<line x1="{left}" y1="{axis_y}" x2="{width - 20}" y2="{axis_y}" stroke="#333"/>')
    for _, value in values:
        vx = xs[value]
        out.append(f'<line x1="{vx:.0f}" y1="{top}" x2="{vx:.0f}" y2="{axis_y + 5}" stroke="#c9ced4" '
                   f'stroke-dasharray="2,3"/>')
        out.append(f'<text x="{vx:.0f}" y="{axis_y + 16}" font-size="12" fill="#222" text-anchor="end" '
                   f'transform="rotate(-40 {vx:.0f} {axis_y + 16})">{_attr(value)}</text>')
    for a in pubs:
        px, py = xs[a["published"]], top + lanes.index(a["outlet"]) * lane_h + 6
        tip = f'{a["outlet"]} published "{a["title"]}" on {a["published"]}'
        tri = (f'<path class="pub" d="M{px - 6:.0f},{py - 4:.0f} L{px + 6:.0f},{py - 4:.0f} L{px:.0f},{py + 5:.0f} Z" '
               f'fill="#555"><title>{_attr(tip)}</title></path>')
        out.append(f'<a class="tl-pub" href="{_attr(art_href(a["id"]))}">{tri}</a>' if art_href else tri)
    stacked: dict[tuple[str, str], int] = {}
    for p in pts:
        lane = lanes.index(p["outlet"])
        k = stacked.get((p["value"], p["outlet"]), 0)
        stacked[(p["value"], p["outlet"])] = k + 1
        cx = xs[p["value"]] + (k % 4) * 7 - 0
        cy = top + lane * lane_h + lane_h / 2 + (k // 4) * 6 - 3 * (k > 3)
        tip = f'{p["outlet"]}: "{p["text"]}" = {p["value"]} ({p["precision"]}). {p.get("sentence") or ""}'
        if p["precision"] == "day":
            mark = f'<circle cx="{cx:.0f}" cy="{cy:.0f}" r="6" fill="#1f5f99" stroke="#fff" stroke-width="1.5">'
            mark += f"<title>{_attr(tip)}</title></circle>"
        else:
            mark = (f'<rect x="{cx - 5:.0f}" y="{cy - 5:.0f}" width="10" height="10" fill="#fff" stroke="#b45f06" '
                    f'stroke-width="2"><title>{_attr(tip)}</title></rect>')
        out.append(f'<a class="tl-point" href="{_attr(href(p["article_id"], p["anchor"]))}">{mark}</a>')
    out.append("</svg>")
    return Markup("".join(out))
