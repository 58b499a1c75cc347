"""``NewsTrace``: the one object behind the Python API, the CLI, the report and the web UI.

    >>> nt = NewsTrace("newstrace.duckdb")
    >>> summary = nt.analyze(["articles/"])
    >>> for story in nt.stories(): print(story["id"], story["title"])
    >>> view = nt.story(story_id)          # a StoryView: articles, claims, comparison, timeline

``analyze`` streams input items through the stages (ingest -> clean -> parse -> per-article
analysis -> near-duplicate check -> story assignment -> store), writing each article in one
transaction, then re-resolves entities across the corpus.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .clean import clean
from .compare import Comparison, Located, compare_story
from .dedup import DuplicateIndex
from .engine import Engine, LocalEngine
from .entities import resolve
from .errors import LimitError, NewstraceError, NotFoundError
from .ingest import iter_files, read_file
from .limits import DEFAULT_LIMITS, Limits, resident_mib
from .model import Article, Claim, RawDocument, Rejection, RunSummary
from .pipeline import Prepared, prepare_batch
from .store import TABLES, ArticleRecord, Store, claim_from_row
from .stories import StoryFeatures, StoryIndex

Progress = Callable[[int, int, RunSummary], None]


@dataclass
class StoryView:
    """Everything the story page/report shows, as plain data (``to_dict`` gives the JSON twin)."""

    id: str
    title: str
    articles: list[dict[str, Any]]
    claims: list[Claim]
    comparison: Comparison
    timeline: list[dict[str, Any]]
    entities: list[dict[str, Any]]
    duplicates: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return json.loads(json.dumps(asdict(self), default=str))


class NewsTrace:
    def __init__(
        self, db: str | Path = "newstrace.duckdb", read_only: bool = False, limits: Limits = DEFAULT_LIMITS
    ) -> None:
        self.store = Store(db, read_only=read_only)
        self.limits = limits

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "NewsTrace":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the main job ----------------------------------------------------------------------------

    def analyze(
        self,
        paths: Iterable[str | Path],
        progress: Progress | None = None,
        batch_size: int = 16,
        engine: Engine | None = None,
    ) -> RunSummary:
        """Ingest and analyse every article under ``paths``; return what happened to each item.

        The per-article phase runs on ``engine`` (this process by default); near-duplicate
        detection, story assignment and writing run here, in input order.
        """
        paths = [str(p) for p in paths]
        files = list(iter_files(paths))  # raises InputError naming a missing path
        summary = RunSummary()
        items = self._file_items(files, summary, progress)
        return self.analyze_items(items, paths, batch_size, engine, summary)

    def analyze_items(
        self,
        items: Iterable[RawDocument | Rejection],
        label: list[str],
        batch_size: int = 16,
        engine: Engine | None = None,
        summary: RunSummary | None = None,
    ) -> RunSummary:
        """The same run over items that do not come from files (feeds, an API caller)."""
        summary = summary or RunSummary()
        run_id = self.store.start_run(label)
        dedup = self._load_duplicate_index()
        stories = self._load_story_index()
        engine = engine or LocalEngine()
        batches = self._batches(items, run_id, summary, batch_size)
        stopped: LimitError | None = None
        try:
            for prepared in engine.map(prepare_batch, batches):
                self._commit(prepared, dedup, stories, summary)
                self._check_memory(summary)
        except LimitError as exc:  # the store stays whole and usable: finish the run, then report
            stopped = exc
        self.resolve_entities()
        summary.stories = len(stories.stories())
        self.store.finish_run(run_id, summary)
        if stopped:
            raise stopped
        return summary

    def _check_memory(self, summary: RunSummary) -> None:
        """Stop the run, cleanly, when this process holds more memory than ``max_memory_mib``.

        Checked between batches: everything stored so far is complete and kept, and re-running
        the same input (with a higher limit) skips it and continues where this run stopped.
        """
        used = resident_mib()
        if used > self.limits.max_memory_mib:
            raise LimitError(
                f"run stopped after {summary.stored} stored articles: memory "
                + self.limits.breach("max_memory_mib", round(used))
                + "; what was stored is kept, and re-running the same input continues from there"
            )

    def _file_items(
        self, files: list[Path], summary: RunSummary, progress: Progress | None
    ) -> Iterator[RawDocument | Rejection]:
        """Every item of every file; items read after a file's reading time passed its limit are rejected.

        Only the time spent reading and parsing the file counts (the analysis of the items already
        read runs between two reads of this lazy generator and is not the file's fault).
        """
        for n, path in enumerate(files, start=1):
            reading = 0.0
            items = iter(read_file(path, self.limits))
            while True:
                started = time.monotonic()
                item = next(items, None)
                reading += time.monotonic() - started
                if item is None:
                    break
                if reading > self.limits.max_seconds_per_file:
                    item = Rejection(item.origin, "not processed: reading the file took "
                                     + self.limits.breach("max_seconds_per_file", round(reading)))
                yield item
            if progress:
                progress(n, len(files), summary)

    def _batches(
        self, items: Iterable[RawDocument | Rejection], run_id: int, summary: RunSummary, batch_size: int
    ) -> Iterator[list[Article]]:
        """Clean and filter items into batches of new articles; record every rejection."""
        pending: list[Article] = []
        seen: set[str] = set()  # ids already sent in this run
        for item in items:
            summary.read += 1
            article = item if isinstance(item, Rejection) else self._clean(item)
            if isinstance(article, Rejection):
                summary.rejected.append(article)
                self.store.add_rejection(run_id, article)
            elif article.id in seen:
                summary.already_known += 1
            else:
                seen.add(article.id)
                pending.append(article)
            if len(pending) >= batch_size:
                yield from self._new_only(pending, summary)
                pending = []
        yield from self._new_only(pending, summary)

    def _new_only(self, articles: list[Article], summary: RunSummary) -> Iterator[list[Article]]:
        known = self.store.known_ids([a.id for a in articles])
        summary.already_known += len(known)
        fresh = [a for a in articles if a.id not in known]
        if fresh:
            yield fresh

    def _clean(self, item: RawDocument) -> Article | Rejection:
        article = clean(item)
        if isinstance(article, Rejection):
            return article
        if len(article.text) > self.limits.max_article_chars:
            return Rejection(item.origin, "article too long: "
                             + self.limits.breach("max_article_chars", len(article.text)), stage="clean")
        if article.language != "en":
            return Rejection(item.origin, f"language not supported: {article.language!r} "
                             "(newstrace analyses English text)", stage="clean")
        return article

    def _commit(
        self, batch: list[Prepared], dedup: DuplicateIndex, stories: StoryIndex, summary: RunSummary
    ) -> None:
        """The corpus-wide phase for a batch: duplicate links, stories, then one transaction."""
        records = []
        for p in batch:
            link = dedup.add(p.article.id, p.signature)
            story_id = stories.add(p.article.id, StoryFeatures.from_json(json.loads(p.story_features)))
            records.append(ArticleRecord(p.analysis, p.paragraphs, p.signature, link, story_id, p.story_features))
        self.store.add_articles(records)
        summary.stored += len(records)
        summary.duplicates += sum(r.duplicate is not None for r in records)

    def _load_duplicate_index(self) -> DuplicateIndex:
        index = DuplicateIndex()
        for aid, sig, dup in self.store.iter_signatures():
            index.restore(aid, sig, dup)
        return index

    def _load_story_index(self) -> StoryIndex:
        index = StoryIndex()
        for aid, features, story_id in self.store.iter_story_features():
            index.add(aid, StoryFeatures.from_json(json.loads(features)), story_id)
        return index

    def resolve_entities(self) -> None:
        entities, key_to_id = resolve(self.store.local_entities())
        self.store.replace_entities(entities, key_to_id)

    # --- reading results -------------------------------------------------------------------------

    def stories(self, query: str | None = None, outlet: str | None = None) -> list[dict[str, Any]]:
        """Stories, largest first: id, title, counts of articles and outlets, date range."""
        sql = """
            WITH s AS (
                SELECT sa.story_id, a.* FROM story_articles sa JOIN articles a ON a.id = sa.article_id
            )
            SELECT story_id AS id,
                   arg_min(title, coalesce(published, DATE '9999-12-31')) AS title,
                   count(*) AS articles,
                   count(DISTINCT coalesce(outlet, origin)) AS outlets,
                   min(published) AS first_date, max(published) AS last_date,
                   list(DISTINCT outlet ORDER BY outlet) FILTER (WHERE outlet IS NOT NULL) AS outlet_names
            FROM s
            WHERE (? IS NULL OR story_id IN (SELECT story_id FROM s WHERE title ILIKE ? OR text ILIKE ?))
              AND (? IS NULL OR story_id IN (SELECT story_id FROM s WHERE outlet ILIKE ?))
            GROUP BY story_id
            ORDER BY articles DESC, first_date DESC NULLS LAST, id
        """
        like = f"%{query}%" if query else None
        return self.store.rows(sql, [query, like, like, outlet, outlet])

    def resolve_story_id(self, prefix: str) -> str:
        ids = [r[0] for r in self.store.con.execute(
            "SELECT DISTINCT story_id FROM story_articles WHERE starts_with(story_id, ?)", [prefix]
        ).fetchall()]
        if not ids:
            raise NotFoundError(f"no story with id {prefix!r}; `newstrace stories` lists them")
        if len(ids) > 1:
            raise NewstraceError(f"story id {prefix!r} is ambiguous: {', '.join(sorted(ids)[:5])}")
        return ids[0]

    def story(self, story_id: str) -> StoryView:
        sid = self.resolve_story_id(story_id)
        articles = self.store.rows(
            "SELECT a.id, a.title, a.outlet, a.url, a.published, a.published_after, a.date_source, a.origin,"
            " d.duplicate_of, d.similarity FROM story_articles s JOIN articles a ON a.id = s.article_id"
            " LEFT JOIN duplicates d ON d.article_id = a.id WHERE s.story_id = ?"
            " ORDER BY a.published NULLS LAST, a.ingested_at, a.id",
            [sid],
        )
        ids = [a["id"] for a in articles]
        claims = [
            claim_from_row(r)
            for r in self.store.rows(
                "SELECT * FROM claims WHERE article_id IN (SELECT unnest(?))"
                " ORDER BY article_id, content_start, id",
                [ids],
            )
        ]
        timeline = self.store.rows(
            "SELECT t.value, t.type, t.text, t.article_id, t.start_char, t.end_char, a.outlet,"
            " (SELECT s.start_char FROM sentences s WHERE s.article_id = t.article_id"
            "   AND s.start_char <= t.start_char ORDER BY s.start_char DESC LIMIT 1) AS sentence_start"
            " FROM times t JOIN articles a ON a.id = t.article_id"
            " WHERE t.article_id IN (SELECT unnest(?)) AND t.value IS NOT NULL AND t.type IN ('DATE', 'TIME')"
            " ORDER BY t.value, t.article_id, t.start_char",
            [ids],
        )
        for t in timeline:
            t["sentence"] = self._sentence_text(t["article_id"], t["start_char"])
        entities = self.store.rows(
            "SELECT e.id, e.name, e.type, count(*) AS mentions, count(DISTINCT m.article_id) AS articles,"
            " list(DISTINCT m.text ORDER BY m.text) AS names"
            " FROM mentions m JOIN entity_keys k USING (entity_key) JOIN entities e ON e.id = k.entity_id"
            " WHERE m.article_id IN (SELECT unnest(?)) GROUP BY e.id, e.name, e.type"
            " ORDER BY mentions DESC, e.name, e.id LIMIT 40",
            [ids],
        )
        located = [
            Located(r["article_id"], r["start_char"], r["end_char"], r["entity_id"], r["name"])
            for r in self.store.rows(
                "SELECT m.article_id, m.start_char, m.end_char, k.entity_id, e.name FROM mentions m"
                " JOIN entity_keys k USING (entity_key) JOIN entities e ON e.id = k.entity_id"
                " WHERE m.article_id IN (SELECT unnest(?)) ORDER BY m.article_id, m.start_char",
                [ids],
            )
        ]
        times = [Located(t["article_id"], t["start_char"], t["end_char"], t["value"], t["text"]) for t in timeline]
        comparison = compare_story(articles, claims, located, times)
        title = articles[0]["title"] if articles else ""
        duplicates = [a for a in articles if a["duplicate_of"]]
        return StoryView(sid, title, articles, claims, comparison, timeline, entities, duplicates)

    def _sentence_text(self, article_id: str, pos: int) -> str | None:
        row = self.store.con.execute(
            "SELECT substr(a.text, s.start_char + 1, s.end_char - s.start_char) FROM sentences s"
            " JOIN articles a ON a.id = s.article_id WHERE s.article_id = ? AND s.start_char <= ?"
            " AND s.end_char >= ? LIMIT 1",
            [article_id, pos, pos],
        ).fetchone()
        return row[0] if row else None

    def article(self, article_id: str) -> dict[str, Any]:
        rows = self.store.rows("SELECT * FROM articles WHERE starts_with(id, ?)", [article_id])
        if len(rows) != 1:
            raise NotFoundError(f"no single article with id {article_id!r}")
        art = rows[0]
        aid = art["id"]
        for table in ("sentences", "mentions", "times", "removed_lines"):
            art[table] = self.store.rows(f"SELECT * EXCLUDE (article_id) FROM {table} WHERE article_id = ?", [aid])
        art["claims"] = self.store.rows("SELECT * FROM claims WHERE article_id = ? ORDER BY content_start, id", [aid])
        return art

    def counts(self) -> dict[str, int]:
        return self.store.counts()

    def export(self, fmt: str, out: str | Path) -> Path:
        """Every table, as one JSON document, a folder of Parquet files (one per table) or Hive-partitioned Parquet."""
        out = Path(out)
        if fmt == "json":
            data = {t: self.store.rows(f"SELECT * FROM {t}") for t in TABLES}
            data["stories"] = self.stories()
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(data, default=str, ensure_ascii=False, indent=1), encoding="utf-8")
        elif fmt == "parquet":
            out.mkdir(parents=True, exist_ok=True)
            for t in TABLES:
                self.store.con.execute(f"COPY {t} TO '{(out / (t + '.parquet')).as_posix()}' (FORMAT parquet)")
        elif fmt == "parquet-partitioned":
            from .parquet_out import write_partitioned

            write_partitioned(self, out)
        else:
            raise NewstraceError(f"unknown export format {fmt!r}: use json, parquet or parquet-partitioned")
        return out
