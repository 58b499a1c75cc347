"""The DuckDB store: the one place every output (CLI, report, web, export) reads from.

Each batch of articles and everything derived from them is written in a single transaction, so
a crash mid-run leaves whole articles or nothing of them: re-running the same input then adds
only what is missing. Ids are content hashes, so re-ingesting the same input adds nothing twice.
Corpus-wide results that are recomputed as a whole (resolved entities) are replaced in one
transaction too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from .errors import NewstraceError
from .model import (
    Analysis, Certainty, Claim, DuplicateLink, Entity, EntityType, Rejection, RunSummary, Span,
)

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY, origin VARCHAR, outlet VARCHAR, url VARCHAR, title VARCHAR,
    published DATE, date_source VARCHAR, language VARCHAR, text VARCHAR, ingested_at TIMESTAMP,
    published_after DATE
);
CREATE TABLE IF NOT EXISTS removed_lines (article_id VARCHAR, idx INTEGER, text VARCHAR, reason VARCHAR);
CREATE TABLE IF NOT EXISTS paragraphs (
    article_id VARCHAR, idx INTEGER, start_char INTEGER, end_char INTEGER, hash VARCHAR
);
CREATE TABLE IF NOT EXISTS sentences (
    article_id VARCHAR, idx INTEGER, start_char INTEGER, end_char INTEGER, paragraph INTEGER, is_title BOOLEAN
);
CREATE TABLE IF NOT EXISTS mentions (
    article_id VARCHAR, start_char INTEGER, end_char INTEGER, text VARCHAR, type VARCHAR, entity_key VARCHAR
);
CREATE TABLE IF NOT EXISTS aliases (
    article_id VARCHAR, entity_key VARCHAR, alias VARCHAR, start_char INTEGER, end_char INTEGER
);
CREATE TABLE IF NOT EXISTS claims (
    id VARCHAR PRIMARY KEY, article_id VARCHAR, sentence_index INTEGER, kind VARCHAR, certainty VARCHAR,
    source_name VARCHAR, source_start INTEGER, source_end INTEGER, source_text VARCHAR,
    cue_start INTEGER, cue_end INTEGER, cue_text VARCHAR,
    content_start INTEGER, content_end INTEGER, content_text VARCHAR,
    chain VARCHAR[], parent_id VARCHAR, hedges VARCHAR[]
);
CREATE TABLE IF NOT EXISTS times (
    article_id VARCHAR, start_char INTEGER, end_char INTEGER, text VARCHAR, type VARCHAR,
    value VARCHAR, anchored BOOLEAN
);
CREATE TABLE IF NOT EXISTS signatures (article_id VARCHAR PRIMARY KEY, minhash BLOB);
CREATE TABLE IF NOT EXISTS duplicates (
    article_id VARCHAR PRIMARY KEY, duplicate_of VARCHAR, similarity DOUBLE, exact BOOLEAN
);
CREATE TABLE IF NOT EXISTS story_features (article_id VARCHAR PRIMARY KEY, features VARCHAR);
CREATE TABLE IF NOT EXISTS story_articles (article_id VARCHAR PRIMARY KEY, story_id VARCHAR);
CREATE TABLE IF NOT EXISTS entities (id VARCHAR PRIMARY KEY, name VARCHAR, type VARCHAR);
CREATE TABLE IF NOT EXISTS entity_keys (entity_key VARCHAR PRIMARY KEY, entity_id VARCHAR);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY, started TIMESTAMP, finished TIMESTAMP, inputs VARCHAR[],
    read INTEGER, stored INTEGER, already_known INTEGER, rejected INTEGER, duplicates INTEGER
);
CREATE TABLE IF NOT EXISTS rejections (run_id INTEGER, origin VARCHAR, stage VARCHAR, reason VARCHAR);
"""

#: Tables exported as-is (in this order), each one a flat relation.
TABLES = (
    "articles", "removed_lines", "paragraphs", "sentences", "mentions", "aliases", "entities",
    "entity_keys", "claims", "times", "duplicates", "story_articles", "runs", "rejections",
)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Store:
    """A newstrace DuckDB database file (created on first use)."""

    def __init__(self, path: str | Path = "newstrace.duckdb", read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise NewstraceError(f"{self.path}: no newstrace store here; run `newstrace analyze` first")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise NewstraceError(f"{self.path}: cannot open the store: {exc}") from exc
        if not read_only:
            self.con.execute(SCHEMA)
            self.con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
            )

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- generic reads -------------------------------------------------------------------------

    def rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, params or [])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    def scalar(self, sql: str, params: list[Any] | None = None) -> Any:
        row = self.con.execute(sql, params or []).fetchone()
        return row[0] if row else None

    def counts(self) -> dict[str, int]:
        return {t: self.scalar(f"SELECT count(*) FROM {t}") for t in TABLES}

    # --- writes ----------------------------------------------------------------------------------

    def known_ids(self, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        rows = self.con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [ids]).fetchall()
        return {r[0] for r in rows}

    def add_articles(self, records: list["ArticleRecord"]) -> None:
        """Write several articles and all their derived rows in one transaction.

        One multi-row INSERT per table for the whole batch: per-row statements used to cost as
        much CPU as the spaCy parse. A crash leaves all of the batch or none of it.
        """
        if not records:
            return
        rows: dict[str, list[tuple]] = {t: [] for t in _ARTICLE_TABLES}
        now = _now()
        for i, r in enumerate(records):  # consecutive microseconds: ingestion order stays total
            _article_rows(r, now + timedelta(microseconds=i), rows)
        c = self.con
        c.begin()
        try:
            for table in _ARTICLE_TABLES:
                self._insert(table, rows[table])
            c.commit()
        except BaseException:
            c.rollback()
            raise

    #: Rows per multi-row INSERT: one statement per chunk costs far less than one per row.
    INSERT_CHUNK = 500

    def _insert(self, table: str, rows: list[tuple]) -> None:
        if not rows:
            return
        row_marks = "(" + ", ".join("?" * len(rows[0])) + ")"
        for start in range(0, len(rows), self.INSERT_CHUNK):
            chunk = rows[start:start + self.INSERT_CHUNK]
            params = [value for row in chunk for value in row]
            self.con.execute(f"INSERT INTO {table} VALUES {', '.join([row_marks] * len(chunk))}", params)

    def start_run(self, inputs: list[str]) -> int:
        run_id = (self.scalar("SELECT max(id) FROM runs") or 0) + 1
        self.con.execute(
            "INSERT INTO runs VALUES (?, ?, NULL, ?, 0, 0, 0, 0, 0)", [run_id, _now(), inputs]
        )
        return run_id

    def add_rejection(self, run_id: int, rejection: Rejection) -> None:
        self.con.execute(
            "INSERT INTO rejections VALUES (?, ?, ?, ?)",
            [run_id, rejection.origin, rejection.stage, rejection.reason],
        )

    def finish_run(self, run_id: int, summary: RunSummary) -> None:
        self.con.execute(
            "UPDATE runs SET finished = ?, read = ?, stored = ?, already_known = ?, rejected = ?,"
            " duplicates = ? WHERE id = ?",
            [_now(), summary.read, summary.stored, summary.already_known, summary.rejected_count,
             summary.duplicates, run_id],
        )

    def replace_entities(self, entities: list[Entity], key_to_id: dict[str, str]) -> None:
        c = self.con
        c.begin()
        try:
            c.execute("DELETE FROM entities")
            c.execute("DELETE FROM entity_keys")
            self._insert("entities", [(e.id, e.name, e.type.value) for e in entities])
            self._insert("entity_keys", sorted(key_to_id.items()))
            c.commit()
        except BaseException:
            c.rollback()
            raise

    # --- reads used to rebuild the in-memory indexes ---------------------------------------------

    def iter_signatures(self) -> Iterator[tuple[str, np.ndarray, str | None]]:
        cur = self.con.execute(
            "SELECT s.article_id, s.minhash, d.duplicate_of FROM signatures s"
            " LEFT JOIN duplicates d USING (article_id) JOIN articles a ON a.id = s.article_id"
            " ORDER BY a.ingested_at, s.article_id"
        )
        while batch := cur.fetchmany(1000):
            for aid, blob, dup in batch:
                yield aid, np.frombuffer(blob, dtype=np.uint64), dup

    def iter_story_features(self) -> Iterator[tuple[str, str, str]]:
        cur = self.con.execute(
            "SELECT f.article_id, f.features, s.story_id FROM story_features f"
            " JOIN story_articles s USING (article_id) JOIN articles a ON a.id = f.article_id"
            " ORDER BY a.ingested_at, f.article_id"
        )
        while batch := cur.fetchmany(1000):
            yield from batch

    def local_entities(self) -> list[tuple[str, EntityType, list[tuple[str, Span]]]]:
        """Article-local entities with their alias evidence, for cross-article resolution."""
        types = dict(
            self.con.execute(
                "SELECT entity_key, mode(type) FROM mentions GROUP BY entity_key"
            ).fetchall()
        )
        grouped: dict[str, list[tuple[str, Span]]] = {}
        for aid, key, alias, s, e in self.con.execute(
            "SELECT article_id, entity_key, alias, start_char, end_char FROM aliases"
            " ORDER BY article_id, start_char"
        ).fetchall():
            grouped.setdefault(key, []).append((alias, Span(aid, s, e, alias)))
        return [(k, EntityType(types.get(k, "THING")), v) for k, v in grouped.items()]


def _claim_row(c: Claim) -> tuple:
    def parts(span: Span | None) -> tuple:
        return (span.start, span.end, span.text) if span else (None, None, None)

    return (
        c.id, c.article_id, c.sentence_index, c.kind, c.certainty.value, c.source_name,
        *parts(c.source), *parts(c.cue), *parts(c.content), c.chain, c.parent_id, c.hedges,
    )


def claim_from_row(r: dict[str, Any]) -> Claim:
    def span(prefix: str) -> Span | None:
        if r[f"{prefix}_start"] is None:
            return None
        return Span(r["article_id"], r[f"{prefix}_start"], r[f"{prefix}_end"], r[f"{prefix}_text"])

    content = span("content")
    assert content is not None
    return Claim(
        id=r["id"], article_id=r["article_id"], sentence_index=r["sentence_index"],
        cue=span("cue"), content=content, source=span("source"), source_name=r["source_name"],
        kind=r["kind"], certainty=Certainty(r["certainty"]), chain=list(r["chain"] or []),
        parent_id=r["parent_id"], hedges=list(r["hedges"] or []),
    )


def dumps(obj: Any) -> str:
    return json.dumps(obj, default=str, ensure_ascii=False)


@dataclass(slots=True)
class ArticleRecord:
    """One article as the corpus-wide phase leaves it: analysis, duplicate link and story."""

    analysis: Analysis
    paragraphs: list[tuple[int, int, str]]
    signature: np.ndarray
    duplicate: DuplicateLink | None
    story_id: str
    story_features: str


#: Tables written for each article, in insert order.
_ARTICLE_TABLES = ("articles", "removed_lines", "paragraphs", "sentences", "mentions", "aliases", "claims",
                   "times", "signatures", "duplicates", "story_features", "story_articles")


def _article_rows(r: ArticleRecord, now: datetime, rows: dict[str, list[tuple]]) -> None:
    """Append the rows of every table that one article fills."""
    analysis = r.analysis
    a = analysis.article
    rows["articles"].append((a.id, a.origin, a.outlet, a.url, a.title, a.published, a.date_source, a.language,
                             a.text, now, a.published_after))
    rows["removed_lines"] += [(a.id, i, x.text, x.reason) for i, x in enumerate(a.removed)]
    rows["paragraphs"] += [(a.id, i, s, e, h) for i, (s, e, h) in enumerate(r.paragraphs)]
    rows["sentences"] += [(a.id, s.index, s.start, s.end, s.paragraph, s.is_title) for s in analysis.sentences]
    rows["mentions"] += [(a.id, m.start, m.end, m.text, m.type.value, m.entity_key) for m in analysis.mentions]
    rows["aliases"] += [(a.id, key, alias, ev.start, ev.end) for key, alias, ev in analysis.aliases]
    rows["claims"] += [_claim_row(cl) for cl in analysis.claims]
    rows["times"] += [(a.id, t.start, t.end, t.text, t.type, t.value, t.anchored) for t in analysis.times]
    rows["signatures"].append((a.id, r.signature.tobytes()))
    if r.duplicate:
        d = r.duplicate
        rows["duplicates"].append((d.article_id, d.duplicate_of, d.similarity, d.exact))
    rows["story_features"].append((a.id, r.story_features))
    rows["story_articles"].append((a.id, r.story_id))
