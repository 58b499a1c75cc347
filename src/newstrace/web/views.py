"""Rendering shared by the web app and ``newstrace report``: one Jinja environment (autoescape
always on), the page renderers, and the self-contained HTML / Markdown story report.

Nothing here marks article-derived text as safe: the only ``Markup`` values handed to templates
are the SVG built by ``svg.py`` (which escapes every string it embeds) and our own stylesheet.
"""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import datetime, timezone
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from ..core import NewsTrace
from . import queries, svg

env = Environment(
    loader=PackageLoader("newstrace.web", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True, lstrip_blocks=True,
)


def stylesheet() -> str:
    return resources.files("newstrace.web").joinpath("static/style.css").read_text(encoding="utf-8")


def _server_links(story_id: str | None) -> dict[str, Any]:
    def href(aid: str, anchor: str) -> str:
        return f"/article/{aid}#{anchor}"

    def seg_href(a: dict[str, Any], target: dict[str, str]) -> str:
        if target["type"] == "claim":
            return f"#{a['id']}-claim-{target['id']}"
        if target["type"] == "entity":
            return f"/story/{a['story_id']}#ent-{target['id']}" if a.get("story_id") else "#"
        return f"/story/{a['story_id']}#timeline" if a.get("story_id") else "#"

    return {"href": href, "seg_href": seg_href, "art_href": lambda aid: f"/article/{aid}"}


def _standalone_links() -> dict[str, Any]:
    def seg_href(a: dict[str, Any], target: dict[str, str]) -> str:
        if target["type"] == "claim":
            return f"#{a['id']}-claim-{target['id']}"
        if target["type"] == "entity":
            return f"#ent-{target['id']}"
        return "#timeline"

    return {"href": lambda aid, anchor: f"#{anchor}", "seg_href": seg_href, "art_href": lambda aid: f"#{aid}-top"}


def render_stories(data: dict[str, Any]) -> str:
    return env.get_template("stories.html").render(**data, standalone=False)


def render_story(data: dict[str, Any], *, standalone: bool = False,
                 article_pages: list[dict[str, Any]] | None = None) -> str:
    links = _standalone_links() if standalone else _server_links(data["id"])
    ctx: dict[str, Any] = {
        "s": data, "standalone": standalone, "marks": queries.CERTAINTY_MARK,
        "chain_svg": svg.chain_svg(data["chains"], links["href"]),
        "timeline_svg": svg.timeline_svg(data["timeline"], links["href"], data["articles"], links["art_href"]),
        "article_pages": article_pages or [], **links,
    }
    if standalone:
        css = stylesheet()
        digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
        ctx.update(
            css=Markup(css),
            csp=f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; base-uri 'none'; form-action 'none'",
            generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        )
    html = env.get_template("story.html").render(**ctx)
    return html


def render_article(data: dict[str, Any]) -> str:
    return env.get_template("article.html").render(a=data, standalone=False, **_server_links(data.get("story_id")))


def render_error(status: int, message: str) -> str:
    return env.get_template("error.html").render(status=status, message=message, standalone=False)


# --- the report file -----------------------------------------------------------------------------


def story_report_html(nt: NewsTrace, story_id: str) -> str:
    """The story page as one self-contained file: inline CSS and SVG, the articles' highlighted
    text appended so every link resolves inside the file, no external assets, no script."""
    data = queries.story_data(nt, story_id)
    pages = [queries.article_data(nt, a["id"]) for a in data["articles"]]
    return render_story(data, standalone=True, article_pages=pages)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md(text: object) -> str:
    """Markdown-safe text: HTML escaped (raw HTML in Markdown is passed through by renderers),
    Markdown punctuation backslash-escaped, newlines flattened."""
    s = " ".join(str(text if text is not None else "").split())
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return _MD_SPECIAL.sub(r"\\\1", s)


def story_report_md(nt: NewsTrace, story_id: str) -> str:
    s = queries.story_data(nt, story_id)
    out: list[str] = []
    add = out.append
    sm = s["summary"]
    add(f"# {md(s['title'])}\n")
    dates = f"{s['dates']['first']} to {s['dates']['last']}" if s["dates"]["first"] else "undated"
    add(f"{sm['articles']} articles from {sm['outlets']} outlets, {sm['reports']} independent reports, {md(dates)}. "
        f"Story `{s['id']}`.\n")
    add(f"**{sm['groups']}** claims compared: **{sm['shared']}** carried by every report, **{sm['partial']}** by some, "
        f"**{sm['unique']}** by one only; **{sm['conflicts']}** conflicting; **{sm['drift']}** drift warnings.\n")
    add("## Reports\n")
    add("| | Report | Articles |")
    add("|---|---|---|")
    for r in s["reports"]:
        arts = "; ".join(f"{md(a['outlet'])}, {md(a['published'] or 'undated')}: {md(a['title'])}"
                         for a in s["articles"] if a["report_id"] == r["id"])
        add(f"| R{r['column']} | {md(r['label'])} | {arts} |")
    add("\n## Claim matrix\n")
    add("Cells: certainty in that report (" + ", ".join(f"{m} {c}" for c, m in queries.CERTAINTY_MARK.items())
        + "); — not reported.\n")
    add("| Claim | Status | " + " | ".join(f"R{r['column']}" for r in s["reports"]) + " |")
    add("|---|---|" + "---|" * len(s["reports"]))
    for g in s["matrix"]:
        status = g["status"] + (" **CONFLICT**: " + md(g["conflict_note"]) if g["conflicting"] else "")
        cells = [f"{c['mark']} {c['certainty']}" if c["present"] else "—" for c in g["cells"]]
        add(f"| {md(g['text'][:220])} | {status} | " + " | ".join(cells) + " |")
    add("\n## Conflicts between reports\n")
    for f in s["conflicts"]:
        add(f"- **{md(f['kind'])}** of {md(f['subject'])}:")
        for v in f["values"]:
            add(f"  - **{md(v['value'])}**: " + "; ".join(f"{md(c['outlet'] or 'unknown outlet')}: \"{md(c['text'][:140])}\"" for c in v["claims"]))
    if not s["conflicts"]:
        add("None.")
    add("\n## Drift\n")
    for d in s["drift"] or []:
        add(f"- **{md(d['outlet'])}**: {md(d['kind'])}: {md(d['note'])}")
    if not s["drift"]:
        add("None.")
    add("\n## Sourcing chains\n")
    for e in s["chains"]["edges"]:
        add(f"- {md(e['from_name'])} → {md(e['to_name'])} ({e['claims']} claims)")
    add("\n## Timeline\n")
    add("| Date | Said as | Outlet | Sentence |")
    add("|---|---|---|---|")
    for t in s["timeline"]:
        add(f"| {md(t['value'])} | {md(t['text'])} | {md(t['outlet'])} | {md(t['sentence'] or '')} |")
    add("\n## Entities\n")
    add("| Entity | Type | Mentions | Also called |")
    add("|---|---|---|---|")
    for e in s["entities"]:
        add(f"| {md(e['name'])} | {md(e['type'].lower())} | {e['mentions']} | "
            + ", ".join(md(a["alias"]) for a in e["aliases"]) + " |")
    return "\n".join(out) + "\n"
