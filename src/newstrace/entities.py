"""Entities and aliases.

Per article (``extract_entities``): spaCy's named entities plus designations such as "SA-22"
or "KR-7", grouped into article-local entities:

* a shorter name whose words all appear in a longer name of a compatible type is the same
  entity ("Wagner" / "Wagner Group", "Lavrov" / "Sergei Lavrov");
* explicit alias statements link two names: "X, also known as Y", "X is also known as the Y",
  "X (Y)";
* an appositive description is an alias with its evidence: "the Velmar Brigade, a northern
  militia," gives the alias "a northern militia".

Across articles (``resolve``): article-local entities that share a proper name are one entity,
so "SA-22" = "Pantsir-S1" in one article and "SA-22" = "Pantsir" in another make one entity
with all three names. Each alias keeps its evidence spans.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from spacy.tokens import Doc, Span as SpacySpan

from .model import Article, Entity, EntityType, Mention, Span, stable_id

LABELS = {
    "PERSON": EntityType.PERSON,
    "ORG": EntityType.GROUP,
    "NORP": EntityType.NATIONALITY,
    "GPE": EntityType.PLACE,
    "LOC": EntityType.PLACE,
    "FAC": EntityType.PLACE,
    "PRODUCT": EntityType.THING,
    "WORK_OF_ART": EntityType.THING,
    "LAW": EntityType.THING,
    "EVENT": EntityType.EVENT,
}
#: Types that may name the same thing (NER often tags a weapon or group as PERSON or ORG).
COMPATIBLE = {
    EntityType.PERSON: {EntityType.PERSON},
    EntityType.GROUP: {EntityType.GROUP, EntityType.THING},
    EntityType.THING: {EntityType.THING, EntityType.GROUP},
    EntityType.PLACE: {EntityType.PLACE},
    EntityType.EVENT: {EntityType.EVENT},
    EntityType.NATIONALITY: {EntityType.NATIONALITY},
}
#: Model numbers and designations: "SA-22", "KR-7", "Pantsir-S1", "F-16", "S-400".
DESIGNATION = re.compile(r"\b[A-Z][A-Za-z]{0,9}-[A-Z]?\d{1,4}[A-Za-z]?\b")
#: Words that show a clause between two names, not an apposition: "Clinton, who won the states
#: known as Super Tuesday", "Georgia and Texas, which voted in the contests known as ...".
CLAUSE_WORDS = re.compile(r"\b(?:who|which|that|where|when|and|or|won|captured)\b|(?<![-\w])(?!(?:known|designated|dubbed|"
                          r"nicknamed|called)\b)[a-z]{3,}ed\b", re.I)
#: What stands between two names that are declared the same (after a comma or "X (system) is", so
#: that "Cruz won the contests known as Super Tuesday" does not make Cruz Super Tuesday): "X, also known as Y",
#: "X, also known by its army inventory designation Y", "X (Y)", "X, dubbed Y".
ALIAS_CUE = re.compile(
    r"^(?:\s*,[^.;!?\n]{0,60}?|\s+(?:\w+\s+){0,2}(?:is|are|was|were)\s+(?:also\s+)?)\b(?:known\s+(?:[^.;!?\n]{0,40}?\s)?as|known\s+by\s+[^.;!?\n]{0,40}|designat\w*|"
    r"dubbed|nicknamed|also\s+called|a\.k\.a\.?)\s+(?:the\s+|as\s+)?$",
    re.I,
)
LEADING = re.compile(r"^(?:the|a|an)\s+", re.I)
POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def normalise_name(name: str) -> str:
    """The comparison key of a name: no leading article, no possessive, lower case."""
    name = POSSESSIVE.sub("", LEADING.sub("", name.strip()))
    return " ".join(name.lower().split())


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _trim(ent: SpacySpan) -> tuple[int, int]:
    """Character span of an entity without a leading "the" or a trailing possessive."""
    start, end = ent.start_char, ent.end_char
    if ent[0].lower_ == "the" and len(ent) > 1:
        start = ent[1].idx
    if ent[-1].tag_ == "POS" and len(ent) > 1:
        end = ent[-2].idx + len(ent[-2].text)
    text = ent.doc.text
    while end > start and text[end - 1].isspace():  # a paragraph break the recogniser took in
        end -= 1
    if "\n" in text[start:end]:  # a name never runs across paragraphs: keep its first line
        end = start + text[start:end].index("\n")
    return start, end


def _candidates(article: Article, doc: Doc) -> list[tuple[int, int, EntityType]]:
    found: dict[tuple[int, int], EntityType] = {}
    for ent in doc.ents:
        etype = LABELS.get(ent.label_)
        if etype is None:
            continue
        start, end = _trim(ent)
        if end > start:
            found[(start, end)] = etype
    for m in DESIGNATION.finditer(article.text):
        inside = [k for k in found if k[0] <= m.start() and m.end() <= k[1]]
        if not inside:
            found[(m.start(), m.end())] = EntityType.THING
        else:  # "SA-22 Pantsir" tagged as one PERSON: keep the designation on its own too
            for k in inside:
                if found[k] is EntityType.PERSON:
                    found[k] = EntityType.THING
            found.setdefault((m.start(), m.end()), EntityType.THING)
    return sorted((s, e, t) for (s, e), t in found.items())


def extract_entities(article: Article, doc: Doc) -> tuple[list[Mention], list[tuple[str, str, Span]]]:
    """Mentions grouped into article-local entities, and the alias evidence found.

    Returns ``(mentions, aliases)`` where each alias is ``(entity_key, alias_text, evidence)``.
    """
    cands = _candidates(article, doc)
    texts = [article.text[s:e] for s, e, _ in cands]
    keys = [normalise_name(t) for t in texts]
    uf = _UnionFind()
    for i in range(len(cands)):
        uf.find(i)
    descriptions = _descriptions(article, doc, cands)
    cands = _retype_by_description(cands, descriptions)
    _merge_same_and_subset_names(cands, keys, uf)
    _merge_short_forms(cands, keys, uf)
    _merge_designation_abbreviations(cands, keys, uf)
    _merge_alias_statements(article, cands, uf)

    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(cands)):
        groups[uf.find(i)].append(i)
    mentions: list[Mention] = []
    aliases: list[tuple[str, str, Span]] = []
    for members in groups.values():
        first = max(members, key=lambda i: (len(texts[i].split()), len(texts[i])))
        canonical = texts[first]
        etype = _majority_type([cands[i][2] for i in members])
        if any(_is_short_form(keys[i], keys[first]) for i in members):
            etype = cands[first][2]  # "Torvane" (tagged a person or a place) is Torvane Risk Solutions
        if etype in (EntityType.PERSON, EntityType.GROUP) and " " not in canonical and _mostly_after_locative(
                article.text, [cands[i][0] for i in members]):
            etype = EntityType.PLACE  # "near Harl", "the port of Osk": a place the parser took for a person
        key = stable_id(article.id, normalise_name(canonical))
        for i in members:
            s, e, _ = cands[i]
            mentions.append(Mention(article.id, s, e, texts[i], etype, key))
            aliases.append((key, texts[i], Span(article.id, s, e, texts[i])))
        for i in members:
            for ds, de, _ in descriptions.get(i, []):
                aliases.append((key, article.text[ds:de], Span(article.id, ds, de, article.text[ds:de])))
    mentions.sort(key=lambda m: m.start)
    return mentions, aliases


def _mostly_after_locative(text: str, starts: list[int]) -> bool:
    """Whether at least half of the mentions starting at ``starts`` follow "near", "in", "port of"..."""
    return 2 * sum(bool(LOCATIVE.search(text, max(0, s - 30), s)) for s in starts) >= len(starts)


def _majority_type(types: list[EntityType]) -> EntityType:
    counts: dict[EntityType, int] = defaultdict(int)
    for t in types:
        counts[t] += 1
    if EntityType.THING in counts and EntityType.PERSON in counts:
        return EntityType.THING  # a designation tagged PERSON is a thing
    return max(counts, key=lambda t: counts[t])


def _merge_same_and_subset_names(cands, keys: list[str], uf: _UnionFind) -> None:
    """Same name, or all words of a shorter name inside a longer one of a compatible type.

    A shorter name inside two different longer ones ("Clinton" in an article naming Hillary
    Clinton and Bill Clinton) is ambiguous and joins neither: merging it would make one person
    of two. Nested longer names ("Donald Trump" in "Donald J. Trump") are one.
    """
    words = [_words_of(k) for k in keys]
    longer: dict[int, list[int]] = defaultdict(list)  # short candidate -> the longer ones it fits
    for i in range(len(cands)):
        for j in range(i + 1, len(cands)):
            ti, tj = cands[i][2], cands[j][2]
            if tj not in COMPATIBLE[ti]:
                continue
            if keys[i] == keys[j]:
                uf.union(i, j)
            elif words[i] and words[j] and (words[i] < words[j] or words[j] < words[i]):
                short, long = (i, j) if words[i] < words[j] else (j, i)
                if _same_by_subset(words[short], words[long], cands[short][2], cands[long][2]):
                    longer[short].append(long)
    for short, fits in longer.items():
        names = {keys[j]: words[j] for j in fits}
        if sum(not any(w < other for other in names.values()) for w in names.values()) == 1:  # one outermost name
            for j in fits:
                uf.union(short, j)


def _words_of(key: str) -> frozenset[str]:
    return frozenset(re.split(r"[\s-]+", key)) - {""}


#: The share of a one-word name's links to full names that one full name must have for the bare
#: word elsewhere to be taken as that entity ("Trump" alone -> Donald Trump).
BARE_NAME_SHARE = 0.8
#: What comes before a place name: "near Harl", "outside the town of Harl", "in Osk".
LOCATIVE = re.compile(
    r"(?:\b(?:town|city|village|port|province|region|district|capital|county|river|bridge) of|"
    r"\b(?:near|outside|in|at)(?: the)?)\s+$", re.I)
#: Head nouns of an apposition that describe a person: "Tomas Vireck, a spokesman for ...".
PERSON_ROLES = {
    "spokesman", "spokeswoman", "spokesperson", "minister", "official", "analyst", "member", "executive",
    "director", "lawmaker", "president", "chief", "commander", "officer", "secretary", "ambassador",
    "senator", "governor", "mayor", "leader", "founder", "head", "chairman", "chairwoman", "professor",
    "researcher", "expert", "lawyer", "attorney", "judge", "prosecutor", "general", "colonel", "major",
    "captain", "correspondent", "reporter", "editor", "adviser", "advisor", "aide", "deputy", "activist",
    "resident", "witness", "father", "mother", "son", "daughter", "wife", "husband", "manager", "owner",
}
#: Head nouns of an apposition that describe a thing: "the Strix, a radar-guided system".
THING_ROLES = {
    "system", "jammer", "missile", "rifle", "drone", "aircraft", "jet", "helicopter", "vehicle", "weapon",
    "tank", "gun", "launcher", "device", "rocket", "ship", "vessel", "submarine", "radar", "satellite",
}
#: Words that make a name a company's or an armed group's: "Torvane Risk Solutions" is then
#: "Torvane" later in the article (but "Israel Defense Forces" is not "Israel").
ORGANISATION_WORDS = {
    "solutions", "systems", "holdings", "industries", "technologies", "partners", "capital", "media",
    "airlines", "airways", "motors", "bank", "services", "logistics", "energy", "resources", "mining",
    "security", "risk", "consulting", "enterprises", "labs", "group", "company", "corp", "corporation",
    "inc", "ltd", "llc", "plc", "limited", "brigade", "front", "militia", "movement", "&", "and",
    "defence", "defense", "aerospace", "arms", "dynamics", "shipping", "trading", "petroleum", "oil", "gas",
}


def _is_short_form(short: str, long: str) -> bool:
    """'torvane' of 'torvane risk solutions': the first word of a company or group name."""
    words = long.split()
    return len(words) >= 2 and short == words[0] and all(w in ORGANISATION_WORDS for w in words[1:])


def _designation_of(short: str, long: str) -> bool:
    """'strix' of 'strix-4': the word of a designation."""
    m = re.fullmatch(r"([a-z]+)-\d+[a-z]?", long)
    return bool(m) and m.group(1) == short


def _merge_short_forms(cands, keys: list[str], uf: _UnionFind) -> None:
    """A one-word name after a company or group name it begins, whatever the parser tagged it as:
    "Torvane Risk Solutions ... Torvane said". Only when one such longer name is in the article."""
    for i, (start, _, _) in enumerate(cands):
        if " " in keys[i]:
            continue
        longer: dict[str, int] = {}  # longer name -> its first mention
        for j, c in enumerate(cands):
            if c[0] < start and _is_short_form(keys[i], keys[j]):
                longer.setdefault(keys[j], j)
        if len(longer) == 1:
            uf.union(i, *longer.values())


#: Words a longer name may add to a shorter one and still name the same thing ("Wagner Group").
GENERIC_NAME_WORDS = {
    "group", "company", "corporation", "corp", "inc", "ltd", "party", "movement", "brigade",
    "militia", "army", "forces", "force", "network", "front", "organization", "organisation",
    "strip", "city", "state", "province", "region", "county", "republic", "system", "the", "of",
}


def _same_by_subset(short: set[str], long: set[str], ti: EntityType, tj: EntityType) -> bool:
    """Does the shorter name refer to the same entity as the longer one that contains it?"""
    if short <= GENERIC_NAME_WORDS:
        return False
    if ti is EntityType.PERSON and tj is EntityType.PERSON:
        # "Lavrov" / "Sergei Lavrov"; not a headline the recogniser took for a name
        # ("Hillary Clinton Slams Donald Trump")
        return len(long) <= 4
    if EntityType.THING in (ti, tj):
        return True  # "Pantsir" / "SA-22 Pantsir"
    return (long - short) <= GENERIC_NAME_WORDS


def _merge_alias_statements(article: Article, cands, uf: _UnionFind) -> None:
    """Link "X, also known as Y" / "X (Y)"."""
    text = article.text
    for i in range(len(cands) - 1):
        between = text[cands[i][1] : cands[i + 1][0]]
        if "\n" in between:
            continue
        after = text[cands[i + 1][1] : cands[i + 1][1] + 5]
        parenthesis = between.strip() == "(" and after[:1] == ")"
        if parenthesis and after[1:].strip()[:1] in ("—", "–", "-"):
            continue  # a dateline, "WASHINGTON (AP) —": the city is not the agency
        if (ALIAS_CUE.match(between) and not CLAUSE_WORDS.search(between)) or parenthesis:
            uf.union(i, i + 1)


def _descriptions(article: Article, doc: Doc, cands) -> dict[int, list[tuple[int, int, str]]]:
    """Appositive descriptions per candidate: (start, end, lemma of the description's head noun)."""
    text = article.text
    descriptions: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    by_end = {e: i for i, (s, e, _) in enumerate(cands)}
    for tok in doc:
        if tok.dep_ != "appos" or tok.ent_type_ or tok.pos_ not in ("NOUN",):
            continue
        head = tok.head
        if not head.ent_type_:
            continue
        sub = list(tok.subtree)
        ds, de = sub[0].idx, sub[-1].idx + len(sub[-1].text)
        if de - ds > 80:  # "a radar-guided system that detects ...": up to the head noun
            de = tok.idx + len(tok.text)
        if de - ds > 80 or "\n" in text[ds:de]:
            continue
        idx = by_end.get(head.idx + len(head.text))
        if idx is not None:
            descriptions[idx].append((ds, de, tok.lemma_.lower()))
    return descriptions


def _retype_by_description(cands, descriptions: dict[int, list[tuple[int, int, str]]]):
    """'Tomas Vireck, a spokesman for ...' is a person, 'the Strix, a radar-guided system' a thing,
    whatever type the parser's entity recogniser gave the name."""
    out = []
    for i, (start, end, etype) in enumerate(cands):
        lemmas = {lemma for _, _, lemma in descriptions.get(i, [])}
        if lemmas & PERSON_ROLES and etype is not EntityType.THING:
            etype = EntityType.PERSON
        elif lemmas & THING_ROLES:
            etype = EntityType.THING
        out.append((start, end, etype))
    return out


def _merge_designation_abbreviations(cands, keys: list[str], uf: _UnionFind) -> None:
    """'SX-4' and 'Strix-4', 'KR-7' and 'Korsak-7' in one article: the same number, and the short
    prefix's letters in order in the long one, from its first letter."""
    designations = [(i, m) for i, k in enumerate(keys) if (m := re.fullmatch(r"([a-z]+)-(\d+[a-z]?)", k))]
    for i, mi in designations:
        for j, mj in designations:
            short, long = mi.group(1), mj.group(1)
            if mi.group(2) != mj.group(2) or not (2 <= len(short) < len(long)) or short[0] != long[0]:
                continue
            rest = iter(long[1:])
            if all(ch in rest for ch in short[1:]):
                uf.union(i, j)


def _family(etype: EntityType) -> str:
    """Types whose names are compared together across articles (NER confuses groups and things)."""
    return etype.value if etype.value in ("PERSON", "PLACE", "NATIONALITY") else "OTHER"


def resolve(local: Iterable[tuple[str, EntityType, Iterable[tuple[str, Span]]]]) -> tuple[list[Entity], dict[str, str]]:
    """Merge article-local entities across articles.

    ``local`` yields ``(entity_key, type, [(alias, evidence), ...])``. Two local entities are one
    when they share a proper name (descriptions such as "a northern militia" never merge across
    articles). Returns the entities and a map from each local key to its entity id.
    """
    items = list(local)
    uf = _UnionFind()
    owner: dict[tuple[str, str], int] = {}

    def join(n: int, key: tuple[str, str]) -> None:
        if key in owner:
            uf.union(n, owner[key])
        else:
            owner[key] = n

    # 1. full names: a name of two words or more is specific, whatever it was tagged
    bare: dict[int, list[tuple[str, str]]] = {}  # local entities known only by one-word names
    for n, (_, etype, names) in enumerate(items):
        uf.find(n)
        family = _family(etype)
        proper = {normalise_name(alias) for alias, _ in names if _is_proper(alias)}
        full = {name for name in proper if " " in name}
        for name in full:
            join(n, ("ANY", name))
        if full:
            continue
        keys = [(family, name) for name in proper]
        if etype in (EntityType.THING, EntityType.GROUP):
            # linked to its full name here ("the Strix" of "Strix-4"): where another article's
            # parser took the bare word for a place, it is this thing
            keys += [("PLACE", name) for name in proper if any(_designation_of(name, o) for o in proper)]
        bare[n] = keys
    # 2. a one-word name joins the full name it stands for across the corpus when one full name
    # dominates ("Trump" -> Donald Trump); otherwise the bare mentions stay one entity of their own
    expansions: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)
    for n, (_, etype, names) in enumerate(items):
        if n in bare:
            continue
        family = _family(etype)
        for alias, _ in names:
            name = normalise_name(alias)
            if _is_proper(alias) and " " not in name:
                expansions[(family, name)][uf.find(n)] += 1
                if family == "OTHER":
                    expansions[("PLACE", name)][uf.find(n)] += 1
    for n, keys in bare.items():
        for key in keys:
            counts = expansions.get(key)
            if counts:
                (root, top), total = counts.most_common(1)[0], sum(counts.values())
                if top >= BARE_NAME_SHARE * total:
                    uf.union(n, root)
                    continue
            join(n, ("BARE",) + key)
    groups: dict[int, list[int]] = defaultdict(list)
    for n in range(len(items)):
        groups[uf.find(n)].append(n)
    entities: list[Entity] = []
    key_to_id: dict[str, str] = {}
    for members in groups.values():
        aliases: dict[str, list[Span]] = defaultdict(list)
        types: list[EntityType] = []
        for n in members:
            key, etype, names = items[n]
            types.append(etype)
            for alias, ev in names:
                aliases[alias].append(ev)
        proper = [a for a in aliases if _is_proper(a)] or list(aliases)
        normal = {a: normalise_name(a) for a in proper}
        # a company's full name over its short form ("Torvane Risk Solutions" over "Torvane")
        has_short = {a for a in proper if any(_is_short_form(normal[b], normal[a]) or _designation_of(normal[b], normal[a])
                                               for b in proper)}
        name = max(proper, key=lambda a: (a in has_short, len(aliases[a]), len(a.split()) <= 4, len(a)))
        # the smallest local key is unique to this group (each local entity is in one group)
        eid = stable_id(min(items[n][0] for n in members))
        entities.append(Entity(eid, name, _majority_type(types), dict(aliases)))
        for n in members:
            key_to_id[items[n][0]] = eid
    return entities, key_to_id


#: Small words a proper name may carry in lower case: "Bank of England", "Charles de Gaulle".
NAME_CONNECTORS = {"of", "the", "de", "la", "le", "du", "van", "von", "der", "den", "and", "for", "al", "bin", "&", "y", "e"}


def _is_proper(alias: str) -> bool:
    """A name rather than a description: after any leading article, every word capitalised (or a
    number, or a small connector). "Romney confidant" and "Republican presidential nominee" are
    descriptions: the same description of two people must not make them one."""
    rest = LEADING.sub("", alias.strip())
    if not rest or not (rest[0].isupper() or rest[0].isdigit()):
        return False
    return all(w[0].isupper() or w[0].isdigit() or not w[0].isalpha() or w.lower() in NAME_CONNECTORS
               for w in rest.split())
