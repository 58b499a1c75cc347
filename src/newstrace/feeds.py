"""RSS 2.0 / RSS 1.0 (RDF) and Atom feeds: the list of items (id, link, title, date) in a feed.

Parsed with lxml, with entities, DTDs and network access off, so a hostile feed cannot expand
entities or make the parser fetch anything. Elements are matched by local name, so feeds that
mix namespaces (Dublin Core dates, media extensions) or omit the Atom namespace still parse.
A feed that is not well-formed XML, or is neither RSS nor Atom, raises ``FeedError`` with the
reason; an item without a usable link is skipped (it has no page to read).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from lxml import etree

from .dates import parse_date


class FeedError(ValueError):
    """The feed could not be read as RSS or Atom; the message says why."""


@dataclass(frozen=True, slots=True)
class FeedItem:
    id: str  # guid / atom:id, else the link
    url: str  # absolute http(s) link to the item's page
    title: str | None = None
    published: date | None = None
    summary: str | None = None


_PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                       remove_comments=True, remove_pis=True)


def _local(tag: object) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if _local(c.tag) == name]


def _text(el: etree._Element, *names: str) -> str | None:
    for name in names:
        for c in _children(el, name):
            text = "".join(c.itertext()).strip()
            if text:
                return text
    return None


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:  # RFC 822 (RSS pubDate)
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:  # RFC 3339 (Atom, dc:date)
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        return parse_date(value)


def _absolute(base: str | None, link: str | None) -> str | None:
    if not link:
        return None
    url = urljoin(base or "", link.strip())
    return url if urlsplit(url).scheme in ("http", "https") else None


def _atom_link(entry: etree._Element) -> str | None:
    links = _children(entry, "link")
    for want in ("alternate", None):
        for link in links:
            rel = link.get("rel", "alternate")
            if (want is None or rel == want) and link.get("href"):
                return link.get("href")
    return None


def parse_feed(data: bytes, base_url: str | None = None) -> list[FeedItem]:
    """The items of an RSS or Atom document, in document order."""
    if not data.strip():
        raise FeedError("empty feed")
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(**_PARSER_OPTIONS))
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"malformed XML: {exc}") from exc
    if root is None:
        raise FeedError("empty feed")
    kind = _local(root.tag)
    items: list[FeedItem] = []
    if kind == "feed":  # Atom
        for entry in _children(root, "entry"):
            url = _absolute(base_url, _atom_link(entry))
            if url:
                items.append(FeedItem(
                    id=_text(entry, "id") or url, url=url, title=_text(entry, "title"),
                    published=_date(_text(entry, "published", "updated")),
                    summary=_text(entry, "summary"),
                ))
    elif kind in ("rss", "rdf"):  # RSS 2.0 (items in <channel>) or RSS 1.0 (items beside it)
        parents = [root, *_children(root, "channel")]
        for entry in (i for p in parents for i in _children(p, "item")):
            url = _absolute(base_url, _text(entry, "link") or entry.get(
                "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"))
            if url:
                items.append(FeedItem(
                    id=_text(entry, "guid") or url, url=url, title=_text(entry, "title"),
                    published=_date(_text(entry, "pubdate", "date")),
                    summary=_text(entry, "description"),
                ))
    else:
        raise FeedError(f"not an RSS or Atom feed (root element <{kind or root.tag}>)")
    return items
