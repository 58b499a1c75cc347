"""The web app: routes over a read-only store. Every page has a JSON twin (``.json`` suffix or
``Accept: application/json``) described in ``/openapi.json``.

Security: only GET/HEAD; requests with a body, long URLs or long query values are refused; every
response carries a Content-Security-Policy that allows no script at all; templates autoescape.
"""

from __future__ import annotations

import contextlib
import json
import threading
from datetime import date
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from ..core import NewsTrace
from ..errors import NewstraceError, NotFoundError
from . import queries, views
from .openapi import OPENAPI

CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}
MAX_URL = 2048
MAX_PARAM = 200
MAX_HEADER_BYTES = 16 * 1024


class Guard:
    """Pure-ASGI middleware: GET/HEAD only, no request body, bounded URL and headers; adds the
    security headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem: tuple[int, str] | None = None
        headers = dict(scope.get("headers") or [])
        if scope["method"] not in ("GET", "HEAD"):
            problem = (405, "only GET is supported: this server never writes anything")
        elif len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"") > MAX_URL:
            problem = (414, "URL too long")
        elif sum(len(k) + len(v) for k, v in scope.get("headers") or []) > MAX_HEADER_BYTES:
            problem = (431, "request headers too large")
        elif headers.get(b"content-length", b"0") not in (b"0", b"") or b"transfer-encoding" in headers:
            problem = (413, "requests may not carry a body")

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                hs = [(k, v) for k, v in message.get("headers", []) if k.decode().lower() not in SECURITY_HEADERS]
                hs += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": hs}
            await send(message)

        if problem:
            extra = {"allow": "GET, HEAD"} if problem[0] == 405 else {}
            resp = PlainTextResponse(problem[1] + "\n", status_code=problem[0], headers=extra)
            await resp(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)


def wants_json(request: Request, suffix: bool) -> bool:
    if suffix:
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _json(data: Any, status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False, default=str), status_code=status,
                    media_type="application/json")


def _error(request: Request, status: int, message: str, as_json: bool) -> Response:
    if as_json:
        return _json({"error": message, "status": status}, status)
    return HTMLResponse(views.render_error(status, message), status_code=status)


def _param(request: Request, name: str) -> str | None:
    v = request.query_params.get(name)
    if v is None or not v.strip():
        return None
    if len(v) > MAX_PARAM:
        raise ValueError(f"parameter {name!r} longer than {MAX_PARAM} characters")
    return v.strip()


def _date_param(request: Request, name: str) -> date | None:
    v = _param(request, name)
    if v is None:
        return None
    try:
        return date.fromisoformat(v)
    except ValueError:
        raise ValueError(f"parameter {name!r} must be a date YYYY-MM-DD") from None


def create_app(db: str | Path) -> Starlette:
    nt = NewsTrace(db, read_only=True)
    lock = threading.Lock()  # one DuckDB connection, used by one request at a time

    def stories(request: Request) -> Response:
        as_json = wants_json(request, request.url.path.endswith(".json"))
        try:
            args = dict(q=_param(request, "q"), outlet=_param(request, "outlet"), entity=_param(request, "entity"),
                        date_from=_date_param(request, "from"), date_to=_date_param(request, "to"))
        except ValueError as exc:
            return _error(request, 400, str(exc), as_json)
        with lock:
            data = queries.story_list(nt, **args)
        return _json(data) if as_json else HTMLResponse(views.render_stories(data))

    def story(request: Request) -> Response:
        sid = request.path_params["story_id"]
        as_json = wants_json(request, request.url.path.endswith(".json"))
        if not queries.HEX_ID.match(sid):
            return _error(request, 404, "no such story", as_json)
        try:
            with lock:
                data = queries.story_data(nt, sid)
        except NotFoundError:
            return _error(request, 404, f"no story with id {sid}", as_json)
        except NewstraceError as exc:
            return _error(request, 400, str(exc), as_json)
        return _json(data) if as_json else HTMLResponse(views.render_story(data))

    def article(request: Request) -> Response:
        aid = request.path_params["article_id"]
        as_json = wants_json(request, request.url.path.endswith(".json"))
        if not queries.HEX_ID.match(aid):
            return _error(request, 404, "no such article", as_json)
        try:
            with lock:
                data = queries.article_data(nt, aid)
        except NotFoundError:
            return _error(request, 404, f"no single article with id {aid}", as_json)
        return _json(data) if as_json else HTMLResponse(views.render_article(data))

    def openapi(request: Request) -> Response:
        return _json(OPENAPI)

    css = views.stylesheet()

    def stylesheet(request: Request) -> Response:
        return Response(css, media_type="text/css", headers={"cache-control": "max-age=300"})

    async def not_found(request: Request, exc: Exception) -> Response:
        return _error(request, 404, "not found", wants_json(request, request.url.path.endswith(".json")))

    async def method_not_allowed(request: Request, exc: Exception) -> Response:
        return PlainTextResponse("only GET is supported\n", status_code=405, headers={"allow": "GET, HEAD"})

    routes = [
        Route("/", stories, methods=["GET"]),
        Route("/stories", stories, methods=["GET"]),
        Route("/stories.json", stories, methods=["GET"]),
        Route("/story/{story_id}.json", story, methods=["GET"]),
        Route("/story/{story_id}", story, methods=["GET"]),
        Route("/article/{article_id}.json", article, methods=["GET"]),
        Route("/article/{article_id}", article, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/static/style.css", stylesheet, methods=["GET"]),
    ]
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        yield
        nt.close()

    app = Starlette(routes=routes, exception_handlers={404: not_found, 405: method_not_allowed},
                    lifespan=lifespan)
    app.state.nt = nt
    return Guard(app)  # type: ignore[return-value]
