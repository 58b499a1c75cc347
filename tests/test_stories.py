"""Story grouping: hand-written fictional articles, and a small ECB+ regression check."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from conftest import EVAL

from newstrace.model import Article, stable_id
from newstrace.nlp import parse_many
from newstrace.stories import StoryFeatures, StoryIndex, features_from_doc

ECBPLUS = EVAL / "ecbplus"

# Fictional reports: two different earthquakes (places, magnitudes and officials differ).
QUAKE_A1 = (
    "Magnitude 6.4 earthquake strikes northern Valdoria near Port Emsel",
    "A magnitude 6.4 earthquake struck northern Valdoria on Tuesday, collapsing houses in "
    "Port Emsel and killing at least 12 people, the Valdorian Seismic Institute said. "
    "Governor Ilse Marnak said rescue teams were searching the rubble in Port Emsel.",
)
QUAKE_A2 = (
    "Death toll from Port Emsel earthquake rises to 12",
    "Rescuers in Port Emsel pulled survivors from collapsed houses after the magnitude 6.4 "
    "earthquake in northern Valdoria. Governor Ilse Marnak said 12 people were killed and "
    "the Valdorian Seismic Institute recorded several aftershocks.",
)
QUAKE_A3 = (
    "Aftershocks rattle Port Emsel as Valdoria mourns earthquake victims",
    "Strong aftershocks shook Port Emsel on Thursday, two days after the 6.4 earthquake that "
    "killed 12 people in northern Valdoria. Governor Ilse Marnak asked residents to stay out "
    "of damaged houses, and the Valdorian Seismic Institute warned of more tremors.",
)
QUAKE_B = (
    "Magnitude 5.1 earthquake hits Kessaro coast, damaging a harbour",
    "A magnitude 5.1 earthquake hit the coast of Kessaro on Sunday, damaging the harbour of "
    "Lunetta and injuring three fishermen, the Kessaro Geological Office said. Mayor Tobiah "
    "Frenn said the Lunetta harbour would stay closed for repairs.",
)


def _features(*reports: tuple[str, str], published: date | None = None) -> list[StoryFeatures]:
    articles = []
    for title, body in reports:
        text = f"{title}\n\n{body}"
        article_id = Article.make_id(text)
        articles.append(
            Article(id=article_id, origin="test", text=text, title=title, published=published)
        )
    docs = parse_many([a.text for a in articles])
    return [features_from_doc(a, d) for a, d in zip(articles, docs)]


@pytest.fixture(scope="module")
def quakes() -> dict[str, StoryFeatures]:
    a1, a2, a3, b = _features(QUAKE_A1, QUAKE_A2, QUAKE_A3, QUAKE_B)
    return {"a1": a1, "a2": a2, "a3": a3, "b": b}


def test_features_hold_terms_entities_and_triggers(quakes: dict[str, StoryFeatures]) -> None:
    a1 = quakes["a1"]
    assert "earthquake" in a1.terms
    assert "port emsel" in a1.entities
    assert "marnak" in a1.entities  # a person's surname alone, for later bare mentions
    assert a1.terms["earthquake"] > 1  # title words count more
    assert "strike" in a1.triggers or "earthquake" in a1.triggers


def test_same_earthquake_joins_and_different_earthquake_stays_apart(
    quakes: dict[str, StoryFeatures],
) -> None:
    index = StoryIndex()
    story_a = index.add("a1", quakes["a1"])
    story_b = index.add("b", quakes["b"])
    assert index.add("a2", quakes["a2"]) == story_a
    assert story_b != story_a
    assert index.stories() == {story_a: ["a1", "a2"], story_b: ["b"]}


def test_late_article_joins_incrementally(quakes: dict[str, StoryFeatures]) -> None:
    index = StoryIndex()
    for article_id in ("a1", "b", "a2"):
        index.add(article_id, quakes[article_id])
    assert index.add("a3", quakes["a3"]) == index.story_of("a1")
    assert len(index) == 2
    assert index.story_of("a1") == stable_id("a1")  # a story is named after its first article
    assert index.story_of("unknown") is None


def test_adding_an_article_twice_changes_nothing(quakes: dict[str, StoryFeatures]) -> None:
    index = StoryIndex()
    first = index.add("a1", quakes["a1"])
    assert index.add("a1", quakes["a1"]) == first
    assert index.stories() == {first: ["a1"]}


def test_dates_far_apart_keep_similar_reports_apart() -> None:
    march, june = date(2024, 3, 5), date(2024, 6, 20)
    (early,) = _features(QUAKE_A1, published=march)
    (late,) = _features(QUAKE_A2, published=june)
    (near,) = _features(QUAKE_A3, published=date(2024, 3, 7))
    index = StoryIndex(max_gap_days=10)
    story = index.add("early", early)
    assert index.add("late", late) != story
    assert index.add("near", near) == story


class _NoTimeBlocking(StoryIndex):
    """Finds candidates through the feature postings alone, every story that shares a probe
    feature (no cap on their number)."""

    def __init__(self) -> None:
        super().__init__(max_undated_candidates=10**9)

    def _candidates(self, terms, entities, day=None):  # type: ignore[override]
        return super()._candidates(terms, entities, None)


def test_time_blocked_candidates_give_the_same_stories_as_a_full_scan() -> None:
    """Looking only at stories in a dated article's time block changes no decision."""
    import random
    from datetime import timedelta

    rng = random.Random(3)
    events = [([f"ev{e}t{i}" for i in range(12)], [f"ev{e}e{i}" for i in range(3)],
               date(2026, 1, 1) + timedelta(days=rng.randint(0, 400))) for e in range(120)]
    background = [f"w{i}" for i in range(300)]
    blocked, scanned = StoryIndex(), _NoTimeBlocking()
    for n in range(1500):
        terms_core, ents, day = events[rng.randrange(len(events))]
        terms = {t: 1.0 for t in rng.sample(terms_core, 6) + rng.sample(background, 10)}
        published = None if rng.random() < 0.1 else day + timedelta(days=rng.randint(0, 20))
        features = StoryFeatures(terms=terms, entities={e: 1.0 for e in ents}, triggers=[], published=published)
        assert blocked.add(f"a{n}", features) == scanned.add(f"a{n}", features)
    assert 100 <= len(blocked) < 1500  # articles did join stories, and not all into one


def test_features_json_round_trip(quakes: dict[str, StoryFeatures]) -> None:
    features = replace(quakes["a1"], published=date(2024, 3, 5))
    restored = StoryFeatures.from_json(json.loads(json.dumps(features.to_json())))
    assert restored == features
    undated = StoryFeatures.from_json(json.loads(json.dumps(quakes["b"].to_json())))
    assert undated == quakes["b"] and undated.published is None


@pytest.mark.skipif(
    not (ECBPLUS / "docs").is_dir(), reason=f"ECB+ evaluation data absent ({ECBPLUS})"
)
def test_ecbplus_bcubed_floor() -> None:
    from newstrace.evaluation.ecbplus import evaluate

    # Topics 1-3 (80 documents, 6 events; parses in ~10 s). The code reaches F1 0.858 here
    # (precision 1.0, recall 0.75); the floor leaves a little room.
    result = evaluate(ECBPLUS, [1, 2, 3])
    assert result["gold_clusters"] == 6
    assert result["precision"] >= 0.95
    assert result["f1"] >= 0.82
