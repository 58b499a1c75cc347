"""Attributed claims: hand-written constructions, the two seed articles, and PolNeAR floors.

The hand-written sentences are fictional. Seed texts are read from ../shared/seeds at test time
(never copied here); the PolNeAR test scores a slice of the dev split against floors set a
little under what the rules reach, so that a regression fails.
"""

from __future__ import annotations


import pytest
from conftest import SHARED

from newstrace.certainty import certainty_level, certainty_score
from newstrace.claims import extract_claims
from newstrace.model import Article, Certainty, Claim
from newstrace.nlp import parse

SEEDS = SHARED / "seeds"
POLNEAR_DEV = SHARED / "eval" / "polnear" / "dev"
CERTAINTY_DATA = SHARED / "eval" / "certainty" / "data" / "annotated_data" / "sentence-level-certainty.jsonl"

TITLE = "Harbour plan stirs debate"


def claims_of(*paragraphs: str, title: str = TITLE, outlet: str | None = "The Gazette") -> list[Claim]:
    text = "\n\n".join((title,) + paragraphs)
    article = Article(id=Article.make_id(text), origin="test", text=text, title=title, outlet=outlet)
    claims = extract_claims(article, parse(text))
    for c in claims:  # every span points at its own text
        for span in (c.content, c.cue, c.source):
            if span is not None:
                assert text[span.start: span.end] == span.text
    return claims


def by_cue(claims: list[Claim], cue: str) -> Claim:
    found = [c for c in claims if c.cue is not None and c.cue.text.lower().endswith(cue)]
    assert found, f"no claim with cue {cue!r} in {[c.cue.text for c in claims if c.cue]}"
    return found[0]


# ------------------------------------------------------------------------------------------
# constructions


def test_indirect_speech_with_that() -> None:
    c = by_cue(claims_of("Mayor Elena Varga said that the harbour would reopen in May."), "said")
    assert c.source_name == "Mayor Elena Varga"
    assert c.content.text == "that the harbour would reopen in May"
    assert c.kind == "indirect"
    assert c.chain == ["The Gazette", "Mayor Elena Varga"]


def test_direct_quote_with_reverse_order_and_pronoun() -> None:
    claims = claims_of(
        "Port director Tomas Rell visited the docks on Monday.",
        "“We will not let the fishermen down,” he said.",
    )
    c = by_cue(claims, "said")
    assert c.kind == "direct"
    assert c.content.text == "“We will not let the fishermen down,”"
    assert c.source is not None and c.source.text == "he"
    assert c.source_name == "Tomas Rell"  # the fullest earlier mention of that person


def test_reverse_order_outlet_report() -> None:
    c = by_cue(claims_of("The ferry company has cancelled its winter timetable, the Coast Herald reported."), "reported")
    assert c.source_name == "Coast Herald"
    assert c.content.text == "The ferry company has cancelled its winter timetable"


def test_inverted_reporting_verb() -> None:
    c = by_cue(claims_of("The crane will be dismantled next week, said Ana Moro."), "said")
    assert c.source_name == "Ana Moro"
    assert c.content.text.startswith("The crane will be dismantled")


def test_according_to_at_start_and_end() -> None:
    first = claims_of("According to the harbour authority, the pier is unsafe.")
    c = by_cue(first, "according to")
    assert c.source_name == "harbour authority"
    assert c.content.text == "the pier is unsafe"
    last = claims_of("The pier is unsafe, according to two engineers.")
    c = by_cue(last, "according to")
    assert c.source_name == "two engineers"
    assert c.content.text == "The pier is unsafe"


def test_quote_running_over_two_sentences_and_resuming() -> None:
    claims = claims_of(
        "“The vote is final,” Councillor Ida Brandt said. “Nobody can reverse it now.”",
        "“We tried,” she said, “and we failed.”",
    )
    first = by_cue(claims, "said")
    assert first.content.text == "“The vote is final,” Councillor Ida Brandt said. “Nobody can reverse it now.”"
    second = [c for c in claims if c.cue and c.cue.text == "said"][1]
    assert second.content.text == "“We tried,” she said, “and we failed.”"
    assert second.source_name == "Councillor Ida Brandt"  # the fullest earlier form of the name


def test_colon_introduces_the_quote() -> None:
    c = by_cue(claims_of("The union leader Piet Janssen told reporters: “This strike will go on.”"), "told")
    assert c.source_name == "union leader Piet Janssen"
    assert c.content.text == "“This strike will go on.”"


def test_nested_claim_has_parent_and_chain() -> None:
    claims = claims_of(
        "According to port officials, the new dredger has yet to arrive, the Coast Herald reported."
    )
    outer = by_cue(claims, "reported")
    inner = by_cue(claims, "according to")
    assert inner.parent_id == outer.id
    assert inner.chain == ["The Gazette", "Coast Herald", "port officials"]
    assert inner.content.text == "the new dredger has yet to arrive"
    assert inner.certainty is Certainty.DENIED
    assert "yet to" in inner.hedges


def test_belief_inside_report_is_possible() -> None:
    claims = claims_of(
        "The Coast Herald reported Friday that the ministry believes the storm could close the port."
    )
    outer = by_cue(claims, "reported")
    inner = by_cue(claims, "believes")
    assert inner.parent_id == outer.id
    assert inner.chain == ["The Gazette", "Coast Herald", "ministry"]
    assert inner.certainty is Certainty.POSSIBLE
    assert "could" in inner.hedges


def test_sourceless_attributions() -> None:
    claims = claims_of(
        "The mayor is reportedly unhappy with the plan.",
        "Two trawlers are thought to have sunk near the breakwater.",
    )
    reportedly = by_cue(claims, "reportedly")
    assert reportedly.source is None and reportedly.source_name is None
    assert reportedly.chain == ["The Gazette", "unnamed source"]
    assert reportedly.certainty is Certainty.POSSIBLE
    thought = by_cue(claims, "thought")
    assert thought.source is None
    assert thought.certainty is Certainty.PROBABLE


def test_noun_source_statement() -> None:
    c = by_cue(claims_of("The harbour will stay closed until spring, a statement said."), "said")
    assert c.source_name == "a statement"
    assert c.certainty is Certainty.ASSERTED


def test_stance_verb_with_noun_phrase_content() -> None:
    c = by_cue(claims_of("Councillor Ida Brandt called the decision a disgrace."), "called")
    assert c.source_name == "Councillor Ida Brandt"
    assert c.content.text == "the decision a disgrace"


def test_denial_cue() -> None:
    c = by_cue(claims_of("The company denied that it had polluted the bay."), "denied")
    assert c.certainty is Certainty.DENIED


def test_attribution_inside_a_quote_is_not_a_claim() -> None:
    claims = claims_of("“I think the plan is sound,” said Ana Moro.")
    assert [c.cue.text for c in claims if c.cue and c.kind != "headline"] == ["said"]


def test_headlines() -> None:
    suffix = claims_of("Body text follows here.", title="Storm set to hit the coast on Sunday: forecasters")
    head = suffix[0]
    assert head.kind == "headline" and head.source_name == "forecasters"
    assert head.content.text == "Storm set to hit the coast on Sunday"
    assert head.certainty is Certainty.ASSERTED
    prefix = claims_of("Body text follows here.", title="Report: Port may close for a month")
    assert prefix[0].source_name == "Report" and prefix[0].certainty is Certainty.POSSIBLE
    plain = claims_of("Body text follows here.", title="Fishermen rally at the harbour")
    assert plain[0].kind == "headline" and plain[0].source is None
    assert plain[0].chain == ["The Gazette"]


def test_ids_are_stable_and_unique() -> None:
    para = "Mayor Elena Varga said the harbour would reopen. The port chief said it would not."
    first = claims_of(para)
    again = claims_of(para)
    assert [c.id for c in first] == [c.id for c in again]
    assert len({c.id for c in first}) == len(first)


def test_outlet_unknown_heads_chain_with_this_article() -> None:
    c = by_cue(claims_of("Mayor Elena Varga said the harbour would reopen.", outlet=None), "said")
    assert c.chain == ["this article", "Mayor Elena Varga"]


@pytest.mark.parametrize("text", ["", "Hi", "Title only", "T\n\n", "Title\n\n“unclosed quote said he", "Title\n\n: said"])
def test_degenerate_texts_do_not_break(text: str) -> None:
    title = text.split("\n\n")[0]
    article = Article(id="x", origin="test", text=text, title=title)
    for c in extract_claims(article, parse(text)):
        assert text[c.content.start: c.content.end] == c.content.text


def test_orphan_quotation_is_an_unattributed_claim() -> None:
    claims = claims_of("The hall fell silent.", "“Nobody in this town will ever forget that night.”")
    orphan = [c for c in claims if c.kind == "unattributed" and c.cue is None]
    assert orphan and orphan[0].source is None
    assert orphan[0].chain == ["The Gazette", "unnamed source"]


def test_certainty_score_orders_hedged_below_plain() -> None:
    plain = certainty_score("The drug reduces deaths by 15%.")
    hedged = certainty_score("The drug may possibly reduce deaths by 15%.")
    assert 1.0 <= hedged < plain <= 6.0
    assert certainty_level("say", "the port will reopen")[0] is Certainty.ASSERTED
    assert certainty_level("say", "the port might reopen")[0] is Certainty.POSSIBLE
    assert certainty_level("believe", "the port reopens")[0] is Certainty.PROBABLE


# ------------------------------------------------------------------------------------------
# the seed articles (read from ../shared/seeds; never copied into the project)


def _is_navigation(line: str) -> bool:
    words = line.split()
    return len(words) < 4 or line.startswith("date ") or "Home" in words[:4] or line.endswith("more:")


def seed_article(prefix: str) -> Article:
    if not SEEDS.is_dir():
        pytest.skip(f"seed folder {SEEDS} is absent (shared data lives beside the checkout)")
    path = next(SEEDS.glob(f"{prefix}_*.txt"), None)
    if path is None:
        pytest.skip(f"no {prefix}_*.txt seed in {SEEDS}")
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    lines = [ln for ln in lines if not _is_navigation(ln)]
    title, body = lines[0], lines[1:]
    text = "\n\n".join([title] + body)
    return Article(id=path.stem, origin=str(path), text=text, title=title, outlet="Seed outlet")


@pytest.fixture(scope="module")
def seed0() -> tuple[Article, list[Claim]]:
    article = seed_article("000")
    return article, extract_claims(article, parse(article.text))


@pytest.fixture(scope="module")
def seed1() -> tuple[Article, list[Claim]]:
    article = seed_article("001")
    return article, extract_claims(article, parse(article.text))


def _spans_ok(article: Article, claims: list[Claim]) -> None:
    for c in claims:
        for span in (c.content, c.cue, c.source):
            if span is not None:
                assert article.text[span.start: span.end] == span.text


def test_seed0_chain_and_sources(seed0) -> None:
    article, claims = seed0
    _spans_ok(article, claims)
    assert article.title.startswith("Russia's Wagner group sets to deliver")
    sa22 = [c for c in claims if "SA-22" in c.content.text]
    assert any("New York Post" in c.chain for c in sa22)
    officials = [c for c in claims if c.source_name == "US officials"]
    assert officials and "SA-22" in officials[0].content.text
    assert officials[0].chain == ["Seed outlet", "New York Post", "US officials"]
    assert officials[0].certainty is Certainty.DENIED
    assert any(c.source_name == "a statement" for c in claims)


def test_seed0_headline_is_asserted(seed0) -> None:
    _, claims = seed0
    head = claims[0]
    assert head.kind == "headline"
    assert "sets to deliver" in head.content.text
    assert head.source_name == "US"
    assert head.certainty is Certainty.ASSERTED


def test_seed1_chain_sources_and_certainty(seed1) -> None:
    article, claims = seed1
    _spans_ok(article, claims)
    sa22 = [c for c in claims if "SA-22" in c.content.text]
    assert any("Wall Street Journal" in c.chain for c in sa22)
    could_send = [c for c in claims if "could send" in c.content.text and c.kind != "headline"]
    innermost = min(could_send, key=lambda c: len(c.content.text))
    assert "Wall Street Journal" in innermost.chain
    assert innermost.certainty is Certainty.POSSIBLE
    sources = {c.source_name for c in claims}
    assert {"Russia’s Foreign Ministry", "Moscow"} <= sources
    assert claims[0].kind == "headline" and claims[0].certainty is Certainty.POSSIBLE


# ------------------------------------------------------------------------------------------
# evaluation data (floors a little under what the rules reach; see the module docstrings)


def test_polnear_dev_floors() -> None:
    if not POLNEAR_DEV.is_dir():
        pytest.skip(f"PolNeAR dev split {POLNEAR_DEV} is absent")
    from newstrace.evaluation.polnear import evaluate

    result = evaluate(POLNEAR_DEV, limit=25)
    assert result["documents"] == 25
    assert result["content"]["f1"] >= CONTENT_FLOOR
    assert result["source"]["f1"] >= SOURCE_FLOOR
    assert result["cue"]["f1"] >= CUE_FLOOR


def test_certainty_correlation_floor() -> None:
    if not CERTAINTY_DATA.is_file():
        pytest.skip(f"certainty data {CERTAINTY_DATA} is absent")
    from newstrace.evaluation.certainty import evaluate

    result = evaluate(CERTAINTY_DATA)
    assert result["spearman"] >= 0.50


CONTENT_FLOOR = 0.63
SOURCE_FLOOR = 0.65
CUE_FLOOR = 0.64


def test_anonymity_conditions_and_answered_phones_are_not_claims() -> None:
    claims = claims_of(
        "The official, who asked not to be named because the inquiry is continuing, said the trucks were loaded at night.",
        "A man who answered the telephone at the depot said the manager was away.",
    )
    contents = [c.content.text for c in claims]
    assert not any("not to be named" in t or t == "the telephone" for t in contents)
    assert any(t.startswith("the trucks were loaded") for t in contents)
    assert any(t.startswith("the manager was away") for t in contents)


def test_a_dateline_is_not_the_source() -> None:
    (claim,) = [c for c in claims_of("TARSK — Officials at the port authority told reporters that the quay would reopen.")
                if c.kind != "headline" and c.source is not None]
    assert claim.source.text == "Officials at the port authority"
