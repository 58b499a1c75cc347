"""Acceptance on the two real seed reports in ../shared/seeds (read from there, never copied)."""

from __future__ import annotations

import pytest



def _articles(nt):
    rows = nt.store.rows("SELECT * FROM articles ORDER BY origin")
    assert len(rows) == 2
    return rows


def test_both_seed_articles_are_one_story(seeds_store):
    assert len(seeds_store.stories()) == 1
    assert seeds_store.stories()[0]["articles"] == 2


def test_first_seed_date_and_clean_text(seeds_store):
    first, second = _articles(seeds_store)
    assert str(first["published"]) == "2023-11-03"
    assert first["title"].startswith("Russia's Wagner group sets to deliver")
    for a in (first, second):
        assert "Most Popular" not in a["text"] and "read more" not in a["text"]
        assert "(File Photo" not in a["text"] and "AP Photo" not in a["text"]
    assert "Home World" not in first["text"]


def _claims_of(nt, article_id):
    return nt.store.rows("SELECT * FROM claims WHERE article_id = ?", [article_id])


@pytest.mark.parametrize("index,outlet", [(0, "New York Post"), (1, "Wall Street Journal")])
def test_sa22_report_attributed_to_cited_outlet(seeds_store, index, outlet):
    article = _articles(seeds_store)[index]
    claims = _claims_of(seeds_store, article["id"])
    hits = [c for c in claims if "SA-22" in c["content_text"] and any(outlet in x for x in c["chain"])]
    assert hits, [(c["content_text"][:60], c["chain"]) for c in claims]


def test_october_7_resolves(seeds_store):
    first = _articles(seeds_store)[0]
    values = {t["text"]: t["value"] for t in seeds_store.store.rows("SELECT * FROM times WHERE article_id = ?", [first["id"]])}
    assert values.get("October 7") == "2023-10-07"


def test_aliases_merge_across_the_two_reports(seeds_store):
    ents = seeds_store.store.rows(
        "SELECT e.name, list(DISTINCT m.text) AS names, count(DISTINCT m.article_id) AS n"
        " FROM mentions m JOIN entity_keys USING (entity_key) JOIN entities e ON e.id = entity_id GROUP BY e.id, e.name"
    )
    by_name = {n: e for e in ents for n in e["names"]}
    sa22 = by_name["SA-22"]
    assert {"Pantsir-S1", "Pantsir"} <= set(sa22["names"]) and sa22["n"] == 2
    assert by_name["Wagner"] is by_name["Wagner Group"]


def test_every_stored_span_slices_the_clean_text(seeds_store):
    texts = {a["id"]: a["text"] for a in _articles(seeds_store)}
    st = seeds_store.store
    for table, cols in (("mentions", ("start_char", "end_char", "text")), ("times", ("start_char", "end_char", "text"))):
        for r in st.rows(f"SELECT article_id, {', '.join(cols)} FROM {table}"):
            assert texts[r["article_id"]][r["start_char"]:r["end_char"]] == r["text"], (table, r)
    for r in st.rows("SELECT * FROM claims"):
        for part in ("content", "source", "cue"):
            if r[f"{part}_start"] is not None:
                assert texts[r["article_id"]][r[f"{part}_start"]:r[f"{part}_end"]] == r[f"{part}_text"]
