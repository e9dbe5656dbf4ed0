"""`backhandout tracking ...`: read a filled tracking sheet back."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .cli_common import PathType

if TYPE_CHECKING:
    from pathlib import Path

FILLED = click.argument("filled", metavar="FILLED.pdf", type=PathType())
PASSWORD = click.option(
    "--password", envvar="BACKHANDOUT_PASSWORD", metavar="TEXT",
    help="The password of an encrypted handout (or set BACKHANDOUT_PASSWORD).")


def _read(filled: Path, password: str | None):
    """Read the sheet; say on stderr when its plan had to be read from the field names."""
    from .tracking_read import read_tracking, terminal_safe

    result = read_tracking(filled, password=password or None)
    if result.warning:
        click.echo(f"Warning: {filled}: {terminal_safe(result.warning)}", err=True)
    return result


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
@PASSWORD
def read(filled: Path, as_csv: bool, as_json: bool, password: str | None) -> None:
    """Sessions done, adherence and pain trend from a filled sheet.

    Adherence is the days ticked out of 7 in each week, counting weeks up
    to the last one with anything written in it. The pain trend compares
    the average score of the first and the last week with scores; a change
    of 2 or more is meaningful.

    Text from the sheet is printed safely: control characters are removed,
    and CSV cells that could start a spreadsheet formula get a leading '.

    \b
    Example:
      backhandout tracking read filled.pdf --csv > adherence.csv
      backhandout tracking read ana.pdf --password 'S3cret-2026'
    """
    from .tracking_read import csv_text, json_text, summary_text

    if as_csv and as_json:
        raise click.UsageError("choose one of --csv and --json")
    result = _read(filled, password)
    output = csv_text if as_csv else json_text if as_json else summary_text
    click.echo(output(result), nl=not as_csv)


@tracking.command()
@FILLED
@click.option("-o", "--output", type=PathType(dir_okay=False),
              help="PDF file to write (default: out/<FILLED>-report.pdf).")
@PASSWORD
def report(filled: Path, output: Path | None, password: str | None) -> None:
    """A one-page PDF summary of a filled sheet for the clinician.

    \b
    Example:
      backhandout tracking report filled.pdf -o ana-week4.pdf
    """
    from pathlib import Path

    from .atomic import write_atomic
    from .render.report import render_report

    path = output or Path("out") / f"{filled.stem}-report.pdf"
    write_atomic(path, render_report(_read(filled, password)))
    click.echo(str(path))
