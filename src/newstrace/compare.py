"""Compare sources within one story.

Input: the story's articles and their claims. Output: a ``Comparison`` that says

* which *independent reports* the story has: an article and its wire copies / near-duplicates
  count as one report, so a claim copied by five outlets is not five confirmations;
* claim groups: the same claim in different words across reports, each marked ``shared`` (every
  report carries it), ``partial`` (more than one, not all) or ``unique`` (one report only), and
  ``conflicting`` when the reports give different numbers for it, with each report's certainty;
* conflicts: facts the reports state differently: a different number of the same thing
  ("12 Korsak-7 units" vs "eight KR-7 jammers": the entity is resolved, so aliases meet), a
  different date for the same event (the same verb about the same place or thing), or a
  different name in the same role ("delivered to the Velmar Brigade" vs "handed to the Orlan
  Front");
* drift: headlines firmer than the article's own sourcing ("delivers" over a body that says
  "could deliver"), and claims whose certainty differs between reports.

Claims are aligned on their content words with every entity mention replaced by its resolved
entity, so "KR-7" in one outlet and "Korsak-7" in another count as the same word.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable

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
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12, "dozens": None,
}
QUANTITY = re.compile(r"\b(\d[\d,]*(?:\.\d+)?|" + "|".join(NUMBER_WORDS) + r")\b", re.I)
#: A capitalised name inside a claim (names spaCy does not know are still names).
PROPER = re.compile(r"\b[A-Z][a-z]+(?:[- ][A-Z][a-z0-9]+)*\b")
#: "<verb> [out] to|by [the] <entity>": the recipient or the agent of an action, for name conflicts.
ROLE_SLOT = re.compile(r"\b([a-z]+)(?:\s+(?:out|over|back|up))?\s+(to|by)\s+(?:the\s+)?$")
#: An entity right after a preposition is a role filler or a place, not the thing a claim is about.
AFTER_PREPOSITION = re.compile(r"\b(?:to|by|for|from|of|with|at|in|on|into)\s+(?:the\s+)?$")
#: Verbs of handing something over, which all fill one "transferred to" slot.
TRANSFER_VERBS = frozenset(
    """delivered handed shipped sent sold supplied transferred given provided passed moved smuggled
    exported deliver hand ship send sell supply transfer give provide pass move smuggle export""".split()
)
#: Past forms that name an action done by someone ("carried out by", "ordered by").
AGENT_VERBS = frozenset(
    """carried ordered claimed conducted launched committed planned organised organized led staged
    fired killed attacked arrested detained seized captured run owned operated funded backed""".split()
)
#: Words before a number that make it an age: "dies at 75", "aged 75".
AGE_BEFORE = re.compile(r"\b(?:at|aged?|age of)\s+$", re.I)
#: Words after a number that make it a clock time: "0241 GMT", "6 p.m.".
CLOCK_AFTER = re.compile(r"\s*(?:GMT|UTC|[ECMP][SD]T|a\.?m\b|p\.?m\b|hrs?\b|hours GMT)")
#: A past-tense event verb right before a date: "crossed the Drennet ... last Tuesday".
EVENT_VERB = re.compile(r"\b([a-z]+ed|met|sent|held|left|took|struck|hit|began|fled|fell|said|told)\b")


@dataclass(frozen=True, slots=True)
class Located:
    """An entity mention or a time expression inside an article, for the comparison."""

    article_id: str
    start: int
    end: int
    key: str  # entity id, or the normalised time value
    label: str  # entity name, or the expression text


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
class Conflict:
    """Reports that give different values for the same fact, each value with its claims."""

    kind: str  # "number" | "date" | "name"
    subject: str  # what the value is about: "Korsak-7", "crossed Drennet", "Korsak-7 transferred to"
    values: dict[str, list[str]]  # value -> report ids stating it
    claim_ids: dict[str, list[str]]  # value -> claim ids stating it

    @property
    def note(self) -> str:
        what = self.subject if self.kind == "name" else f"{self.kind} of {self.subject}"
        return f"{what}: " + " vs ".join(sorted(self.values))


@dataclass
class Trace:
    """Claims from different articles that all go back to one cited report ("..., the Harbor
    Ledger reported"), linked to that outlet's own articles in the story when it has any."""

    cited: str  # the cited outlet, as the claims name it
    original_article_ids: list[str]  # the cited outlet's own articles in this story
    claim_ids: list[str]
    article_ids: list[str]  # the articles that cite it


@dataclass
class Comparison:
    reports: list[Report]
    groups: list[ClaimGroup]
    drift: list[Drift]
    conflicts_found: list[Conflict] = field(default_factory=list)
    traces: list[Trace] = field(default_factory=list)

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


def compare_story(
    articles: list[dict[str, Any]],
    claims: list[Claim],
    mentions: list[Located] = (),
    times: list[Located] = (),
) -> Comparison:
    """Compare the claims of one story's articles (see the module docstring).

    ``mentions`` (resolved entity mentions) and ``times`` (normalised time expressions) are
    optional; with them, alignment sees aliases as one word and conflicts can be found.
    """
    reports, report_of = independent_reports(articles)
    by_article: dict[str, list[Located]] = defaultdict(list)
    for m in mentions:
        by_article[m.article_id].append(m)
    terms = {c.id: claim_terms(c, by_article.get(c.article_id, [])) for c in claims}
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
    facts = (_number_conflicts(claims, by_article, report_of, times)
             + _date_conflicts(claims, by_article, times, report_of)
             + _name_conflicts(claims, by_article, report_of))
    drift = _headline_drift(claims, terms) + _certainty_drift(out)
    return Comparison(reports, out, drift, facts, trace_citations(articles, claims))


def _outlet_key(name: str) -> str:
    return re.sub(r"^the\s+|[^a-z0-9 ]", "", name.lower().strip()).strip()


def trace_citations(articles: list[dict[str, Any]], claims: list[Claim]) -> list[Trace]:
    """Link claims that cite the same report (the second link of their sourcing chains)."""
    own: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        if a.get("outlet"):
            own[_outlet_key(a["outlet"])].append(a["id"])
    cited: dict[str, list[Claim]] = defaultdict(list)
    names: dict[str, str] = {}
    for c in claims:
        if len(c.chain) < 2:
            continue
        key = _outlet_key(c.chain[1])
        # a *report* is cited when the name is an outlet of this story, when it passes on someone
        # else's words (a longer chain), or when the cue says so ("reported")
        is_report = key in own or len(c.chain) >= 3 or (c.cue is not None and c.cue.text.lower().startswith("report"))
        if key and key != "unnamed source" and is_report:
            cited[key].append(c)
            names.setdefault(key, c.chain[1])
    traces = []
    for key, cs in cited.items():
        citing = sorted({c.article_id for c in cs})
        originals = [a for a in own.get(key, []) if a not in citing]
        if len(citing) > 1 or originals:  # a link only when more than one article is involved
            traces.append(Trace(names[key], originals, [c.id for c in cs], citing))
    traces.sort(key=lambda t: (-len(t.article_ids), t.cited))
    return traces


def claim_terms(claim: Claim, mentions: list[Located]) -> frozenset[str]:
    """Content words of a claim, each entity mention replaced by its entity id."""
    c = claim.content
    inside = [m for m in mentions if c.start <= m.start and m.end <= c.end]
    text, entities = c.text, set()
    for m in sorted(inside, key=lambda m: m.start, reverse=True):
        a, b = m.start - c.start, m.end - c.start
        text = text[:a] + " " + text[b:]
        entities.add("@" + m.key)
    return content_terms(text) | entities


def _quantity(word: str) -> int | float | None:
    w = word.lower().replace(",", "")
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    try:
        return float(w) if "." in w else int(w)
    except ValueError:
        return None


def _number_conflicts(
    claims: list[Claim], mentions: dict[str, list[Located]], report_of: dict[str, str], times: list[Located] = ()
) -> list[Conflict]:
    """"12 Korsak-7 units" vs "eight KR-7 jammers": a count right before the same entity.

    Not counts: years, numbers inside a date or time expression ("July 24", "02:41 GMT") and
    ages ("dies at 75", "aged 75"). A report that itself gives two numbers for the same entity
    is counting different things ("two Yemeni boats and 22 Yemeni fishermen"): no conflict.
    """
    stated: dict[str, dict[str, set[tuple[str, str]]]] = defaultdict(lambda: defaultdict(set))
    label: dict[str, str] = {}
    in_time: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for t in times:
        in_time[t.article_id].append((t.start, t.end))
    for c in claims:
        text, base = c.content.text, c.content.start
        for q in QUANTITY.finditer(text):
            value = _quantity(q.group(1))
            if value is None or (isinstance(value, int) and 1900 <= value <= 2100):
                continue  # a year, not a count
            start, end = base + q.start(), base + q.end()
            if any(a < end and start < b for a, b in in_time.get(c.article_id, ())):
                continue  # part of a date or a clock time
            if (AGE_BEFORE.search(text, 0, q.start()) or text[q.end():q.end() + 1] in (":", "-")
                    or CLOCK_AFTER.match(text, q.end()) or (q.group(1).startswith("0") and len(q.group(1)) > 1)):
                continue  # an age, a clock time ("0241 GMT", "6:41") or a compound ("75-year-old")
            ent = next((m for m in mentions.get(c.article_id, []) if end <= m.start <= end + 3), None)
            if ent is None:
                continue
            stated[ent.key][str(value)].add((report_of.get(c.article_id, c.article_id), c.id))
            label.setdefault(ent.key, ent.label)
    return [_conflict("number", label[k], v) for k, v in stated.items() if _disagree(v)]


def _date_conflicts(
    claims: list[Claim], mentions: dict[str, list[Located]], times: list[Located], report_of: dict[str, str]
) -> list[Conflict]:
    """The same event (verb + entity in the claim) dated differently by different reports."""
    stated: dict[str, dict[str, set[tuple[str, str]]]] = defaultdict(lambda: defaultdict(set))
    wording: dict[tuple[str, str], str] = {}  # (claim, date) -> the claim's words up to the date
    by_article: dict[str, list[Located]] = defaultdict(list)
    for t in times:
        if len(t.key) == 10:  # day-precise dates only: "2026-03-10"
            by_article[t.article_id].append(t)
    for c in claims:
        for t in by_article.get(c.article_id, []):
            if not (c.content.start <= t.start and t.end <= c.content.end):
                continue
            before = c.content.text[: t.start - c.content.start].lower()
            verbs = EVENT_VERB.findall(before)
            if not verbs or verbs[-1] in ("said", "told"):
                continue
            names = {m.label for m in mentions.get(c.article_id, []) if c.content.start <= m.start < t.start}
            first_word_end = c.content.text.find(" ") + 1  # a capital that starts the claim is no name
            names |= set(PROPER.findall(c.content.text[first_word_end : t.start - c.content.start]))
            for name in names:
                stated[f"{verbs[-1]} {name}"][t.key].add((report_of.get(c.article_id, c.article_id), c.id))
                wording[(c.id, t.key)] = " ".join(c.content.text[: t.end - c.content.start].split())
    # the same words up to the date, dated apart: relative words ("last Thursday") read against
    # different publication dates, not reports that disagree
    worded = {subject: values for subject, values in stated.items()
              if len({wording[(cid, v)] for v, pairs in values.items() for _, cid in pairs}) > 1}
    return _merged("date", worded)


def _name_conflicts(claims: list[Claim], mentions: dict[str, list[Located]], report_of: dict[str, str]) -> list[Conflict]:
    """Different names in the same role: "the Korsak-7 units were delivered to the Velmar Brigade"
    vs "the KR-7 jammers were handed to the Orlan Front" (the same thing, transferred to someone else).

    The role is a verb and its preposition right before an entity ("delivered to", "carried out
    by"), keyed by each entity the claim names before it that is not itself after a preposition
    (the thing handed over or done), so different events are not compared. A report naming both
    is no conflict.
    """
    stated: dict[str, dict[str, set[tuple[str, str]]]] = defaultdict(lambda: defaultdict(set))
    names: dict[str, str] = {}
    for c in claims:
        text, base = c.content.text, c.content.start
        inside = [m for m in mentions.get(c.article_id, []) if base <= m.start and m.end <= c.content.end]
        things = [m for m in inside if not AFTER_PREPOSITION.search(text[: m.start - base].lower())]
        for m in inside:
            slot = ROLE_SLOT.search(text[: m.start - base].lower())
            if not slot:
                continue
            verb, prep = slot.groups()
            if prep == "to" and verb in TRANSFER_VERBS:
                role = "transferred to"
            elif prep == "by" and verb in AGENT_VERBS:
                role = f"{verb} by"
            else:
                continue
            names[m.key] = m.label
            for thing in {t.key: t for t in things if t.start < m.start and t.key != m.key}.values():
                stated[f"{thing.label} {role}"][m.key].add((report_of.get(c.article_id, c.article_id), c.id))
    return _merged("name", stated, names.__getitem__)


def _disagree(values: dict[str, set[tuple[str, str]]]) -> bool:
    """At least two values, stated by different reports, none of which states two of them (a
    report giving two values counts two things: "two Yemeni boats and 22 Yemeni fishermen")."""
    reports = [{r for r, _ in pairs} for pairs in values.values()]
    overlap = any(a & b for i, a in enumerate(reports) for b in reports[i + 1:])
    return len(values) > 1 and len(set().union(*reports)) > 1 and not overlap


def _merged(kind: str, stated: dict[str, dict[str, set[tuple[str, str]]]],
            label: Callable[[str], str] = str) -> list[Conflict]:
    """One conflict per disagreement, naming every subject it was found under; ``label`` turns a
    stated value into the value shown (an entity id into its name)."""
    subjects: dict[str, list[str]] = defaultdict(list)
    found: dict[str, dict[str, set[tuple[str, str]]]] = {}
    for subject, values in sorted(stated.items()):
        if _disagree(values):
            sig = repr(sorted((v, sorted(p)) for v, p in values.items()))
            subjects[sig].append(subject)
            found[sig] = {label(v): pairs for v, pairs in values.items()}
    return [_conflict(kind, " / ".join(names), found[sig]) for sig, names in subjects.items()]


def _conflict(kind: str, subject: str, values: dict[str, set[tuple[str, str]]]) -> Conflict:
    return Conflict(
        kind, subject,
        {v: sorted({r for r, _ in pairs}) for v, pairs in values.items()},
        {v: sorted({c for _, c in pairs}) for v, pairs in values.items()},
    )


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
