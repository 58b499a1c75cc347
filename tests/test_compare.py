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


def test_the_same_recipient_in_other_words_is_no_conflict(tmp_path: Path) -> None:
    assert [c for c in _conflicts(tmp_path, "Orlan Front") if c.kind == "name"] == []
