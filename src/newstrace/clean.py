"""Clean: ``RawDocument`` -> ``Article``.

Crawled text carries navigation lines, photo captions (often repeated), share buttons and
"Most Popular / read more" tails. The cleaner works line by line and records every line it
removes, with the reason, on the article (``Article.removed``): nothing is lost, and a user
can always see why a line is not in the clean text.

The clean text is the title, a blank line, then the body paragraphs separated by blank lines,
so headline claims have spans like every other claim.
"""

from __future__ import annotations

import re
from collections import Counter

from .dates import parse_date
from .model import Article, RawDocument, Rejection, RemovedLine

#: Lines that open a list of links to other articles ("Most Popular", "Related stories"); the
#: short headlines after one go with it.
LINK_LIST_HEADERS = {
    "most popular", "most read", "read more", "see also", "related", "related articles", "related stories",
    "recommended", "trending", "top stories", "latest news", "you may also like", "more from", "more stories",
}
#: Whole lines that are page furniture, compared lower-cased without trailing punctuation.
BOILERPLATE_LINES = LINK_LIST_HEADERS | {
    "advertisement", "share", "share this article", "share this", "subscribe", "subscribe to our newsletter",
    "sign up", "sign up for our newsletter", "follow us", "comments", "leave a comment", "skip to content",
    "skip to main content", "menu", "search", "log in", "sign in", "back to top", "print", "email",
    "whatsapp", "facebook", "twitter", "linkedin", "copy link", "cookie settings", "accept cookies",
}
BOILERPLATE_PATTERNS = [
    re.compile(p, re.I)
    for p in (
        r"^(read more|see also|also read|related|watch|listen)\s*[:|>-]",
        r"^(©|\(c\)|copyright\b)",
        r"\ball rights reserved\b",
        r"^(click|tap) here\b",
        r"^(share|follow) (on|us on)\b",
    )
]
#: Short navigation words: a line made only of these is a menu/breadcrumb.
NAV_WORDS = {
    "home", "world", "news", "politics", "business", "sport", "sports", "opinion", "culture",
    "nation", "national", "international", "local", "middle", "east", "europe", "asia", "africa",
    "americas", "us", "uk", "tech", "technology", "science", "health", "entertainment", "video",
    "videos", "live", "latest", "more", "and", "&", "|", ">", "/", "»", "›", "-", "date", "updated",
    "published", "by", "staff", "region", "regions", "analysis", "features", "economy",
}
DATE_LINE = re.compile(r"^\W*(date|published|updated|posted)?\s*:?\s*\S")
#: A caption ends with a parenthesised credit: "(File Photo | AFP)", "(AP Photo/Name)".
CREDIT = re.compile(
    r"\((?:[^()]*\b(?:photo|photos|photograph|image|file|afp|ap|reuters|getty|credit|courtesy|"
    r"handout|screenshot|screengrab|via)\b[^()]*)\)\s*$",
    re.I,
)
#: A sentence followed by a short parenthesised credit, "... in 2018. (Israel Defense Forces)".
TRAILING_CREDIT = re.compile(r"[.!?]\s*\([^()]{2,60}\)\s*$")
SENTENCE_END = re.compile(r"[.!?\"'”’)]\s*$")
WS = re.compile(r"[ \t\u00a0\u2000-\u200b]+")


def normalise_line(line: str) -> str:
    return WS.sub(" ", line).strip()


def _key(line: str) -> str:
    return re.sub(r"[\W_]+$", "", line.lower()).strip()


def is_boilerplate(line: str) -> bool:
    key = _key(line)
    if not key or key in BOILERPLATE_LINES:
        return True
    return any(p.search(line) for p in BOILERPLATE_PATTERNS)


def is_navigation(line: str) -> bool:
    """A breadcrumb/menu line: short, no sentence punctuation, only menu words and a date."""
    words = re.findall(r"[\w&|>/»›-]+", line.lower())
    if not words or len(words) > 12 or SENTENCE_END.search(line) and line.rstrip()[-1] in ".!?":
        return False
    rest = [w for w in words if w not in NAV_WORDS and not re.fullmatch(r"[\d-]+", w)]
    return len(rest) == 0 or (parse_date(line) is not None and len(rest) <= 3 and len(words) <= 8)


def is_link_headline(line: str) -> bool:
    """A headline in a list of links: short, and not ending like a sentence."""
    return len(line.split()) <= 14 and not re.search(r"[.!?\"”’:]\s*$", line)


def is_caption(line: str) -> bool:
    return bool(CREDIT.search(line) or (TRAILING_CREDIT.search(line) and len(line.split()) <= 60))


def clean(raw: RawDocument) -> Article | Rejection:
    """Clean one raw document into an article, or reject it when nothing is left."""
    lines = [normalise_line(line) for line in raw.content.splitlines()]
    lines = [line for line in lines if line]
    removed: list[RemovedLine] = []
    published, date_source = raw.published, "metadata" if raw.published else None

    counts = Counter(_key(line) for line in lines)
    kept: list[str] = []
    seen: set[str] = set()
    link_list: str | None = None  # the header of the list of links being skipped
    for i, line in enumerate(lines):
        key = _key(line)
        header = i < 4 and not kept
        boilerplate = is_boilerplate(line)
        if key in LINK_LIST_HEADERS:
            link_list = line
        elif link_list and not boilerplate:
            if is_link_headline(line):
                removed.append(RemovedLine(line, f"link list after '{link_list}'"))
                continue
            link_list = None
        if header and is_navigation(line):
            if published is None and (found := parse_date(line)):
                published, date_source = found, "header"
            removed.append(RemovedLine(line, "navigation"))
        elif boilerplate:
            removed.append(RemovedLine(line, "boilerplate"))
        elif is_caption(line) and (counts[key] > 1 or kept):
            removed.append(RemovedLine(line, "photo caption"))
        elif key in seen:
            removed.append(RemovedLine(line, "repeated line"))
        else:
            kept.append(line)
        seen.add(key)

    title = normalise_line(raw.title or "")
    if kept and title and _key(kept[0]) == _key(title):
        removed.append(RemovedLine(kept.pop(0), "title repeated in body"))
    if not title and kept and len(kept[0].split()) <= 30:
        title = kept.pop(0)
    if not kept:
        return Rejection(raw.origin, "empty after cleaning: no body text left", stage="clean")
    if not title:
        title = _first_words(kept[0])

    text = title + "\n\n" + "\n\n".join(kept)
    return Article(
        id=Article.make_id(text),
        origin=raw.origin,
        text=text,
        title=title,
        outlet=raw.outlet,
        url=raw.url,
        published=published,
        date_source=date_source,
        language=(raw.language or guess_language(text)).split("-")[0].split("_")[0].lower(),
        removed=removed,
    )


def _first_words(paragraph: str, n: int = 12) -> str:
    words = paragraph.split()
    return " ".join(words[:n]) + (" ..." if len(words) > n else "")


ENGLISH_STOPWORDS = frozenset(
    "the a an and or of to in on for with by from at as is are was were be been has have had "
    "that this it its their his her he she they we you not but said will would".split()
)


def guess_language(text: str) -> str:
    """'en' when English function words are common, 'und' (undetermined) otherwise."""
    words = re.findall(r"[a-zA-Z]+", text.lower())
    if len(words) < 5:
        return "und"
    share = sum(w in ENGLISH_STOPWORDS for w in words) / len(words)
    return "en" if share >= 0.12 else "und"


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs of a clean text (title first)."""
    spans, start = [], 0
    for part in text.split("\n\n"):
        spans.append((start, start + len(part)))
        start += len(part) + 2
    return spans
