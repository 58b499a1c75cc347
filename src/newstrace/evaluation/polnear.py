"""Score attributed-claim extraction (:mod:`newstrace.claims`) against PolNeAR.

PolNeAR (Newell et al. 2018) annotates attributions in US election news of 2016 as brat standoff:
``text/<name>.txt`` and ``attributions/<name>_<annotator>.ann`` with ``Source``, ``Cue`` and
``Content`` text-bound spans (a span may have several ``;``-separated fragments) linked by
``Attribution`` / ``Attribution-no-source`` events (``E`` lines). Where a text has several
annotators' files, the first (sorted by name) is used.

Each text is read as is and becomes a minimal :class:`~newstrace.model.Article` whose title is the
first line, so predicted offsets are offsets into the ``.txt`` file, as the gold ones are. Headline
claims with no source are left out (they are the article's own statement, not an attribution).

A predicted span matches a gold span when their token Jaccard is at least 0.5; matching is one
to one (greedy, best pairs first). Precision, recall and F1 are given for contents, sources and
cues, overall and per kind of attribution (gold and predicted items are put in a kind by the same
test): content with quote marks, content without quote marks, no source.

Run: ``python -m newstrace.evaluation.polnear /work/shared/eval/polnear/dev [--limit N]``.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..claims import extract_claims
from ..model import Article, Claim
from ..nlp import parse_many

JACCARD_THRESHOLD = 0.5
ROLES: tuple[str, ...] = ("content", "source", "cue")
KINDS: tuple[str, ...] = ("quoted", "unquoted", "no_source")
QUOTE_MARKS = "“”\""
_TOKEN = re.compile(r"\w+|[^\w\s]")

Fragments = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution, gold or predicted: fragments per role (empty tuple = role absent)."""

    content: Fragments
    source: Fragments
    cue: Fragments
    content_text: str

    def kinds(self) -> set[str]:
        out = {"quoted" if any(q in self.content_text for q in QUOTE_MARKS) else "unquoted"}
        if not self.source:
            out.add("no_source")
        return out


# --------------------------------------------------------------------------------------------
# reading brat files


def read_gold(ann: Path) -> list[Attribution]:
    """The attributions of one ``.ann`` file."""
    spans: dict[str, tuple[Fragments, str]] = {}
    events: list[dict[str, str]] = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            label_offsets = parts[1].split(" ", 1)
            if len(label_offsets) < 2:
                continue
            frags = tuple(
                (int(a), int(b))
                for a, b in (f.split() for f in label_offsets[1].split(";"))
            )
            spans[parts[0]] = (frags, parts[2])
        elif line.startswith("E") and len(parts) >= 2:
            args = dict(a.split(":", 1) for a in parts[1].split() if ":" in a)
            events.append(args)
    gold: list[Attribution] = []
    for ev in events:
        if "Content" not in ev or ev["Content"] not in spans:
            continue
        content, content_text = spans[ev["Content"]]
        source = spans[ev["Source"]][0] if ev.get("Source") in spans else ()
        cue = spans[ev["Cue"]][0] if ev.get("Cue") in spans else ()
        gold.append(Attribution(content, source, cue, content_text))
    return gold


def pair_files(folder: Path) -> list[tuple[Path, Path]]:
    """(text, annotation) pairs: one annotation file per text (the first by name)."""
    anns: dict[str, Path] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        stem = re.sub(r"_[0-9a-f]{4}$", "", ann.stem)
        anns.setdefault(stem, ann)
    pairs = []
    for txt in sorted((folder / "text").glob("*.txt")):
        if txt.stem in anns:
            pairs.append((txt, anns[txt.stem]))
    return pairs


def article_from_text(path: Path) -> Article:
    text = path.read_text(encoding="utf-8")
    title = text.split("\n", 1)[0]
    return Article(id=path.stem, origin=str(path), text=text, title=title)


def predicted(claims: list[Claim]) -> list[Attribution]:
    out = []
    for c in claims:
        if c.kind == "headline" and c.source is None:
            continue
        out.append(
            Attribution(
                content=((c.content.start, c.content.end),),
                source=((c.source.start, c.source.end),) if c.source else (),
                cue=((c.cue.start, c.cue.end),) if c.cue else (),
                content_text=c.content.text,
            )
        )
    return out


# --------------------------------------------------------------------------------------------
# matching


def token_starts(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text)]


def token_set(tokens: list[tuple[int, int]], frags: Fragments) -> frozenset[int]:
    return frozenset(
        i for i, (s, e) in enumerate(tokens) if any(s < fe and fs < e for fs, fe in frags)
    )


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def match(pred: list[frozenset[int]], gold: list[frozenset[int]]) -> list[tuple[int, int]]:
    """One-to-one (pred, gold) index pairs with Jaccard >= threshold, best pairs first."""
    candidates = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if p & g:
                score = jaccard(p, g)
                if score >= JACCARD_THRESHOLD:
                    candidates.append((score, i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in sorted(candidates, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


@dataclass(slots=True)
class Counts:
    tp_pred: int = 0  # matched predictions (precision numerator)
    tp_gold: int = 0  # matched gold items (recall numerator)
    n_pred: int = 0
    n_gold: int = 0

    def scores(self) -> dict[str, float]:
        p = self.tp_pred / self.n_pred if self.n_pred else 0.0
        r = self.tp_gold / self.n_gold if self.n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "predicted": self.n_pred, "gold": self.n_gold}


def _role_items(items: list[Attribution], role: str) -> list[tuple[Fragments, set[str]]]:
    """Present spans of one role, deduplicated by offsets (a shared source counts once)."""
    seen: dict[Fragments, set[str]] = {}
    for a in items:
        frags = getattr(a, role)
        if frags:
            seen.setdefault(frags, set()).update(a.kinds())
    return list(seen.items())


def score_document(
    text: str, gold: list[Attribution], pred: list[Attribution], counts: dict[str, Counts]
) -> None:
    """Add one document's matches to ``counts`` (keys: 'role' and 'role/kind')."""
    tokens = token_starts(text)
    for role in ROLES:
        g_items = _role_items(gold, role)
        p_items = _role_items(pred, role)
        g_sets = [token_set(tokens, f) for f, _ in g_items]
        p_sets = [token_set(tokens, f) for f, _ in p_items]
        pairs = match(p_sets, g_sets)
        matched_p = {i for i, _ in pairs}
        matched_g = {j for _, j in pairs}
        for key_kinds, items, matched, is_pred in (
            (None, p_items, matched_p, True), (None, g_items, matched_g, False)
        ):
            for idx, (_, kinds) in enumerate(items):
                for key in [role] + [f"{role}/{k}" for k in kinds]:
                    c = counts.setdefault(key, Counts())
                    if is_pred:
                        c.n_pred += 1
                        c.tp_pred += idx in matched
                    else:
                        c.n_gold += 1
                        c.tp_gold += idx in matched


# --------------------------------------------------------------------------------------------
# entry points


def evaluate(folder: Path, limit: int | None = None) -> dict:
    """Scores on the PolNeAR split in ``folder`` (the first ``limit`` documents if given)."""
    pairs = pair_files(Path(folder))[:limit] if limit else pair_files(Path(folder))
    articles = [article_from_text(txt) for txt, _ in pairs]
    docs = parse_many([a.text for a in articles])
    counts: dict[str, Counts] = {}
    for (txt, ann), article, doc in zip(pairs, articles, docs):
        gold = read_gold(ann)
        pred = predicted(extract_claims(article, doc))
        score_document(article.text, gold, pred, counts)
    return {"documents": len(pairs), **{k: v.scores() for k, v in sorted(counts.items())}}


def format_report(result: dict) -> str:
    lines = [f"PolNeAR: {result['documents']} documents; match = token Jaccard >= "
             f"{JACCARD_THRESHOLD}, one to one",
             f"{'':22} {'P':>6} {'R':>6} {'F1':>6} {'pred':>6} {'gold':>6}"]
    for key, s in result.items():
        if key == "documents":
            continue
        lines.append(f"{key:22} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
                     f"{s['predicted']:6d} {s['gold']:6d}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, help="a PolNeAR split: holds text/ and attributions/")
    parser.add_argument("--limit", type=int, default=None, help="score the first N documents")
    args = parser.parse_args(argv)
    if not (args.folder / "text").is_dir():
        print(f"error: {args.folder} has no text/ folder", file=sys.stderr)
        return 2
    print(format_report(evaluate(args.folder, args.limit)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
