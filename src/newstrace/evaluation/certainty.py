"""Score the lexical certainty score (:func:`newstrace.certainty.certainty_score`) against
Pei & Jurgens (2021): sentences reporting scientific findings, rated 1 (uncertain) to 6 (certain).

The measure is the correlation (Spearman and Pearson) between our score and the gold rating over
every sentence of ``sentence-level-certainty.jsonl``; the lexicon was not fitted to these labels.

Run: ``python -m newstrace.evaluation.certainty /work/shared/eval/certainty/data/annotated_data/sentence-level-certainty.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from ..certainty import certainty_score

GOLD_FIELD = "sentence-level-certainty"
TEXT_FIELD = "finding"


def load(path: Path, limit: int | None = None) -> list[tuple[str, float]]:
    """(sentence, gold rating) pairs from the JSONL file."""
    rows: list[tuple[str, float]] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            record = json.loads(line)
            if record.get(GOLD_FIELD) is None:
                continue
            rows.append((record[TEXT_FIELD], float(record[GOLD_FIELD])))
            if limit is not None and len(rows) >= limit:
                break
    return rows


def pearson(xs: list[float], ys: list[float]) -> float:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sx = math.sqrt(sum((x - mx) ** 2 for x in xs))
    sy = math.sqrt(sum((y - my) ** 2 for y in ys))
    return cov / (sx * sy) if sx and sy else 0.0


def ranks(values: list[float]) -> list[float]:
    """Average ranks (ties share the mean of their positions)."""
    order = sorted(range(len(values)), key=values.__getitem__)
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(xs: list[float], ys: list[float]) -> float:
    return pearson(ranks(xs), ranks(ys))


def evaluate(path: Path, limit: int | None = None) -> dict:
    rows = load(Path(path), limit)
    predicted = [certainty_score(text) for text, _ in rows]
    gold = [rating for _, rating in rows]
    return {
        "sentences": len(rows),
        "spearman": round(spearman(predicted, gold), 4),
        "pearson": round(pearson(predicted, gold), 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path, help="sentence-level-certainty.jsonl")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    if not args.path.is_file():
        print(f"error: {args.path} not found", file=sys.stderr)
        return 2
    result = evaluate(args.path, args.limit)
    print(f"certainty: {result['sentences']} sentences; Spearman {result['spearman']:.3f}, "
          f"Pearson {result['pearson']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
