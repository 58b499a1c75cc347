"""End-to-end throughput, peak memory and a per-stage breakdown of the newstrace pipeline.

    python benchmarks/bench_pipeline.py --n 1000                 # local engine e2e + stage breakdown
    python benchmarks/bench_pipeline.py --n 1000 --engines local,ray --no-stages
    python benchmarks/bench_pipeline.py --n 10000 --no-stages    # the long one: run it in the background
    python benchmarks/bench_pipeline.py --input ../shared/eval/polnear/train/text --engines local,process
                                                                 # real news text (read in place, never copied)

Each end-to-end run happens in a fresh subprocess (so peak RSS is that run's, spaCy loading
included) over a synthetic JSONL corpus (``benchmarks/synthetic.py``, fictional, seeded) into a
fresh DuckDB file. Articles/s counts stored articles over the whole ``NewsTrace.analyze`` call.

The stage breakdown calls the stage functions directly, one stage at a time over the same
articles, with a small timing helper (no library code is instrumented); it also times each
spaCy pipe separately. Figures for Ray: peak RSS is the driver's only (workers are separate
processes, started by Ray's raylet), and include the cluster's start-up time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


class Timer:
    """Accumulates wall time per named stage."""

    def __init__(self) -> None:
        self.total: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)

    @contextmanager
    def __call__(self, name: str):
        t, c = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.total[name] += time.perf_counter() - t
            self.cpu[name] += time.process_time() - c


def corpus(n: int, seed: int, folder: Path, chunk: int = 100) -> Path:
    from synthetic import generate

    """The corpus as a folder of JSONL files of ``chunk`` articles each (progress is reported per file)."""
    path = folder / f"synthetic-{n}-{seed}"
    if not path.is_dir():
        path.mkdir()
        arts = generate(n, seed)
        for i in range(0, n, chunk):
            (path / f"part-{i // chunk:05d}.jsonl").write_text(
                "".join(json.dumps(a) + "\n" for a in arts[i:i + chunk]), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- end to end (child process)


def run_e2e(path: Path, engine_name: str, batch_size: int, num_cpus: int | None) -> dict:
    from newstrace import NewsTrace
    from newstrace.engine import make_engine

    started = time.perf_counter()
    engine = make_engine(engine_name, num_cpus=num_cpus)
    engine_up = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp, NewsTrace(Path(tmp) / "bench.duckdb") as nt:
        t, c = time.perf_counter(), time.process_time()

        def progress(done: int, total: int, s) -> None:  # one line per input file (chunks of the corpus)
            el = time.perf_counter() - t
            print(f"  [{engine_name}] {done}/{total} files, {s.stored} stored, {el:.0f} s, "
                  f"{s.stored / max(el, 1e-9):.2f} articles/s, RSS {maxrss_mib():.0f} MiB", file=sys.stderr, flush=True)

        summary = nt.analyze([path], engine=engine, batch_size=batch_size, progress=progress)
        elapsed, cpu = time.perf_counter() - t, time.process_time() - c
        counts = nt.counts()
    engine.close()
    return {
        "engine": engine_name, "batch_size": batch_size, "stored": summary.stored, "read": summary.read,
        "duplicates": summary.duplicates, "stories": summary.stories, "claims": counts["claims"],
        "seconds": round(elapsed, 2), "driver_cpu_s": round(cpu, 2), "engine_start_s": round(engine_up, 2),
        "articles_per_s": round(summary.stored / elapsed, 2),
        "articles_per_s_incl_start": round(summary.stored / (elapsed + engine_up), 2),
        "peak_rss_mib": round(maxrss_mib(), 1),
    }


# --------------------------------------------------------------------------- stage breakdown


def run_stages(path: Path, batch_size: int, trace_memory: bool) -> dict:
    import tracemalloc

    from newstrace.analysis import paragraphs_with_hashes, segment
    from newstrace.claims import extract_claims
    from newstrace.core import NewsTrace
    from newstrace.dedup import DuplicateIndex, signature
    from newstrace.entities import extract_entities, resolve
    from newstrace.ingest import iter_files, read_file
    from newstrace.model import Analysis, Article
    from newstrace.nlp import get_nlp
    from newstrace.stories import StoryFeatures, StoryIndex, features_from_doc
    from newstrace.timeline import extract_times

    from newstrace.store import ArticleRecord
    timer = Timer()
    with timer("load spaCy model (once)"):
        nlp = get_nlp()
    if trace_memory:
        tracemalloc.start()
    with tempfile.TemporaryDirectory() as tmp, NewsTrace(Path(tmp) / "stages.duckdb") as nt:
        with timer("ingest + clean"):
            files = list(iter_files([path]))
            articles = [a for f in files for a in (nt._clean(i) for i in read_file(f)) if isinstance(a, Article)]
            seen: set[str] = set()
            articles = [a for a in articles if not (a.id in seen or seen.add(a.id))]
        texts = [a.text for a in articles]
        with timer("parse (spaCy, all pipes)"):
            docs = list(nlp.pipe(texts, batch_size=batch_size))
        # each spaCy pipe on its own, over fresh docs
        pipe_times: dict[str, float] = {}
        with timer("  (tokenizer)"):
            fresh = [nlp.make_doc(t) for t in texts]
        for name, proc in nlp.pipeline:
            t = time.perf_counter()
            fresh = list(proc.pipe(fresh, batch_size=batch_size)) if hasattr(proc, "pipe") else [proc(d) for d in fresh]
            pipe_times[name] = time.perf_counter() - t
        analyses, feats, sigs, paras = [], [], [], []
        for a, d in zip(articles, docs):
            with timer("entities"):
                mentions, aliases = extract_entities(a, d)
            with timer("sentences"):
                sents = segment(a, d)
            with timer("claims"):
                claims = extract_claims(a, d)
            with timer("timeline"):
                times = extract_times(a.id, a.text, a.published)
            analyses.append(Analysis(article=a, sentences=sents, mentions=mentions, aliases=aliases,
                                     claims=claims, times=times))
            with timer("paragraph hashes"):
                paras.append(paragraphs_with_hashes(a))
            with timer("minhash signature"):
                sigs.append(signature(a.text[len(a.title):]))
            with timer("story features"):
                feats.append(json.dumps(features_from_doc(a, d).to_json()))
        dedup, stories = DuplicateIndex(), StoryIndex()
        links, story_ids = [], []
        for an, sig, f in zip(analyses, sigs, feats):
            with timer("dedup (LSH add)"):
                links.append(dedup.add(an.article.id, sig))
            with timer("story assignment"):
                story_ids.append(stories.add(an.article.id, StoryFeatures.from_json(json.loads(f))))
        with timer("store write (1 transaction/batch)"):
            records = [ArticleRecord(an, p, sig, link, sid, f)
                       for an, p, sig, link, sid, f in zip(analyses, paras, sigs, links, story_ids, feats)]
            for i in range(0, len(records), batch_size):
                nt.store.add_articles(records[i:i + batch_size])
        with timer("entity resolution (corpus)"):
            nt.resolve_entities()
    peak_traced = tracemalloc.get_traced_memory()[1] / 2**20 if trace_memory else None
    if trace_memory:
        tracemalloc.stop()
    return {"articles": len(articles), "stages": dict(timer.total), "cpu": dict(timer.cpu), "spacy_pipes": pipe_times,
            "tracemalloc_peak_mib": peak_traced, "peak_rss_mib": round(maxrss_mib(), 1)}


def print_stages(r: dict) -> None:
    n = r["articles"]
    stages = {k: v for k, v in r["stages"].items() if not k.startswith("load")}
    total = sum(v for k, v in stages.items() if not k.startswith("  "))
    print(f"\nper-stage breakdown over {n} articles (one process, stages run one after another)")
    cpu_total = sum(v for k, v in r["cpu"].items() if k in stages and not k.startswith("  "))
    print(f"{'stage':40} {'seconds':>8} {'ms/article':>11} {'share':>6} {'CPU ms/article':>15}")
    for k, v in r["stages"].items():
        share = f"{100 * v / total:5.1f}%" if k in stages and not k.startswith("  ") else ""
        print(f"{k:40} {v:8.2f} {1000 * v / n:11.2f} {share:>6} {1000 * r['cpu'][k] / n:15.2f}")
    print(f"{'sum of stages':40} {total:8.2f} {1000 * total / n:11.2f}        {1000 * cpu_total / n:15.2f}"
          f"   -> {n / total:.1f} articles/s wall, {n / cpu_total:.1f} per CPU-second")
    print("spaCy pipes, each on its own:")
    for k, v in r["spacy_pipes"].items():
        print(f"  {k:38} {v:8.2f} {1000 * v / n:11.2f}")
    if r["tracemalloc_peak_mib"] is not None:
        print(f"tracemalloc peak (Python allocations): {r['tracemalloc_peak_mib']:.1f} MiB")
    print(f"peak RSS of the stage run: {r['peak_rss_mib']} MiB")


def child(args: argparse.Namespace) -> int:
    path = Path(args.corpus)
    if args.child == "stages":
        print(json.dumps(run_stages(path, args.batch_size, args.tracemalloc)))
    else:
        print(json.dumps(run_e2e(path, args.child, args.batch_size, args.num_cpus)))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000, help="articles to generate")
    ap.add_argument("--input", type=Path, help="measure on this folder of articles instead of a synthetic corpus")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--engines", default="local", help="comma-separated: local,ray")
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--num-cpus", type=int, default=None, help="CPUs of the local Ray cluster (default: all)")
    ap.add_argument("--no-stages", action="store_true", help="skip the per-stage breakdown")
    ap.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations in the stage run")
    ap.add_argument("--verbose", "-v", action="store_true", help="show progress lines and the runs' stderr")
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "newstrace-bench")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return child(args)
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.input:  # a folder of the user's own articles (any format newstrace reads)
        from newstrace.clean import clean
        from newstrace.ingest import iter_files, read_file
        from newstrace.model import RawDocument

        path = args.input
        cleaned = [clean(item) for f in iter_files([path]) for item in read_file(f) if isinstance(item, RawDocument)]
        texts = [a.text for a in cleaned if hasattr(a, "text")]
        n, words = len(texts), sum(len(t.split()) for t in texts)
        print(f"corpus: {n} articles from {path}, {words / max(n, 1):.0f} words/article (clean text)")
    else:
        path = corpus(args.n, args.seed, args.workdir)
        words = sum(len(json.loads(line)["text"].split()) for f in sorted(path.glob("*.jsonl"))
                    for line in f.open(encoding="utf-8"))
        print(f"corpus: {args.n} synthetic articles (seed {args.seed}), {words / args.n:.0f} words/article, {path}")
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    jobs = [e.strip() for e in args.engines.split(",") if e.strip()]
    if not args.no_stages:
        jobs.append("stages")
    for job in jobs:
        cmd = [sys.executable, __file__, "--child", job, "--corpus", str(path), "--batch-size", str(args.batch_size)]
        if args.num_cpus:
            cmd += ["--num-cpus", str(args.num_cpus)]
        if args.tracemalloc:
            cmd.append("--tracemalloc")
        out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=None if args.verbose else subprocess.DEVNULL, text=True)
        if out.returncode != 0:
            print(f"{job}: failed (exit {out.returncode}); run with --verbose to see why")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        if job == "stages":
            print_stages(r)
        else:
            print(f"\nend to end, engine={job}: {r['stored']} stored ({r['duplicates']} near-duplicates, "
                  f"{r['stories']} stories, {r['claims']} claims) in {r['seconds']} s -> "
                  f"{r['articles_per_s']} articles/s ({r['articles_per_s_incl_start']} incl. engine start "
                  f"{r['engine_start_s']} s); driver CPU {r['driver_cpu_s']} s; peak RSS {r['peak_rss_mib']} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
