"""Story assignment latency (``StoryIndex.add``) as the index grows to 100k+ articles.

    python benchmarks/bench_stories.py --sizes 10000,50000,100000

Synthetic ``StoryFeatures`` (no spaCy): events spread over three years, each with its own
core terms, entities and date, arriving in date order as a news stream does; every article samples its event's core plus Zipf-distributed
background vocabulary (40k terms, 15k entity names), as parsed news looks to the index.
Articles are added one at a time, as a run does; every add is timed. At each size S the
latency figures are over the adds that took the index from S - window to S articles.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import time
from datetime import date, timedelta

from newstrace.stories import StoryFeatures, StoryIndex


def make_stream(n: int, seed: int = 7, per_event: float = 6.0):
    rng = random.Random(seed)
    terms_vocab = [f"t{i}" for i in range(40_000)]
    ents_vocab = [f"e{i}" for i in range(15_000)]
    cum_t = list(itertools.accumulate(1.0 / (i + 1) for i in range(len(terms_vocab))))
    cum_e = list(itertools.accumulate(1.0 / (i + 1) for i in range(len(ents_vocab))))
    n_events = max(1, int(n / per_event))
    start = date(2024, 1, 1)
    events = []
    for _ in range(n_events):
        events.append((
            rng.sample(terms_vocab[200:], 30),  # the event's own words (not among the commonest)
            rng.sample(ents_vocab[50:], 8),
            start + timedelta(days=rng.randint(0, 3 * 365)),
        ))
    picks = sorted(rng.randrange(n_events) for _ in range(n))  # a news stream: events arrive in time order
    events.sort(key=lambda e: e[2])
    for i, ev in enumerate(picks):
        core_t, core_e, day = events[ev]
        terms: dict[str, float] = {}
        for t in rng.sample(core_t, 24) + rng.choices(terms_vocab, cum_weights=cum_t, k=40):
            terms[t] = terms.get(t, 0.0) + rng.choice((1.0, 1.0, 2.0, 4.0))
        ents: dict[str, float] = {}
        for e in rng.sample(core_e, 6) + rng.choices(ents_vocab, cum_weights=cum_e, k=4):
            ents[e] = ents.get(e, 0.0) + 1.0
        published = None if rng.random() < 0.1 else day + timedelta(days=rng.randint(0, 3))
        yield f"a{i}", StoryFeatures(terms=terms, entities=ents, triggers=[], published=published)


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,50000,100000")
    ap.add_argument("--window", type=int, default=2000, help="adds measured before each size")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    t = time.perf_counter()
    stream = list(make_stream(sizes[-1], args.seed))
    print(f"{len(stream)} synthetic feature sets made in {time.perf_counter() - t:.1f} s "
          f"(~{statistics.mean(len(f.terms) for _, f in stream[:1000]):.0f} terms, "
          f"{statistics.mean(len(f.entities) for _, f in stream[:1000]):.0f} entities each)")
    index = StoryIndex()
    lat: list[float] = []
    started = time.perf_counter()
    rows = []
    dated: list[bool] = []
    for k, (aid, feats) in enumerate(stream, start=1):
        t = time.perf_counter()
        index.add(aid, feats)
        lat.append(time.perf_counter() - t)
        dated.append(feats.published is not None)
        if k in sizes:
            win = [x * 1000 for x in lat[k - args.window:k]]
            rows.append((k, len(index), statistics.mean(win), pct(win, 50), pct(win, 95), max(win),
                         time.perf_counter() - started))
            print(f"  index {k:>7} articles ({len(index)} stories): last {args.window} adds "
                  f"mean {rows[-1][2]:.2f} ms, p50 {rows[-1][3]:.2f} ms, p95 {rows[-1][4]:.2f} ms, "
                  f"max {rows[-1][5]:.1f} ms; {rows[-1][6]:.0f} s so far", flush=True)
            for label, keep in (("dated", True), ("undated", False)):
                part = [x for x, d in zip(win, dated[k - args.window:k]) if d == keep]
                if part:
                    print(f"      {label:8} {len(part):5} adds: mean {statistics.mean(part):.2f} ms, "
                          f"p50 {pct(part, 50):.2f} ms, p95 {pct(part, 95):.2f} ms", flush=True)
    if len(rows) > 1:
        (k0, _, m0, p0, *_), (k1, _, m1, p1, *_) = rows[0], rows[-1]
        print(f"growth: index x{k1 / k0:.0f} -> per-add p50 x{p1 / p0:.2f}, mean x{m1 / m0:.2f} "
              f"({'sub-linear' if m1 / m0 < k1 / k0 else 'linear or worse'}); whole build "
              f"{k1} adds in {rows[-1][6]:.0f} s = {k1 / rows[-1][6]:.0f} adds/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
