"""End to end in a real headless Chromium (the Debian package at /usr/bin/chromium, driven by
Playwright; no browser is ever downloaded): the server runs on 127.0.0.1 on a free port in a
background thread."""

from __future__ import annotations

import json
import socket
import threading
import os
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from playwright.sync_api import sync_playwright  # noqa: E402
import uvicorn  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    if os.environ.get("CI"):  # CI installs it (.ci/install-browser): a missing browser is a failure there
        raise RuntimeError("/usr/bin/chromium is absent in CI: .ci/install-browser did not install it")
    pytest.skip("/usr/bin/chromium is absent: install it with .ci/install-browser (apt-get install chromium)",
                allow_module_level=True)

from conftest import EXAMPLE  # noqa: E402
from web_corpus import analysed, write_hostile  # noqa: E402

from newstrace import NewsTrace  # noqa: E402
from newstrace.web.app import create_app  # noqa: E402
from newstrace.web.views import story_report_html  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.load(r)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db: Path) -> None:
        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=self.port,
                                                    log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "Server":
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the web server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def example_server(tmp_path_factory) -> Iterator[Server]:
    db = analysed(EXAMPLE, tmp_path_factory.mktemp("browser") / "example.duckdb")
    with Server(db) as s:
        yield s


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Iterator[tuple[Server, Path]]:
    root = tmp_path_factory.mktemp("browser-hostile")
    db = analysed(write_hostile(root / "corpus"), root / "hostile.duckdb")
    with Server(db) as s:
        yield s, db


def watch(page) -> dict[str, list]:
    """Record dialogs (dismissed), page errors and every request the page makes."""
    seen: dict[str, list] = {"dialogs": [], "errors": [], "requests": []}
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("request", lambda r: seen["requests"].append(r.url))
    return seen


def test_story_page_renders(browser, example_server: Server, tmp_path: Path) -> None:
    stories = get_json(example_server.url("/stories.json"))["stories"]
    sid = max(stories, key=lambda s: s["articles"])["id"]
    data = get_json(example_server.url(f"/story/{sid}.json"))

    page = browser.new_page(viewport={"width": 1400, "height": 900})
    seen = watch(page)
    page.goto(example_server.url("/"))
    assert page.locator("tr.story-row").count() == 2
    page.fill('input[name="q"]', "Sablemark's Strix shipment")
    page.click('button[type="submit"]')
    assert page.locator("tr.story-row").count() == 1
    page.goto(example_server.url(f"/story/{sid}"))
    assert page.title().startswith("Contractor moving jamming systems north")
    # the stylesheet loaded and applied (CSP allows 'self' styles)
    assert page.eval_on_selector("header.top", "e => getComputedStyle(e).display") == "flex"

    matrix = page.locator("#claim-matrix")
    assert matrix.is_visible()
    assert page.locator("#claim-matrix tbody tr.group").count() == len(data["matrix"])
    assert page.locator("#claim-matrix thead th.repcol").count() == len(data["reports"])
    present = sum(1 for g in data["matrix"] for c in g["cells"] if c["present"])
    cells = page.locator("#claim-matrix td.cell.present")
    assert cells.count() == present
    assert cells.first.is_visible() and cells.first.inner_text().split()[-1] in (
        "asserted", "probable", "possible", "denied", "unknown")

    timeline = page.locator("svg.timeline")
    assert timeline.is_visible()
    box = timeline.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 100
    points = page.locator("svg.timeline a.tl-point")
    assert points.count() == sum(1 for t in data["timeline"] if t["first_day"]) > 0
    assert page.locator("svg.chain g.node").count() == len(data["chains"]["nodes"])
    assert page.locator("svg.chain").is_visible()

    page.screenshot(path=str(tmp_path / "story.png"), full_page=True)
    assert (tmp_path / "story.png").stat().st_size > 10_000

    # a timeline point leads to its sentence in the article
    href = points.first.get_attribute("href")
    page.goto(example_server.url(href))
    anchor = href.split("#", 1)[1]
    assert page.locator(f'[id="{anchor}"]').count() == 1
    assert page.locator(".art-text a.hl").count() > 0
    page.screenshot(path=str(tmp_path / "article.png"))
    assert not seen["errors"] and not seen["dialogs"]
    assert all(u.startswith(example_server.url("/")) for u in seen["requests"]), seen["requests"]
    page.close()


def _assert_clean(page, seen) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('script, iframe, img, object, embed').length") == 0
    assert not seen["dialogs"], seen["dialogs"]
    assert not seen["errors"], seen["errors"]


def test_hostile_corpus_runs_no_script(browser, hostile, tmp_path: Path) -> None:
    server, db = hostile
    stories = get_json(server.url("/stories.json"))["stories"]
    assert stories
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    seen = watch(page)
    paths = ["/", "/?q=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E"]
    for s in stories:
        paths.append(f"/story/{s['id']}")
        story = get_json(server.url(f"/story/{s['id']}.json"))
        paths += [f"/article/{a['id']}" for a in story["articles"]]
    for path in paths:
        page.goto(server.url(path))
        _assert_clean(page, seen)
        # hover what a reader would: the highlighted spans and SVG points
        for link in page.locator("a.hl, svg a").all()[:8]:
            for event in ("mouseover", "focus", "mouseenter"):
                link.dispatch_event(event)
        _assert_clean(page, seen)
    page.goto(server.url(f"/story/{stories[0]['id']}"))
    assert "<script>window.__pwned=1</script>" in page.inner_text("body")  # shown as text
    page.screenshot(path=str(tmp_path / "hostile-story.png"), full_page=True)
    assert all(u.startswith(server.url("/")) for u in seen["requests"]), seen["requests"]

    # the self-contained report, opened from disk
    report = tmp_path / "report.html"
    with NewsTrace(db, read_only=True) as nt:
        report.write_text(story_report_html(nt, stories[0]["id"]), encoding="utf-8")
    page.goto(report.as_uri())
    _assert_clean(page, seen)
    assert page.eval_on_selector("header.top", "e => getComputedStyle(e).display") == "flex"  # inline CSS applied
    page.close()
