"""Our MinHash LSH (``newstrace.dedup``) against datasketch, on the same documents.

    python benchmarks/bench_minhash.py --n 1000

Both sides hash the same shingles (word 4-grams of the article body, as ``dedup.shingles``
builds them), use 120 permutations and 30 bands x 4 rows, and call two articles duplicates
when the estimated Jaccard similarity of an LSH candidate reaches 0.6. Reported: signatures/s,
index adds+queries/s, the duplicate pairs each finds, their agreement, and both against the
exact Jaccard similarity of the shingle sets (all pairs, the ground truth).

datasketch is only a benchmark dependency (``pip install datasketch`` into the venv); without
it only our figures are printed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import generate  # noqa: E402

from newstrace.dedup import BANDS, NUM_PERM, ROWS, SHINGLE, WORD, DuplicateIndex, shingles, signature, similarity  # noqa: E402

THRESHOLD = 0.6


def grams(text: str) -> list[bytes]:
    words = WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return [" ".join(words).encode()] if words else []
    return sorted({" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)})


def exact_pairs(sets: list[frozenset]) -> set[tuple[int, int]]:
    out = set()
    for j in range(len(sets)):
        b = sets[j]
        for i in range(j):
            a = sets[i]
            inter = len(a & b)
            if inter and inter / (len(a) + len(b) - inter) >= THRESHOLD:
                out.add((i, j))
    return out


def ours(bodies: list[str]) -> tuple[dict, set[tuple[int, int]]]:
    t = time.perf_counter()
    sigs = [signature(b) for b in bodies]
    t_sig = time.perf_counter() - t
    index = DuplicateIndex(threshold=THRESHOLD)
    t = time.perf_counter()
    for j, sig in enumerate(sigs):  # what the pipeline does: add() queries, links, inserts
        index.add(str(j), sig)
    t_idx = time.perf_counter() - t
    index = DuplicateIndex(threshold=THRESHOLD)
    pairs = set()
    for j, sig in enumerate(sigs):  # untimed: every pair, not only the best link add() returns
        for other in index.candidates(sig):
            if similarity(sig, index._signatures[other]) >= THRESHOLD:
                pairs.add((int(other), j))
        index.add(str(j), sig)
    return {"signatures_per_s": len(bodies) / t_sig, "index_ops_per_s": len(bodies) / t_idx,
            "sig_seconds": t_sig, "index_seconds": t_idx}, pairs


def with_datasketch(bodies: list[str]):
    try:
        from datasketch import MinHash, MinHashLSH
    except ImportError:
        return None
    all_grams = [grams(b) for b in bodies]
    t = time.perf_counter()
    mhs = []
    for g in all_grams:
        m = MinHash(num_perm=NUM_PERM, seed=1)
        m.update_batch(g)
        mhs.append(m)
    t_sig = time.perf_counter() - t
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, params=(BANDS, ROWS))
    pairs = set()
    t = time.perf_counter()
    for j, m in enumerate(mhs):
        for other in lsh.query(m):
            if m.jaccard(mhs[other]) >= THRESHOLD:
                pairs.add((other, j))
        lsh.insert(j, m)
    t_idx = time.perf_counter() - t
    return {"signatures_per_s": len(bodies) / t_sig, "index_ops_per_s": len(bodies) / t_idx,
            "sig_seconds": t_sig, "index_seconds": t_idx}, pairs


def pr(found: set, truth: set) -> str:
    tp = len(found & truth)
    p = tp / len(found) if found else 1.0
    r = tp / len(truth) if truth else 1.0
    return f"precision {p:.3f}, recall {r:.3f} ({tp} of {len(truth)} true pairs, {len(found) - tp} false)"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    arts = generate(args.n, args.seed)
    bodies = [a["text"] for a in arts]
    print(f"{len(bodies)} synthetic article bodies, {NUM_PERM} permutations, {BANDS} bands x {ROWS} rows, "
          f"threshold {THRESHOLD}")
    ours_fig, ours_pairs = ours(bodies)
    # the shingle hashes ours uses are crc32 of the same grams: the exact sets are the same either way
    sets = [frozenset(shingles(b).tolist()) for b in bodies]
    t = time.perf_counter()
    truth = exact_pairs(sets)
    print(f"exact all-pairs Jaccard >= {THRESHOLD}: {len(truth)} pairs ({time.perf_counter() - t:.1f} s)")
    print(f"newstrace : {ours_fig['signatures_per_s']:8.0f} signatures/s, {ours_fig['index_ops_per_s']:8.0f} "
          f"LSH query+insert/s; {len(ours_pairs)} pairs; {pr(ours_pairs, truth)}")
    ds = with_datasketch(bodies)
    if ds is None:
        print("datasketch is not installed: `pip install datasketch` in the venv for the comparison")
        return 0
    ds_fig, ds_pairs = ds
    print(f"datasketch: {ds_fig['signatures_per_s']:8.0f} signatures/s, {ds_fig['index_ops_per_s']:8.0f} "
          f"LSH query+insert/s; {len(ds_pairs)} pairs; {pr(ds_pairs, truth)}")
    both = ours_pairs & ds_pairs
    union = ours_pairs | ds_pairs
    print(f"agreement: {len(both)} pairs found by both, {len(ours_pairs - ds_pairs)} only by newstrace, "
          f"{len(ds_pairs - ours_pairs)} only by datasketch; Jaccard of the pair sets "
          f"{len(both) / len(union) if union else 1.0:.3f}")
    print(json.dumps({"newstrace": ours_fig, "datasketch": ds_fig}, default=lambda x: round(x, 3)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
