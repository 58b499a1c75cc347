"""The typed data model every stage shares.

Every derived item (sentence, mention, claim, time expression...) carries the id of the
article it came from and character offsets into that article's *clean* text, so any
statement newstrace makes can be traced back to the exact sentence it came from:
``article.text[item.start:item.end]`` is always the item's text.

Stages pass these plain dataclasses around; the store (``newstrace.store``) persists them
in DuckDB and the CLI, report and web layers only read them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from enum import Enum


def stable_id(*parts: object, length: int = 16) -> str:
    """A short content hash: the same inputs always give the same id (re-runs add nothing twice)."""
    h = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]


@dataclass(slots=True)
class RawDocument:
    """One input item as read from disk, before cleaning.

    ``origin`` names the file and, inside containers (JSONL, WARC), the record: it is what
    error messages and the run summary point at.
    """

    origin: str
    kind: str  # "text" | "html" | "jsonl" | "warc"
    content: str
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: date | None = None
    language: str | None = None


@dataclass(slots=True)
class Rejection:
    """An input item that could not be used, and why. Nothing is dropped silently."""

    origin: str
    reason: str
    stage: str = "ingest"


@dataclass(slots=True)
class Span:
    """A stretch of an article's clean text."""

    article_id: str
    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span offsets {self.start}:{self.end}")


@dataclass(slots=True)
class RemovedLine:
    """A line the cleaner removed (navigation, captions, 'read more'), kept for audit."""

    text: str
    reason: str


@dataclass(slots=True)
class Article:
    """A cleaned article. ``text`` begins with the title as its first paragraph."""

    id: str
    origin: str
    text: str
    title: str
    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    date_source: str | None = None  # where the date came from: "metadata", "header", ...
    #: For an undated article: the latest full date its text mentions, so it was published on
    #: or after this day (a bound inferred from content, never presented as the date).
    published_after: date | None = None
    language: str = "en"
    removed: list[RemovedLine] = field(default_factory=list)

    @property
    def title_span(self) -> tuple[int, int]:
        return (0, len(self.title))

    @staticmethod
    def make_id(text: str) -> str:
        """Articles are identified by their clean text: the same article ingested twice is one."""
        return stable_id(" ".join(text.split()))


@dataclass(slots=True)
class Sentence:
    article_id: str
    index: int
    start: int
    end: int
    paragraph: int
    is_title: bool = False


class EntityType(str, Enum):
    PERSON = "PERSON"
    GROUP = "GROUP"  # organisations, armed groups, companies, outlets
    PLACE = "PLACE"
    THING = "THING"  # products, weapons, works, laws
    EVENT = "EVENT"
    NATIONALITY = "NATIONALITY"


@dataclass(slots=True)
class Mention:
    """One mention of an entity in one article."""

    article_id: str
    start: int
    end: int
    text: str
    type: EntityType
    entity_key: str  # the article-local entity this mention belongs to (see entities stage)


@dataclass(slots=True)
class Entity:
    """An entity with every name it goes by; ``aliases`` maps each name to its evidence spans."""

    id: str
    name: str
    type: EntityType
    aliases: dict[str, list[Span]] = field(default_factory=dict)


class Certainty(str, Enum):
    """How firmly a claim is put, from its cue and hedges (ordered firmest first)."""

    ASSERTED = "asserted"  # "is preparing to deliver", "said X happened"
    PROBABLE = "probable"  # "believes", "is thought to", "likely"
    POSSIBLE = "possible"  # "could", "may", "is concerned that"
    DENIED = "denied"  # "has yet to", "does not believe", "denied"
    UNKNOWN = "unknown"


@dataclass(slots=True)
class Claim:
    """An attributed statement: who (source) says what (content), introduced by which cue.

    ``source`` may be ``None`` ("reportedly", "it is believed"). ``chain`` is the sourcing
    chain from the reporting outlet inwards, e.g. ["Times of X", "New York Post", "US officials"].
    ``parent_id`` links a claim embedded in another claim's content (an outlet reporting what
    officials said).
    """

    id: str
    article_id: str
    sentence_index: int
    cue: Span | None
    content: Span
    source: Span | None
    source_name: str | None  # the source as a name: pronouns resolved, "the" stripped
    kind: str  # "direct" (quoted), "indirect", "according_to", "headline", "unattributed"
    certainty: Certainty
    chain: list[str] = field(default_factory=list)
    parent_id: str | None = None
    hedges: list[str] = field(default_factory=list)


@dataclass(slots=True)
class TimeExpression:
    """A date or time expression, normalised to an ISO-8601 / TIMEX3 value where possible."""

    article_id: str
    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str | None  # "2023-10-07", "2023-W43", "2023-10", "P3D", None when not resolvable
    anchored: bool  # True when the value depended on the article's publication date


@dataclass(slots=True)
class DuplicateLink:
    """``article_id`` is a (near-)copy of ``duplicate_of``; both stay in the store."""

    article_id: str
    duplicate_of: str
    similarity: float
    exact: bool


@dataclass(slots=True)
class Story:
    id: str
    title: str
    article_ids: list[str]
    first_date: date | None = None
    last_date: date | None = None


@dataclass(slots=True)
class Analysis:
    """Everything the per-article stages derive from one article."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[tuple[str, str, Span]] = field(default_factory=list)  # (entity_key, alias, evidence)
    claims: list[Claim] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)


@dataclass(slots=True)
class RunSummary:
    """What one ``analyze`` run did with every input item."""

    read: int = 0
    stored: int = 0
    already_known: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    duplicates: int = 0
    stories: int = 0

    @property
    def rejected_count(self) -> int:
        return len(self.rejected)

    def reasons(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.rejected:
            key = r.reason.split(":")[0]
            out[key] = out.get(key, 0) + 1
        return out
