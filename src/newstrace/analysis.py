"""Per-article analysis: one spaCy parse, then every per-article stage over it.

Stages are plain functions ``(article, doc) -> items``; this module only runs them in order
and gathers their output into an ``Analysis``.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from .claims import extract_claims
from .clean import paragraph_spans
from .dedup import paragraph_hash
from .entities import extract_entities
from .model import Analysis, Article, Sentence, TimeExpression
from .timeline import extract_times


def segment(article: Article, doc: Doc) -> list[Sentence]:
    """Sentences with character offsets (surrounding white space trimmed) and their paragraph."""
    paragraphs = paragraph_spans(article.text)
    out: list[Sentence] = []
    p = 0
    for sent in doc.sents:
        text = sent.text
        start = sent.start_char + (len(text) - len(text.lstrip()))
        end = sent.end_char - (len(text) - len(text.rstrip()))
        if end <= start:
            continue
        while p + 1 < len(paragraphs) and start >= paragraphs[p + 1][0]:
            p += 1
        out.append(Sentence(article.id, len(out), start, end, p, is_title=(p == 0)))
    return out


def paragraphs_with_hashes(article: Article) -> list[tuple[int, int, str]]:
    return [(s, e, paragraph_hash(article.text[s:e])) for s, e in paragraph_spans(article.text)]


def analyse(article: Article, doc: Doc) -> Analysis:
    mentions, aliases = extract_entities(article, doc)
    times = extract_times(article.id, article.text, article.published)
    if article.published is None:
        article.published_after = latest_mentioned_day(times)
    return Analysis(
        article=article,
        sentences=segment(article, doc),
        mentions=mentions,
        aliases=aliases,
        claims=extract_claims(article, doc),
        times=times,
    )


def latest_mentioned_day(times: list[TimeExpression]) -> date | None:
    """The latest full calendar date an article mentions on its own (not relative to anything):
    an undated article was published on or after it."""
    days = []
    for t in times:
        if t.type == "DATE" and not t.anchored and t.value and len(t.value) == 10:
            try:
                days.append(date.fromisoformat(t.value))
            except ValueError:
                continue
    return max(days, default=None)
