"""Streaming ingest: feeds served from a local http.server (127.0.0.1 only), and a watched folder.

All feed and page content below is fictional (invented towns, outlets and people).
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from newstrace import NewsTrace
from newstrace.cli_watch import watch
from newstrace.feeds import FeedError, parse_feed
from newstrace.watch import Watcher, fetch, FetchError

# --------------------------------------------------------------------------- fictional content

BRIDGE_1 = """<html><head><title>Velland Bridge closed after crack found in main span</title>
<meta property="og:site_name" content="The Orsk Gazette">
<meta name="date" content="2026-04-07"></head><body><nav>Home | World | Sport</nav><article>
<h1>Velland Bridge closed after crack found in main span</h1>
<p>The Orsk Transit Authority closed the Velland Bridge on Tuesday after inspectors found a crack in
the main span, officials said, diverting thousands of commuters onto ferries across the Drava river.</p>
<p>"We will not reopen the Velland Bridge until engineers are certain it is safe," Mayor Elena Vasko
told reporters at Orsk city hall. She said the inspection had been brought forward after residents
reported loud noises from the bridge during the storm last week.</p>
<p>According to the Orsk Transit Authority, the crack is about two metres long. Engineer Tomas Brell,
who led the inspection, said the steel beams of the span may have been weakened by corrosion.</p>
<p>Ferry operators on the Drava river said they would add crossings from Wednesday.</p>
</article></body></html>"""

BRIDGE_2 = """<html><head><title>Velland Bridge to stay shut for weeks, Orsk mayor says</title>
<meta property="og:site_name" content="Drava Daily">
<meta name="date" content="2026-04-08"></head><body><article>
<h1>Velland Bridge to stay shut for weeks, Orsk mayor says</h1>
<p>The Velland Bridge in Orsk will stay closed for several weeks while engineers repair a crack in its
main span, Mayor Elena Vasko said on Wednesday, a day after the Orsk Transit Authority shut the bridge.</p>
<p>Engineer Tomas Brell told the Drava Daily that corrosion of the steel beams was the most likely cause
of the crack. "It is serious but it can be repaired," he said.</p>
<p>Commuters crowded onto ferries across the Drava river on Wednesday morning, and the transit authority
said extra buses would run to the Velland Bridge ferry landing.</p>
</article></body></html>"""

FESTIVAL = """<html><head><title>Kestrel Valley wine festival draws record crowds</title>
<meta property="og:site_name" content="The Orsk Gazette">
<meta name="date" content="2026-04-05"></head><body><article>
<h1>Kestrel Valley wine festival draws record crowds</h1>
<p>More than 40,000 visitors came to the Kestrel Valley wine festival in Marrow on Saturday, the
organisers said, the largest crowd since the festival began in 1998.</p>
<p>"We ran out of glasses by noon," said festival director Ines Marl, who added that growers from
eleven villages had brought wine to the tasting tents along the Marrow high street.</p>
<p>Local hotels reported that every room in Marrow had been booked for the weekend, and the town council
said it would consider extending the festival to a third day next year.</p>
</article></body></html>"""


def rss(*items: tuple[str, str, str]) -> bytes:
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{guid}</guid>"
        f"<pubDate>Tue, 07 Apr 2026 09:00:00 GMT</pubDate></item>"
        for guid, link, t in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Orsk Gazette</title>'
            f"<link>http://127.0.0.1/</link>{body}</channel></rss>").encode()


def atom(*entries: tuple[str, str, str]) -> bytes:
    body = "".join(
        f'<entry><id>{eid}</id><title>{t}</title><link rel="alternate" href="{href}"/>'
        f"<updated>2026-04-08T10:00:00Z</updated></entry>"
        for eid, href, t in entries
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Drava Daily</title><id>urn:drava</id>{body}</feed>").encode()


# --------------------------------------------------------------------------- a local server


class Site:
    """Routes path -> (status, content type, body), and a count of requests per path."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        self.hits: dict[str, int] = {}
        self.agents: set[str] = set()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                site.hits[self.path] = site.hits.get(self.path, 0) + 1
                site.agents.add(self.headers.get("User-Agent", ""))
                status, ctype, body = site.routes.get(self.path, (404, "text/plain", b"not found"))
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, path: str, html: str) -> None:
        self.routes[path] = (200, "text/html; charset=utf-8", html.encode())

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def site():
    s = Site()
    yield s
    s.close()


def _story(nt: NewsTrace, url: str) -> str:
    return nt.store.scalar(
        "SELECT story_id FROM story_articles s JOIN articles a ON a.id = s.article_id WHERE a.url = ?", [url]
    )


# --------------------------------------------------------------------------- tests


def test_parse_rss_and_atom() -> None:
    items = parse_feed(rss(("g1", "/a/1", "One"), ("g2", "http://x.test/2", "Two")), "http://host.test/feed")
    assert [(i.id, i.url, i.title) for i in items] == [
        ("g1", "http://host.test/a/1", "One"), ("g2", "http://x.test/2", "Two")]
    assert str(items[0].published) == "2026-04-07"
    entries = parse_feed(atom(("urn:1", "/b/1", "B")), "http://host.test/atom")
    assert entries[0].url == "http://host.test/b/1" and str(entries[0].published) == "2026-04-08"
    with pytest.raises(FeedError, match="malformed XML"):
        parse_feed(b"<rss><channel><item>", None)
    with pytest.raises(FeedError, match="not an RSS or Atom"):
        parse_feed(b"<html><body>hi</body></html>", None)
    # no entity expansion, no external entities
    bomb = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>' \
           b"<rss><channel><item><title>&b;</title><link>http://x.test/1</link></item></channel></rss>"
    (item,) = parse_feed(bomb)
    assert "aaaa" not in (item.title or "")


def test_fetch_limits_and_errors(site: Site) -> None:
    site.routes["/big"] = (200, "text/html", b"x" * 5000)
    with pytest.raises(FetchError, match="too large"):
        fetch(site.url("/big"), max_bytes=1000)
    with pytest.raises(FetchError, match="HTTP 404") as e:
        fetch(site.url("/missing"))
    assert not e.value.transient
    with pytest.raises(FetchError, match="not an http"):
        fetch("file:///etc/passwd")


def test_feed_polls_add_only_new_items_which_join_stories(tmp_path: Path, site: Site) -> None:
    site.page("/bridge-1", BRIDGE_1)
    site.page("/festival", FESTIVAL)
    site.page("/bridge-2", BRIDGE_2)
    site.routes["/feed.xml"] = (200, "application/rss+xml", rss(
        ("gazette-1", "/bridge-1", "Velland Bridge closed"), ("gazette-2", "/festival", "Festival")))
    with NewsTrace(tmp_path / "w.duckdb") as nt:
        w = Watcher(nt, [site.url("/feed.xml")])
        first = w.poll()
        assert first.new_items == 2 and first.summary.stored == 2 and not first.rejected
        assert site.agents == {"newstrace"}
        assert _story(nt, site.url("/bridge-1")) != _story(nt, site.url("/festival"))

        # the feed gains one item: only it is fetched, and it joins the bridge story
        site.routes["/feed.xml"] = (200, "application/rss+xml", rss(
            ("gazette-3", "/bridge-2", "Velland Bridge to stay shut"),
            ("gazette-1", "/bridge-1", "Velland Bridge closed"), ("gazette-2", "/festival", "Festival")))
        second = w.poll()
        assert second.new_items == 1 and second.summary.stored == 1
        assert site.hits["/bridge-1"] == 1 and site.hits["/festival"] == 1 and site.hits["/bridge-2"] == 1
        assert _story(nt, site.url("/bridge-2")) == _story(nt, site.url("/bridge-1"))
        assert len(nt.stories()) == 2

        # a restarted watcher remembers what it has seen (feed_items in the store)
        third = Watcher(nt, [site.url("/feed.xml")]).run(interval=0, max_polls=2, sleep=lambda s: None)
        assert third.polls == 2 and third.new_items == 0
        assert site.hits["/bridge-1"] == 1 and site.hits["/feed.xml"] == 4
        assert nt.store.scalar("SELECT count(*) FROM feed_items WHERE status = 'done'") == 3
        assert nt.counts()["articles"] == 3


def test_broken_feeds_and_pages_are_rejections_and_the_rest_goes_in(tmp_path: Path, site: Site) -> None:
    site.routes["/malformed.xml"] = (200, "application/rss+xml", b"<rss><channel><item><title>oops")
    site.routes["/error.xml"] = (500, "text/plain", b"boom")
    site.routes["/drava.atom"] = (200, "application/atom+xml", atom(
        ("urn:drava:1", "/gone", "A page that 404s"), ("urn:drava:2", "/bridge-2", "Bridge"),
        ("urn:drava:3", "/image", "Not a page")))
    site.routes["/image"] = (200, "image/png", b"\x89PNG\r\n")
    site.page("/bridge-2", BRIDGE_2)
    feeds = [site.url(p) for p in ("/malformed.xml", "/error.xml", "/drava.atom")]
    with NewsTrace(tmp_path / "w.duckdb") as nt:
        w = Watcher(nt, feeds)
        r = w.poll()
        reasons = {rej.origin: rej.reason for rej in r.rejected}
        assert reasons[site.url("/malformed.xml")].startswith("feed unreadable: malformed XML")
        assert reasons[site.url("/error.xml")] == "feed not fetched: HTTP 500 Internal Server Error"
        assert reasons[site.url("/gone")] == "page not fetched: HTTP 404 Not Found"
        assert reasons[site.url("/image")] == "page is not HTML: content type image/png"
        assert r.summary.stored == 1 and nt.counts()["articles"] == 1
        stored = {row[0] for row in nt.store.con.execute("SELECT origin FROM rejections").fetchall()}
        assert stored == set(reasons)
        # permanent failures are not fetched again; the failing feed is tried again
        again = w.poll()
        assert site.hits["/gone"] == 1 and site.hits["/error.xml"] == 2 and again.summary.stored == 0
        assert {rej.origin for rej in again.rejected} == {site.url("/malformed.xml"), site.url("/error.xml")}


def test_transient_page_failure_is_retried(tmp_path: Path, site: Site) -> None:
    site.routes["/feed.xml"] = (200, "application/rss+xml", rss(("g1", "/flaky", "Flaky")))
    site.routes["/flaky"] = (503, "text/plain", b"busy")
    with NewsTrace(tmp_path / "w.duckdb") as nt:
        w = Watcher(nt, [site.url("/feed.xml")], max_attempts=3)
        assert w.poll().rejected[0].reason == "page not fetched: HTTP 503 Service Unavailable"
        site.page("/flaky", BRIDGE_1)
        r = w.poll()
        assert r.summary.stored == 1 and site.hits["/flaky"] == 2


def test_folder_watch_picks_up_new_files(tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "festival.html").write_text(FESTIVAL, encoding="utf-8")
    with NewsTrace(tmp_path / "w.duckdb") as nt:
        w = Watcher(nt, folders=[folder], settle_seconds=0)
        assert w.poll().summary.stored == 1
        assert w.poll().new_items == 0
        (folder / "bridge-1.html").write_text(BRIDGE_1, encoding="utf-8")
        (folder / ".partial.html").write_text("<html>", encoding="utf-8")  # hidden: ignored
        r = w.poll()
        assert r.new_items == 1 and r.summary.stored == 1
        assert nt.counts()["articles"] == 2
        # a file still being written (changed just now) waits for a later poll
        w.settle_seconds = 60
        (folder / "bridge-2.html").write_text(BRIDGE_2, encoding="utf-8")
        assert w.poll().new_items == 0
        w.settle_seconds = 0
        assert w.poll().summary.stored == 1


def test_cli_watch_once(tmp_path: Path, site: Site) -> None:
    site.page("/festival", FESTIVAL)
    site.routes["/feed.xml"] = (200, "application/rss+xml", rss(("g", "/festival", "Festival"), ("h", "/no", "x")))
    db = tmp_path / "cli.duckdb"
    started = time.monotonic()
    r = CliRunner().invoke(watch, [site.url("/feed.xml"), "--db", str(db), "--once", "--timeout", "5"])
    assert r.exit_code == 0, r.output
    assert "poll 1: 1 new items, 1 stored" in r.output
    assert f"rejected {site.url('/no')}: page not fetched: HTTP 404" in r.output
    assert "1 polls: 1 articles stored, 1 rejected" in r.output
    assert time.monotonic() - started < 120
    r = CliRunner().invoke(watch, [str(tmp_path / "nope"), "--db", str(db), "--once"])
    assert r.exit_code != 0
