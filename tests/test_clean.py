"""Cleaning crawled text: navigation, captions and page furniture go, with a recorded reason."""

from __future__ import annotations

from newstrace.clean import clean, paragraph_spans
from newstrace.model import RawDocument, Rejection

CRAWLED = """ date 2026-03-14 Home World

Bridge at Osk closed after cracks found: ministry

Engineers examine the bridge at Osk on March 12, 2026. (File Photo | Meridian Wire)

The transport ministry closed the Osk bridge on Friday after engineers found cracks, officials said.

Engineers examine the bridge at Osk on March 12, 2026. (File Photo | Meridian Wire)

Repairs could take six weeks, the ministry said in a statement.

Most Popular
read more:
Share this article
"""


def test_crawled_text_is_cleaned():
    a = clean(RawDocument("x.txt", "text", CRAWLED))
    assert not isinstance(a, Rejection)
    assert a.title == "Bridge at Osk closed after cracks found: ministry"
    assert str(a.published) == "2026-03-14" and a.date_source == "header"
    assert "File Photo" not in a.text and "Most Popular" not in a.text and "read more" not in a.text
    assert a.text.startswith(a.title + "\n\n")
    reasons = sorted(r.reason for r in a.removed)
    assert reasons == ["boilerplate", "boilerplate", "boilerplate", "navigation", "photo caption", "photo caption"]


def test_cleaning_is_idempotent_on_its_output():
    a = clean(RawDocument("x.txt", "text", CRAWLED))
    b = clean(RawDocument("y.txt", "text", a.text))
    assert b.text == a.text and b.id == a.id


def test_paragraph_spans_slice_the_text():
    a = clean(RawDocument("x.txt", "text", CRAWLED))
    spans = paragraph_spans(a.text)
    assert a.text[spans[0][0]:spans[0][1]] == a.title
    assert all("\n" not in a.text[s:e] for s, e in spans)


def test_title_given_by_metadata_is_not_repeated_in_body():
    a = clean(RawDocument("x.html", "html", "Storm hits Osk\nThe storm hit Osk on Monday, officials said.", title="Storm hits Osk"))
    assert a.text == "Storm hits Osk\n\nThe storm hit Osk on Monday, officials said."


def test_nothing_left_is_rejected():
    r = clean(RawDocument("x.txt", "text", "Most Popular\nread more:\n"))
    assert isinstance(r, Rejection) and r.stage == "clean"


def test_link_headlines_after_most_popular_go_and_the_article_resumes():
    crawled = (
        "Harbour reopens after storm\n\nThe harbour at Tarsk reopened on Monday, the port authority said.\n\n"
        "Most Popular\nFerry fares to rise in spring\nNew mayor sworn in at Lunetta\n\n"
        "Fishing boats returned to the quay by the afternoon, and the first cargo ship docked at dusk.\n"
    )
    a = clean(RawDocument("x.txt", "text", crawled))
    assert "Ferry fares" not in a.text and "New mayor" not in a.text
    assert "the first cargo ship docked at dusk." in a.text  # a real paragraph ends the link list
    assert [r.reason for r in a.removed] == ["boilerplate", "link list after 'Most Popular'",
                                             "link list after 'Most Popular'"]
