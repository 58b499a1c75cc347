"""Conflicts between reports, end to end on small fictional articles written for these tests."""

from __future__ import annotations

from pathlib import Path

from newstrace import NewsTrace

LEDGER = """---
outlet: The Harbor Ledger
date: 2026-05-04
---
Contractor hands jammers to brigade, officials say

LOMEN - Twelve Korsak-7 jamming units were delivered to the {recipient} on Saturday, two officials at the interior ministry said.

The officials said the Korsak-7 units crossed the Drennet river at Osk before dawn. Torvane Risk Solutions, the contractor, did not respond to a request for comment.
"""

POST = """---
outlet: The Lomen Evening Post
date: 2026-05-04
---
Jammers went to northern militia, ministry source says

LOMEN - The Korsak-7 jammers moved by Torvane Risk Solutions were handed to the Orlan Front on Saturday, a senior interior ministry official said.

The official said the Korsak-7 convoy crossed the Drennet river at Osk before dawn and that the ministry had opened an inquiry into the contractor.
"""


def _conflicts(tmp_path: Path, recipient: str) -> list:
    folder = tmp_path / recipient.replace(" ", "-")
    folder.mkdir()
    (folder / "ledger.txt").write_text(LEDGER.format(recipient=recipient), encoding="utf-8")
    (folder / "post.txt").write_text(POST, encoding="utf-8")
    with NewsTrace(tmp_path / f"{folder.name}.duckdb") as nt:
        nt.analyze([folder])
        (story,) = nt.stories()
        return nt.story(story["id"]).comparison.conflicts_found


def test_different_recipients_of_the_same_thing_are_a_name_conflict(tmp_path: Path) -> None:
    (conflict,) = [c for c in _conflicts(tmp_path, "Velmar Brigade") if c.kind == "name"]
    assert conflict.subject == "Korsak-7 transferred to"
    assert sorted(conflict.values) == ["Orlan Front", "Velmar Brigade"]
    assert all(len(reports) == 1 for reports in conflict.values.values())


def test_name_conflict_on_the_story_page_and_its_json_twin(tmp_path: Path) -> None:
    import warnings

    with warnings.catch_warnings():  # starlette 1.x suggests httpx2; httpx 0.28 (locked) works
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from newstrace.web.app import create_app

    _conflicts(tmp_path, "Velmar Brigade")
    with TestClient(create_app(tmp_path / "Velmar-Brigade.duckdb")) as client, NewsTrace(
            tmp_path / "Velmar-Brigade.duckdb", read_only=True) as nt:
        sid = nt.stories()[0]["id"]
        data = client.get(f"/story/{sid}.json").json()
        (name,) = [c for c in data["conflicts"] if c["kind"] == "name"]
        assert name["note"] == "Korsak-7 transferred to: Orlan Front vs Velmar Brigade"
        assert [v["value"] for v in name["values"]] == ["Orlan Front", "Velmar Brigade"]
        page = client.get(f"/story/{sid}").text
        assert "Korsak-7 transferred to" in page and "Orlan Front" in page


def test_the_same_recipient_in_other_words_is_no_conflict(tmp_path: Path) -> None:
    assert [c for c in _conflicts(tmp_path, "Orlan Front") if c.kind == "name"] == []


# --- the conflict rules on hand-made claims (no parse needed) ---------------------------------

def _claim(article_id: str, text: str, n: int = 0):
    from newstrace.model import Certainty, Claim, Span

    return Claim(id=f"{article_id}-c{n}", article_id=article_id, sentence_index=n, cue=None,
                 content=Span(article_id, 0, len(text), text), source=None, source_name=None,
                 kind="indirect", certainty=Certainty.ASSERTED)


def _located(article_id: str, text: str, word: str, key: str):
    from newstrace.compare import Located

    start = text.index(word)
    return Located(article_id, start, start + len(word), key, word)


def _compare(texts: dict[str, str], entities: dict[str, str], times: dict[str, tuple[str, str]] | None = None):
    import re

    from newstrace.compare import Located, compare_story

    articles = [{"id": aid, "outlet": f"Outlet {aid}", "duplicate_of": None} for aid in texts]
    claims = [_claim(aid, text) for aid, text in texts.items()]
    mentions = sorted((Located(aid, m.start(), m.end(), key, word) for aid, text in texts.items()
                       for word, key in entities.items() for m in re.finditer(re.escape(word), text)),
                      key=lambda m: (m.article_id, m.start))
    located_times = [_located(aid, texts[aid], words, value) for aid, (words, value) in (times or {}).items()]
    return compare_story(articles, claims, mentions, located_times).conflicts_found


def test_counts_conflict_but_ages_and_clock_times_do_not() -> None:
    found = _compare({"a": "Police said 12 Valdorian soldiers were held", "b": "Police said 9 Valdorian soldiers were held"},
                     {"Valdorian": "valdoria"})
    assert [(c.kind, sorted(c.values)) for c in found] == [("number", ["12", "9"])]
    assert _compare({"a": "the governor, who died at 75 Marnak said", "b": "the governor, who died at 76 Marnak said"},
                    {"Marnak": "marnak"}) == []
    assert _compare({"a": "he died at 0241 GMT Friday", "b": "he died at 02:41 GMT Friday"}, {"GMT": "gmt"}) == []


def test_one_report_giving_two_numbers_counts_two_things() -> None:
    found = _compare({"a": "pirates seized 2 Yemeni boats and 22 Yemeni fishermen", "b": "pirates seized 22 Yemeni fishermen"},
                     {"Yemeni": "yemen"})
    assert found == []


def test_same_words_dated_apart_by_publication_dates_are_no_conflict() -> None:
    text = "Rask was fired last Thursday by the firm"
    found = _compare({"a": text, "b": text}, {"Rask": "rask"},
                     {"a": ("last Thursday", "2026-04-02"), "b": ("last Thursday", "2026-04-09")})
    assert found == []
    found = _compare({"a": "Rask was fired on Thursday by the firm", "b": "Rask was fired on Friday by the firm"},
                     {"Rask": "rask"}, {"a": ("Thursday", "2026-04-02"), "b": ("Friday", "2026-04-03")})
    assert [(c.kind, sorted(c.values)) for c in found] == [("date", ["2026-04-02", "2026-04-03"])]
