"""Tests of the timeline stage: one hand-written sentence per construction, plus a
TempEval-3 value-F1 floor measured on the shared evaluation data (never copied here)."""

from __future__ import annotations

import time
from datetime import date

import pytest
from conftest import EVAL

from newstrace.model import TimeExpression
from newstrace.timeline import extract_times

PUB = date(2023, 11, 3)  # a Friday; ISO week 44
TEMPEVAL = EVAL / "tempeval3"


def times(text: str, published: date | None = PUB) -> list[TimeExpression]:
    found = extract_times("a1", text, published)
    for t in found:  # offsets always slice the text
        assert text[t.start:t.end] == t.text
        assert t.article_id == "a1"
    return found


def only(text: str, published: date | None = PUB) -> TimeExpression:
    found = times(text, published)
    assert len(found) == 1, found
    return found[0]


def values(text: str, published: date | None = PUB) -> dict[str, str | None]:
    return {t.text: t.value for t in times(text, published)}


# ---------------------------------------------------------------- the brief's examples


def test_bare_month_day_takes_the_nearest_year() -> None:
    t = only("Hamas attacked on October 7, the ministry said.")
    assert (t.text, t.type, t.value, t.anchored) == ("October 7", "DATE", "2023-10-07", True)


def test_last_weekday_last_month_last_week() -> None:
    assert values("He arrived last Tuesday.") == {"last Tuesday": "2023-10-31"}
    assert values("Prices rose last month.") == {"last month": "2023-10"}
    assert values("The talks failed last week.") == {"last week": "2023-W43"}


# ------------------------------------------------------------------------ absolute dates


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("The law was passed on May 10, 2018, in Paris.", "May 10, 2018", "2018-05-10"),
        ("Filed 2023-11-03 in Paris.", "2023-11-03", "2023-11-03"),
        ("It opened on 7 October 2023.", "7 October 2023", "2023-10-07"),
        ("Sales fell in June 2023.", "June 2023", "2023-06"),
        ("The firm was founded in 1998.", "1998", "1998"),
        ("It was popular in the 1990s.", "the 1990s", "199"),
        ("He ruled in the late 1970s.", "the late 1970s", "197"),
        ("A 20th century idea.", "20th century", "19"),
        ("It began in nineteen ninety-six.", "nineteen ninety-six", "1996"),
        ("Profit rose in the third quarter of 2022.", "the third quarter of 2022", "2022-Q3"),
    ],
)
def test_absolute_dates(text: str, expr: str, value: str) -> None:
    assert values(text) == {expr: value}


def test_absolute_dates_do_not_need_a_publication_date() -> None:
    t = only("The law was passed on May 10, 2018.", published=None)
    assert (t.value, t.anchored) == ("2018-05-10", False)


def test_numbers_that_are_not_years() -> None:
    assert times("The company hired 1998 workers and paid $2000.") == []


# ------------------------------------------------------------------------ relative dates


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("The minister resigned on Tuesday.", "Tuesday", "2023-10-31"),
        ("Officials met Friday.", "Friday", "2023-11-03"),
        ("The minister will travel to Cairo on Tuesday.", "Tuesday", "2023-11-07"),
        ("They will meet next Tuesday.", "next Tuesday", "2023-11-07"),
        ("The strike began yesterday.", "yesterday", "2023-11-02"),
        ("Markets closed higher today.", "today", "2023-11-03"),
        ("Elections are due next year.", "next year", "2024"),
        ("The summit is planned for next month.", "next month", "2023-12"),
        ("The ceasefire collapsed in June.", "June", "2023-06"),
        ("The talks will resume in December.", "December", "2023-12"),
        ("The bridge was closed two weeks ago.", "two weeks ago", "2023-W42"),
        ("He was arrested three days ago.", "three days ago", "2023-10-31"),
        ("Earlier this month the army said so.", "Earlier this month", "2023-11"),
        ("Inflation slowed over the past year.", "the past year", "2022"),
        ("Output rose this year.", "this year", "2023"),
        ("Results for the third quarter beat forecasts.", "the third quarter", "2023-Q3"),
        ("Voters stay home this summer.", "this summer", "2023-SU"),
        ("Gas prices soared last weekend.", "last weekend", "2023-W43-WE"),
    ],
)
def test_relative_dates(text: str, expr: str, value: str) -> None:
    assert values(text) == {expr: value}


def test_tense_decides_weekdays_months_and_month_days() -> None:
    # the future cue is found across an initial ("P. Davison"), which ends no sentence
    assert values("The board will name Daniel P. Davison chairman on Feb. 1.") == {
        "Feb. 1": "2024-02-01"}
    assert values("Prices had fallen sharply by Feb. 1.") == {"Feb. 1": "2023-02-01"}
    # a past plan is no future
    assert values("The vote was scheduled to take place Tuesday.") == {"Tuesday": "2023-10-31"}
    # deadlines take the nearer month, ahead on a tie
    assert values("The loan must be repaid by February.") == {"February": "2024-02"}
    assert values("Sales rose this year through August.") == {
        "this year": "2023", "August": "2023-08"}


def test_vague_references() -> None:
    assert values("Prices are now falling.") == {"now": "PRESENT_REF"}
    assert values("The rebels recently seized the town.") == {"recently": "PAST_REF"}
    assert values("A deal is expected soon.") == {"soon": "FUTURE_REF"}
    assert values("Leave as soon as possible.") == {}


def test_quarter_year_earlier_follows_the_last_quarter_mentioned() -> None:
    found = values("Profit rose in the third quarter from $5 million a year earlier.")
    assert found == {"the third quarter": "2023-Q3", "a year earlier": "2022-Q3"}


# ------------------------------------------------------------------------- times of day


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("The rally starts at 3 p.m.", "3 p.m.", "2023-11-03T15:00"),
        ("Shots were heard this morning.", "this morning", "2023-11-03TMO"),
        ("The president speaks tonight.", "tonight", "2023-11-03TNI"),
        ("The blast came last night.", "last night", "2023-11-02TNI"),
        ("Polls closed at 10 p.m. Wednesday.", "10 p.m. Wednesday", "2023-11-01T22:00"),
    ],
)
def test_times(text: str, expr: str, value: str) -> None:
    t = only(text)
    assert (t.text, t.type, t.value) == (expr, "TIME", value)


# --------------------------------------------------------------------- durations and sets


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("The siege lasted three days.", "three days", "P3D"),
        ("Power was cut for 24 hours.", "24 hours", "PT24H"),
        ("It took a decade to rebuild.", "a decade", "P10Y"),
        ("Unemployment fell over the past two months.", "the past two months", "P2M"),
        ("They fought for several years.", "several years", "PXY"),
        ("He served 2 1/2 years in jail.", "2 1/2 years", "P2Y6M"),
        ("A five-year plan.", "five-year", "P5Y"),
    ],
)
def test_durations(text: str, expr: str, value: str) -> None:
    t = only(text)
    assert (t.text, t.type, t.value, t.anchored) == (expr, "DURATION", value, False)


def test_rates_and_ages_are_not_durations() -> None:
    assert times("It saves $500 million a year.") == []
    assert times("Mr. Smith, 52 years old, resigned.") == []


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("Trains leave every week.", "every week", "P1W"),
        ("The paper is published daily.", "daily", "XXXX-XX-XX"),
        ("Flights depart each Thursday.", "each Thursday", "XXXX-WXX-4"),
    ],
)
def test_sets(text: str, expr: str, value: str) -> None:
    t = only(text)
    assert (t.text, t.type, t.value) == (expr, "SET", value)


def test_adjectival_frequency_words_are_not_sets() -> None:
    assert times("It raised its quarterly dividend and its daily output.") == []


# --------------------------------------------------------------------- no publication date


def test_without_publication_date_relative_values_are_none() -> None:
    found = times("He left last Tuesday and returns on May 10, 2018, for three days.",
                  published=None)
    got = {t.text: (t.value, t.anchored) for t in found}
    assert got == {
        "last Tuesday": (None, True),
        "May 10, 2018": ("2018-05-10", False),
        "three days": ("P3D", False),
    }


def test_offsets_slice_the_text_in_a_longer_passage() -> None:
    text = ("GAZA, Nov. 3 -- Israeli forces pressed on Friday, a day after the army said "
            "it had encircled the city.\n\nSince October 7, more than 9,000 people have died, "
            "officials said. Talks are set to resume next week, and aid may arrive within "
            "48 hours.")
    found = times(text)
    assert [t.text for t in found] == [
        "Nov. 3", "Friday", "a day", "October 7", "next week", "48 hours"]
    assert found[0].value == "2023-11-03"
    assert found[-2].value == "2023-W45"


def test_long_repetitive_text_stays_fast() -> None:
    text = "Friday, the 1990s and the past three days. " * 2000  # ~90,000 characters
    started = time.perf_counter()
    found = extract_times("a1", text, PUB)
    assert len(found) == 6000
    assert time.perf_counter() - started < 5


# ------------------------------------------------------------------------ TempEval-3 floor


@pytest.mark.skipif(not TEMPEVAL.is_dir(), reason=f"{TEMPEVAL} (TempEval-3 gold) is absent")
def test_tempeval3_value_f1_floor() -> None:
    from newstrace.evaluation.tempeval import evaluate

    started = time.perf_counter()
    result = evaluate(sorted(TEMPEVAL.glob("*.jsonl")))
    assert result["documents"] == 256
    # measured: relaxed-span F1 0.93, value F1 0.80 (TimeBank + AQUAINT)
    assert result["relaxed"]["f1"] >= 0.91
    assert result["value"]["f1"] >= 0.78
    assert time.perf_counter() - started < 20
