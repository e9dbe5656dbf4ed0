"""The backhandout command line: a thin layer over the library API."""

from __future__ import annotations

import datetime as dt
import os
import sys
from functools import wraps
from typing import TYPE_CHECKING, Any, Callable

import click

from . import __version__
from .constants import ENV_VAR, SIDES  # keep start-up imports light: see tests/test_speed.py
from .errors import BackhandoutError

if TYPE_CHECKING:
    from pathlib import Path

    from .model import Catalogue, Request


class PathType(click.Path):
    """click.Path that gives a pathlib.Path, imported only when used (keeps --help quick)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from pathlib import Path

        return Path(super().convert(value, param, ctx))


class Group(click.Group):
    """Turns project errors into one 'Error: ...' line and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BackhandoutError as exc:
            raise click.ClickException(str(exc)) from None


def catalogue_option(command: Callable) -> Callable:
    """--catalogue DIR; passes the loaded catalogue on as `catalogue`."""

    @click.option(
        "--catalogue", "catalogue_dir", envvar=ENV_VAR, metavar="DIR",
        type=PathType(),
        help=f"Catalogue folder to use (default: the built-in one; or set {ENV_VAR}).",
    )
    @wraps(command)
    def wrapper(*args: Any, catalogue_dir: Path | None, **kwargs: Any) -> Any:
        from .catalogue import load_catalogue

        return command(*args, catalogue=load_catalogue(catalogue_dir), **kwargs)

    return wrapper


def request_options(command: Callable) -> Callable:
    """The options that say who a handout is for."""
    options = [
        click.option("--patient", metavar="NAME", help="Patient name printed on the handout."),
        click.option("--side", type=click.Choice(SIDES),
                     help="Side of the pain (for one-sided pain): names the sides in the text."),
        click.option("--weeks", type=click.IntRange(1, 12), default=4, show_default=True,
                     help="Weeks on the tracking sheet (1 to 12)."),
        click.option("--date", "when", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
                     help="Date printed on the handout (default: today)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def check_profile(catalogue: Catalogue, profile: str) -> str:
    """A usage error listing the valid profiles when the name is unknown."""
    if profile not in catalogue.profiles:
        known = ", ".join(sorted(catalogue.profiles))
        raise click.BadParameter(f"'{profile}' is not a profile. Choose from: {known}.",
                                 param_hint="PROFILE")
    return profile


def make_request(catalogue: Catalogue, profile: str, patient: str | None, side: str | None,
                 weeks: int, when: dt.datetime | None) -> Request:
    """Options -> Request."""
    from .model import Request

    return Request(
        profile=check_profile(catalogue, profile),
        patient=patient.strip() or None if patient else None,
        side=side,
        weeks=weeks,
        date=when.date() if when else dt.date.today(),
    )


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="backhandout")
def cli() -> None:
    """Printable back-care exercise handouts for patients.

    Pick a profile, and backhandout chooses suitable exercises from its
    catalogue and lays them out as a PDF: steps, doses, warnings and a
    tracking sheet.

    \b
    Example:
      backhandout build desk-worker --patient "Ana Núñez"
    """


@cli.command()
@catalogue_option
def profiles(catalogue: Catalogue) -> None:
    """List the patient profiles.

    \b
    Example:
      backhandout profiles
    """
    for profile in sorted(catalogue.profiles.values(), key=lambda p: p.id):
        click.echo(f"{profile.id:<24} {profile.title}")


@cli.command()
@click.option("--profile", metavar="PROFILE", help="Only exercises that suit this profile, best first.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@catalogue_option
def exercises(catalogue: Catalogue, profile: str | None, as_json: bool) -> None:
    """List the exercises in the catalogue.

    \b
    Example:
      backhandout exercises --profile one-sided-pain
    """
    import json

    from .planner import candidates

    if profile is None:
        items = sorted(catalogue.exercises.values(), key=lambda e: e.id)
    else:
        items = [e for e, _ in candidates(catalogue, catalogue.profiles[check_profile(catalogue, profile)])]
    if as_json:
        click.echo(json.dumps([
            {"id": e.id, "name": e.name, "category": e.category, "direction": list(e.direction),
             "position": e.position, "level": e.level, "per_side": e.per_side}
            for e in items
        ], indent=2, ensure_ascii=False))
        return
    for e in items:
        click.echo(f"{e.id:<26} {e.category:<9} level {e.level}  {e.name}")


@cli.command()
@click.argument("profile")
@request_options
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
@catalogue_option
def plan(catalogue: Catalogue, profile: str, as_json: bool, **options: Any) -> None:
    """Show what a handout would hold, without drawing it.

    \b
    Example:
      backhandout plan one-sided-pain --side left
    """
    import json

    from .api import plan_for
    from .planner import plan_to_dict

    result = plan_for(make_request(catalogue, profile, **options), catalogue)
    if as_json:
        click.echo(json.dumps(plan_to_dict(result), indent=2, ensure_ascii=False))
        return
    click.echo(f"{result.title} ({result.profile_id})")
    if result.patient:
        click.echo(f"For: {result.patient}")
    extra = f" + {result.extra_minutes} min walk" if result.extra_minutes else ""
    click.echo(f"{len(result.exercises)} exercises, about {result.session_minutes} minutes{extra}\n")
    for i, e in enumerate(result.exercises, start=1):
        click.echo(f"{i}. {e.name} [{e.category}]: {e.dose_line}")
    click.echo(f"\nTracking sheet: {result.weeks} weeks")


@cli.command()
@click.argument("profile")
@request_options
@click.option("-o", "--output", type=PathType(dir_okay=False),
              help="PDF file to write (default: out/<profile>[-<patient>].pdf).")
@catalogue_option
def build(catalogue: Catalogue, profile: str, output: Path | None, **options: Any) -> None:
    """Build one patient's handout as a PDF.

    \b
    Example:
      backhandout build one-sided-pain --side left --patient "Ana Núñez" --weeks 6
    """
    from .api import build_pdf, default_output, write_atomic

    request = make_request(catalogue, profile, **options)
    path = output or default_output(request)
    write_atomic(path, build_pdf(request, catalogue))
    click.echo(str(path))


@cli.command()
@click.option("--roster", type=PathType(dir_okay=False), metavar="FILE",
              help="CSV or YAML file, one patient a row (default: one booklet per profile).")
@click.option("--out-dir", type=PathType(file_okay=False), default="out",
              show_default=True, help="Folder for the handouts.")
@click.option("--weeks", type=click.IntRange(1, 12), default=4, show_default=True,
              help="Weeks on the tracking sheet, where a row gives none (1 to 12).")
@click.option("--date", "when", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Date printed, where a row gives none (default: today).")
@click.option("--password", envvar="BACKHANDOUT_PASSWORD", metavar="TEXT",
              help="Encrypt the handouts (AES-256) with this password, where a row gives none "
                   "(or set BACKHANDOUT_PASSWORD).")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=os.cpu_count() or 1,
              show_default="number of cores", help="Worker processes.")
@click.option("--force", is_flag=True, help="Rebuild every handout, even those up to date.")
@catalogue_option
def batch(catalogue: Catalogue, roster: Path | None, out_dir: Path, weeks: int,
          when: dt.datetime | None, password: str | None, jobs: int, force: bool) -> None:
    """Build many handouts at once: one per roster row, or one booklet per profile.

    Handouts already up to date are skipped; a bad row is reported with its
    row number and does not stop the others (exit code 1 if any failed).

    \b
    Example:
      backhandout batch --roster patients.csv --out-dir handouts --jobs 2
    """
    from .batch import run_batch
    from .model import Request
    from .roster import Row, parse_roster

    defaults = {"weeks": weeks, "date": when.date() if when else dt.date.today(), "password": password}
    if roster is None:
        rows = [Row(i, f"profile {p}", Request(profile=p, weeks=weeks, date=defaults["date"]),
                    output=p, password=password)
                for i, p in enumerate(sorted(catalogue.profiles), start=1)]
    else:
        rows = parse_roster(roster, catalogue, defaults)
    if sys.stderr.isatty():
        with click.progressbar(length=len(rows), label="Building", file=sys.stderr) as bar:
            outcome = run_batch(rows, out_dir, catalogue, workers=jobs, force=force,
                                progress=bar.update)
    else:
        outcome = run_batch(rows, out_dir, catalogue, workers=jobs, force=force)
    click.echo(f"Built {len(outcome.built)}, skipped {len(outcome.skipped)}, "
               f"failed {len(outcome.failed)} (folder: {out_dir})")
    for label, reason in outcome.failed:
        click.echo(f"{label}: {reason}", err=True)
    if outcome.interrupted:
        click.echo("Interrupted: the files written are whole; run the same command again "
                   "to build the rest.", err=True)
        sys.exit(130)
    if outcome.failed:
        sys.exit(1)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="backhandout")
