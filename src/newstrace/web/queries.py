"""Data gathering shared by the web pages, their JSON twins and the story report.

Every function returns plain JSON-serialisable data (strings, numbers, lists, dicts): the JSON
twin of a page is exactly what its template renders. Nothing here writes to the store.

Anchors: the article page puts a zero-width anchor at the start of every sentence
(``{aid}-s{idx}``), claim content (``{aid}-c-{claim id}``) and time expression
(``{aid}-t{start}``); links elsewhere point at those, so every statement leads back to the exact
sentence it came from.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from datetime import date
from typing import Any

from ..compare import RANK
from ..core import NewsTrace

HEX_ID = re.compile(r"^[0-9a-f]{4,40}$")
#: Symbols that carry the certainty in text, so the matrix reads without colour.
CERTAINTY_MARK = {"asserted": "●", "probable": "◕", "possible": "◑", "denied": "✕", "unknown": "?"}
MAX_CHAIN_NODES = 18


def safe_url(url: str | None) -> str | None:
    """An article's URL, only if it is plain http(s): never a ``javascript:`` or ``data:`` link."""
    if url and re.match(r"^https?://[^\s\"'<>]+$", url, re.I):
        return url
    return None


def _iso(v: Any) -> str | None:
    return v.isoformat() if isinstance(v, date) else (str(v) if v is not None else None)


def outlet_label(a: dict[str, Any]) -> str:
    return a.get("outlet") or f"article {a['id'][:8]}"


# --- story list ----------------------------------------------------------------------------------


def story_list(
    nt: NewsTrace, q: str | None = None, outlet: str | None = None, entity: str | None = None,
    date_from: date | None = None, date_to: date | None = None,
) -> dict[str, Any]:
    rows = nt.stories(query=q or None, outlet=outlet or None)
    if entity:
        like = f"%{entity}%"
        keep = {r["story_id"] for r in nt.store.rows(
            "SELECT DISTINCT sa.story_id FROM mentions m JOIN story_articles sa USING (article_id)"
            " LEFT JOIN entity_keys k USING (entity_key) LEFT JOIN entities e ON e.id = k.entity_id"
            " WHERE m.text ILIKE ? OR e.name ILIKE ?", [like, like])}
        rows = [r for r in rows if r["id"] in keep]
    if date_from:
        rows = [r for r in rows if r["last_date"] and r["last_date"] >= date_from]
    if date_to:
        rows = [r for r in rows if r["first_date"] and r["first_date"] <= date_to]
    stories = [
        {
            "id": r["id"], "title": r["title"], "articles": r["articles"], "outlets": r["outlets"],
            "first_date": _iso(r["first_date"]), "last_date": _iso(r["last_date"]),
            "outlet_names": list(r["outlet_names"] or []),
        }
        for r in rows
    ]
    all_outlets = [r["outlet"] for r in nt.store.rows(
        "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet")]
    counts = nt.counts()
    return {
        "filters": {"q": q or "", "outlet": outlet or "", "entity": entity or "",
                    "from": _iso(date_from) or "", "to": _iso(date_to) or ""},
        "stories": stories,
        "outlets": all_outlets,
        "totals": {"stories": len({r["story_id"] for r in nt.store.rows("SELECT story_id FROM story_articles")}),
                   "articles": counts.get("articles", 0), "claims": counts.get("claims", 0)},
    }


# --- story page ----------------------------------------------------------------------------------


class _Sentences:
    """Find the sentence containing a character offset, per article."""

    def __init__(self, nt: NewsTrace, ids: list[str]) -> None:
        self.starts: dict[str, list[int]] = defaultdict(list)
        self.idx: dict[str, list[int]] = defaultdict(list)
        for r in nt.store.rows(
            "SELECT article_id, idx, start_char FROM sentences WHERE article_id IN (SELECT unnest(?))"
            " ORDER BY article_id, start_char", [ids]):
            self.starts[r["article_id"]].append(r["start_char"])
            self.idx[r["article_id"]].append(r["idx"])

    def anchor(self, aid: str, pos: int) -> str:
        starts = self.starts.get(aid)
        if not starts:
            return f"{aid}-top"
        i = max(bisect.bisect_right(starts, pos) - 1, 0)
        return f"{aid}-s{self.idx[aid][i]}"


def parse_time_value(value: str) -> tuple[date, date, str] | None:
    """A TIMEX value as (first day, last day, precision), or None when it is not on a calendar."""
    try:
        if m := re.match(r"^(\d{4})-(\d{2})-(\d{2})", value):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d, "day"
        if m := re.match(r"^(\d{4})-W(\d{2})$", value):
            d = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return d, date.fromordinal(d.toordinal() + 6), "week"
        if m := re.match(r"^(\d{4})-(\d{2})$", value):
            y, mo = int(m[1]), int(m[2])
            end = date(y + (mo == 12), mo % 12 + 1, 1)
            return date(y, mo, 1), date.fromordinal(end.toordinal() - 1), "month"
        if m := re.match(r"^(\d{4})$", value):
            return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31), "year"
    except ValueError:
        return None
    return None


def story_data(nt: NewsTrace, story_id: str) -> dict[str, Any]:
    view = nt.story(story_id)
    comp = view.comparison
    report_of = {aid: r.id for r in comp.reports for aid in r.article_ids}
    by_id = {a["id"]: a for a in view.articles}
    outlet_of = {a["id"]: outlet_label(a) for a in view.articles}
    ids = list(by_id)
    sents = _Sentences(nt, ids)
    claims_per_article = Counter(c.article_id for c in view.claims)

    articles = [
        {
            "id": a["id"], "title": a["title"], "outlet": outlet_label(a), "url": safe_url(a["url"]),
            "published": _iso(a["published"]), "date_source": a["date_source"],
            "duplicate_of": a["duplicate_of"],
            "similarity": round(a["similarity"], 2) if a["similarity"] is not None else None,
            "report_id": report_of.get(a["id"], a["id"]), "claims": claims_per_article[a["id"]],
        }
        for a in view.articles
    ]
    group_status = Counter(g.status for g in comp.groups)
    claim_by_id = {c.id: c for c in view.claims}
    reports = []
    for n, r in enumerate(comp.reports, start=1):
        lead = by_id.get(r.id, {})
        carried = [g for g in comp.groups if r.id in g.reports]
        reports.append({
            "id": r.id, "column": n, "label": r.label, "outlets": r.outlets, "article_ids": r.article_ids,
            "headline": lead.get("title"), "published": _iso(lead.get("published")),
            "claims": {s: sum(1 for g in carried if g.status == s) for s in ("shared", "partial", "unique")},
        })

    matrix = []
    for gi, g in enumerate(comp.groups, start=1):
        cells = []
        for r in comp.reports:
            cs = [c for c in g.claims if report_of.get(c.article_id, c.article_id) == r.id]
            if not cs:
                cells.append({"report_id": r.id, "present": False, "state": "absent"})
                continue
            firm = min(cs, key=lambda c: RANK[c.certainty])
            state = "conflicting" if g.conflicting else ("unique" if g.status == "unique" else "shared")
            cert = g.certainty_by_report.get(r.id, firm.certainty.value)
            cells.append({
                "report_id": r.id, "present": True, "state": state, "certainty": cert,
                "mark": CERTAINTY_MARK.get(cert, "?"),
                "claims": [
                    {"id": c.id, "article_id": c.article_id, "outlet": outlet_of.get(c.article_id),
                     "text": c.content.text, "source": c.source_name, "cue": c.cue.text if c.cue else None,
                     "kind": c.kind, "certainty": c.certainty.value, "chain": c.chain,
                     "anchor": f"{c.article_id}-c-{c.id}"}
                    for c in cs
                ],
                "article_id": firm.article_id, "anchor": f"{firm.article_id}-c-{firm.id}",
            })
        matrix.append({
            "index": gi, "text": g.text, "status": g.status, "conflicting": g.conflicting,
            "conflict_note": g.conflict_note, "certainty_differs": g.certainty_differs,
            "reports": len(g.reports), "cells": cells,
            "sources": list(dict.fromkeys(c.source_name for c in g.claims if c.source_name)),
        })

    return {
        "id": view.id,
        "title": view.title,
        "dates": _date_range([a["published"] for a in articles]),
        "articles": articles,
        "reports": reports,
        "summary": {
            "articles": len(articles), "reports": len(reports),
            "outlets": len({a["outlet"] for a in articles}), "claims": len(view.claims),
            "groups": len(comp.groups), "shared": group_status["shared"],
            "partial": group_status["partial"], "unique": group_status["unique"],
            "conflicts": len(comp.conflicts) + len(comp.conflicts_found), "drift": len(comp.drift),
        },
        "conflicts": [
            {"kind": f.kind, "subject": f.subject, "note": f.note,
             "values": [
                 {"value": value,
                  "claims": [{"id": cid, "article_id": claim_by_id[cid].article_id,
                              "outlet": outlet_of.get(claim_by_id[cid].article_id),
                              "text": claim_by_id[cid].content.text,
                              "anchor": f"{claim_by_id[cid].article_id}-c-{cid}"} for cid in cids]}
                 for value, cids in sorted(f.claim_ids.items())
             ]}
            for f in comp.conflicts_found
        ],
        "matrix": matrix,
        "drift": [
            {"article_id": d.article_id, "outlet": outlet_of.get(d.article_id, d.article_id[:8]),
             "kind": d.kind, "note": d.note, "anchor": f"{d.article_id}-c-{d.claim_ids[0]}" if d.claim_ids else None}
            for d in comp.drift
        ],
        "chains": chain_graph(view.claims, outlet_of),
        "timeline": _timeline(view.timeline, outlet_of, sents),
        "entities": _entities(nt, view.entities, ids, sents, outlet_of),
    }


def _date_range(values: list[str | None]) -> dict[str, str | None]:
    ds = sorted(v for v in values if v)
    return {"first": ds[0] if ds else None, "last": ds[-1] if ds else None}


def _norm(name: str) -> str:
    return re.sub(r"^the\s+", "", " ".join(name.split()), flags=re.I).lower()


def chain_graph(claims: list, outlet_of: dict[str, str]) -> dict[str, Any]:
    """Who cites whom: reporting outlets (column 0) -> cited outlets and intermediaries (1) ->
    underlying sources (2). Edge weights count claims; each edge keeps an example claim."""
    nodes: dict[tuple[int, str], dict[str, Any]] = {}
    edges: dict[tuple[tuple[int, str], tuple[int, str]], dict[str, Any]] = {}

    def node(col: int, name: str) -> tuple[int, str]:
        key = (col, _norm(name))
        n = nodes.setdefault(key, {"id": f"n{col}-{len(nodes)}", "column": col, "name": name, "claims": 0})
        n["claims"] += 1
        return key

    for c in claims:
        chain = [x for x in (c.chain or []) if x and x.strip()]
        if not chain:
            continue
        chain[0] = outlet_of.get(c.article_id, chain[0])
        if len(chain) == 1:
            node(0, chain[0])
            continue
        keys = [node(0 if i == 0 else (2 if i == len(chain) - 1 else 1), name) for i, name in enumerate(chain)]
        for a, b in zip(keys, keys[1:]):
            e = edges.setdefault((a, b), {"claims": 0, "example": None})
            e["claims"] += 1
            if e["example"] is None:
                e["example"] = {"claim_id": c.id, "article_id": c.article_id, "text": c.content.text[:200],
                                "anchor": f"{c.article_id}-c-{c.id}"}
    # keep the busiest nodes per column; say how many were left out
    kept: set[tuple[int, str]] = set()
    hidden = {0: 0, 1: 0, 2: 0}
    for col in (0, 1, 2):
        ranked = sorted((k for k in nodes if k[0] == col), key=lambda k: (-nodes[k]["claims"], k[1]))
        kept.update(ranked[:MAX_CHAIN_NODES])
        hidden[col] = max(len(ranked) - MAX_CHAIN_NODES, 0)
    out_nodes = sorted((nodes[k] for k in kept), key=lambda n: (n["column"], -n["claims"], n["name"].lower()))
    out_edges = [
        {"from": nodes[a]["id"], "to": nodes[b]["id"], "from_name": nodes[a]["name"], "to_name": nodes[b]["name"],
         **e}
        for (a, b), e in edges.items() if a in kept and b in kept
    ]
    out_edges.sort(key=lambda e: (-e["claims"], e["from"], e["to"]))
    return {"nodes": out_nodes, "edges": out_edges, "hidden": hidden}


def _timeline(rows: list[dict[str, Any]], outlet_of: dict[str, str], sents: _Sentences) -> list[dict[str, Any]]:
    out = []
    for t in rows:
        parsed = parse_time_value(t["value"] or "")
        out.append({
            "value": t["value"], "type": t["type"], "text": t["text"], "article_id": t["article_id"],
            "outlet": outlet_of.get(t["article_id"], t["outlet"] or t["article_id"][:8]),
            "start": t["start_char"], "end": t["end_char"], "sentence": t.get("sentence"),
            "first_day": parsed[0].isoformat() if parsed else None,
            "last_day": parsed[1].isoformat() if parsed else None,
            "precision": parsed[2] if parsed else None,
            "anchor": f"{t['article_id']}-t{t['start_char']}",
            "sentence_anchor": sents.anchor(t["article_id"], t["start_char"]),
        })
    out.sort(key=lambda p: (p["first_day"] or "9999", p["value"] or "", p["outlet"], p["start"]))
    return out


def _entities(nt: NewsTrace, rows: list[dict[str, Any]], ids: list[str], sents: _Sentences,
              outlet_of: dict[str, str]) -> list[dict[str, Any]]:
    eids = [e["id"] for e in rows]
    evidence: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for r in nt.store.rows(
        "SELECT k.entity_id, a.alias, a.article_id, a.start_char FROM aliases a JOIN entity_keys k USING (entity_key)"
        " WHERE k.entity_id IN (SELECT unnest(?)) AND a.article_id IN (SELECT unnest(?))"
        " ORDER BY a.article_id, a.start_char", [eids, ids]):
        evidence[r["entity_id"]].setdefault(r["alias"], {
            "alias": r["alias"], "article_id": r["article_id"], "outlet": outlet_of.get(r["article_id"]),
            "anchor": sents.anchor(r["article_id"], r["start_char"]),
        })
    out = []
    for e in rows:
        names = [n for n in (e["names"] or []) if n != e["name"]]
        ev = evidence.get(e["id"], {})
        out.append({
            "id": e["id"], "name": e["name"], "type": e["type"], "mentions": e["mentions"],
            "articles": e["articles"],
            "aliases": [ev.get(n, {"alias": n, "article_id": None, "outlet": None, "anchor": None}) for n in names],
        })
    return out


# --- article page --------------------------------------------------------------------------------

def article_data(nt: NewsTrace, article_id: str) -> dict[str, Any]:
    art = nt.article(article_id)
    aid = art["id"]
    text: str = art["text"] or ""
    story_id = nt.store.scalar("SELECT story_id FROM story_articles WHERE article_id = ?", [aid])
    ent_of = {r["entity_key"]: r for r in nt.store.rows(
        "SELECT k.entity_key, e.id, e.name, e.type FROM entity_keys k JOIN entities e ON e.id = k.entity_id"
        " WHERE k.entity_key IN (SELECT entity_key FROM mentions WHERE article_id = ?)", [aid])}
    outlet = outlet_label(art)

    spans: list[dict[str, Any]] = []  # kind, start, end, label, target (claim id / entity id / None)
    claims = []
    for c in art["claims"]:
        cid = c["id"]
        claims.append({
            "id": cid, "kind": c["kind"], "certainty": c["certainty"],
            "mark": CERTAINTY_MARK.get(c["certainty"], "?"), "source": c["source_name"],
            "source_text": c["source_text"], "cue": c["cue_text"], "content": c["content_text"],
            "chain": list(c["chain"] or []), "hedges": list(c["hedges"] or []), "parent_id": c["parent_id"],
            "sentence_index": c["sentence_index"], "anchor": f"{aid}-c-{cid}",
        })
        for part in ("content", "source", "cue"):
            s, e = c[f"{part}_start"], c[f"{part}_end"]
            if s is not None and e is not None and 0 <= s < e <= len(text):
                label = (f"claim {part} ({c['certainty']}, {c['kind']})" if part == "content"
                         else f"claim {part}: {c[f'{part}_text']}")
                spans.append({"kind": part, "start": s, "end": e, "label": label, "claim": cid})
    mentions = []
    for m in art["mentions"]:
        ent = ent_of.get(m["entity_key"])
        mentions.append({"start": m["start_char"], "end": m["end_char"], "text": m["text"], "type": m["type"],
                         "entity_id": ent["id"] if ent else None, "entity": ent["name"] if ent else None})
        if 0 <= m["start_char"] < m["end_char"] <= len(text):
            spans.append({"kind": "mention", "start": m["start_char"], "end": m["end_char"],
                          "label": f"entity: {ent['name'] if ent else m['text']} ({m['type'].lower()})",
                          "entity": ent["id"] if ent else None})
    times = []
    for t in art["times"]:
        times.append({"start": t["start_char"], "end": t["end_char"], "text": t["text"], "type": t["type"],
                      "value": t["value"], "anchored": t["anchored"], "anchor": f"{aid}-t{t['start_char']}"})
        if 0 <= t["start_char"] < t["end_char"] <= len(text):
            spans.append({"kind": "time", "start": t["start_char"], "end": t["end_char"],
                          "label": f"time: {t['text']} = {t['value'] or 'unresolved'}", "time": t["start_char"]})

    anchors: dict[int, list[str]] = defaultdict(list)
    for s in art["sentences"]:
        anchors[s["start_char"]].append(f"{aid}-s{s['idx']}")
    for sp in spans:
        if sp["kind"] == "content":
            anchors[sp["start"]].append(f"{aid}-c-{sp['claim']}")
        elif sp["kind"] == "time":
            anchors[sp["start"]].append(f"{aid}-t{sp['start']}")
    return {
        "id": aid, "title": art["title"], "outlet": outlet, "url": safe_url(art["url"]),
        "published": _iso(art["published"]), "date_source": art["date_source"], "origin": art["origin"],
        "language": art["language"], "story_id": story_id, "text": text,
        "segments": segments(text, spans, anchors),
        "claims": claims, "mentions": mentions, "times": times,
        "removed_lines": [{"text": r["text"], "reason": r["reason"]} for r in art["removed_lines"]],
    }


def segments(text: str, spans: list[dict[str, Any]], anchors: dict[int, list[str]]) -> list[dict[str, Any]]:
    """Cut the text at every span boundary. Each piece lists the span kinds covering it, a label
    and one link target: the innermost (shortest) span covering it."""
    cuts = sorted({0, len(text), *anchors, *(s["start"] for s in spans), *(s["end"] for s in spans)})
    cuts = [c for c in cuts if 0 <= c <= len(text)]
    starts = sorted(spans, key=lambda s: s["start"])
    out = []
    for a, b in zip(cuts, cuts[1:] + [None]):
        ids = list(dict.fromkeys(anchors.get(a, [])))
        if b is None:
            if ids:
                out.append({"text": "", "anchors": ids, "kinds": [], "label": None, "target": None})
            break
        cover = [s for s in starts if s["start"] <= a and s["end"] >= b]
        inner = min(cover, key=lambda s: (s["end"] - s["start"], s["kind"] != "mention")) if cover else None
        target = None
        if inner is not None:
            if inner.get("claim"):
                target = {"type": "claim", "id": inner["claim"]}
            elif inner.get("entity"):
                target = {"type": "entity", "id": inner["entity"]}
            elif inner["kind"] == "time":
                target = {"type": "time", "id": str(inner["time"])}
        out.append({
            "text": text[a:b], "anchors": ids,
            "kinds": sorted({s["kind"] for s in cover}),
            "label": "; ".join(dict.fromkeys(s["label"] for s in cover)) or None,
            "target": target,
        })
    return out

