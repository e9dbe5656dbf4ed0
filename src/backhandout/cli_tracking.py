"""`backhandout tracking ...`: read a filled tracking sheet back."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .cli_common import PathType

if TYPE_CHECKING:
    from pathlib import Path

FILLED = click.argument("filled", metavar="FILLED.pdf", type=PathType())


@click.group()
def tracking() -> None:
    """Read back a tracking sheet the patient filled in.

    \b
    Example:
      backhandout tracking read filled.pdf
    """


@tracking.command()
@FILLED
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV: one row per exercise and week.")
@click.option("--json", "as_json", is_flag=True, help="Print everything read as JSON.")
def read(filled: Path, as_csv: bool, as_json: bool) -> None:
    """Sessions done, adherence and pain trend from a filled sheet.

    Adherence is the days ticked out of 7 in each week, counting weeks up
    to the last one with anything written in it. The pain trend compares
    the average score of the first and the last week with scores; a change
    of 2 or more is meaningful.

    \b
    Example:
      backhandout tracking read filled.pdf --csv > adherence.csv
    """
    from .tracking_read import csv_text, json_text, read_tracking, summary_text

    if as_csv and as_json:
        raise click.UsageError("choose one of --csv and --json")
    result = read_tracking(filled)
    output = csv_text if as_csv else json_text if as_json else summary_text
    click.echo(output(result), nl=not as_csv)


@tracking.command()
@FILLED
@click.option("-o", "--output", type=PathType(dir_okay=False),
              help="PDF file to write (default: out/<FILLED>-report.pdf).")
def report(filled: Path, output: Path | None) -> None:
    """A one-page PDF summary of a filled sheet for the clinician.

    \b
    Example:
      backhandout tracking report filled.pdf -o ana-week4.pdf
    """
    from .api import write_atomic
    from .render.report import render_report
    from .tracking_read import read_tracking

    from pathlib import Path

    path = output or Path("out") / f"{filled.stem}-report.pdf"
    write_atomic(path, render_report(read_tracking(filled)))
    click.echo(str(path))
