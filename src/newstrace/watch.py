"""Streaming ingest: follow RSS/Atom feeds and folders, adding new articles to the store as they come.

``Watcher.poll()`` does one round: for each feed it fetches the feed, then the page of every
item not seen before, turns each page into a ``RawDocument`` (``ingest.html.html_to_document``)
and sends the new documents through ``NewsTrace.analyze_items``, so they are cleaned, analysed,
linked to near-duplicates and joined to existing stories incrementally. For each folder it
analyses the files not seen before (by path, modification time and size: an edited file is read
again; articles already stored are recognised by their content id and not added twice).

What was seen is kept in the store, in the table ``feed_items`` created here, so a restarted
watcher does not fetch again what it already has. Nothing stops the watcher but the end of
its polls: a feed or page that cannot be read becomes a rejection record (in the run summary
and the store's ``rejections`` table) naming the URL and the reason. Transient failures
(network errors, HTTP 5xx, 429) are retried on later polls, up to ``max_attempts`` times;
permanent ones (HTTP 4xx, not HTML, no article text) are recorded once and not retried.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from .core import NewsTrace
from .engine import Engine
from .feeds import FeedError, FeedItem, parse_feed
from .ingest import iter_files, read_file
from .ingest.files import declared_charset, decode
from .ingest.html import html_to_document
from .limits import DEFAULT_LIMITS, Limits
from .model import RawDocument, Rejection, RunSummary

USER_AGENT = "newstrace"

FEED_ITEMS_SCHEMA = """
CREATE TABLE IF NOT EXISTS feed_items (
    source VARCHAR,        -- feed URL, or 'folder:' + folder path
    item_key VARCHAR,      -- feed item id (guid / atom:id / link), or path|mtime_ns|size
    url VARCHAR,           -- the page fetched (feeds) or the file read (folders)
    status VARCHAR,        -- 'done' | 'rejected' (permanent) | 'retry' (transient, tried again)
    reason VARCHAR,
    attempts INTEGER,
    first_seen TIMESTAMP,
    last_seen TIMESTAMP,
    PRIMARY KEY (source, item_key)
);
"""

_CHARSET = re.compile(r"charset=([\w.:-]+)", re.I)


class FetchError(Exception):
    def __init__(self, reason: str, transient: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def fetch(url: str, timeout: float = 20.0, max_bytes: int = 10 * 1024 * 1024) -> tuple[bytes, str | None]:
    """GET ``url`` (http/https only) with a time and size limit; return (body, content type).

    Raises ``FetchError`` saying why, and whether trying again later may help.
    """
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchError(f"not an http(s) URL: {url}", transient=False)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"response too large: {declared} bytes over the limit {max_bytes}", False)
            body = response.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise FetchError(f"response too large: over the limit of {max_bytes} bytes", False)
            return body, response.headers.get("Content-Type")
    except urllib.error.HTTPError as exc:
        transient = exc.code >= 500 or exc.code in (408, 429)
        raise FetchError(f"HTTP {exc.code} {exc.reason}", transient) from exc
    except urllib.error.URLError as exc:
        raise FetchError(f"cannot connect: {exc.reason}", True) from exc
    except (TimeoutError, OSError) as exc:  # socket timeouts, resets mid-body
        raise FetchError(f"network error: {type(exc).__name__}: {exc}", True) from exc
    except ValueError as exc:  # malformed URL
        raise FetchError(f"bad URL: {exc}", False) from exc


Fetcher = Callable[[str], tuple[bytes, str | None]]


@dataclass
class PollResult:
    """What one poll did: new items analysed (``summary``) and every rejection, by source."""

    polls: int = 0
    new_items: int = 0
    summary: RunSummary = field(default_factory=RunSummary)

    @property
    def rejected(self) -> list[Rejection]:
        return self.summary.rejected


class Watcher:
    """Polls ``feeds`` (URLs) and ``folders`` and analyses what is new into ``nt``'s store."""

    def __init__(
        self,
        nt: NewsTrace,
        feeds: Iterable[str] = (),
        folders: Iterable[str | Path] = (),
        *,
        limits: Limits = DEFAULT_LIMITS,
        timeout: float = 20.0,
        max_bytes: int = 10 * 1024 * 1024,
        max_attempts: int = 3,
        settle_seconds: float = 2.0,
        engine: Engine | None = None,
        batch_size: int = 16,
        fetcher: Fetcher | None = None,
    ) -> None:
        self.nt = nt
        self.feeds = list(feeds)
        self.folders = [Path(f) for f in folders]
        self.limits = limits
        self.max_attempts = max_attempts
        self.settle_seconds = settle_seconds  # files changed more recently are left for the next poll
        self.engine = engine
        self.batch_size = batch_size
        self.fetch: Fetcher = fetcher or (lambda url: fetch(url, timeout=timeout, max_bytes=max_bytes))
        self.con = nt.store.con
        self.con.execute(FEED_ITEMS_SCHEMA)

    # --- state -----------------------------------------------------------------------------------

    def _state(self, source: str) -> dict[str, tuple[str, int]]:
        rows = self.con.execute(
            "SELECT item_key, status, attempts FROM feed_items WHERE source = ?", [source]
        ).fetchall()
        return {k: (s, n) for k, s, n in rows}

    def _mark(self, source: str, key: str, url: str, status: str, reason: str | None = None) -> None:
        now = _now()
        self.con.execute(
            "INSERT INTO feed_items VALUES (?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (source, item_key) DO UPDATE"
            " SET status = excluded.status, reason = excluded.reason, attempts = feed_items.attempts + 1,"
            " last_seen = excluded.last_seen, url = excluded.url",
            [source, key, url, status, reason, now, now],
        )

    def _wanted(self, state: dict[str, tuple[str, int]], key: str) -> bool:
        if key not in state:
            return True
        status, attempts = state[key]
        return status == "retry" and attempts < self.max_attempts

    # --- one round -------------------------------------------------------------------------------

    def poll(self) -> PollResult:
        """One round over every feed and folder; never raises for a bad feed, page or file."""
        result = PollResult(polls=1)
        for url in self.feeds:
            self._poll_feed(url, result)
        for folder in self.folders:
            self._poll_folder(folder, result)
        return result

    def _analyze(self, items: list[RawDocument | Rejection], label: list[str], result: PollResult) -> None:
        if not items:
            return
        s = self.nt.analyze_items(items, label, batch_size=self.batch_size, engine=self.engine)
        total = result.summary
        total.read += s.read
        total.stored += s.stored
        total.already_known += s.already_known
        total.duplicates += s.duplicates
        total.rejected.extend(s.rejected)
        total.stories = s.stories
        result.new_items += sum(isinstance(i, RawDocument) for i in items)

    def _poll_feed(self, feed_url: str, result: PollResult) -> None:
        try:
            data, _ = self.fetch(feed_url)
            entries = parse_feed(data, base_url=feed_url)
        except FetchError as exc:
            self._analyze([Rejection(feed_url, f"feed not fetched: {exc.reason}", stage="feed")],
                          [feed_url], result)
            return
        except FeedError as exc:
            self._analyze([Rejection(feed_url, f"feed unreadable: {exc}", stage="feed")], [feed_url], result)
            return
        state = self._state(feed_url)
        items: list[RawDocument | Rejection] = []
        marks: list[tuple[str, str, str, str | None]] = []  # key, url, status, reason
        seen_now: set[str] = set()
        for entry in entries:
            key = entry.id
            if key in seen_now or not self._wanted(state, key):
                continue
            seen_now.add(key)
            item, status = self._page(entry)
            items.append(item)
            marks.append((key, entry.url, status, item.reason if isinstance(item, Rejection) else None))
        self._analyze(items, [feed_url], result)
        for key, url, status, reason in marks:  # only once analysed: a crash before means a refetch
            self._mark(feed_url, key, url, status, reason)

    def _page(self, entry: FeedItem) -> tuple[RawDocument | Rejection, str]:
        try:
            data, ctype = self.fetch(entry.url)
        except FetchError as exc:
            return Rejection(entry.url, f"page not fetched: {exc.reason}", stage="fetch"), (
                "retry" if exc.transient else "rejected")
        if ctype and not any(t in ctype.lower() for t in ("html", "xml", "text/plain")):
            return Rejection(entry.url, f"page is not HTML: content type {ctype}", stage="fetch"), "rejected"
        m = _CHARSET.search(ctype or "")
        html = decode(entry.url, data, (m.group(1).lower() if m else None) or declared_charset(data))
        if isinstance(html, Rejection):
            return replace(html, stage="fetch"), "rejected"
        doc = html_to_document(entry.url, html, entry.url, self.limits)
        if isinstance(doc, Rejection):
            return replace(doc, stage="fetch"), "rejected"
        if doc.published is None and entry.published is not None:
            doc.published = entry.published  # the feed's date when the page gives none
        if not doc.title and entry.title:
            doc.title = entry.title
        return doc, "done"

    def _poll_folder(self, folder: Path, result: PollResult) -> None:
        source = f"folder:{folder.resolve()}"
        if not folder.is_dir():
            self._analyze([Rejection(str(folder), "watched folder missing", stage="watch")], [str(folder)], result)
            return
        state = self._state(source)
        now = time.time()
        fresh: list[tuple[Path, str]] = []
        for path in iter_files([folder]):
            try:
                st = path.stat()
            except OSError:
                continue  # removed between listing and stat: gone, nothing to read
            if now - st.st_mtime < self.settle_seconds:
                continue  # may still be being written: next poll
            key = f"{path.resolve()}|{st.st_mtime_ns}|{st.st_size}"
            if key not in state:
                fresh.append((path, key))
        if not fresh:
            return

        def items() -> Iterator[RawDocument | Rejection]:
            for path, _ in fresh:
                yield from read_file(path, self.limits)

        self._analyze(list(items()), [str(folder)], result)
        for path, key in fresh:
            self._mark(source, key, str(path), "done")

    # --- the loop --------------------------------------------------------------------------------

    def run(
        self,
        interval: float = 300.0,
        max_polls: int | None = None,
        on_poll: Callable[[int, PollResult], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> PollResult:
        """Poll every ``interval`` seconds, ``max_polls`` times (forever when None)."""
        total = PollResult(polls=0)
        n = 0
        while max_polls is None or n < max_polls:
            started = time.monotonic()
            r = self.poll()
            n += 1
            total.polls += 1
            total.new_items += r.new_items
            s = total.summary
            s.read += r.summary.read
            s.stored += r.summary.stored
            s.already_known += r.summary.already_known
            s.duplicates += r.summary.duplicates
            s.rejected.extend(r.summary.rejected)
            s.stories = r.summary.stories or s.stories
            if on_poll:
                on_poll(n, r)
            if max_polls is not None and n >= max_polls:
                break
            sleep(max(0.0, interval - (time.monotonic() - started)))
        return total
