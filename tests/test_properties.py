"""Property tests (hypothesis): cleaning, spans, dedup, store round trip, and parser fuzzing."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings, strategies as st

from newstrace.analysis import analyse
from newstrace.clean import clean
from newstrace.dedup import DuplicateIndex, signature, similarity
from newstrace.ingest.html import read_html
from newstrace.ingest.jsonl import read_jsonl
from newstrace.ingest.text import read_text
from newstrace.ingest.warc import read_warc
from newstrace.limits import DEFAULT_LIMITS
from newstrace.model import Certainty, Claim, RawDocument, Rejection, Span
from newstrace.nlp import parse
from newstrace.store import Store, claim_from_row, _claim_row

SENTENCES = [
    "Officials in Osk said on Tuesday that the bridge would reopen next month.",
    "\"We are watching the depot closely,\" Tomas Vireck told the Harbor Ledger.",
    "According to two officials, the convoy crossed the river last week.",
    "The company denied moving any equipment, the Lomen Evening Post reported.",
    "Residents could be evacuated if the water keeps rising, the mayor warned.",
    "The Velmar Brigade, a northern militia, has held the hills since 2023.",
    "Prices rose 4 percent in March, according to the statistics office.",
]
JUNK = [
    "Most Popular", "read more:", "Share this article", " date 2026-03-14 Home World",
    "A convoy at Osk on March 10, 2026. (File Photo | Harbor Ledger)", "Subscribe to our newsletter",
]
lines = st.lists(st.sampled_from(SENTENCES + JUNK) | st.text(min_size=1, max_size=80), min_size=1, max_size=12)


@given(lines)
@settings(max_examples=200, deadline=None)
def test_cleaning_is_idempotent(parts: list[str]) -> None:
    first = clean(RawDocument("a", "text", "\n".join(parts)))
    if isinstance(first, Rejection):
        return
    second = clean(RawDocument("b", "text", first.text))
    assert not isinstance(second, Rejection)
    assert second.text == first.text


TITLES = ["Bridge at Osk to reopen, officials say", "Contractor denies moving jammers", "Flood fears rise in Osk"]


@given(st.lists(st.sampled_from(SENTENCES), min_size=2, max_size=6, unique=True), st.sampled_from(TITLES))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_span_slices_the_clean_text(body: list[str], title: str) -> None:
    art = clean(RawDocument("a", "text", title + "\n\n" + "\n\n".join(body)))
    assert not isinstance(art, Rejection)
    result = analyse(art, parse(art.text))
    for m in result.mentions:
        assert art.text[m.start:m.end] == m.text
    for t in result.times:
        assert art.text[t.start:t.end] == t.text
    for c in result.claims:
        for span in (c.content, c.source, c.cue):
            if span is not None:
                assert art.text[span.start:span.end] == span.text
    for s in result.sentences:
        assert 0 <= s.start < s.end <= len(art.text)


texts = st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6).map(" ".join)


@given(texts, texts)
@settings(max_examples=100, deadline=None)
def test_dedup_is_symmetric(a: str, b: str) -> None:
    sa, sb = signature(a), signature(b)
    assert similarity(sa, sb) == similarity(sb, sa)
    forward, backward = DuplicateIndex(), DuplicateIndex()
    forward.add("a", sa)
    backward.add("b", sb)
    assert (forward.add("b", sb) is None) == (backward.add("a", sa) is None)


spans = st.tuples(st.integers(0, 50), st.integers(0, 50)).map(sorted)


@given(
    content=spans, source=st.none() | spans, kind=st.sampled_from(["direct", "indirect", "headline"]),
    certainty=st.sampled_from(list(Certainty)), chain=st.lists(st.text(max_size=20), max_size=3),
    hedges=st.lists(st.text(max_size=10), max_size=3),
)
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_claim_store_round_trip(tmp_path_factory, content, source, kind, certainty, chain, hedges) -> None:
    text = "x" * 60
    def mk(se):
        return None if se is None else Span("art", se[0], se[1], text[se[0]:se[1]])
    claim = Claim(
        id="c1", article_id="art", sentence_index=0, cue=mk(source), content=mk(content),
        source=mk(source), source_name="Name" if source else None, kind=kind, certainty=certainty,
        chain=chain, parent_id=None, hedges=hedges,
    )
    store = Store(tmp_path_factory.mktemp("rt") / "s.duckdb")
    try:
        store._insert("claims", [_claim_row(claim)])
        (row,) = store.rows("SELECT * FROM claims")
        assert claim_from_row(row) == claim
    finally:
        store.close()


READERS = [read_text, read_html, read_jsonl, read_warc]


@given(st.binary(max_size=2000), st.sampled_from(READERS))
@settings(max_examples=300, deadline=None)
def test_parsers_never_raise_on_random_bytes(data: bytes, reader) -> None:
    for item in reader("fuzz", data, DEFAULT_LIMITS):
        assert isinstance(item, (RawDocument, Rejection))
        assert item.origin.startswith("fuzz")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(["text", "title", "published", "outlet", "url", "x"]), children, max_size=5),
    max_leaves=10,
)


@given(st.lists(json_values, max_size=5))
@settings(max_examples=200, deadline=None)
def test_jsonl_reader_on_random_records(records: list) -> None:
    data = "\n".join(json.dumps(r) for r in records).encode()
    items = list(read_jsonl("fuzz.jsonl", data, DEFAULT_LIMITS))
    assert all(isinstance(i, (RawDocument, Rejection)) for i in items)


@given(st.text(max_size=3000))
@settings(max_examples=150, deadline=None)
def test_html_reader_on_random_markup(markup: str) -> None:
    page = "<html><body><article><p>" + markup + "</p></article></body></html>"
    for item in read_html("fuzz.html", page.encode("utf-8", "surrogatepass"), DEFAULT_LIMITS):
        assert isinstance(item, (RawDocument, Rejection))
