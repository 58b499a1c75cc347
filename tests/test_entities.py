"""Entity aliases: what must merge, and the merges that would make one entity of several."""

from __future__ import annotations

from newstrace.entities import ALIAS_CUE, _is_proper, extract_entities, resolve
from newstrace.model import Article, EntityType, Span
from newstrace.nlp import parse


def _local(text: str) -> list[tuple[str, EntityType, list[tuple[str, Span]]]]:
    article = Article(id=f"a{abs(hash(text)) % 10**8}", origin="t", text=text, title=text.split("\n")[0],
                      outlet=None, url=None, published=None, date_source=None, language="en", removed=[])
    mentions, aliases = extract_entities(article, parse(text))
    types = {m.entity_key: m.type for m in mentions}
    names: dict[str, list[tuple[str, Span]]] = {}
    for key, alias, span in aliases:
        names.setdefault(key, []).append((alias, span))
    return [(key, types[key], names[key]) for key in names if key in types]


def test_a_surname_shared_by_two_people_in_one_article_joins_neither() -> None:
    local = _local("Senators meet\n\nHillary Clinton met voters in Ohio on Monday. Bill Clinton spoke in Iowa. "
                   "Clinton said the campaign was going well.")
    full = [{a for a, _ in names} for _, _, names in local if any(" " in a for a, _ in names)]
    assert not any({"Hillary Clinton", "Bill Clinton"} <= names for names in full)


def test_descriptions_are_not_names_and_do_not_merge_people() -> None:
    assert not _is_proper("Republican presidential nominee") and not _is_proper("Romney confidant")
    assert _is_proper("Bank of England") and _is_proper("Torvane Risk Solutions") and _is_proper("SA-22")
    span = Span("x", 0, 1, "x")
    local = [("k1", EntityType.PERSON, [("Ted Cruz", span), ("Republican presidential candidate", span)]),
             ("k2", EntityType.PERSON, [("Donald Trump", span), ("Republican presidential candidate", span)])]
    _, key_to_id = resolve(local)
    assert key_to_id["k1"] != key_to_id["k2"]


def test_known_as_names_the_thing_before_it_only_after_a_comma_or_is() -> None:
    assert ALIAS_CUE.match(" system is also known as ") and ALIAS_CUE.match(", also known as the ")
    assert not ALIAS_CUE.match(" won two states in the contests known as ")
    local = _local("Field trial\n\nMarta Klee, who tested the jammer known as KR-7, spoke to reporters in Dorn.")
    assert any("KR-7" in {a for a, _ in names} for _, _, names in local)
    assert not [names for _, _, names in local if {"Marta Klee", "KR-7"} <= {a for a, _ in names}]


def test_a_bare_surname_joins_the_full_name_that_dominates_it() -> None:
    span = Span("x", 0, 1, "x")
    local = [(f"full{i}", EntityType.PERSON, [("Mira Telgaard", span), ("Telgaard", span)]) for i in range(5)]
    local += [("other", EntityType.PERSON, [("Anders Telgaard", span), ("Telgaard", span)])]
    local += [("bare", EntityType.PERSON, [("Telgaard", span)])]
    _, key_to_id = resolve(local)
    assert key_to_id["bare"] == key_to_id["full0"] != key_to_id["other"]
    local[-2] = ("other", EntityType.PERSON, [("Anders Telgaard", span), ("Telgaard", span)])
    local += [(f"other{i}", EntityType.PERSON, [("Anders Telgaard", span), ("Telgaard", span)]) for i in range(4)]
    _, key_to_id = resolve(local)  # now two full names share the surname: the bare one stays apart
    assert key_to_id["bare"] not in (key_to_id["full0"], key_to_id["other"])


def test_a_dateline_does_not_make_the_city_the_agency() -> None:
    local = _local("Port reopens\n\nLONDON (AP) — The port of Tarsk reopened on Monday, officials said.")
    names = [{a for a, _ in n} for _, _, n in local]
    assert {"LONDON"} in names and {"AP"} in names  # two entities, not one
