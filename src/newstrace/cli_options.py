"""Options several ``newstrace`` commands share, defined once."""

from __future__ import annotations

import click

DB_OPTION = click.option(
    "--db", default="newstrace.duckdb", show_default=True, type=click.Path(dir_okay=False),
    help="The DuckDB store file.",
)
ENGINE_OPTION = click.option(
    "--engine", type=click.Choice(["local", "process", "ray"]), default="local", show_default=True,
    help="Where the per-article stages run: this process, local worker processes (every core), or a Ray cluster.",
)
ADDRESS_OPTION = click.option(
    "--address", help="Address of an existing Ray cluster (default: start a local one)."
)
