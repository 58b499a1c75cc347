"""Score the timeline stage against TempEval-3 style gold (TimeBank, AQUAINT).

Input: JSONL files, one document a line, with ``doc_id``, ``dct`` (ISO date, possibly
with a time), ``text`` and ``timexes`` (``start``, ``end``, ``text``, ``type``, ``value``).

Figures, over all the documents together:

* relaxed span: a timex is found when a predicted span overlaps a gold one;
* strict span: the offsets are identical;
* value: a prediction is correct when it overlaps a gold timex *and* has its value
  (TempEval-3's value F1, the figure the project's bar is set on);
* per type: how many predictions of each type, how many gold timexes of each type were
  found (overlapped) and how many got the gold value.

The figures are micro-averaged as TempEval-3 does: precision counts the predictions that
match some gold timex, recall the gold timexes that some prediction matches.

Usage: ``python -m newstrace.evaluation.tempeval /work/shared/eval/tempeval3/*.jsonl``
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from newstrace.model import TimeExpression
from newstrace.timeline import extract_times

__all__ = ["evaluate", "main"]


@dataclass(frozen=True, slots=True)
class GoldTimex:
    start: int
    end: int
    type: str
    value: str


@dataclass(slots=True)
class Counts:
    """Matched predictions and matched gold timexes, and the totals, for one criterion."""

    tp_pred: int = 0
    tp_gold: int = 0
    predicted: int = 0
    gold: int = 0

    def scores(self) -> dict[str, float]:
        p = self.tp_pred / self.predicted if self.predicted else 0.0
        r = self.tp_gold / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": p, "recall": r, "f1": f,
                "predicted": self.predicted, "gold": self.gold}


@dataclass(slots=True)
class TypeCounts:
    """Per TIMEX3 type: predictions of the type; gold timexes of the type, how many a
    prediction overlaps, and how many an overlapping prediction gets the value of."""

    predicted: int = 0
    gold: int = 0
    found: int = 0
    value_correct: int = 0


def _read_docs(paths: Iterable[Path]) -> Iterator[dict]:
    for path in paths:
        with Path(path).open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)


def _dct(raw: str | None) -> date | None:
    return date.fromisoformat(raw[:10]) if raw else None


def _overlaps(p: TimeExpression, g: GoldTimex) -> bool:
    return p.start < g.end and g.start < p.end


def _strict(p: TimeExpression, g: GoldTimex) -> bool:
    return p.start == g.start and p.end == g.end


def _value_match(p: TimeExpression, g: GoldTimex) -> bool:
    return _overlaps(p, g) and p.value == g.value


_CRITERIA: dict[str, Callable[[TimeExpression, GoldTimex], bool]] = {
    "relaxed": _overlaps,
    "strict": _strict,
    "value": _value_match,
}


def _score_doc(pred: list[TimeExpression], gold: list[GoldTimex],
               counts: dict[str, Counts], types: dict[str, TypeCounts]) -> None:
    """Add one document's matches to the per-criterion and per-type counters."""
    for name, match in _CRITERIA.items():
        c = counts[name]
        c.predicted += len(pred)
        c.gold += len(gold)
        c.tp_pred += sum(any(match(p, g) for g in gold) for p in pred)
        c.tp_gold += sum(any(match(p, g) for p in pred) for g in gold)
    for g in gold:
        t = types.setdefault(g.type, TypeCounts())
        t.gold += 1
        t.found += any(_overlaps(p, g) for p in pred)
        t.value_correct += any(_value_match(p, g) for p in pred)
    for p in pred:
        types.setdefault(p.type, TypeCounts()).predicted += 1


def evaluate(paths: list[Path]) -> dict:
    """Run ``extract_times`` on every document and return the figures.

    Returns ``{"documents": n, "relaxed": {...}, "strict": {...}, "value": {...},
    "types": {TYPE: {"predicted", "gold", "found", "value_correct"}}}`` where each metric
    dict holds precision, recall, f1, predicted and gold.
    """
    counts = {name: Counts() for name in _CRITERIA}
    types: dict[str, TypeCounts] = {}
    n_docs = 0
    for doc in _read_docs(paths):
        n_docs += 1
        pred = extract_times(doc["doc_id"], doc["text"], _dct(doc.get("dct")))
        gold = [GoldTimex(t["start"], t["end"], t["type"], t["value"]) for t in doc["timexes"]]
        _score_doc(pred, gold, counts, types)
    result: dict = {"documents": n_docs}
    for name, c in counts.items():
        result[name] = c.scores()
    result["types"] = {name: asdict(t) for name, t in sorted(types.items())}
    return result


def format_table(result: dict) -> str:
    """The figures of :func:`evaluate` as a plain-text table."""
    lines = [f"documents: {result['documents']}",
             f"{'metric':<10}{'P':>8}{'R':>8}{'F1':>8}{'pred':>8}{'gold':>8}"]
    for name in ("relaxed", "strict", "value"):
        s = result[name]
        lines.append(f"{name:<10}{s['precision']:>8.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}"
                     f"{s['predicted']:>8}{s['gold']:>8}")
    lines.append("")
    lines.append("per type: pred = predictions; gold; found = gold overlapped by a prediction; "
                 "value ok = found with the gold value")
    lines.append(f"{'type':<10}{'pred':>8}{'gold':>8}{'found':>8}{'value ok':>10}")
    for type_, c in result["types"].items():
        lines.append(f"{type_:<10}{c['predicted']:>8}{c['gold']:>8}{c['found']:>8}"
                     f"{c['value_correct']:>10}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the table for the given files (``--each``: also one table per file)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="TempEval-3 style JSONL files")
    parser.add_argument("--each", action="store_true", help="also score every file alone")
    args = parser.parse_args(argv)
    missing = [p for p in args.files if not p.is_file()]
    if missing:
        print(f"no such file: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    if args.each and len(args.files) > 1:
        for path in args.files:
            print(f"== {path.name}")
            print(format_table(evaluate([path])))
            print()
        print("== all")
    print(format_table(evaluate(args.files)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
