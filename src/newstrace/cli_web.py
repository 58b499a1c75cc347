"""``newstrace serve`` and ``newstrace report``: thin click commands over ``newstrace.web``.

Attached to the main group in ``cli.py`` with ``main.add_command(serve)`` and
``main.add_command(report)``.
"""

from __future__ import annotations

from pathlib import Path

import click

from .errors import NewstraceError

DB_OPTION = click.option(
    "--db", default="newstrace.duckdb", show_default=True, type=click.Path(dir_okay=False),
    help="The DuckDB store file (opened read-only).",
)


@click.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (keep it local).")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535))
def serve(db: str, host: str, port: int) -> None:
    """Browse the store in a local web app (read-only; every page has a .json twin)."""
    try:
        import uvicorn

        from .web.app import create_app
    except ImportError as exc:  # pragma: no cover - broken installation
        raise NewstraceError(f"the web app needs starlette and uvicorn: {exc}") from exc
    app = create_app(db)  # raises NewstraceError (one line, exit 1) when the store is missing
    click.echo(f"newstrace: serving {db} at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False,
                h11_max_incomplete_event_size=16 * 1024, limit_concurrency=64)


@click.command()
@click.argument("story_id")
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["html", "md"]), default="html", show_default=True)
@click.option("--out", "-o", type=click.Path(dir_okay=False), help="Output file (default: stdout).")
def report(story_id: str, db: str, fmt: str, out: str | None) -> None:
    """Write one story as a self-contained HTML file (inline CSS and SVG) or as Markdown."""
    from .core import NewsTrace
    from .web.views import story_report_html, story_report_md

    with NewsTrace(db, read_only=True) as nt:
        text = story_report_html(nt, story_id) if fmt == "html" else story_report_md(nt, story_id)
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text, encoding="utf-8")
        click.echo(f"wrote {out}")
    else:
        click.echo(text, nl=False)
