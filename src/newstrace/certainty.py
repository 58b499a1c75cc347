"""How firmly a statement is put: a hedge lexicon, a numeric score and a ``Certainty`` level.

The approach is lexical. Each hedge (a modal, a hedging adverb, a belief verb, a denial) has a
level and a weight. ``certainty_score`` starts from a firm assertion (6.0, the top of the 1–6
scale used by Pei & Jurgens 2021) and subtracts the weights of the hedges found; boosters
("clearly", "confirmed") add a little back. ``certainty_level`` turns the cue of a claim and the
hedges in its content into a :class:`~newstrace.model.Certainty`: a denial cue or a denial hedge
wins, otherwise the first hedge found in the content decides, otherwise the cue decides (belief
cues are "probable"), otherwise the claim is asserted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Certainty

#: Hedges of possibility: the speaker allows that something may be so.
POSSIBLE_HEDGES: tuple[str, ...] = (
    "could", "may", "might", "possible", "possibly", "perhaps", "maybe", "reportedly",
    "allegedly", "alleged", "is concerned", "are concerned", "concerned", "worried", "fears",
    "feared", "potential", "potentially", "suggests", "suggested", "suggest", "appears to",
    "appear to", "appeared to", "seems to", "seem to", "seemed to", "uncertain", "unclear",
    "can", "would", "if", "whether", "risk", "preliminary", "unconfirmed", "speculated",
)

#: Hedges of probability: the speaker leans towards it being so.
PROBABLE_HEDGES: tuple[str, ...] = (
    "likely", "probably", "probable", "is believed to", "are believed to", "believed to",
    "is thought to", "are thought to", "thought to", "is expected to", "are expected to",
    "expected to", "believes", "believe", "thinks", "think", "should", "apparently",
    "presumably", "indicates", "indicate", "associated with", "linked to", "tend to", "tends to",
    "estimated", "approximately", "about", "around", "roughly", "nearly", "almost",
)

#: Denials: the speaker says it is not (yet) so.
DENIAL_HEDGES: tuple[str, ...] = (
    "yet to", "does not believe", "do not believe", "did not believe", "denied", "denies",
    "deny", "rejected", "dismissed", "no evidence", "not true", "false",
)

#: Boosters: the speaker stresses that it is so.
BOOSTERS: tuple[str, ...] = (
    "clearly", "certainly", "definitely", "confirmed", "confirms", "shows", "showed", "show",
    "proves", "proved", "demonstrates", "demonstrated", "found", "will", "is preparing to",
    "are preparing to", "sets to", "set to", "always", "never", "must", "significantly",
)

#: Cue verbs (lemmas) whose claims are probable even without a hedge in the content.
BELIEF_CUES: frozenset[str] = frozenset(
    {"believe", "think", "expect", "suspect", "estimate", "assume", "guess", "feel", "predict"}
)
#: Cue verbs (lemmas) whose claims are merely possible.
POSSIBILITY_CUES: frozenset[str] = frozenset(
    {"fear", "worry", "concern", "concerned", "worried", "suggest", "speculate", "wonder",
     "hope", "reportedly", "allege", "claim"}
)
#: Cue verbs (lemmas) that deny their content.
DENIAL_CUES: frozenset[str] = frozenset({"deny", "dispute", "reject", "refute", "dismiss"})

#: Score weights: how much each kind of hedge lowers (or raises) the 1–6 score.
WEIGHTS: dict[Certainty, float] = {
    Certainty.POSSIBLE: 1.3,
    Certainty.PROBABLE: 0.7,
    Certainty.DENIED: 0.3,
}
BOOSTER_WEIGHT = 0.3
TOP_SCORE = 6.0
BOTTOM_SCORE = 1.0


@dataclass(frozen=True, slots=True)
class Hedge:
    """One hedge found in a text: the words, where they start, and the level they signal."""

    words: str
    start: int
    level: Certainty


def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    longest_first = sorted(phrases, key=len, reverse=True)
    alternatives = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in longest_first)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


_LEXICON: tuple[tuple[re.Pattern[str], Certainty], ...] = (
    (_pattern(DENIAL_HEDGES), Certainty.DENIED),
    (_pattern(PROBABLE_HEDGES), Certainty.PROBABLE),
    (_pattern(POSSIBLE_HEDGES), Certainty.POSSIBLE),
)
_BOOSTERS = _pattern(BOOSTERS)
#: Hedges that are too common to decide a claim's level on their own (kept for the score).
_WEAK_FOR_LEVEL = frozenset(
    {"can", "would", "if", "whether", "about", "around", "roughly", "nearly", "almost",
     "approximately", "risk", "should", "associated with", "linked to", "estimated"}
)


def find_hedges(text: str) -> list[Hedge]:
    """Every hedge in ``text``, in order of position; overlapping matches keep the first lexicon."""
    found: list[Hedge] = []
    taken: list[tuple[int, int]] = []
    for pattern, level in _LEXICON:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append(Hedge(" ".join(m.group(0).lower().split()), m.start(), level))
    return sorted(found, key=lambda h: h.start)


def certainty_score(text: str) -> float:
    """A 1–6 certainty score for ``text`` (6 = stated as fact), from its hedges and boosters."""
    score = TOP_SCORE
    for hedge in find_hedges(text):
        score -= WEIGHTS[hedge.level]
    score += BOOSTER_WEIGHT * len(_BOOSTERS.findall(text))
    return max(BOTTOM_SCORE, min(TOP_SCORE, score))


def certainty_level(cue_lemma: str | None, content: str) -> tuple[Certainty, list[str]]:
    """The certainty of a claim from its cue lemma and content; also the hedge words found."""
    hedges = find_hedges(content)
    words = [h.words for h in hedges]
    if cue_lemma in DENIAL_CUES:
        return Certainty.DENIED, words
    deciding = [h for h in hedges if h.words not in _WEAK_FOR_LEVEL]
    if deciding:
        return deciding[0].level, words
    if cue_lemma in POSSIBILITY_CUES:
        return Certainty.POSSIBLE, words
    if cue_lemma in BELIEF_CUES:
        return Certainty.PROBABLE, words
    return Certainty.ASSERTED, words
