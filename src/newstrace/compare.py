"""Compare sources within one story.

Input: the story's articles and their claims. Output: a ``Comparison`` that says

* which *independent reports* the story has: an article and its wire copies / near-duplicates
  count as one report, so a claim copied by five outlets is not five confirmations;
* claim groups: the same claim in different words across reports, each marked ``shared`` (every
  report carries it), ``partial`` (more than one, not all) or ``unique`` (one report only), and
  ``conflicting`` when the reports give different numbers for it, with each report's certainty;
* drift: headlines firmer than the article's own sourcing ("delivers" over a body that says
  "could deliver"), and claims whose certainty differs between reports.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .model import Certainty, Claim

#: Firmest first. A smaller rank is a firmer claim.
RANK = {Certainty.ASSERTED: 0, Certainty.PROBABLE: 1, Certainty.POSSIBLE: 2, Certainty.DENIED: 3, Certainty.UNKNOWN: 4}
STOPWORDS = frozenset(
    """a an the and or but of to in on at for with by from as is are was were be been being has have had
    do does did that this these those it its their his her he she they them we you i not no than then
    there here which who whom what when where will would could may might can should shall also said says
    say told according reported report reports that's into over about after before while said, us""".split()
)
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+|\d[\d,.]*")
NUMBER = re.compile(r"\b\d[\d,.]*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                    r"dozen|hundred|thousand|million|billion)\b", re.I)
ALIGN_THRESHOLD = 0.34


def content_terms(text: str) -> frozenset[str]:
    terms = set()
    for w in WORD.findall(text.lower()):
        w = w.strip("'-.,")
        if w and w not in STOPWORDS and len(w) > 1:
            terms.add(w[:-1] if w.endswith("s") and len(w) > 4 else w)
    return frozenset(terms)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two term sets."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


@dataclass
class Report:
    """One independent report: an article plus the articles that copy it."""

    id: str  # the original article's id
    label: str  # outlet names, e.g. "Harbor Ledger (+ copies: Meridian Wire)"
    article_ids: list[str]
    outlets: list[str]


@dataclass
class ClaimGroup:
    claims: list[Claim]
    reports: list[str]  # report ids carrying it
    status: str  # shared | partial | unique
    conflicting: bool = False
    conflict_note: str | None = None
    certainty_by_report: dict[str, str] = field(default_factory=dict)
    certainty_differs: bool = False

    @property
    def text(self) -> str:
        return self.claims[0].content.text


@dataclass
class Drift:
    article_id: str
    kind: str  # "headline firmer than body" | "certainty differs between reports"
    note: str
    claim_ids: list[str]


@dataclass
class Comparison:
    reports: list[Report]
    groups: list[ClaimGroup]
    drift: list[Drift]

    @property
    def shared(self) -> list[ClaimGroup]:
        return [g for g in self.groups if g.status == "shared"]

    @property
    def unique(self) -> list[ClaimGroup]:
        return [g for g in self.groups if g.status == "unique"]

    @property
    def conflicts(self) -> list[ClaimGroup]:
        return [g for g in self.groups if g.conflicting]


def independent_reports(articles: list[dict[str, Any]]) -> tuple[list[Report], dict[str, str]]:
    """Collapse wire copies into the report they copy. Returns reports and article -> report id."""
    of: dict[str, str] = {}
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    ids = {a["id"] for a in articles}
    for a in articles:
        root = a.get("duplicate_of") if a.get("duplicate_of") in ids else a["id"]
        of[a["id"]] = root
        members[root].append(a)
    reports = []
    for root, arts in members.items():
        outlets = [a.get("outlet") or f"article {a['id'][:8]}" for a in arts]
        label = outlets[0] + (f" (+ copies: {', '.join(outlets[1:])})" if len(outlets) > 1 else "")
        reports.append(Report(root, label, [a["id"] for a in arts], outlets))
    return reports, of


def _numbers(text: str) -> set[str]:
    return {n.lower().rstrip(".,") for n in NUMBER.findall(text)}


def compare_story(articles: list[dict[str, Any]], claims: list[Claim]) -> Comparison:
    reports, report_of = independent_reports(articles)
    terms = {c.id: content_terms(c.content.text) for c in claims}
    groups: list[list[Claim]] = []
    for claim in sorted(claims, key=lambda c: (c.kind == "headline", c.article_id, c.content.start)):
        best, best_sim = None, ALIGN_THRESHOLD
        for g in groups:
            sim = max(similarity(terms[claim.id], terms[o.id]) for o in g)
            if sim >= best_sim:
                best, best_sim = g, sim
        if best is None:
            groups.append([claim])
        else:
            best.append(claim)
    out = [_group(g, report_of, len(reports)) for g in groups]
    out.sort(key=lambda g: ({"shared": 0, "partial": 1, "unique": 2}[g.status], -len(g.reports)))
    return Comparison(reports, out, _headline_drift(claims, terms) + _certainty_drift(out))


def _group(claims: list[Claim], report_of: dict[str, str], n_reports: int) -> ClaimGroup:
    reps = sorted({report_of.get(c.article_id, c.article_id) for c in claims})
    status = "unique" if len(reps) == 1 else ("shared" if len(reps) == n_reports else "partial")
    by_report: dict[str, str] = {}
    for c in claims:
        r = report_of.get(c.article_id, c.article_id)
        prev = by_report.get(r)
        if prev is None or RANK[c.certainty] < RANK[Certainty(prev)]:
            by_report[r] = c.certainty.value
    group = ClaimGroup(claims, reps, status, certainty_by_report=by_report)
    group.certainty_differs = len({v for v in by_report.values() if v != "unknown"}) > 1
    nums = {report_of.get(c.article_id, c.article_id): _numbers(c.content.text) for c in claims}
    with_numbers = {r: n for r, n in nums.items() if n}
    if len(with_numbers) > 1:
        sets = list(with_numbers.values())
        if any(not (a & b) for i, a in enumerate(sets) for b in sets[i + 1 :]):
            group.conflicting = True
            group.conflict_note = "numbers differ: " + " vs ".join(
                "/".join(sorted(n)) for n in with_numbers.values()
            )
    return group


def _headline_drift(claims: list[Claim], terms: dict[str, frozenset[str]]) -> list[Drift]:
    """Headline asserted, but the body's claims about the same thing are hedged or denied."""
    drift = []
    by_article: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_article[c.article_id].append(c)
    for aid, cs in by_article.items():
        for head in (c for c in cs if c.kind == "headline"):
            body = [c for c in cs if c.kind != "headline" and similarity(terms[head.id], terms[c.id]) >= 0.2]
            if not body:
                continue
            firmest = min(body, key=lambda c: RANK[c.certainty])
            if RANK[head.certainty] < RANK[firmest.certainty] and firmest.certainty is not Certainty.UNKNOWN:
                drift.append(
                    Drift(
                        aid, "headline firmer than body",
                        f"headline is {head.certainty.value}; the body's sourcing is at most "
                        f"{firmest.certainty.value}: \"{firmest.content.text[:160]}\"",
                        [head.id] + [c.id for c in body],
                    )
                )
    return drift


def _certainty_drift(groups: list[ClaimGroup]) -> list[Drift]:
    out = []
    for g in groups:
        if g.certainty_differs and len(g.reports) > 1:
            note = ", ".join(f"{r[:8]}: {v}" for r, v in g.certainty_by_report.items())
            out.append(Drift(g.claims[0].article_id, "certainty differs between reports", note, [c.id for c in g.claims]))
    return out
