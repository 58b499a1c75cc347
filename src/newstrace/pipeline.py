"""The per-article phase of a run, as one picklable function over a batch of articles.

``prepare_batch`` parses a batch with spaCy and runs every per-article stage on it; it needs
nothing from the store, so an engine may run batches anywhere (this process, or Ray workers).
The corpus-wide phase (near-duplicates, story assignment, writing) then takes the prepared
articles in input order, so every engine gives the same store.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from .analysis import analyse, paragraphs_with_hashes
from .dedup import signature
from .model import Analysis, Article
from .nlp import parse_many
from .stories import features_from_doc


@dataclass(slots=True)
class Prepared:
    """One article with everything the per-article stages derived from it."""

    analysis: Analysis
    paragraphs: list[tuple[int, int, str]]
    signature: np.ndarray
    story_features: str  # JSON

    @property
    def article(self) -> Article:
        return self.analysis.article


def prepare_batch(articles: list[Article]) -> list[Prepared]:
    docs = parse_many([a.text for a in articles])
    out = []
    for article, doc in zip(articles, docs):
        out.append(
            Prepared(
                analysis=analyse(article, doc),
                paragraphs=paragraphs_with_hashes(article),
                signature=signature(article.text[len(article.title):]),
                story_features=json.dumps(features_from_doc(article, doc).to_json()),
            )
        )
    return out
