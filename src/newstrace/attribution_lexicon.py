"""The words attribution rules look for (:mod:`newstrace.claims`).

The verb lists were drawn up by hand from the usual reporting verbs and checked against the cues
annotated in PolNeAR's train split (how often a verb with a subject, outside quotations, is
annotated as a cue); verbs that are mostly not attributions in war and politics news ("attack",
"threaten", "see") were left out on purpose, and so were those that in PolNeAR's train split were
mostly not annotated as cues ("maintain", "feel", "decide", "favor", "blame"). Lemmas, lower case.
"""

from __future__ import annotations

#: Verbs of saying and reporting: cues in forward, reverse and parenthetical order, with a
#: clause, a quotation or a noun phrase as content ("said that ...", "..., he said", "stressed X").
SPEECH_CUES: frozenset[str] = frozenset({
    "acknowledge", "add", "admit", "agree", "allege", "announce", "answer", "argue", "ask",
    "assert", "assure", "boast", "brag", "caution", "charge", "claim", "comment", "complain",
    "concede", "conclude", "concur", "confirm", "contend", "continue", "counter", "declare",
    "demand", "deny", "disclose", "emphasise", "emphasize", "estimate", "explain",
    "highlight", "indicate", "inform", "insist", "joke", "lament", "learn", "mention", "muse",
    "note", "observe", "pledge", "point", "post", "predict", "promise", "quip", "recall",
    "reiterate", "remark", "reply", "report", "respond", "retort", "reveal", "say", "scoff",
    "signal", "speculate", "state", "stress", "suggest", "tell", "testify", "tweet", "urge",
    "vow", "warn", "write",
})
#: Verbs of stance whose content is a noun phrase or infinitive after them: "called him a
#: liar", "accused X of Y", "wants to cut taxes" (only with a subject).
OBJECT_CUES: frozenset[str] = frozenset({
    "accuse", "advocate", "applaud", "back", "blast", "brand", "call", "chant",
    "characterize", "cite", "condemn", "criticise", "criticize", "decline", "decry", "defend",
    "denounce", "describe", "discuss", "dub", "endorse", "express", "hail", "label", "laud",
    "list", "mock", "offer", "oppose", "portray", "praise", "prefer", "propose", "publish",
    "question", "refer", "reference", "refuse", "reject", "release", "repeat", "seek",
    "share", "slam", "talk", "tout", "view", "want", "welcome",
})
#: Verbs of thinking and perceiving: cues only with a clause after them ("believes the ...").
COGNITION_CUES: frozenset[str] = frozenset({
    "assume", "believe", "consider", "doubt", "expect", "fear", "find", "guess", "hope",
    "imagine", "know", "realise", "realize", "recognize", "show", "suspect", "think",
    "understand", "wonder", "worry",
})
#: Adjectives that introduce an attributed belief: "officials are concerned that ...".
ATTITUDE_ADJECTIVES: frozenset[str] = frozenset({
    "concerned", "worried", "confident", "sure", "convinced", "certain", "hopeful", "afraid",
})
#: Sentence adverbs that attribute without naming a source.
SOURCELESS_ADVERBS: frozenset[str] = frozenset({"reportedly", "allegedly", "purportedly"})
#: Verbs that attribute a belief to nobody in particular in the passive: "is believed to".
PASSIVE_BELIEF_VERBS: frozenset[str] = frozenset({
    "believe", "think", "say", "report", "expect", "understand", "know", "rumor", "rumour",
    "estimate", "consider", "suspect", "allege",
})
#: Every verb lemma that may be a cue.
ALL_VERB_CUES: frozenset[str] = SPEECH_CUES | COGNITION_CUES | OBJECT_CUES
#: Pronouns resolved to the most recent earlier PERSON mention.
PERSON_PRONOUNS: frozenset[str] = frozenset({"he", "she", "him", "her"})
#: First words of 'Label: text' paragraphs that are not speakers.
NOT_SPEAKERS: frozenset[str] = frozenset({
    "related", "read", "update", "updated", "note", "editor", "editor's", "photo", "video",
    "watch", "source", "sources", "exclusive", "breaking", "subscribe", "follow", "see", "also",
    "correction", "clarification", "advertisement", "caption", "image", "click", "listen",
    "transcript", "partial", "more", "q", "a", "question", "answer", "warning", "disclosure",
})
#: First words after a headline's last colon that open a subtitle, not a source.
NOT_HEADLINE_SOURCES: frozenset[str] = frozenset({
    "what", "why", "how", "who", "when", "where", "a", "an", "the", "this", "these", "live",
    "updates", "analysis", "explainer", "opinion", "photos", "video", "part",
})
#: Prepositions that may open the content of a stance verb ('talked about taxes', 'called for
#: a ban'); others ('in', 'at', 'during') open circumstances, not content.
CONTENT_PREPOSITIONS: frozenset[str] = frozenset({
    "about", "for", "to", "of", "against", "on", "with", "as", "over", "into",
})
