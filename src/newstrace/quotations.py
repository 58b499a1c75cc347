"""Quotations in an article's text: where they open and close, and how they sit by each other.

Curly marks pair an opening with the next closing mark; straight double quotes and the doubled
apostrophes some wires use (''...'') alternate between opening and closing. Quotations are paired
within a paragraph; one left open runs to the paragraph's end (a quotation over several
paragraphs opens each of them and closes only the last). All offsets are character offsets into
the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

Region = tuple[int, int]

#: Token texts that open or close a quotation.
QUOTE_OPEN: frozenset[str] = frozenset({"“", '"', "''", "'"})
QUOTE_CLOSE: frozenset[str] = frozenset({"”", '"', "''", "'"})
_QUOTE_MARK = re.compile(r"''|[“”\"]")
#: Most characters between an attribution and a quotation that resumes after it.
MAX_RESUME_GAP = 30


@lru_cache(maxsize=8)
def quote_regions(text: str) -> tuple[Region, ...]:
    """Character ranges of quotations (marks included), paired within each paragraph.

    Curly marks pair an opening with the next closing mark; straight double quotes and the
    doubled apostrophes some wires use (''...'') alternate between opening and closing.
    """
    regions: list[Region] = []
    offset = 0
    for paragraph in text.split("\n\n"):
        open_at: int | None = None
        for m in _QUOTE_MARK.finditer(paragraph):
            mark = m.group(0)
            if open_at is None and mark != "”":
                open_at = m.start()
            elif open_at is not None and mark != "“":
                regions.append((offset + open_at, offset + m.end()))
                open_at = None
            elif mark == "“":  # an unclosed quotation (a paragraph-spanning one): restart here
                open_at = m.start()
        if open_at is not None:  # a quotation that runs on to the next paragraph
            regions.append((offset + open_at, offset + len(paragraph)))
        offset += len(paragraph) + 2
    return tuple(regions)


def region_containing(quotes: Sequence[Region], pos: int) -> tuple[int, int] | None:
    for start, end in quotes:
        if start <= pos < end:
            return (start, end)
    return None


def quote_ending_before(
    quotes: Sequence[Region], pos: int, text: str
) -> Region | None:
    """The quotation that closes right before ``pos`` (only spaces and a comma between)."""
    for s, e in quotes:
        if e <= pos and not text[e:pos].strip(" ,"):
            return (s, e)
    return None


def quote_resuming_after(
    quotes: Sequence[Region], pos: int, text: str
) -> Region | None:
    """The quotation that opens within a few characters after ``pos`` in the same sentence."""
    for s, e in quotes:
        if s >= pos:
            gap = text[pos:s]
            if len(gap) <= MAX_RESUME_GAP and not re.search(r"[.!?\n]", gap) and "," in gap:
                return (s, e)
            return None
    return None


def whole_paragraph(region: Region, text: str) -> bool:
    """Whether a quotation makes up its whole paragraph."""
    para_start = text.rfind("\n\n", 0, region[0]) + 2 if "\n\n" in text[: region[0]] else 0
    para_end = text.find("\n\n", region[1])
    para_end = len(text) if para_end < 0 else para_end
    return not text[para_start: region[0]].strip() and not text[region[1]: para_end].strip()
