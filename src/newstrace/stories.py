"""Incremental grouping of articles into stories: one story = one real-world event.

Approach
--------
Each article is reduced once, from its spaCy parse, to :class:`StoryFeatures`:

* **terms** — lower-cased lemmas of nouns, proper nouns, verbs and numbers (no stopwords),
  counted with the title (first paragraph) weighted up, since headlines and leads name the
  event;
* **entities** — normalised names of people, organisations, places, events... plus the bare
  surname of every person ("Tara Reid" also gives "reid"), the years the text mentions and
  its quantities ("#6.4": magnitudes, tolls, scores often tell two events of a kind apart);
* **triggers** — verb and event-noun lemmas of the title (what happened), kept for labels
  and inspection; they are already among the terms, so they are not scored again;
* **published** — the publication date, when known.

The features are JSON-serialisable, so the store can keep them and rebuild the index without
re-parsing.

:class:`StoryIndex` is single-pass and incremental: every story keeps a *centroid* (the sum of
its articles' sub-linear term and entity counts) and its date range. A new article is compared
only with the stories that share one of its rarest features, found through an inverted index
(feature -> stories); stories whose dates lie more than ``max_gap_days`` away are blocked
out when both sides are dated. A dated article looks only at the stories whose date range
(widened by ``max_gap_days``) covers its week, plus the still undated stories, so its cost stays
flat however long the history grows; an undated article is scored against the
``max_undated_candidates`` stories that share the most of its rare features. The score is a
weighted sum of the TF-IDF cosine of terms and of entities against the centroid, minus a small penalty growing with the date gap. The best
story wins if it scores at least ``threshold``; otherwise the article opens a new story.
Document frequencies are kept incrementally, so IDF weights follow the collection as it grows.

Defaults were tuned on ECB+ topics 1-25 (one index holding ~500 articles and ~50 events; see
``newstrace.evaluation.ecbplus``). Centroid norms are cached per story and refreshed when
the story changes or the collection has grown by 5%, so IDF drift is followed lazily.

Entities and dates are what tells two events of the same kind apart (two earthquakes, two
celebrities entering rehab): the shared vocabulary of the kind ("quake", "magnitude",
"rehab") gets little weight once it is common, while the names differ.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable, Mapping

from spacy.tokens import Doc, Span as SpacySpan, Token

from .model import Article, stable_id

CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "NUM"})
ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)
NUMERIC_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
TRIGGER_POS = frozenset({"VERB", "NOUN"})
YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")
_LEADING_THE = re.compile(r"^the\s+")
_POSSESSIVE = re.compile(r"[’']s$")

PRIOR_DOCS = 3  # pseudo-articles behind the IDF estimate (see _DocumentFrequencies.idf)
PRIOR_RATE = 0.05
NORM_REFRESH = 0.05  # recompute a story's cached norm once the collection grew by 5%
TITLE_WEIGHT = 4.0



# --------------------------------------------------------------------------- features


@dataclass(slots=True)
class StoryFeatures:
    """What story grouping needs to know about one article."""

    terms: dict[str, float] = field(default_factory=dict)
    entities: dict[str, float] = field(default_factory=dict)
    triggers: list[str] = field(default_factory=list)
    published: date | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "terms": dict(self.terms),
            "entities": dict(self.entities),
            "triggers": list(self.triggers),
            "published": self.published.isoformat() if self.published else None,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StoryFeatures:
        published = data.get("published")
        return cls(
            terms={str(k): float(v) for k, v in data.get("terms", {}).items()},
            entities={str(k): float(v) for k, v in data.get("entities", {}).items()},
            triggers=[str(t) for t in data.get("triggers", [])],
            published=date.fromisoformat(published) if published else None,
        )


def normalise_name(text: str) -> str:
    """'The  U.S. Geological Survey's' -> 'u.s. geological survey'."""
    name = " ".join(text.lower().split())
    name = _POSSESSIVE.sub("", name)
    name = _LEADING_THE.sub("", name)
    return _EDGE_PUNCT.sub("", name)


def _term_of(token: Token) -> str | None:
    if token.pos_ not in CONTENT_POS or token.is_stop or token.is_punct:
        return None
    if not (token.is_alpha or token.like_num):
        return None
    lemma = token.lemma_.lower().strip()
    if len(lemma) < 2 and not token.like_num:
        return None
    return lemma


def _entity_names(ent: SpacySpan) -> list[str]:
    name = normalise_name(ent.text)
    if not name:
        return []
    names = [name]
    if ent.label_ == "PERSON" and " " in name:
        names.append(name.rsplit(" ", 1)[1])  # the surname alone: later mentions use it
    return names


def _terms(doc: Doc, title_end: int) -> dict[str, float]:
    counts: Counter[str] = Counter()
    for token in doc:
        term = _term_of(token)
        if term is not None:
            counts[term] += TITLE_WEIGHT if token.idx < title_end else 1.0
    return dict(counts)


def _entities(doc: Doc, title_end: int) -> dict[str, float]:
    counts: Counter[str] = Counter()
    for ent in doc.ents:
        weight = TITLE_WEIGHT if ent.start_char < title_end else 1.0
        if ent.label_ in ENTITY_LABELS:
            for name in _entity_names(ent):
                counts[name] += weight
        elif ent.label_ in NUMERIC_LABELS:
            counts["#" + normalise_name(ent.text)] += weight
        elif ent.label_ == "DATE":
            for year in YEAR_RE.findall(ent.text):
                counts[year] += weight
    return dict(counts)


def _triggers(doc: Doc, title_end: int) -> list[str]:
    seen: dict[str, None] = {}
    for token in doc:
        if token.idx >= title_end:
            break
        if token.pos_ in TRIGGER_POS and (term := _term_of(token)) is not None:
            seen.setdefault(term, None)
    return list(seen)


def features_from_doc(article: Article, doc: Doc) -> StoryFeatures:
    """Reduce one parsed article (``doc`` = parse of ``article.text``) to its story features."""
    title_end = len(article.title)
    return StoryFeatures(
        terms=_terms(doc, title_end),
        entities=_entities(doc, title_end),
        triggers=_triggers(doc, title_end),
        published=article.published,
    )


# --------------------------------------------------------------------------- index


def _sublinear(counts: Mapping[str, float]) -> dict[str, float]:
    return {k: 1.0 + math.log(v) for k, v in counts.items() if v > 0}


@dataclass(slots=True)
class _Story:
    """A story's representative: summed feature vectors, members and date range."""

    id: str
    members: list[str] = field(default_factory=list)
    terms: Counter[str] = field(default_factory=Counter)
    entities: Counter[str] = field(default_factory=Counter)
    first: date | None = None
    last: date | None = None
    norms: tuple[float, float] | None = None  # IDF-weighted (terms, entities) norms, cached
    norms_at: int = 0  # collection size when ``norms`` were computed

    def absorb(
        self,
        article_id: str,
        terms: Mapping[str, float],
        entities: Mapping[str, float],
        day: date | None,
    ) -> None:
        self.members.append(article_id)
        self.terms.update(terms)
        self.entities.update(entities)
        self.norms = None
        if day is not None:
            self.first = day if self.first is None else min(self.first, day)
            self.last = day if self.last is None else max(self.last, day)

    def gap_days(self, day: date | None) -> int | None:
        """Days between ``day`` and this story's date range; None when either is undated."""
        if day is None or self.first is None or self.last is None:
            return None
        if day < self.first:
            return (self.first - day).days
        return max(0, (day - self.last).days)


class _DocumentFrequencies:
    """Incremental document frequencies and smoothed IDF over one feature space."""

    def __init__(self) -> None:
        self.df: Counter[str] = Counter()
        self.n = 0

    def add(self, keys: Iterable[str]) -> None:
        self.n += 1
        self.df.update(keys)

    def idf(self, key: str) -> float:
        """Smoothed IDF, as if ``PRIOR_DOCS`` earlier articles had each term with probability
        ``PRIOR_RATE``. Without the prior, a tiny collection inverts the weights: in two reports
        of one event, the shared event words look common and each report's background looks
        rare (the two seed reports scored 0.13; with the prior, 0.26). With hundreds of
        articles the prior hardly matters."""
        return math.log((self.n + 1 + PRIOR_DOCS) / (self.df.get(key, 0) + 1 + PRIOR_DOCS * PRIOR_RATE)) + 1.0


class _Vector:
    """An article's sub-linear counts with their squared IDF weights and weighted norm."""

    __slots__ = ("counts", "idf2", "norm")

    def __init__(self, counts: Mapping[str, float], df: _DocumentFrequencies) -> None:
        self.counts = counts
        self.idf2 = {k: df.idf(k) ** 2 for k in counts}
        self.norm = math.sqrt(sum(v * v * self.idf2[k] for k, v in counts.items()))

    def cosine(self, centroid: Mapping[str, float], centroid_norm: float) -> float:
        if not self.norm or not centroid_norm:
            return 0.0
        dot = sum(v * centroid.get(k, 0.0) * self.idf2[k] for k, v in self.counts.items())
        return dot / (self.norm * centroid_norm)


def _weighted_norm(counts: Mapping[str, float], df: _DocumentFrequencies) -> float:
    return math.sqrt(sum(v * v * df.idf(k) ** 2 for k, v in counts.items()))


def _week(day: date) -> int:
    """The number of the 7-day block a day falls in (the unit of time blocking)."""
    return day.toordinal() // 7


class StoryIndex:
    """Assigns articles to stories one at a time (see the module docstring).

    ``threshold``: the least score for joining an existing story.
    ``entity_weight``: the share of the entity cosine in the score (the rest is terms).
    ``max_gap_days``: dated articles never join a dated story further away than this.
    ``date_penalty``: subtracted from the score at a gap of ``max_gap_days`` (linear below).
    ``probe_features``: how many of an article's rarest features are looked up to find
    candidate stories.
    ``max_undated_candidates``: an undated article (no time block) is scored against at most
    this many stories, those sharing the most of its probe features; this keeps its cost from
    growing with the whole history.
    """

    def __init__(
        self,
        threshold: float = 0.25,
        entity_weight: float = 0.3,
        max_gap_days: int = 10,
        date_penalty: float = 0.1,
        probe_features: int = 30,
        max_undated_candidates: int = 250,
    ) -> None:
        self.threshold = threshold
        self.entity_weight = entity_weight
        self.max_gap_days = max_gap_days
        self.date_penalty = date_penalty
        self.probe_features = probe_features
        self.max_undated_candidates = max_undated_candidates
        self._term_df = _DocumentFrequencies()
        self._entity_df = _DocumentFrequencies()
        self._stories: dict[str, _Story] = {}
        self._story_of: dict[str, str] = {}
        self._postings: defaultdict[str, set[str]] = defaultdict(set)
        # time blocking for dated articles: week -> dated stories whose widened range covers it;
        # feature -> stories that were undated when they got it (filtered on use)
        self._weeks: defaultdict[int, set[str]] = defaultdict(set)
        self._undated_postings: defaultdict[str, set[str]] = defaultdict(set)

    # -- public

    def add(self, article_id: str, features: StoryFeatures, story_id: str | None = None) -> str:
        """File one article under a story (existing or new) and return the story id.

        ``story_id`` replays a decision made earlier (rebuilding the index from the store): the
        article goes to that story, and every statistic, cached norms included, is updated
        exactly as the first time, so later decisions are the same as in an unbroken run.
        """
        if article_id in self._story_of:
            return self._story_of[article_id]
        terms = _sublinear(features.terms)
        entities = _sublinear(features.entities)
        self._term_df.add(terms)
        self._entity_df.add(entities)
        story = self._best_story(
            _Vector(terms, self._term_df), _Vector(entities, self._entity_df), features.published
        )
        if story_id is not None:
            story = self._stories.get(story_id)
            if story is None:
                story = self._stories[story_id] = _Story(id=story_id)
        elif story is None:
            story = _Story(id=stable_id(article_id))
            self._stories[story.id] = story
        old_weeks = self._week_range(story)
        story.absorb(article_id, terms, entities, features.published)
        self._story_of[article_id] = story.id
        for week in self._week_range(story):
            if week not in old_weeks:
                self._weeks[week].add(story.id)
        undated = story.first is None
        for key in self._keys(terms, entities):
            self._postings[key].add(story.id)
            if undated:
                self._undated_postings[key].add(story.id)
        return story.id

    def stories(self) -> dict[str, list[str]]:
        return {sid: list(s.members) for sid, s in self._stories.items()}

    def story_of(self, article_id: str) -> str | None:
        return self._story_of.get(article_id)

    def __len__(self) -> int:
        return len(self._stories)

    # -- scoring

    def _score(self, terms: _Vector, entities: _Vector, story: _Story) -> float:
        """Similarity of an article's features to a story's centroid."""
        term_norm, entity_norm = self._norms(story)
        term_sim = terms.cosine(story.terms, term_norm)
        if not entities.counts or not story.entities:
            return term_sim
        entity_sim = entities.cosine(story.entities, entity_norm)
        return (1.0 - self.entity_weight) * term_sim + self.entity_weight * entity_sim

    def _norms(self, story: _Story) -> tuple[float, float]:
        """The centroid's weighted norms; refreshed when the story changed or IDF drifted."""
        n = self._term_df.n
        if story.norms is None or n > story.norms_at * (1.0 + NORM_REFRESH):
            story.norms = (
                _weighted_norm(story.terms, self._term_df),
                _weighted_norm(story.entities, self._entity_df),
            )
            story.norms_at = n
        return story.norms

    def _best_story(self, terms: _Vector, entities: _Vector, day: date | None) -> _Story | None:
        best: _Story | None = None
        best_score = self.threshold
        for story in self._candidates(terms.counts, entities.counts, day):
            gap = story.gap_days(day)
            if gap is not None and gap > self.max_gap_days:
                continue  # time blocking: both dated and too far apart
            value = self._score(terms, entities, story)
            if gap:
                value -= self.date_penalty * gap / max(1, self.max_gap_days)
            if value >= best_score:
                best, best_score = story, value
        return best

    # -- blocking

    @staticmethod
    def _keys(terms: Mapping[str, float], entities: Mapping[str, float]) -> list[str]:
        return [f"t:{k}" for k in terms] + [f"e:{k}" for k in entities]

    def _probe_keys(self, terms: Mapping[str, float], entities: Mapping[str, float]) -> list[str]:
        """The article's most distinctive features: highest tf-idf first."""
        # A feature only this article has (df 1: the article itself is already counted) finds
        # no story, so the probes are the rarest features that some other article shares.
        weighted = [(v * self._term_df.idf(k), f"t:{k}") for k, v in terms.items() if self._term_df.df[k] > 1]
        weighted += [(v * self._entity_df.idf(k), f"e:{k}") for k, v in entities.items() if self._entity_df.df[k] > 1]
        weighted.sort(reverse=True)
        return [key for _, key in weighted[: self.probe_features]]

    def _week_range(self, story: _Story) -> range:
        """The weeks in which a dated article may still join ``story`` (empty while undated)."""
        if story.first is None or story.last is None:
            return range(0)
        gap = timedelta(days=self.max_gap_days)
        return range(_week(story.first - gap), _week(story.last + gap) + 1)

    def _candidates(
        self, terms: Mapping[str, float], entities: Mapping[str, float], day: date | None = None
    ) -> list[_Story]:
        """Stories sharing one of the article's probe features; for a dated article, only those
        in its time block (the same set the date filter would leave, found without walking
        every story that ever had the feature)."""
        probes = self._probe_keys(terms, entities)
        ids: set[str] = set()
        if day is None:  # no time block: the stories sharing the most probe features
            hits: Counter[str] = Counter()
            for key in probes:
                hits.update(self._postings.get(key, ()))
            if len(hits) > self.max_undated_candidates:
                ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))
                ids.update(sid for sid, _ in ranked[: self.max_undated_candidates])
            else:
                ids.update(hits)
        else:
            term_keys = [k[2:] for k in probes if k.startswith("t:")]
            entity_keys = [k[2:] for k in probes if k.startswith("e:")]
            for sid in self._weeks.get(_week(day), ()):
                story = self._stories[sid]
                if any(k in story.terms for k in term_keys) or any(k in story.entities for k in entity_keys):
                    ids.add(sid)
            for key in probes:
                ids.update(sid for sid in self._undated_postings.get(key, ()) if self._stories[sid].first is None)
        return [self._stories[sid] for sid in sorted(ids)]
