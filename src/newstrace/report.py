"""A readable plain-text report of one story (what `newstrace story ID` prints)."""

from __future__ import annotations

import textwrap

from .compare import ClaimGroup
from .core import StoryView
from .model import Claim

WIDTH = 100


def _wrap(text: str, indent: str = "    ") -> str:
    return textwrap.fill(" ".join(text.split()), WIDTH, initial_indent=indent, subsequent_indent=indent)


def _claim_line(c: Claim, outlet_of: dict[str, str]) -> str:
    chain = " -> ".join(c.chain) if c.chain else (c.source_name or "unattributed")
    cue = f" [{c.cue.text}]" if c.cue else ""
    return f"{outlet_of.get(c.article_id, c.article_id[:8])} | {c.certainty.value} | {chain}{cue}"


def render_story(view: StoryView) -> str:
    outlet_of = {a["id"]: a["outlet"] or f"article {a['id'][:8]}" for a in view.articles}
    report_label = {r.id: r.label for r in view.comparison.reports}
    out: list[str] = []
    add = out.append
    dates = [a["published"] for a in view.articles if a["published"]]
    add(f"STORY {view.id}: {view.title}")
    add(
        f"{len(view.articles)} articles, {len(view.comparison.reports)} independent reports"
        + (f", {min(dates)} to {max(dates)}" if dates else "")
    )
    add("")
    add("ARTICLES")
    for a in view.articles:
        copy = f"  (copy of {a['duplicate_of'][:8]}, similarity {a['similarity']:.2f})" if a["duplicate_of"] else ""
        when = str(a["published"] or "undated")
        bound = f"  (undated: published on or after {a['published_after']}, the latest date it mentions)" if a.get("published_after") else ""
        add(f"  {a['id'][:8]}  {when:10}  {outlet_of[a['id']]}: {a['title']}{copy}{bound}")
    comp = view.comparison
    for title, groups in (
        ("CLAIMS EVERY REPORT CARRIES", comp.shared),
        ("CLAIMS SOME REPORTS CARRY", [g for g in comp.groups if g.status == "partial"]),
        ("CLAIMS ONLY ONE REPORT CARRIES", comp.unique),
    ):
        add("")
        add(f"{title} ({len(groups)})")
        for g in groups[:25]:
            out.extend(_group_lines(g, outlet_of, report_label))
        if len(groups) > 25:
            add(f"  ... and {len(groups) - 25} more (see `newstrace export`)")
    add("")
    claim_by_id = {c.id: c for c in view.claims}
    add(f"CONFLICTS ({len(comp.conflicts_found) + len(comp.conflicts)})")
    for f in comp.conflicts_found:
        add(f"  - {f.note}")
        for value, claim_ids in f.claim_ids.items():
            for cid in claim_ids:
                c = claim_by_id[cid]
                add(_wrap(f"{value}: {outlet_of.get(c.article_id)}: \"{c.content.text}\""))
    for g in comp.conflicts:
        add(f"  - {g.conflict_note}")
        for c in g.claims:
            add(_wrap(f"{outlet_of.get(c.article_id)}: \"{c.content.text}\""))
    add("")
    add(f"TRACED TO ONE REPORT ({len(comp.traces)})")
    for t in comp.traces:
        origin = ", ".join(outlet_of.get(a, a[:8]) + f" {a[:8]}" for a in t.original_article_ids) or "not in this story"
        add(f"  - {t.cited}: cited by {len(t.article_ids)} articles in {len(t.claim_ids)} claims; its own report: {origin}")
    add("")
    add(f"DRIFT ({len(comp.drift)})")
    for d in comp.drift:
        add(f"  - {outlet_of.get(d.article_id, d.article_id[:8])}: {d.kind}")
        add(_wrap(d.note))
    add("")
    add("TIMELINE")
    for t in view.timeline:
        add(f"  {t['value']:12} \"{t['text']}\"  ({t['outlet'] or t['article_id'][:8]})")
        if t.get("sentence"):
            add(_wrap(t["sentence"], "                 "))
    add("")
    add("ENTITIES")
    for e in view.entities[:25]:
        names = ", ".join(n for n in e["names"] if n != e["name"])
        add(f"  {e['name']} ({e['type'].lower()}, {e['mentions']} mentions in {e['articles']} articles)"
            + (f" also: {names}" if names else ""))
    return "\n".join(out) + "\n"


def _group_lines(g: ClaimGroup, outlet_of: dict[str, str], report_label: dict[str, str]) -> list[str]:
    lines = [_wrap(f"- \"{g.text}\"", "  ")]
    for c in g.claims:
        lines.append("      " + _claim_line(c, outlet_of))
    if g.certainty_differs:
        lines.append("      ! certainty differs: " + ", ".join(
            f"{report_label.get(r, r[:8])} {v}" for r, v in g.certainty_by_report.items()))
    return lines
