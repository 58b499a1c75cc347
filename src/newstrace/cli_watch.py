"""``newstrace watch``: follow feeds and folders, adding new articles to the store as they come.

Attached to the main command group in ``cli.py`` (``main.add_command(watch)``).
"""

from __future__ import annotations

import click

from .cli_options import ADDRESS_OPTION, DB_OPTION, ENGINE_OPTION
from .core import NewsTrace
from .engine import make_engine
from .errors import InputError
from .watch import PollResult, Watcher


@click.command()
@click.argument("sources", nargs=-1, required=True)
@DB_OPTION
@click.option("--interval", type=click.FloatRange(min=1.0), default=300.0, show_default=True,
              help="Seconds between polls.")
@click.option("--once", is_flag=True, help="Poll once, then exit (same as --max-polls 1).")
@click.option("--max-polls", type=click.IntRange(min=1), help="Exit after this many polls (default: never).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True,
              help="Seconds to wait for a feed or page.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=10 * 1024 * 1024, show_default=True,
              help="Larger feeds and pages are rejected.")
@click.option("--settle", type=click.FloatRange(min=0.0), default=2.0, show_default=True,
              help="Files changed less than this many seconds ago wait for the next poll.")
@ENGINE_OPTION
@ADDRESS_OPTION
@click.option("--quiet", "-q", is_flag=True, help="Print only rejections and the final line.")
def watch(
    sources: tuple[str, ...], db: str, interval: float, once: bool, max_polls: int | None, timeout: float,
    max_bytes: int, settle: float, engine: str, address: str | None, quiet: bool,
) -> None:
    """Follow SOURCES (RSS/Atom feed URLs, or folders) and analyse what is new on each poll.

    Items already fetched (kept in the store) are not fetched again after a restart; a feed or
    page that cannot be read is reported as a rejection, and watching goes on.
    """
    feeds = [s for s in sources if s.startswith(("http://", "https://"))]
    folders = [s for s in sources if s not in feeds]
    for f in folders:
        from pathlib import Path

        if not Path(f).is_dir():
            raise InputError(f"{f}: not a feed URL (http:// or https://) nor a folder")
    runner = make_engine(engine, address=address)

    def report(n: int, r: PollResult) -> None:
        s = r.summary
        if not quiet:
            click.echo(f"poll {n}: {r.new_items} new items, {s.stored} stored, {s.already_known} already known, "
                       f"{s.rejected_count} rejected; {s.stories} stories")
        for rej in s.rejected:
            click.echo(f"  rejected {rej.origin}: {rej.reason}")

    try:
        with NewsTrace(db) as nt:
            watcher = Watcher(nt, feeds, folders, timeout=timeout, max_bytes=max_bytes, settle_seconds=settle,
                              engine=runner)
            try:
                total = watcher.run(interval=interval, max_polls=1 if once else max_polls, on_poll=report)
            except KeyboardInterrupt:
                click.echo("stopped", err=True)
                return
    finally:
        runner.close()
    click.echo(f"{total.polls} polls: {total.summary.stored} articles stored, "
               f"{total.summary.rejected_count} rejected, in {db}")
