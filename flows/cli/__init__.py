"""The ``eventetl`` command line (entry point ``flows.cli:app``).

One module per group of commands: ``run_commands`` (run, serve),
``query_command`` (query), ``warehouse_commands`` (validate, check, report,
export); ``summary`` prints a run's summary, ``common`` holds the options and
checks they share, ``version`` answers ``--version``.

Heavy libraries (Prefect, spaCy, Great Expectations, DuckDB) are imported
inside the commands, so ``eventetl --help`` answers at once.

Exit codes: 0 success; 1 the run failed (a critical expectation failed, or
an error), or ``check`` found a problem; 2 usage error; 3 the run succeeded
but some input was rejected.
"""

from __future__ import annotations

from typing import Annotated

import typer

from flows.cli.query_command import query
from flows.cli.run_commands import run, serve
from flows.cli.version import print_version
from flows.cli.warehouse_commands import check, export, report, validate

app = typer.Typer(
    name="eventetl",
    help="Turn raw news files into structured events in a DuckDB warehouse.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=print_version,
            is_eager=True,
            help="Print the versions of eventetl, its extractor and model, and the libraries; then exit.",
        ),
    ] = False,
) -> None:
    """Turn raw news files into structured events in a DuckDB warehouse."""


# In the order `eventetl --help` lists them.
for command in (run, serve, export, query, validate, check, report):
    app.command()(command)
