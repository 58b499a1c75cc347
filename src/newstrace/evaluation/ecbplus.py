"""Story grouping measured on ECB+: B-cubed precision, recall and F1 of article clusters.

Every document of the chosen topics goes through one :class:`~newstrace.stories.StoryIndex`
in a fixed shuffled order (incremental clustering depends on order). The gold cluster of a
document is its folder: ``<T>ecb`` and ``<T>ecbplus`` are two different, similar events of
one topic and must end up apart. ECB+ documents carry no dates, so only text and entities
work here.

Run: ``python -m newstrace.evaluation.ecbplus /work/shared/eval/ecbplus --topics 26-35``
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from ..model import Article
from ..nlp import parse_many
from ..stories import StoryFeatures, StoryIndex, features_from_doc

SEED = 13


@dataclass(slots=True)
class GoldDoc:
    """One ECB+ document: its id (file stem), gold cluster (folder) and article."""

    id: str
    gold: str
    article: Article


def parse_topics(spec: str) -> list[int]:
    """'1-25' -> [1..25]; '26,28-30' -> [26, 28, 29, 30]."""
    topics: list[int] = []
    for part in spec.split(","):
        low, _, high = part.strip().partition("-")
        topics.extend(range(int(low), int(high or low) + 1))
    return topics


def _article(path: Path) -> Article:
    data = json.loads(path.read_text(encoding="utf-8"))
    title = " ".join((data.get("title") or "").split())
    body = (data.get("text") or "").strip()
    text = f"{title}\n\n{body}" if title else body
    return Article(id=Article.make_id(text), origin=str(path), text=text, title=title)


def load_docs(root: Path, topics: Sequence[int]) -> list[GoldDoc]:
    """The documents of ``topics`` (topics absent from the data are skipped), sorted by id."""
    docs: list[GoldDoc] = []
    for topic in topics:
        for suffix in ("ecb", "ecbplus"):
            folder = root / "docs" / f"{topic}{suffix}"
            for path in sorted(folder.glob("*.json")):
                docs.append(GoldDoc(id=path.stem, gold=folder.name, article=_article(path)))
    return docs


def features_of(docs: Sequence[GoldDoc]) -> dict[str, StoryFeatures]:
    """Parse every document once (``nlp.pipe``) and reduce it to story features."""
    parsed = parse_many([d.article.text for d in docs])
    return {d.id: features_from_doc(d.article, doc) for d, doc in zip(docs, parsed)}


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of item -> cluster maps over the same items."""
    pred_size = Counter(predicted.values())
    gold_size = Counter(gold.values())
    both = Counter((predicted[i], gold[i]) for i in gold)
    precision = sum(both[predicted[i], gold[i]] / pred_size[predicted[i]] for i in gold) / len(gold)
    recall = sum(both[predicted[i], gold[i]] / gold_size[gold[i]] for i in gold) / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def cluster(
    features: Mapping[str, StoryFeatures],
    make_index: Callable[[], StoryIndex] = StoryIndex,
    seed: int = SEED,
) -> dict[str, str]:
    """Feed the documents through one index in a seeded shuffled order: id -> story id."""
    order = sorted(features)
    random.Random(seed).shuffle(order)
    index = make_index()
    return {doc_id: index.add(doc_id, features[doc_id]) for doc_id in order}


def score(predicted: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, Any]:
    precision, recall, f1 = bcubed(predicted, gold)
    return {
        "documents": len(gold),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "predicted_clusters": len(set(predicted.values())),
        "gold_clusters": len(set(gold.values())),
    }


def evaluate(
    root: Path,
    topics: list[int],
    make_index: Callable[[], StoryIndex] = StoryIndex,
    seed: int = SEED,
) -> dict[str, Any]:
    """Cluster the documents of ``topics`` and score them against the gold folders."""
    docs = load_docs(root, topics)
    if not docs:
        raise ValueError(f"no ECB+ documents for topics {topics} under {root / 'docs'}")
    predicted = cluster(features_of(docs), make_index, seed)
    return score(predicted, {d.id: d.gold for d in docs})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="the ecbplus folder (holds docs/)")
    parser.add_argument("--topics", default="26-35", help="e.g. 1-25 or 26,28-30 (default 26-35)")
    parser.add_argument("--seed", type=int, default=SEED, help="shuffle seed for the input order")
    args = parser.parse_args(argv)
    result = evaluate(args.root, parse_topics(args.topics), seed=args.seed)
    print(
        f"ECB+ topics {args.topics}: {result['documents']} documents\n"
        f"B-cubed precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
        f"F1 {result['f1']:.3f}\n"
        f"clusters: predicted {result['predicted_clusters']}, gold {result['gold_clusters']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
