"""The web app in process (Starlette TestClient): every route, its JSON twin, the OpenAPI
schema, the security rules, hostile input, and `newstrace report`."""

from __future__ import annotations

import json
import re
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pytest

with warnings.catch_warnings():  # starlette 1.x suggests httpx2; httpx 0.28 (already locked) works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from conftest import EXAMPLE  # noqa: E402
from web_corpus import OUTLETS, analysed, write_hostile  # noqa: E402

from newstrace import NewsTrace  # noqa: E402
from newstrace.web.app import create_app  # noqa: E402
from newstrace.web.openapi import OPENAPI  # noqa: E402
from newstrace.web.views import story_report_html, story_report_md  # noqa: E402


@pytest.fixture(scope="module")
def example_db(tmp_path_factory) -> Path:
    return analysed(EXAMPLE, tmp_path_factory.mktemp("web") / "example.duckdb")


@pytest.fixture(scope="module")
def client(example_db: Path) -> TestClient:
    with TestClient(create_app(example_db)) as c:
        yield c


@pytest.fixture(scope="module")
def ids(client: TestClient) -> dict[str, str]:
    stories = client.get("/stories.json").json()["stories"]
    big = max(stories, key=lambda s: s["articles"])
    story = client.get(f"/story/{big['id']}.json").json()
    return {"story": big["id"], "article": story["articles"][0]["id"]}


class Tags(HTMLParser):
    """Every start tag with its attributes (what a browser would build elements from)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    p = Tags()
    p.feed(html)
    return p.tags


def assert_inert(html: str) -> None:
    """No script element, no event-handler attribute, no link or embed to a script URL."""
    for tag, attrs in tags(html):
        assert tag not in ("script", "iframe", "object", "embed", "img", "body") or tag == "body" and not attrs, (tag, attrs)
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            if name in ("href", "src", "action", "xlink:href", "formaction"):
                v = (value or "").strip().lower()
                assert v.startswith(("/", "#", "https://", "http://")), (tag, name, value)
            if name == "style":
                pytest.fail(f"inline style attribute on <{tag}>: the CSP forbids it")


# --- routes ----------------------------------------------------------------------------------------


def test_story_list_page_and_twin(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "Contractor moving jamming systems north" in r.text and 'name="q"' in r.text
    data = client.get("/stories.json").json()
    assert len(data["stories"]) == 2 and sum(s["articles"] for s in data["stories"]) == 9
    assert data["totals"]["articles"] == 9 and "Meridian Wire" in data["outlets"]
    twin = client.get("/", headers={"accept": "application/json"})
    assert twin.headers["content-type"].startswith("application/json") and twin.json() == data
    assert client.get("/stories").status_code == 200


def test_story_list_filters(client: TestClient) -> None:
    def titles(**params) -> list[str]:
        return [s["title"] for s in client.get("/stories.json", params=params).json()["stories"]]

    every = client.get("/stories.json").json()["stories"]
    assert len(titles(q="Sablemark's Strix shipment")) == 1  # B2's title: one article, so one story
    assert any("Contractor" in t for t in titles(q="Korsak"))
    assert titles(outlet="The Northgate Courier") == [
        s["title"] for s in every if "The Northgate Courier" in s["outlet_names"]]
    assert any("Contractor" in t for t in titles(entity="Velmar"))
    assert any("Belmora" in t for t in titles(entity="Strix"))
    assert titles(entity="Nobody Nowhere") == []
    assert titles(**{"from": "2026-09-01"}) == [s["title"] for s in every if s["last_date"] >= "2026-09-01"]
    assert titles(**{"to": "2026-03-31"}) == [s["title"] for s in every if s["first_date"] <= "2026-03-31"]
    assert titles(q="no such words anywhere") == []
    assert client.get("/stories.json", params={"from": "yesterday"}).status_code == 400
    assert client.get("/", params={"q": "x" * 500}).status_code == 400
    page = client.get("/", params={"outlet": "The Northgate Courier"}).text
    n = len(titles(outlet="The Northgate Courier"))
    assert 'value="The Northgate Courier" selected' in page and f"{n} {'story' if n == 1 else 'stories'} shown" in page


def test_story_page_and_twin(client: TestClient, ids: dict[str, str]) -> None:
    sid = ids["story"]
    data = client.get(f"/story/{sid}.json").json()
    assert data["summary"]["articles"] == len(data["articles"]) >= 6
    assert data["summary"]["reports"] == len(data["reports"]) < len(data["articles"])  # the wire copy folds in
    assert len(data["matrix"]) == data["summary"]["groups"] > 0
    assert all(len(g["cells"]) == len(data["reports"]) for g in data["matrix"])
    present = [c for g in data["matrix"] for c in g["cells"] if c["present"]]
    assert present and all(c["certainty"] and c["anchor"].startswith(c["article_id"]) for c in present)
    assert any(g["status"] == "partial" for g in data["matrix"])
    assert data["chains"]["nodes"] and data["chains"]["edges"]
    assert {n["column"] for n in data["chains"]["nodes"]} == {0, 1, 2}
    assert any(t["value"] == "2026-03-10" for t in data["timeline"])
    korsak = next(e for e in data["entities"] if e["name"] == "Korsak-7")
    assert {"KR-7", "Korsak"} <= {a["alias"] for a in korsak["aliases"]}
    assert any(d["kind"] == "headline firmer than body" for d in data["drift"])
    # a unique prefix works too, as on the command line
    assert client.get(f"/story/{sid[:8]}.json").json()["id"] == sid
    assert client.get(f"/story/{sid}", headers={"accept": "application/json"}).json() == data

    html = client.get(f"/story/{sid}").text
    for section in ("outlets", "claim-matrix", "drift", "chains", "timeline", "entities"):
        assert f'id="{section}"' in html
    assert html.count('<tr class="group ') == len(data["matrix"])
    # certainty is written out in each cell, not only coloured
    assert html.count('class="cell present') == len(present)
    assert "● asserted" in html and "— not reported" in html
    assert '<svg class="chain"' in html and '<svg class="timeline"' in html
    assert html.count('class="tl-point"') == sum(1 for t in data["timeline"] if t["first_day"])
    assert f'href="/article/{ids["article"]}#' in html


def test_article_page_and_twin(client: TestClient, ids: dict[str, str]) -> None:
    aid = ids["article"]
    data = client.get(f"/article/{aid}.json").json()
    assert data["id"] == aid and data["story_id"] == ids["story"]
    assert "".join(s["text"] for s in data["segments"]) == data["text"]
    kinds = {k for s in data["segments"] for k in s["kinds"]}
    assert {"content", "source", "cue", "mention", "time"} <= kinds
    html = client.get(f"/article/{aid}").text
    for c in data["claims"]:
        assert f'id="{aid}-claim-{c["id"]}"' in html and f'id="{aid}-c-{c["id"]}"' in html
    assert 'class="hl ' in html and "#ent-" in html
    assert client.get(f"/article/{aid}", headers={"accept": "application/json"}).json() == data


def test_every_link_on_the_story_page_resolves(client: TestClient, ids: dict[str, str]) -> None:
    html = client.get(f"/story/{ids['story']}").text
    targets = {a.get("href") for t, a in tags(html) if a.get("href", "").startswith("/article/")}
    pages: dict[str, str] = {}
    for href in sorted(targets):
        path, _, anchor = href.partition("#")
        page = pages.setdefault(path, client.get(path).text)
        assert page.startswith("<!doctype html>"), href
        if anchor:
            assert f'id="{anchor}"' in page, href


def test_openapi(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec == json.loads(json.dumps(OPENAPI))
    assert spec["openapi"].startswith("3.")
    for path in ("/stories.json", "/story/{story_id}.json", "/article/{article_id}.json"):
        assert set(spec["paths"][path]) == {"get"}
    for ref in re.findall(r'"#/components/schemas/(\w+)"', json.dumps(spec)):
        assert ref in spec["components"]["schemas"]


def test_openapi_schemas_describe_the_twins(client: TestClient, ids: dict[str, str]) -> None:
    """Every top-level field a twin returns is declared in its schema, and required ones exist."""
    schemas = OPENAPI["components"]["schemas"]
    for url, name in ((f"/story/{ids['story']}.json", "Story"), (f"/article/{ids['article']}.json", "Article"),
                      ("/stories.json", "StoryList")):
        data = client.get(url).json()
        assert set(data) <= set(schemas[name]["properties"]), (name, set(data) - set(schemas[name]["properties"]))
        assert set(schemas[name].get("required", [])) <= set(data)


def test_not_found_and_bad_ids(client: TestClient) -> None:
    assert client.get("/story/ffffffffffff").status_code == 404
    r = client.get("/story/ffffffffffff.json")
    assert r.status_code == 404 and r.json()["status"] == 404
    assert client.get("/article/ffffffff.json").status_code == 404
    assert client.get("/story/..%2f..%2fetc").status_code == 404
    assert client.get("/story/<script>").status_code == 404
    assert client.get("/nowhere").status_code == 404


# --- security --------------------------------------------------------------------------------------


def test_security_headers_and_methods(client: TestClient, ids: dict[str, str]) -> None:
    for path in ("/", "/stories.json", f"/story/{ids['story']}", f"/article/{ids['article']}", "/openapi.json",
                 "/static/style.css", "/nowhere"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src" not in csp and "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        r = client.request(method, "/")
        assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD"
    assert client.request("GET", "/", content=b"x" * 10).status_code == 413
    assert client.get("/?q=" + "a" * 5000).status_code == 414
    assert client.head("/").status_code == 200


def test_server_is_read_only(example_db: Path, client: TestClient, ids: dict[str, str]) -> None:
    before = example_db.stat().st_mtime_ns
    client.get(f"/story/{ids['story']}")
    with pytest.raises(Exception):
        client.app.app.state.nt.store.con.execute("CREATE TABLE x (a INTEGER)")  # read-only connection
    assert example_db.stat().st_mtime_ns == before


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    return analysed(write_hostile(root / "corpus"), root / "hostile.duckdb")


def test_hostile_input_is_escaped(hostile_db: Path) -> None:
    with TestClient(create_app(hostile_db)) as c:
        listing = c.get("/stories.json").json()
        assert listing["stories"], "the hostile corpus should make a story"
        pages = [c.get("/").text, c.get("/", params={"q": "<script>alert(1)</script>"}).text]
        for s in listing["stories"]:
            story = c.get(f"/story/{s['id']}.json").json()
            pages.append(c.get(f"/story/{s['id']}").text)
            for a in story["articles"]:
                pages.append(c.get(f"/article/{a['id']}").text)
                assert a["url"] is None or a["url"].startswith("https://")
        with NewsTrace(hostile_db, read_only=True) as nt:
            pages.append(story_report_html(nt, listing["stories"][0]["id"]))
            md = story_report_md(nt, listing["stories"][0]["id"])
    joined = "\n".join(pages)
    # the payloads are shown, as text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in joined
    assert "&#34;&gt;&lt;svg onload=window.__pwned=1&gt;" in joined or "&quot;&gt;&lt;svg onload" in joined
    assert "Evil &lt;script&gt;window.__pwned=1&lt;/script&gt; Times" in joined  # an outlet name
    for page in pages:
        assert_inert(page)
        assert "<script" not in page.lower() and "<svg onload" not in page.lower()
    # SVG labels (outlet names in the chain graph and the timeline) are escaped too
    svg_parts = re.findall(r"<svg class=\"(?:chain|timeline)\".*?</svg>", joined, re.S)
    assert svg_parts and any("&lt;script&gt;" in p for p in svg_parts)
    # Markdown: raw HTML would pass through a Markdown renderer, so none is left
    assert "<script" not in md and "<img" not in md and "<svg" not in md and "&lt;script&gt;" in md


def test_hostile_json_twins_keep_the_text(hostile_db: Path) -> None:
    """The JSON twins carry the text as data (JSON-encoded, served as application/json)."""
    with TestClient(create_app(hostile_db)) as c:
        s = c.get("/stories.json")
        assert s.headers["content-type"].startswith("application/json")
        story = c.get(f"/story/{s.json()['stories'][0]['id']}.json").json()
        assert {a["outlet"] for a in story["articles"]} <= set(OUTLETS)


# --- the report ------------------------------------------------------------------------------------


def test_report_html_is_self_contained(example_db: Path, ids: dict[str, str], tmp_path: Path) -> None:
    from click.testing import CliRunner

    from newstrace.cli_web import report

    out = tmp_path / "story.html"
    r = CliRunner().invoke(report, [ids["story"][:8], "--db", str(example_db), "--format", "html", "--out", str(out)])
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    assert "<style>" in html and '<svg class="chain"' in html and '<svg class="timeline"' in html
    assert 'rel="stylesheet"' not in html
    assert_inert(html)
    for tag, attrs in tags(html):
        for name in ("href", "src"):
            v = attrs.get(name)
            if v and name == "src":
                pytest.fail(f"external asset {v}")
            if v and tag != "a":
                pytest.fail(f"<{tag} {name}={v}>: the report must not load anything")
    # every in-page link resolves inside the file
    ids_in_file = {a["id"] for _, a in tags(html) if a.get("id")}
    internal = {a["href"][1:] for t, a in tags(html) if (a.get("href") or "").startswith("#") and len(a["href"]) > 1}
    assert internal and internal <= ids_in_file, sorted(internal - ids_in_file)[:5]
    assert "Content-Security-Policy" in html and "script-src" not in html


def test_report_markdown(example_db: Path, ids: dict[str, str], tmp_path: Path) -> None:
    from click.testing import CliRunner

    from newstrace.cli_web import report

    r = CliRunner().invoke(report, [ids["story"], "--db", str(example_db), "--format", "md"])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("# Contractor moving jamming systems north")
    for heading in ("## Claim matrix", "## Sourcing chains", "## Timeline", "## Entities"):
        assert heading in r.output
    r = CliRunner().invoke(report, ["ffffffff", "--db", str(example_db)])
    assert r.exit_code != 0


# --- `newstrace serve` -----------------------------------------------------------------------------


def test_serve_command_binds_localhost(example_db: Path, tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = "import sys; from newstrace.cli_web import serve; serve(sys.argv[1:])"
    proc = subprocess.Popen([sys.executable, "-c", code, "--db", str(example_db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/stories.json", timeout=5) as r:
                    assert r.status == 200 and "default-src 'none'" in r.headers["content-security-policy"]
                    assert len(json.load(r)["stories"]) == 2
                    break
            except OSError:
                assert proc.poll() is None, proc.communicate()[1]
                assert time.monotonic() < deadline, "server did not answer"
                time.sleep(0.2)
        req = urllib.request.Request(f"http://127.0.0.1:{port}/", data=b"x", method="POST")
        with pytest.raises(urllib.error.HTTPError) as exc:
            urllib.request.urlopen(req, timeout=5)
        assert exc.value.code == 405
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}/" in err
    r = subprocess.run([sys.executable, "-c", code, "--db", str(tmp_path / "none.duckdb")],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode != 0 and "run `newstrace analyze` first" in r.stderr


def test_story_page_lists_fact_conflicts(client: TestClient, ids: dict[str, str]) -> None:
    story = client.get(f"/story/{ids['story']}.json").json()
    kinds = {(c["kind"], tuple(v["value"] for v in c["values"])) for c in story["conflicts"]}
    assert ("number", ("12", "8")) in kinds and ("date", ("2026-03-10", "2026-03-11")) in kinds
    page = client.get(f"/story/{ids['story']}").text
    assert 'id="conflicts"' in page and "2026-03-11" in page
