"""Attributed claims: who (source) says what (content), introduced by which cue.

Approach: hand-written rules over spaCy's dependency parse, with surface patterns where the small
model's parse is unreliable. Nothing is learnt from PolNeAR (it has no licence): its train split
was only read to learn the annotation conventions and to pick the lexicons below.

1. **Cues** (word lists in :mod:`newstrace.attribution_lexicon`). A verb whose lemma is in
   :data:`SPEECH_CUES` (say, tell, report, warn, ...) is a cue when it has a complement or
   closes an attribution ("..., officials said."); one in
   :data:`OBJECT_CUES` (call, accuse, describe, want, ...) also with a noun-phrase content
   ("called the plan a disgrace"); one in :data:`COGNITION_CUES` (believe, think, fear, ...) or
   an adjective in :data:`ATTITUDE_ADJECTIVES` ("concerned that") only with a clause after it.
   "according to X", sentence adverbs ("reportedly"), passive belief ("is believed to") and
   punctuation ("Sanders: ...", "“...” ― Jane Doe") are cues without a verb of saying. Cues
   inside a quotation belong to the quoted speaker and are left alone (as PolNeAR does).
2. **Source.** The cue's subject (shared through coordination: "is monitoring ... and believes";
   a participle's is its head's: "..., telling reporters"), an inverted subject ("..., said the
   senator"), the nouns between the last comma and a sentence-final cue when the parser lost the
   subject ("..., New York Post reported."), the object of "according to", or nothing.
3. **Content.** Forward ("X said (that) ...", "X said: ...", "X said, “...”"): the clausal
   complement, cut before a participle cue (", saying ..."). Reverse ("..., New York Post
   reported."): everything before the attribution, or the quotation that ends there; a
   parenthetical attribution ("Trump, the aide added, is furious") takes the whole sentence.
   :mod:`newstrace.quotations` stretches contents to their quote marks, joins a quotation that
   resumes after the attribution ("“A,” he said, “B.”") and the cue-less quotations that follow
   a quoted claim (also over paragraphs when a paragraph is all quotation).
4. **Nesting.** A claim whose cue lies inside another claim's content is embedded in it
   (``parent_id``); ``chain`` lists the sources from the reporting outlet inwards, and an inner
   claim's content stops before the outer attribution that closes the sentence.
5. **Names.** Pronoun sources (he, she) are resolved to the most recent earlier PERSON mention,
   in the fullest form of that name; a leading "the" is dropped.
6. **Certainty** comes from the cue and the hedges in the content (:mod:`newstrace.certainty`).

The title (the article's first paragraph) is a claim of kind "headline", with a source when it is
attributed ("Report: ...", "Sanders: ...", "...: US"), otherwise with none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span as SpacySpan, Token

from .attribution_lexicon import (
    ALL_VERB_CUES,
    ATTITUDE_ADJECTIVES,
    COGNITION_CUES,
    CONTENT_PREPOSITIONS,
    NOT_HEADLINE_SOURCES,
    NOT_SPEAKERS,
    PASSIVE_BELIEF_VERBS,
    PERSON_PRONOUNS,
    SOURCELESS_ADVERBS,
    SPEECH_CUES,
)
from .certainty import certainty_level
from .model import Article, Claim, Span, stable_id
from .quotations import (
    Region,
    QUOTE_CLOSE,
    QUOTE_OPEN,
    quote_ending_before,
    quote_regions,
    quote_resuming_after,
    region_containing,
    whole_paragraph,
)

#: Dependency labels that attach the content clause to its cue.
CONTENT_DEPS: frozenset[str] = frozenset({"ccomp", "xcomp", "parataxis"})
#: Dependency labels of a verb form used as a modifier, never a cue ('the continued growth').
MODIFIER_DEPS: frozenset[str] = frozenset({"amod", "compound", "nmod", "npadvmod"})
#: Dependents of a stance verb that make up its content.
OBJECT_DEPS: frozenset[str] = frozenset(
    {"dobj", "xcomp", "oprd", "prep", "attr", "ccomp", "dative"}
)
#: The most words a cue closing an attribution may take after it ('told reporters on Tuesday').
MAX_TRAILING_TOKENS = 6
#: What stands in a chain for a claim with no source.
UNNAMED = "unnamed source"
#: What stands at the head of a chain when the article's outlet is unknown.
THIS_ARTICLE = "this article"

#: Entity labels of places: a 'PLACE:' paragraph opening is a dateline, not a speaker.
PLACE_LABELS: frozenset[str] = frozenset({"GPE", "LOC", "FAC"})
#: The fewest words after 'Speaker:' for the paragraph to be taken as something said.
MIN_LABELLED_WORDS = 5
#: The fewest words a quotation needs to be kept as a claim when no cue attributes it.
MIN_ORPHAN_QUOTE_WORDS = 6
_SPEAKER_COLON = re.compile(
    r"^(?:[A-Z]+\s+[–—-]\s+)?(?P<speaker>(?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w.'’-]*)\s*:\s+"
    r"(?P<content>\S[^\n]*)$"
)
_SIGNATURE = re.compile(
    r"\s*(?P<dash>[―—–]|--)\s*(?P<speaker>[A-Z][^,\n.;:()]{1,60}?)\s*(?=[,\n.;(]|$)"
)
_HEADLINE_SOURCE_SUFFIX = re.compile(r":\s*(?P<source>\w[\w.'’ -]{0,40})\s*$")
_HEADLINE_REPORT_PREFIX = re.compile(r"^(?P<source>Report|Reports|Sources?|Officials?)\s*:\s*")
_MAX_SOURCE_TOKENS = 30


Bounds = tuple[int, int]


@dataclass(slots=True)
class _Draft:
    """A claim before ids, nesting and names: offsets into the article text."""

    cue: tuple[int, int] | None
    content: tuple[int, int]
    source: tuple[int, int] | None
    kind: str
    sentence_index: int
    cue_lemma: str | None = None


# --------------------------------------------------------------------------------------------
# public entry point


def extract_claims(article: Article, doc: Doc) -> list[Claim]:
    """Every attributed claim in ``article``; ``doc`` is the spaCy parse of ``article.text``.

    The headline claim comes first, then the others in text order. ``sentence_index`` counts the
    non-blank sentences of ``doc.sents``, as :func:`newstrace.analysis.segment` does.
    """
    quotes = quote_regions(article.text)
    sentences = [s for s in doc.sents if s.text.strip()]
    drafts: list[_Draft] = []
    for index, sent in enumerate(sentences):
        drafts.extend(_sentence_drafts(sent, index, quotes))
    drafts.extend(_surface_drafts(article.text, sentences, quotes))
    drafts.sort(key=lambda d: d.content[0])
    drafts = _join_quote_continuations(drafts, sentences, quotes, article.text)
    drafts = _dedupe(drafts)
    drafts.extend(_orphan_quotations(article.text, quotes, drafts, sentences))
    drafts.sort(key=lambda d: d.content[0])
    headline = _headline_draft(article, doc)
    if headline is not None:
        drafts.insert(0, headline)
    return _finish(article, doc, drafts)


# --------------------------------------------------------------------------------------------
# per sentence


def _sentence_drafts(
    sent: SpacySpan, index: int, quotes: Sequence[Region]
) -> list[_Draft]:
    drafts: list[_Draft] = []
    for tok in sent:
        if region_containing(quotes, tok.idx) is not None:
            continue  # attributions inside a quotation belong to the quoted speaker
        draft = (
            _according_to(tok, sent, index)
            or _sourceless_adverb(tok, sent, index)
            or _passive_belief(tok, sent, index)
            or _verb_attribution(tok, sent, index)
            or _attitude_adjective(tok, sent, index)
        )
        if draft is not None:
            drafts.append(_fit_to_quotes(draft, quotes, sent.doc.text))
    return drafts


def _verb_attribution(cue: Token, sent: SpacySpan, index: int) -> _Draft | None:
    """'X said (that) ...', '..., X said.', '..., said X.', 'X, he said, ...'."""
    lemma = cue.lemma_.lower()
    if cue.pos_ not in {"VERB", "AUX"} or lemma not in ALL_VERB_CUES:
        return None
    if lemma == "point" and not any(c.dep_ == "prt" and c.lower_ == "out" for c in cue.children):
        return None
    if _is_passive(cue) or cue.dep_ in MODIFIER_DEPS:
        return None  # 'it is believed' (another rule), 'continued growth' (not a cue)
    source = _subject(cue)
    inverted = False
    if source is None:
        source = _inverted_subject(cue, sent)
        inverted = source is not None
    if source is None:
        source = _source_before_final_cue(cue, sent)
    if source is None and _is_participle_modifier(cue):
        source = _participle_subject(cue)
    content = _quote_after_cue(cue, sent, source)
    if content is None:
        content = _forward_content(cue, sent, source if inverted else None)
    if content is None and lemma in SPEECH_CUES and (
        _after_closing_quote(cue, source) or not _has_complement(cue)
    ):
        content = _reverse_content(cue, sent, source)
    extra_cue = 0
    if (content is None and source is not None and not inverted and lemma not in COGNITION_CUES
            and lemma not in NO_OBJECT_CONTENT):
        content, extra_cue = _object_content(cue, sent)
    if content is None or ANONYMITY.fullmatch(sent.doc[content[0]:content[1]].text.strip(" .,")):
        return None
    return _draft(cue, content, source, index, kind="indirect", lemma=lemma, extra=extra_cue)


def _attitude_adjective(adj: Token, sent: SpacySpan, index: int) -> _Draft | None:
    """'Officials are concerned that ...' and the headline form 'US concerned Hezbollah could'."""
    if adj.lower_ not in ATTITUDE_ADJECTIVES or adj.pos_ not in {"ADJ", "VERB"}:
        return None
    clause = next((c for c in adj.children if c.dep_ in {"ccomp", "advcl"} and c.i > adj.i), None)
    if clause is None:
        return None
    head = adj.head if adj.dep_ in {"acomp", "amod"} else adj
    source = _subject(head) or _subject(adj)
    content = _trim(sent, _subtree_bounds(clause))
    if content is None:
        return None
    return _draft(adj, content, source, index, kind="indirect", lemma=adj.lower_)


def _according_to(tok: Token, sent: SpacySpan, index: int) -> _Draft | None:
    """'According to X, ...' and '..., according to X.'"""
    if tok.lower_ != "according" or tok.i + 1 >= sent.end or tok.nbor(1).lower_ != "to":
        return None
    to = tok.nbor(1)
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    source = _subtree_bounds(pobj) if pobj is not None else _np_after(to, sent)
    if source is None:
        return None
    cue = (tok.i, to.i + 1)
    after = source[1]
    if after < sent.end and sent.doc[after].text == "," and sent.end - after > tok.i - sent.start:
        # 'According to X, ...' / 'In addition, according to X, ...': the content follows
        start = source[1]
        while start < sent.end and sent.doc[start].is_punct:
            start += 1
        content = _trim(sent, (start, sent.end))
    else:  # sentence-final or medial: the content precedes the cue
        content = _trim(sent, (sent.start, tok.i))
    if content is None:
        return None
    return _draft_span(cue, content, source, index, "according_to", "according to", sent)


def _sourceless_adverb(tok: Token, sent: SpacySpan, index: int) -> _Draft | None:
    """'Officials are reportedly concerned ...': an attribution with no source."""
    if tok.lower_ not in SOURCELESS_ADVERBS:
        return None
    content = _trim(sent, (sent.start, sent.end))
    if content is None:
        return None
    return _draft_span((tok.i, tok.i + 1), content, None, index, "unattributed", tok.lower_, sent)


def _passive_belief(verb: Token, sent: SpacySpan, index: int) -> _Draft | None:
    """'X is believed to ...', 'X are thought to ...', 'it is believed that ...'."""
    if verb.lemma_.lower() not in PASSIVE_BELIEF_VERBS or not _is_passive(verb):
        return None
    if any(c.dep_ == "agent" for c in verb.children):
        return None  # 'was reported by the Times': a named source, left to the verb rule
    clause = next((c for c in verb.children if c.dep_ in {"xcomp", "ccomp"}), None)
    if clause is None:
        return None
    aux = [c.i for c in verb.children if c.dep_ in {"auxpass", "aux", "neg"} and c.i < verb.i]
    cue = (min(aux + [verb.i]), verb.i + 1)
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subject is not None and subject.lower_ == "it":
        content = _trim(sent, _subtree_bounds(clause))
    else:
        content = _trim(sent, (sent.start, sent.end))
    if content is None:
        return None
    return _draft_span(cue, content, None, index, "unattributed", verb.lemma_.lower(), sent)


# --------------------------------------------------------------------------------------------
# surface patterns: 'Speaker: words' paragraphs and '“...” ― Speaker' signatures


def _surface_drafts(
    text: str, sentences: list[SpacySpan], quotes: Sequence[Region]
) -> list[_Draft]:
    """Attributions marked by punctuation rather than by a verb."""
    drafts: list[_Draft] = []
    offset = text.find("\n\n") + 2 if "\n\n" in text else len(text)  # the title is the headline's
    for paragraph in text[offset:].split("\n\n"):
        draft = _speaker_colon(paragraph, offset, sentences)
        if draft is not None:
            drafts.append(draft)
        offset += len(paragraph) + 2
    for start, end in quotes:
        draft = _quote_signature(text, start, end, sentences)
        if draft is not None:
            drafts.append(draft)
    return drafts


def _speaker_colon(paragraph: str, offset: int, sentences: list[SpacySpan]) -> _Draft | None:
    """'Bernie Sanders: I'm not much of a socialist': a speaker label, a colon, the words."""
    m = _SPEAKER_COLON.match(paragraph)
    if m is None or not _is_speaker_label(m):
        return None
    speaker = (offset + m.start("speaker"), offset + m.end("speaker"))
    if sentences and _is_place(sentences[0].doc, *speaker):
        return None  # a dateline: 'WASHINGTON: ...'
    content_end = len(paragraph.rstrip().rstrip("."))
    colon = paragraph.index(":", m.end("speaker"))
    return _Draft(
        cue=(offset + colon, offset + colon + 1),
        content=(offset + m.start("content"), offset + content_end),
        source=speaker,
        kind="direct" if m.group("content")[0] in "“\"‘'" else "indirect",
        sentence_index=_sentence_at(sentences, offset + colon),
        cue_lemma=":",
    )


def _orphan_quotations(
    text: str, quotes: Sequence[Region], drafts: list[_Draft], sentences: list[SpacySpan]
) -> list[_Draft]:
    """Quotations of several words that no rule attributed: someone's words, source unknown."""
    title_end = text.find("\n\n")
    taken = [d.content for d in drafts if d.kind != "headline"]
    orphans: list[_Draft] = []
    for start, end in quotes:
        if start < title_end or len(text[start:end].split()) < MIN_ORPHAN_QUOTE_WORDS:
            continue
        if any(s < end and start < e for s, e in taken):
            continue
        orphans.append(_Draft(cue=None, content=(start, end), source=None, kind="unattributed",
                              sentence_index=_sentence_at(sentences, start)))
    return orphans


def _is_place(doc: Doc, start: int, end: int) -> bool:
    return any(e.label_ in PLACE_LABELS and e.start_char < end and start < e.end_char
               for e in doc.ents)


def _quote_signature(
    text: str, start: int, end: int, sentences: list[SpacySpan]
) -> _Draft | None:
    """'“...” ― Jane Doe, 34, of Miami': a quotation signed after a dash."""
    m = _SIGNATURE.match(text, end)
    if m is None:
        return None
    return _Draft(
        cue=m.span("dash"),
        content=(start, end),
        source=m.span("speaker"),
        kind="direct",
        sentence_index=_sentence_at(sentences, start),
        cue_lemma="say",
    )


def _sentence_at(sentences: list[SpacySpan], pos: int) -> int:
    for i, sent in enumerate(sentences):
        if sent.start_char <= pos < sent.end_char:
            return i
    return max(0, len(sentences) - 1)


# --------------------------------------------------------------------------------------------
# parse helpers


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children)


def _after_closing_quote(cue: Token, source: tuple[int, int] | None) -> bool:
    """Whether the attribution ('he said', 'said Ana') follows a closing quotation mark."""
    start = min(cue.i, source[0]) if source is not None else cue.i
    start = _extend_left_over_modifiers(cue, start, cue.sent)
    doc = cue.doc
    i = start - 1
    while i >= 0 and (doc[i].text in {",", "—", "--"} or doc[i].is_space):
        i -= 1
    return i >= 0 and doc[i].text in QUOTE_CLOSE - {"'"}


def _has_complement(verb: Token) -> bool:
    """Whether the verb takes a clause or a long object after it ('warned outside parties
    from staging an assault'), so that it does not close an attribution ('..., he told CNN.')."""
    right = [c for c in verb.rights if c.dep_ not in {"punct", "cc", "conj", "nsubj", "advcl"}]
    if any(c.dep_ in {"xcomp", "oprd", "ccomp"} for c in right):
        return True
    return sum(c.right_edge.i - c.left_edge.i + 1 for c in right) > MAX_TRAILING_TOKENS


def _subject(verb: Token) -> tuple[int, int] | None:
    """The verb's subject, or the subject it shares with the verb it is coordinated with."""
    for c in verb.children:
        if c.dep_ in {"nsubj", "expl"} and c.i < verb.i + 4:
            if c.dep_ == "expl":
                return None
            return _np_bounds(_past_dateline(c))
    if verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"}:
        return _subject(verb.head)
    return None


_DASHES = {"—", "–", "-", "--"}
#: Speech verbs whose bare object is not something said: "answered the telephone".
NO_OBJECT_CONTENT = frozenset({"answer"})
#: "asked not to be named": the condition of anonymity, not something the source said.
ANONYMITY = re.compile(r"not\s+to\s+be\s+(?:named|identified|quoted)\b", re.I)


def _past_dateline(subject: Token) -> Token:
    """'LOMEN — Officials at the ministry told ...': spaCy takes the dateline for the subject and
    the real subject for its apposition or a second subject of the verb; that one is the source."""
    if not subject.is_upper or len(subject.text) < 2 or subject.i != subject.sent.start:
        return subject
    after = [c for c in subject.children if c.dep_ == "appos"]
    after += [c for c in subject.head.children if c.dep_ == "nsubj" and c.i > subject.i]
    for real in after:
        if any(t.text in _DASHES for t in subject.doc[subject.i + 1:real.left_edge.i]):
            return real
    return subject


def _np_bounds(head: Token) -> tuple[int, int]:
    """The noun phrase of ``head`` (its subtree), cut to a few tokens around the head if long."""
    left, right = head.left_edge.i, head.right_edge.i + 1
    if right - left > _MAX_SOURCE_TOKENS:
        left = max(left, head.i - _MAX_SOURCE_TOKENS + 1)
        right = min(right, head.i + 1)
    return (left, right)


def _inverted_subject(cue: Token, sent: SpacySpan) -> tuple[int, int] | None:
    """'..., said the senator.' / '..., reported New York Post.': a noun phrase after the cue."""
    prev = cue.doc[cue.i - 1] if cue.i > sent.start else None
    if prev is None or not (prev.is_punct or prev.pos_ in {"ADV", "AUX"}):
        return None
    return _np_after(cue, sent)


def _source_before_final_cue(cue: Token, sent: SpacySpan) -> tuple[int, int] | None:
    """'..., New York Post reported.' when the parser lost the subject: the words between the
    last comma and a sentence-final cue, if they are a short run of nouns."""
    rest = sent.doc[cue.i + 1: sent.end]
    if any(not (t.is_punct or t.is_space or t.dep_ in {"npadvmod", "advmod"}) for t in rest):
        return None
    start = cue.i
    while (
        start - 1 >= sent.start
        and cue.i - start < 6
        and sent.doc[start - 1].text not in {",", "”", "—"}
    ):
        start -= 1
    words = sent.doc[start: cue.i]
    if start == cue.i or start == sent.start or any(t.pos_ in {"VERB", "AUX"} for t in words):
        return None
    if not any(t.pos_ in {"PROPN", "NOUN", "PRON"} for t in words):
        return None
    return (start, cue.i)


def _np_after(tok: Token, sent: SpacySpan) -> tuple[int, int] | None:
    """The run of noun-phrase tokens right after ``tok``, up to punctuation or a verb."""
    start = tok.i + 1
    end = start
    while end < sent.end and end - start < _MAX_SOURCE_TOKENS:
        t = sent.doc[end]
        if t.is_punct and t.text not in {"'", "’", "-", "."}:
            break
        if t.pos_ in {"VERB", "AUX", "SCONJ"} or t.lower_ in {"that", "who", "which", "in", "on"}:
            break
        end += 1
    while end > start and sent.doc[end - 1].is_punct:
        end -= 1
    nouns = [i for i in range(start, end) if sent.doc[i].pos_ in {"NOUN", "PROPN", "PRON"}]
    if end == start or not nouns:
        return None
    return (start, end)


def _is_participle_modifier(cue: Token) -> bool:
    return cue.tag_ == "VBG" and cue.dep_ in {"advcl", "xcomp", "conj"}


def _participle_subject(cue: Token) -> tuple[int, int] | None:
    """'..., warning that ...': the participle's understood subject is its head's subject."""
    return _subject(cue.head) if cue.head.pos_ in {"VERB", "AUX"} else None


def _forward_content(
    cue: Token, sent: SpacySpan, inverted: tuple[int, int] | None
) -> tuple[int, int] | None:
    """The content after the cue: a clausal complement, or whatever follows a colon."""
    after = cue.i + 1
    if inverted is not None:
        after = inverted[1]
    colon = _colon_after(cue, sent)
    if colon is not None:
        return _trim(sent, (colon + 1, sent.end))
    clause = next(
        (c for c in cue.children if c.dep_ in CONTENT_DEPS and c.i > cue.i and c.pos_ != "PUNCT"),
        None,
    )
    if clause is None:
        return None
    start = max(clause.left_edge.i, after)
    if clause.dep_ == "xcomp" and cue.lemma_.lower() not in {"tell", "urge", "ask", "warn"}:
        return None
    end = clause.right_edge.i + 1
    return _trim(sent, (start, _before_participle_cue(sent, start, end)))


def _before_participle_cue(sent: SpacySpan, start: int, end: int) -> int:
    """Cut a content before ', saying ...' / ', telling ...': that is a claim of its own."""
    doc = sent.doc
    for i in range(start + 2, end):
        t = doc[i]
        is_cue = t.tag_ == "VBG" and t.lemma_.lower() in ALL_VERB_CUES
        if is_cue and doc[i - 1].text in {",", "—"}:
            return i - 1
    return end


def _object_content(cue: Token, sent: SpacySpan) -> tuple[tuple[int, int] | None, int]:
    """The complements after a stance verb ('called him a liar', 'talked about taxes').

    Returns the content and how many tokens after the verb join the cue (a preposition that
    comes right after it: 'referring to', 'talked about').
    """
    complements = [
        c for c in cue.rights
        if c.dep_ in OBJECT_DEPS and (c.dep_ != "prep" or c.lower_ in CONTENT_PREPOSITIONS)
    ]
    if not complements:
        return None, 0
    extra = 0
    start = complements[0].left_edge.i
    first = complements[0]
    if first.dep_ == "prep" and first.i == cue.i + 1:
        objects = [c for c in first.children if c.dep_ in {"pobj", "pcomp"}]
        if not objects:
            return None, 0
        start, extra = objects[0].left_edge.i, 1
    end = complements[-1].right_edge.i + 1
    return _trim(sent, (start, end)), extra


def _quote_after_cue(
    cue: Token, sent: SpacySpan, source: tuple[int, int] | None
) -> tuple[int, int] | None:
    """'Adelson said, “They have got to be able to win.”': a quotation opening right after the
    cue (or after an inverted source), set off by a comma or colon; in token indices."""
    after = max(cue.i + 1, source[1] if source is not None else 0)
    i = after
    while i < sent.end and sent.doc[i].text in {",", ":"}:
        i += 1
    if i == after or i >= sent.end or sent.doc[i].text not in QUOTE_OPEN - {"'"}:
        return None
    doc = sent.doc
    region = region_containing(quote_regions(doc.text), doc[i].idx)
    if region is None:
        return None
    span = doc.char_span(region[0], region[1], alignment_mode="expand")
    return (span.start, span.end) if span is not None and len(span) > 2 else None


def _colon_after(cue: Token, sent: SpacySpan) -> int | None:
    """The index of a colon shortly after the cue ('said:', 'said in a statement:')."""
    for i in range(cue.i + 1, min(cue.i + 7, sent.end)):
        if sent.doc[i].text == ":":
            return i
        if sent.doc[i].pos_ in {"VERB", "SCONJ"}:
            return None
    return None


def _reverse_content(
    cue: Token, sent: SpacySpan, source: tuple[int, int] | None
) -> tuple[int, int] | None:
    """The content before a closing attribution ('..., officials said.') or around one inside."""
    block_start = min(cue.i, source[0]) if source is not None else cue.i
    block_end = max(cue.i + 1, source[1]) if source is not None else cue.i + 1
    block_start = _extend_left_over_modifiers(cue, block_start, sent)
    before = block_start - sent.start
    if before == 0:
        return _quote_before_sentence(sent)
    if before < 2:
        return None
    prev = sent.doc[block_start - 1]
    if not (prev.is_punct or prev.lower_ in {"as"}):
        return None  # 'X said' with no complement and nothing set off before it
    if cue.dep_ == "parataxis" and cue.head.i >= block_end:
        return _trim(sent, (sent.start, sent.end))  # parenthetical: the content surrounds it
    return _trim(sent, (sent.start, block_start))


def _quote_before_sentence(sent: SpacySpan) -> tuple[int, int] | None:
    """'“...!” Clinton said.': the quotation that ends the previous sentence, when the parser
    split it off; in token indices."""
    doc = sent.doc
    end = sent.start
    while end > 0 and doc[end - 1].is_space:
        end -= 1
    if end == 0 or doc[end - 1].text not in QUOTE_CLOSE:
        return None
    quotes = quote_regions(doc.text)
    region = region_containing(quotes, doc[end - 1].idx)
    if region is None:
        return None
    span = doc.char_span(region[0], region[1], alignment_mode="expand")
    return (span.start, span.end) if span is not None and len(span) > 1 else None


def _extend_left_over_modifiers(cue: Token, start: int, sent: SpacySpan) -> int:
    """Include the auxiliaries and adverbs right before the cue ('has also said')."""
    modifiers = {c.i for c in cue.lefts if c.dep_ in {"aux", "neg", "advmod"}}
    while start - 1 >= sent.start and start - 1 in modifiers:
        start -= 1
    return start


def _subtree_bounds(tok: Token) -> tuple[int, int]:
    return (tok.left_edge.i, tok.right_edge.i + 1)


def _droppable(tok: Token, keep: frozenset[str]) -> bool:
    return tok.is_space or (tok.is_punct and tok.text not in keep)


def _trim(sent: SpacySpan, bounds: tuple[int, int]) -> tuple[int, int] | None:
    """Drop edge punctuation other than quote marks (and a closing mark's comma stays inside)."""
    start, end = bounds
    start, end = max(start, sent.start), min(end, sent.end)
    doc = sent.doc
    while start < end and _droppable(doc[start], QUOTE_OPEN):
        start += 1
    while start < end and _droppable(doc[end - 1], QUOTE_CLOSE):
        end -= 1
    while start < end and doc[start].lower_ in {"and", "but", "so"}:
        start += 1
    if end - start < 2:
        return None
    return (start, end)


# --------------------------------------------------------------------------------------------
# drafts: token indices -> character offsets


def _draft(
    cue: Token, content: tuple[int, int], source: tuple[int, int] | None, index: int,
    kind: str, lemma: str, extra: int = 0,
) -> _Draft:
    cue_start = _extend_left_over_modifiers(cue, cue.i, cue.sent)
    cue_end = cue.i + 1 + extra
    for c in cue.rights:
        if c.dep_ == "prt" and c.i == cue_end:
            cue_end += 1
    return _draft_span((cue_start, cue_end), content, source, index, kind, lemma, cue.sent)


def _draft_span(
    cue: tuple[int, int], content: tuple[int, int], source: tuple[int, int] | None,
    index: int, kind: str, lemma: str, sent: SpacySpan,
) -> _Draft:
    doc = sent.doc

    def chars(b: tuple[int, int]) -> tuple[int, int]:
        return (doc[b[0]].idx, doc[b[1] - 1].idx + len(doc[b[1] - 1]))

    return _Draft(
        cue=chars(cue),
        content=chars(content),
        source=chars(source) if source is not None else None,
        kind=kind,
        sentence_index=index,
        cue_lemma=lemma,
    )


def _fit_to_quotes(draft: _Draft, quotes: Sequence[Region], text: str) -> _Draft:
    """Make a content that meets a quotation cover the quotation, as far as its marks.

    A content that starts or ends inside a quotation is stretched to its marks; a content put
    before its cue ('“...,” he said') is just the quotation ending there; and a quotation that
    resumes right after the attribution ('“...,” he said, “and ...”') joins the content.
    """
    start, end = draft.content
    first = region_containing(quotes, start)
    last = region_containing(quotes, end - 1)
    if first is not None:
        start = min(start, first[0])
    if last is not None:
        end = max(end, last[1])
    cue_start = draft.cue[0] if draft.cue else 0
    if last is not None and end == last[1] and cue_start >= end and start < last[0]:
        if text[start: last[0]].rstrip().endswith(":"):  # 'His verdict: “...,” he said.'
            start = last[0]
    if cue_start >= end:
        attribution_end = max(draft.cue[1] if draft.cue else end,
                              draft.source[1] if draft.source else end)
        resumed = quote_resuming_after(quotes, attribution_end, text)
        if resumed is not None:
            end = resumed[1]
    if cue_start < start and text[start] in "“\"'":
        block = min(cue_start, draft.source[0] if draft.source else cue_start)
        before = quote_ending_before(quotes, block, text)
        if before is not None:  # '“We tried,” she said, “and we failed.”'
            start = before[0]
    if region_containing(quotes, start) is not None or any(
        start <= s and e <= end for s, e in quotes
    ):
        draft.kind = "direct" if draft.kind == "indirect" else draft.kind
    draft.content = (start, end)
    return draft


def _join_quote_continuations(
    drafts: list[_Draft], sentences: list[SpacySpan], quotes: Sequence[Region], text: str
) -> list[_Draft]:
    """Quotations right after a quoted claim, with no cue of their own, continue that claim.

    The content must end with a closing mark and the next sentences must be quotations (an
    own-paragraph quotation continues the one before it: '“A,” he said.\n\n“B.”').
    """
    claimed = {d.sentence_index for d in drafts if d.kind != "headline"}
    for draft in drafts:
        if draft.kind != "direct" or text[draft.content[1] - 1] not in "”\"'":
            continue
        nxt = draft.sentence_index + 1
        while nxt < len(sentences) and nxt not in claimed:
            region = _quote_opening_sentence(sentences[nxt], quotes, text)
            if region is None:
                break
            if "\n\n" in text[draft.content[1]: region[0]] and not whole_paragraph(region, text):
                break
            covered = [n for n in range(nxt, len(sentences)) if sentences[n].start_char < region[1]]
            if any(n in claimed for n in covered):
                break
            draft.content = (draft.content[0], region[1])
            nxt = covered[-1] + 1
    return drafts


def _quote_opening_sentence(
    sent: SpacySpan, quotes: Sequence[Region], text: str
) -> Region | None:
    """The quotation a sentence starts with (or continues, inside one), if any."""
    first = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
    return region_containing(quotes, first)


def _dedupe(drafts: list[_Draft]) -> list[_Draft]:
    """One claim per cue; when two rules found the same cue, the first wins."""
    seen: set[tuple[int, int] | None] = set()
    out: list[_Draft] = []
    for d in drafts:
        if d.cue in seen:
            continue
        seen.add(d.cue)
        out.append(d)
    return out


# --------------------------------------------------------------------------------------------
# headline


def _looks_like_source(words: str) -> bool:
    """'US', 'White House', 'officials': a short name after a headline's last colon, not a
    subtitle ('what happens next')."""
    tokens = words.split()
    return 0 < len(tokens) <= 3 and tokens[0].lower() not in NOT_HEADLINE_SOURCES


def _headline_draft(article: Article, doc: Doc) -> _Draft | None:
    """The title as a claim, with a source when it is attributed ('Report: ...', 'Sanders: ...',
    '...: US'); otherwise with none."""
    raw = article.text[: len(article.title)]
    start = len(raw) - len(raw.lstrip())
    title = raw.strip()
    if len(title) < 3:
        return None
    content: tuple[int, int] = (0, len(title.rstrip(".")))
    source = cue = None
    attribution = _headline_attribution(title)
    if attribution is not None:
        source, cue, content = attribution

    def shift(b: tuple[int, int] | None) -> tuple[int, int] | None:
        return (b[0] + start, b[1] + start) if b is not None else None

    return _Draft(cue=shift(cue), content=shift(content) or (start, start), source=shift(source),
                  kind="headline", sentence_index=0, cue_lemma=None)


def _headline_attribution(title: str) -> tuple[Bounds, Bounds, Bounds] | None:
    """(source, cue, content) offsets in a title: a 'Report:' prefix, a speaker label
    ('Sanders: I'm not much of a socialist'), or a short source after the last colon ('...: US')."""
    prefix = _HEADLINE_REPORT_PREFIX.match(title)
    speaker = _SPEAKER_COLON.match(title)
    suffix = _HEADLINE_SOURCE_SUFFIX.search(title)
    if prefix is not None:
        colon = title.index(":", prefix.end("source"))
        return prefix.span("source"), (colon, colon + 1), (prefix.end(), len(title.rstrip(".")))
    if speaker is not None and _is_speaker_label(speaker):
        colon = title.index(":", speaker.end("speaker"))
        content = (speaker.start("content"), len(title.rstrip(".")))
        return speaker.span("speaker"), (colon, colon + 1), content
    if suffix is not None and _looks_like_source(suffix.group("source")):
        colon = title.rfind(":", 0, suffix.start("source"))
        return suffix.span("source"), (colon, colon + 1), (0, colon)
    return None


def _is_speaker_label(m: re.Match[str]) -> bool:
    """A 'Speaker: words' match names a speaker, not a section ('Related: ...', 'Rubio: Finish')."""
    first = m.group("speaker").split()[0].strip(".").lower()
    return first not in NOT_SPEAKERS and len(m.group("content").split()) >= MIN_LABELLED_WORDS


# --------------------------------------------------------------------------------------------
# nesting, names, ids


def _finish(article: Article, doc: Doc, drafts: list[_Draft]) -> list[Claim]:
    text = article.text
    ids = [stable_id(article.id, d.content[0], d.content[1], d.cue[0] if d.cue else -1)
           for d in drafts]
    _exclude_outer_attributions(drafts)
    parents = _parents(drafts)
    speakers = _described_speakers(drafts, text)
    names = [_source_name(d, doc, text, speakers) for d in drafts]
    outlet = article.outlet or THIS_ARTICLE
    claims: list[Claim] = []
    for i, d in enumerate(drafts):
        chain = [outlet] + [names[j] or UNNAMED for j in reversed(_ancestors(parents, i))]
        chain.append(names[i] or UNNAMED)
        if d.kind == "headline" and d.source is None:
            chain = [outlet]
        level, hedges = certainty_level(d.cue_lemma, text[d.content[0]: d.content[1]])
        claims.append(
            Claim(
                id=ids[i],
                article_id=article.id,
                sentence_index=d.sentence_index,
                cue=_span(article, d.cue) if d.cue else None,
                content=_span(article, d.content),
                source=_span(article, d.source) if d.source else None,
                source_name=names[i],
                kind=d.kind,
                certainty=level,
                chain=chain,
                parent_id=ids[parents[i]] if parents[i] is not None else None,
                hedges=hedges,
            )
        )
    return claims


def _exclude_outer_attributions(drafts: list[_Draft]) -> None:
    """'According to X, Y, New York Post reported.': the inner claim's content is Y, without the
    outer attribution that closes the sentence."""
    for inner in drafts:
        for outer in drafts:
            if outer is inner or outer.cue is None or inner.cue is None:
                continue
            block = min(outer.cue[0], outer.source[0] if outer.source else outer.cue[0])
            holds_inner = outer.content[0] <= inner.cue[0] < outer.content[1]
            if holds_inner and inner.content[0] < block < inner.content[1] <= outer.cue[1] + 2:
                inner.content = (inner.content[0], min(inner.content[1], outer.content[1]))


def _parents(drafts: list[_Draft]) -> list[int | None]:
    """For each claim, the tightest other claim whose content holds its cue (or its content)."""
    parents: list[int | None] = []
    for i, d in enumerate(drafts):
        anchor = d.cue[0] if d.cue else d.content[0]
        best: int | None = None
        for j, other in enumerate(drafts):
            if j == i or not (other.content[0] <= anchor < other.content[1]):
                continue
            if not (other.content[0] <= d.content[0] and d.content[1] <= other.content[1] + 1):
                continue
            if other.content == d.content and j > i:
                continue
            if best is None or _length(other.content) < _length(drafts[best].content):
                best = j
        parents.append(best)
    return parents


def _ancestors(parents: list[int | None], i: int) -> list[int]:
    """Indices of the claims enclosing claim ``i``, innermost first (cycles cut)."""
    out: list[int] = []
    j = parents[i]
    while j is not None and j not in out and j != i:
        out.append(j)
        j = parents[j]
    return out


def _length(b: tuple[int, int]) -> int:
    return b[1] - b[0]


#: A named source described by an apposition, the usual way news introduces a person:
#: "Tomas Vireck, a spokesman for the interior ministry," -> "Tomas Vireck".
_DESCRIBED_NAME = re.compile(r"^((?:[A-Z][\w'.-]+ )*[A-Z][\w'-]+),\s+(?:a|an|the)\s")


def _described_speakers(drafts: list[_Draft], text: str) -> list[tuple[int, str]]:
    """(position, name) of every source given as 'Name, a/an/the ...'; named people even when
    the parser's entity recogniser takes the name for a place or an organisation."""
    out = []
    for d in drafts:
        if d.source is not None:
            m = _DESCRIBED_NAME.match(text[d.source[0]: d.source[1]])
            if m and len(m.group(1).split()) >= 2:
                out.append((d.source[0], m.group(1)))
    return sorted(out)


def _source_name(draft: _Draft, doc: Doc, text: str, speakers: list[tuple[int, str]] = ()) -> str | None:
    if draft.source is None:
        return None
    raw = text[draft.source[0]: draft.source[1]]
    if raw.lower() in PERSON_PRONOUNS:
        return _resolve_person(doc, draft.source[0], speakers) or raw
    return _strip_determiner(raw)


def _strip_determiner(name: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", name.strip())


def _resolve_person(doc: Doc, before: int, speakers: Sequence[tuple[int, str]] = ()) -> str | None:
    """The fullest form of the most recent person mentioned before character ``before``: a
    PERSON entity, or a source introduced as 'Name, a spokesman for ...'."""
    persons = [e for e in doc.ents if e.label_ == "PERSON" and e.end_char <= before]
    described = [(pos, name) for pos, name in speakers if pos < before]
    if described and (not persons or described[-1][0] >= persons[-1].start_char):
        return described[-1][1]
    if not persons:
        return None
    last = persons[-1]
    surname = last[-1].text
    full = [e.text for e in persons if e[-1].text == surname]
    return max(full, key=len)


def _span(article: Article, b: tuple[int, int]) -> Span:
    return Span(article.id, b[0], b[1], article.text[b[0]: b[1]])
