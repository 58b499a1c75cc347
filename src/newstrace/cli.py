"""The ``newstrace`` command line: a thin layer over ``NewsTrace``.

Exit codes: 0 ok; 1 failure; 2 bad input path or usage; 3 broken installation; 4 not found;
5 a run stopped on a resource limit (what it stored is kept).
Errors are printed on one line to stderr.
"""

from __future__ import annotations

import importlib
import json
import sys
from dataclasses import replace
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .cli_options import ADDRESS_OPTION, DB_OPTION, ENGINE_OPTION
from .core import NewsTrace
from .engine import make_engine
from .errors import NewstraceError
from .limits import DEFAULT_LIMITS
from .model import RunSummary

err = Console(stderr=True)


class _Group(click.Group):
    """Turns newstrace errors into a one-line message and the error's exit code."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except NewstraceError as exc:
            click.echo(f"newstrace: error: {exc}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newstrace")
def main() -> None:
    """newstrace: who claims what, on whose authority, across news outlets."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@DB_OPTION
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--show-rejected/--no-show-rejected", default=True, help="List every rejected item.")
@ENGINE_OPTION
@ADDRESS_OPTION
@click.option("--max-article-chars", type=int, default=DEFAULT_LIMITS.max_article_chars, show_default=True,
              help="Longer clean articles are rejected.")
@click.option("--max-file-bytes", type=int, default=DEFAULT_LIMITS.max_file_bytes, show_default=True,
              help="Larger input files (or their decompressed content) are rejected.")
@click.option("--max-seconds-per-file", type=float, default=DEFAULT_LIMITS.max_seconds_per_file,
              show_default=True, help="Items of a file read after this many seconds of reading it are rejected.")
@click.option("--max-memory-mib", type=int, default=DEFAULT_LIMITS.max_memory_mib, show_default=True,
              help="The run stops cleanly (keeping all it stored; a re-run continues) past this resident memory.")
def analyze(
    paths: tuple[str, ...], db: str, quiet: bool, show_rejected: bool, engine: str, address: str | None,
    max_article_chars: int, max_file_bytes: int, max_seconds_per_file: float, max_memory_mib: int,
) -> None:
    """Ingest PATHS (files or folders of .txt, .html, .jsonl, .warc[.gz]) and run every stage."""
    limits = replace(DEFAULT_LIMITS, max_article_chars=max_article_chars, max_file_bytes=max_file_bytes,
                     max_seconds_per_file=max_seconds_per_file, max_memory_mib=max_memory_mib)
    runner = make_engine(engine, address=address)
    try:
        with NewsTrace(db, limits=limits) as nt:
            summary = _analyze_with_progress(nt, paths, runner, quiet)
    finally:
        runner.close()
    click.echo(
        f"read {summary.read} items: {summary.stored} stored, {summary.already_known} already in the "
        f"store, {summary.rejected_count} rejected; {summary.duplicates} near-duplicates linked; "
        f"{summary.stories} stories in {db}"
    )
    if summary.rejected and show_rejected:
        for r in summary.rejected:
            click.echo(f"  rejected {r.origin}: {r.reason}")


def _analyze_with_progress(nt: NewsTrace, paths: tuple[str, ...], runner, quiet: bool) -> RunSummary:
    if quiet:
        return nt.analyze(paths, engine=runner)
    with Progress(
        TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
        TextColumn("{task.fields[status]}"), TimeElapsedColumn(), console=err, transient=True,
    ) as bar:
        task = bar.add_task("analyse", total=None, status="")

        def progress(done: int, total: int, s: RunSummary) -> None:
            bar.update(task, completed=done, total=total,
                       status=f"{s.stored} stored, {s.already_known} known, {s.rejected_count} rejected")

        return nt.analyze(paths, progress=progress, engine=runner)


@main.command()
@DB_OPTION
@click.option("--search", "query", help="Only stories whose articles contain this text.")
@click.option("--outlet", help="Only stories with an article from this outlet.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def stories(db: str, query: str | None, outlet: str | None, as_json: bool) -> None:
    """List the stories in the store, largest first."""
    with NewsTrace(db, read_only=True) as nt:
        rows = nt.stories(query=query, outlet=outlet)
    if as_json:
        click.echo(json.dumps(rows, default=str, indent=1))
        return
    if not rows:
        click.echo("no stories")
    for r in rows:
        span = f"{r['first_date'] or '?'}..{r['last_date'] or '?'}"
        click.echo(f"{r['id'][:12]}  {r['articles']:3d} articles  {r['outlets']:2d} outlets  {span:22}  {r['title']}")


@main.command()
@click.argument("story_id")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the story as JSON.")
def story(story_id: str, db: str, as_json: bool) -> None:
    """Show one story: claims compared across outlets, drift, timeline, entities."""
    from .report import render_story

    with NewsTrace(db, read_only=True) as nt:
        view = nt.story(story_id)
    if as_json:
        click.echo(json.dumps(view.to_dict(), indent=1, ensure_ascii=False))
    else:
        click.echo(render_story(view), nl=False)


@main.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["json", "parquet", "parquet-partitioned"]), default="json",
              show_default=True)
@click.option("--out", "-o", type=click.Path(), help="Output file (json) or folder (parquet formats).")
def export(db: str, fmt: str, out: str | None) -> None:
    """Export every table: one JSON file, a folder with a Parquet file per table, or (parquet-partitioned)
    Hive-partitioned Parquet by outlet and month that DuckDB, Spark or Polars scan in place."""
    target = Path(out or ("newstrace-export.json" if fmt == "json" else "newstrace-export"))
    with NewsTrace(db, read_only=True) as nt:
        path = nt.export(fmt, target)
    click.echo(f"wrote {path}")


@main.group(name="eval")
def eval_group() -> None:
    """Score a stage on public evaluation data and print the figures."""


#: ``newstrace eval NAME ARGS``: the evaluation module that scores it, and what it prints.
EVALUATIONS = {
    "attribution": ("polnear", "PolNeAR attribution F1 (content, source, cue). ARGS: the PolNeAR split folder."),
    "certainty": ("certainty", "Correlation of the certainty score with human 1-6 labels. ARGS: the JSONL file."),
    "timeline": ("tempeval", "TempEval-3 value F1 of the date normaliser. ARGS: the JSONL files."),
    "stories": ("ecbplus", "ECB+ B-cubed F1 of story grouping. ARGS: the ECB+ folder and --topics."),
}


def _add_eval_command(name: str, module: str, help_text: str) -> None:
    @eval_group.command(name=name, help=help_text, context_settings={"ignore_unknown_options": True})
    @click.argument("args", nargs=-1, type=click.UNPROCESSED)
    def command(args: tuple[str, ...]) -> None:
        scorer = importlib.import_module(f"newstrace.evaluation.{module}")
        sys.exit(scorer.main(list(args)))


for _name, (_module, _help) in EVALUATIONS.items():
    _add_eval_command(_name, _module, _help)


from .cli_web import report as report_command, serve as serve_command  # noqa: E402

from .cli_watch import watch as watch_command  # noqa: E402

main.add_command(serve_command)
main.add_command(report_command)
main.add_command(watch_command)

if __name__ == "__main__":
    main()
