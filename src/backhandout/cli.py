"""The backhandout command line: a thin layer over the library API."""

from __future__ import annotations

import datetime as dt
import errno
import os
import sys
from functools import partial
from typing import TYPE_CHECKING, Any, Callable

import click

from . import __version__
from .cli_common import PathType, RequestValue, catalogue_option, check_lang, lang_option
from .cli_tracking import tracking
from .cli_translations import translations
from .cli_alt import alt_text
from .errors import BackhandoutError

if TYPE_CHECKING:
    from pathlib import Path

    from .model import Catalogue, Request


if TYPE_CHECKING:
    from .layouts import Layout


#: The option each request field comes from, for usage errors.
OPTION_OF = {"profile": "PROFILE", "flags": "'--flag'", "review_in": "'--review-in'",
             "pregnancy_weeks": "'--pregnancy-weeks'", "doses": "'--dose'"}


class Group(click.Group):
    """Turns project errors into one 'Error: ...' line and exit code 1; anything unexpected
    too (see last_resort)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BackhandoutError as exc:
            raise click.ClickException(str(exc)) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:  # a bug, or output that cannot be written
            message = last_resort(exc)
            if message is None:
                raise click.exceptions.Exit(1) from None
            raise click.ClickException(message) from None


def last_resort(exc: BaseException) -> str | None:
    """The one line for an exception nobody caught (None: say nothing, the output is a closed
    pipe). The traceback goes to standard error only with BACKHANDOUT_DEBUG=1."""
    from .errors import debugging, internal_error

    if isinstance(exc, OSError) and exc.errno in OUTPUT_ERRNOS:
        # Files are written by atomic.write_atomic, which reports its own errors: this is the
        # standard output (a full disk, a closed pipe). Keep Python's flush at exit quiet.
        _quieten_output()
        if isinstance(exc, BrokenPipeError):
            return None  # e.g. `backhandout exercises | head -1`: nothing is wrong
        return f"cannot write the output: {exc.strerror or exc}"
    if debugging():
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    return internal_error(exc)


OUTPUT_ERRNOS = {getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EFBIG", "EPIPE")
                 if hasattr(errno, name)}


def _quieten_output() -> None:
    """Point standard output at the null device (after it failed), so nothing more fails."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):  # not a real file (tests): nothing to quieten
        pass


def output_error() -> OSError | None:
    """The error a last flush of standard output gives, or None when it works."""
    try:
        sys.stdout.flush()
        return None
    except OSError as exc:
        _quieten_output()
        return exc


class LayoutChoice(click.ParamType):
    """A layout name from layouts/ or a path to a layout YAML file."""

    name = "layout"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from .layouts import Layout, available, choices, load_layout

        if isinstance(value, Layout):
            return value
        if not str(value).endswith((".yaml", ".yml")) and value not in available():
            self.fail(f"'{value}' is not a layout. Choose from: {choices()}.", param, ctx)
        return load_layout(str(value))


class LayoutName(LayoutChoice):
    """A layout name or file, checked by loading it, kept as given (a programme records it)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        super().convert(value, param, ctx)
        return str(value)


layout_option = click.option(
    "--layout", type=LayoutName(), default="a4", show_default=True, metavar="NAME|FILE.yaml",
    help="Page layout: a4, letter, large-print, booklet, letter-booklet, or a layout file.",
)
programme_option = click.option(
    "--programme", type=PathType(dir_okay=False), metavar="FILE.yaml",
    help="A saved programme (plan --save): the handout exactly as it was given, "
         "instead of PROFILE and the options.")
save_option = click.option(
    "--save", type=PathType(dir_okay=False), metavar="FILE.yaml",
    help="Also write the programme (what this handout holds) to this file, to build "
         "again or progress later.")


_printer_options = [
    click.option("--printer", "-d", metavar="NAME",
                 help="CUPS printer (default: the system default)."),
    click.option("--copies", "-n", type=click.IntRange(1, 500), default=1, show_default=True,
                 help="Copies of each file."),
    click.option("--dry-run", is_flag=True,
                 help="Show the lp command for each file instead of printing."),
]


def printer_options(command: Callable) -> Callable:
    """--printer, --copies and --dry-run."""
    for option in reversed(_printer_options):
        command = option(command)
    return command


def print_options(command: Callable) -> Callable:
    """--print (send what was built to the printer), with the printer options."""
    command = printer_options(command)
    return click.option("--print", "send", is_flag=True,
                        help="Print what was built (see: backhandout print --help).")(command)


def _print_files(files: list[Path], *, printer: str | None, copies: int,
                 dry_run: bool) -> None:
    """Print files (or show the lp commands) and say what was done."""
    from .printing import print_files

    done = print_files(files, printer=printer, copies=copies, dry_run=dry_run)
    for line in done.lines:
        click.echo(line)
    click.echo(done.summary)


def request_options(command: Callable) -> Callable:
    """The options that say who a handout is for."""
    options = [
        click.option("--patient", metavar="NAME", help="Patient name printed on the handout."),
        click.option("--side", type=RequestValue("side", "[left|right]"),
                     help="Side of the pain (for one-sided pain): names the sides in the text."),
        click.option("--weeks", type=RequestValue("weeks", "INTEGER"), default="4",
                     show_default=True,
                     help="Weeks on the tracking sheet (1 to 12). From 2 weeks, strength "
                          "exercises start after the gentle first weeks."),
        click.option("--date", "when", type=RequestValue("date", "YYYY-MM-DD"),
                     help="Date printed on the handout (default: today)."),
        click.option("--flag", "flags", multiple=True, metavar="NAME",
                     help="Screening flag, repeatable: osteoporosis, arthritis, pregnancy, "
                          "sciatica, recent-injury, disc-problem, no-floor ... "
                          "(see: backhandout flags)."),
        click.option("--age", type=RequestValue("age", "N"),
                     help="Patient's age (1 to 120): 65 or over prefers chair and standing "
                          "exercises and asks first about back bends; 75 or over keeps at "
                          "most 2 on the floor."),
        click.option("--pregnancy-weeks", type=RequestValue("pregnancy_weeks", "N"),
                     help="Weeks pregnant (1 to 42; adds --flag pregnancy). Without it, "
                          "pregnancy counts as after 16 weeks: nothing lying on the back."),
        click.option("--checked", "checked", multiple=True, metavar="FLAG",
                     help="A flag you have already cleared this plan for, repeatable: its "
                          "'ask your doctor first' line becomes 'We have checked ...'."),
        click.option("--prefer", type=RequestValue("prefer", "[extension|flexion]"),
                     help="The direction to favour, instead of the profile's."),
        click.option("--region", metavar="CODE",
                     help="Where the patient lives, for the emergency and urgent numbers "
                          "(uk, ie, us, ca, es, eu, au, nz ...; see: backhandout regions). "
                          "Default: the clinic file's; none: blank lines to write them in."),
        click.option("--review", type=RequestValue("review", "YYYY-MM-DD"),
                     help="When the plan will be reviewed: printed on the first page and "
                          "the diary."),
        click.option("--review-in", metavar="2w|10d",
                     help="The review date as a time from the handout's date (weeks or days)."),
        click.option("--clinic", type=PathType(dir_okay=False),
                     metavar="FILE.yaml", help="Clinic details printed on every page."),
        click.option("--clinician", metavar="NAME", help="Clinician's name (overrides the clinic file)."),
        click.option("--notes", metavar="TEXT", help="A note to the patient, printed as written."),
        lang_option,
        click.option("--add", multiple=True, metavar="ID",
                     help="Add an exercise to the automatic pick, repeatable "
                          "(see: backhandout exercises)."),
        click.option("--drop", multiple=True, metavar="ID",
                     help="Leave an exercise out of the automatic pick, repeatable."),
        click.option("--only", metavar="ID,ID,...",
                     help="Exactly these exercises, in this order (1 to 10), instead of the "
                          "automatic pick."),
        click.option("--dose", "doses", multiple=True, metavar="ID=FIELD:N,...",
                     help="Set an exercise's dose, repeatable: reps, sets, hold (seconds), "
                          "breaths, minutes, per-day, away. Within the catalogue's range, "
                          "e.g. knee-to-chest=hold:30s,reps:3,per-day:2."),
        click.option("--allow-outside-range", is_flag=True,
                     help="Allow a --dose outside the catalogue's range (a note says so)."),
        click.option("--max-exercises", type=RequestValue("max_exercises", "N"), default="7",
                     show_default=True,
                     help="The most exercises the automatic pick chooses (3 to 10), still "
                          "within a 15-minute session."),
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


def _text(value: str | None) -> str | None:
    return value.strip() or None if value else None


def make_request(catalogue: Catalogue, profile: str, *, when: dt.date | None = None,
                 clinic: Path | None = None, review_in: str | None = None,
                 lang: str = "en", **values: Any) -> Request:
    """Options -> a Request checked by request.check_request (one rule, one wording); a
    wrong value is a usage error naming its option."""
    from .clinic import load_clinic
    from .errors import RequestError
    from .model import Request
    from .request import check_request, review_after

    date = when or dt.date.today()
    if review_in is not None and values.get("review") is not None:
        raise click.UsageError("give --review or --review-in, not both")
    for name in ("patient", "clinician", "notes", "region"):
        values[name] = _text(values.get(name))
    values["only"] = values.get("only") or ()
    try:
        if review_in is not None:
            values["review"] = date + review_after(review_in)
        request = Request(profile=check_profile(catalogue, profile), date=date,
                          clinic=load_clinic(clinic) if clinic else None,
                          lang=check_lang(catalogue, lang), **values)
        return check_request(request, catalogue)
    except RequestError as exc:
        if exc.file:  # a value from a file (the clinic file): an error in that file, exit 1
            raise
        field = exc.field or ""
        hint = OPTION_OF.get(field, f"'--{field.replace('_', '-')}'")
        raise click.BadParameter(exc.message, param_hint=hint) from None


#: Options that say what a handout holds: with --programme the file says it instead.
REQUEST_PARAMS = ("patient", "side", "weeks", "when", "flags", "age", "pregnancy_weeks",
                  "checked", "prefer", "region", "review", "review_in", "clinic", "clinician",
                  "notes", "lang", "add", "drop", "only", "doses", "allow_outside_range",
                  "max_exercises", "layout")


def resolve_request(catalogue: Catalogue, profile: str | None, programme: Path | None,
                    layout: str, options: dict[str, Any]) -> tuple[Request, str, list[str]]:
    """The request and layout from PROFILE and options, or from a programme file; and the
    notes to print (doses outside the catalogue's range, what changed since a programme)."""
    from .request import range_notes

    ctx = click.get_current_context()
    if programme is None:
        if profile is None:
            raise click.UsageError("give a PROFILE (see: backhandout profiles), or "
                                   "--programme FILE.yaml")
        request = make_request(catalogue, profile, **options)
        return request, layout, range_notes(request, catalogue)
    from .programme import read_programme

    given = [name for name in REQUEST_PARAMS if name in ctx.params and
             ctx.get_parameter_source(name) in (click.core.ParameterSource.COMMANDLINE,
                                                click.core.ParameterSource.ENVIRONMENT)]
    if profile is not None or given:
        what = "PROFILE" if profile is not None else f"--{given[0].replace('_', '-')}"
        what = "--date" if what == "--when" else "--dose" if what == "--doses" else what
        raise click.UsageError(f"--programme holds the whole handout: give no {what} with it "
                               "(edit the file instead)")
    read = read_programme(programme, catalogue)
    notes = [f"{read.file}: {note}" for note in read.notes]
    return read.request, read.layout, notes + range_notes(read.request, catalogue)


def echo_notes(notes: list[str]) -> None:
    """Notes for the clinician, one 'Note: ...' line each on standard error."""
    for note in notes:
        click.echo(f"Note: {note}", err=True)


def save_programme(path: Path, request: Request, layout: str, catalogue: Catalogue) -> None:
    """Write the programme file of a request (the plan it makes, exactly)."""
    from .api import plan_for
    from .atomic import write_atomic
    from .programme import programme_text

    text = programme_text(plan_for(request, catalogue), request, layout, catalogue, path)
    write_atomic(path, text.encode("utf-8"))


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
@click.argument("profile", required=False)
@request_options
@layout_option
@programme_option
@save_option
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
@catalogue_option
def plan(catalogue: Catalogue, profile: str | None, as_json: bool, layout: str,
         programme: Path | None, save: Path | None, **options: Any) -> None:
    """Show what a handout would hold, without drawing it.

    With --save, also write it as a programme file: the exact exercises and
    doses and everything else the handout holds, readable and editable, for
    build --programme and progress.

    \b
    Example:
      backhandout plan one-sided-pain --side left
      backhandout plan desk-worker --drop press-up --add walking --save ana.yaml
      backhandout plan desk-worker --only cat-cow,glute-bridge,walking \\
          --dose glute-bridge=reps:12,sets:2
    """
    import json

    from .api import plan_for
    from .planner import plan_to_dict

    request, layout, notes = resolve_request(catalogue, profile, programme, layout, options)
    echo_notes(notes)
    result = plan_for(request, catalogue)
    if save is not None:
        save_programme(save, request, layout, catalogue)
    if as_json:
        click.echo(json.dumps(plan_to_dict(result), indent=2, ensure_ascii=False))
    else:
        _print_plan(result)
    if save is not None:
        click.echo(f"Saved the programme: {save}", err=as_json)


def _print_plan(result: Any) -> None:
    click.echo(f"{result.title} ({result.profile_id})")
    if result.patient:
        click.echo(f"For: {result.patient}")
    extra = f" + {result.extra_minutes} min walk" if result.extra_minutes else ""
    click.echo(f"{len(result.exercises)} exercises, about {result.session_minutes} minutes{extra}\n")
    for i, e in enumerate(result.exercises, start=1):
        start = f" (from week {e.start_week})" if e.start_week > result.first_week else ""
        click.echo(f"{i}. {e.name} [{e.id}]: {e.dose_line}{start}")
        for label, text in (("For now", e.way), ("Too hard?", e.easier), ("Too easy?", e.harder)):
            if text:
                click.echo(f"   {label}: {text}" if label == "For now" else f"   {label} {text}")
        if e.video:
            click.echo(f"   Link: {e.video}")
    notes = (*(c.text for c in result.changes), *result.cautions, *result.ask_first,
             *([result.checked] if result.checked else []))
    for line in ("", *notes, ""):
        click.echo(line)
    click.echo(f"{result.emergency.action}; {result.same_day.action}")
    if result.review:
        click.echo(f"Review: {result.review.isoformat()}")
    weeks = f"weeks {result.first_week} to {result.last_week}" if result.first_week > 1 \
        else f"{result.weeks} weeks"
    click.echo(f"Tracking sheet: {weeks}")


@cli.command()
@click.argument("profile", required=False)
@request_options
@layout_option
@programme_option
@save_option
@click.option("--diary-only", is_flag=True,
              help="Print only the exercise diary (with who to contact), for a returning "
                   "patient: with --programme from progress, numbered on from the last one.")
@click.option("-o", "--output", type=PathType(dir_okay=False),
              help="PDF file to write (default: out/<profile>[-<patient>][-<layout>].pdf).")
@click.option("--summary-only", is_flag=True,
              help="Just the one-page summary: the exercises at a glance (with the pages of "
                   "their cards in the whole handout), how often, who to contact and urgent "
                   "help. For a patient who has the handout, or the fridge door.")
@print_options
@catalogue_option
def build(catalogue: Catalogue, profile: str | None, output: Path | None, layout: str,
          programme: Path | None, save: Path | None, diary_only: bool, summary_only: bool,
          send: bool, printer: str | None, copies: int, dry_run: bool,
          **options: Any) -> None:
    """Build one patient's handout as a PDF.

    With --programme, the handout a programme file holds (from plan --save,
    build --save or progress): the same file again, byte for byte, from the
    same catalogue. With --print, the handout is then sent to the printer
    (--dry-run: the lp command is shown instead).

    \b
    Example:
      backhandout build one-sided-pain --side left --patient "Ana Núñez" --weeks 6
      backhandout build desk-worker --layout large-print
      backhandout build desk-worker --summary-only
      backhandout build desk-worker --print --printer Front_Desk --copies 2
      backhandout build --programme ana.yaml -o ana.pdf
      backhandout build --programme ana-next.yaml --diary-only
    """
    from .api import build_pdf
    from .atomic import write_atomic
    from .layouts import load_layout
    from .names import default_output

    if diary_only and summary_only:
        raise click.UsageError("give --diary-only or --summary-only, not both")
    request, layout, notes = resolve_request(catalogue, profile, programme, layout, options)
    echo_notes(notes)
    drawn = load_layout(layout)
    path = output or default_output(request, layout=drawn.name, diary=diary_only,
                                    part="summary" if summary_only else "")
    write_atomic(path, build_pdf(request, catalogue, drawn, diary_only=diary_only,
                                 summary_only=summary_only))
    if save is not None:
        save_programme(save, request, layout, catalogue)
    click.echo(str(path))
    if send or dry_run:
        _print_files([path], printer=printer, copies=copies, dry_run=dry_run)


@cli.command()
@click.argument("programme", type=PathType(dir_okay=False), metavar="PROGRAMME.yaml")
@click.option("--filled", type=PathType(dir_okay=False), metavar="DIARY.pdf",
              help="The diary the patient filled in (tracking read reads it the same way).")
@click.option("--password", envvar="BACKHANDOUT_PASSWORD", metavar="TEXT",
              help="The diary's password, if it was encrypted (or set BACKHANDOUT_PASSWORD).")
@click.option("-o", "--output", type=PathType(dir_okay=False),
              help="The next programme to write (default: PROGRAMME-next.yaml beside it).")
@click.option("--date", "when", type=RequestValue("date", "YYYY-MM-DD"),
              help="The next handout's date (default: today).")
@catalogue_option
def progress(catalogue: Catalogue, programme: Path, filled: Path | None, password: str | None,
             output: Path | None, when: dt.date | None) -> None:
    """Propose the next programme at review, from a saved one and the filled diary.

    Where the diary shows an exercise done on most days and pain settled by
    the next morning (0 to 3), its dose goes up one step within the
    catalogue's range (at the top, the harder version replaces it). Where pain
    rose by 2 or more, or went above 5 in the last week, each exercise takes
    its easier version (or its dose goes down a step). With no diary, or
    nothing to go on, nothing changes. It prints what changed and why, and
    writes the next programme (its diary numbered on from the last one) for
    you to check or edit, then build.

    \b
    Example:
      backhandout progress ana.yaml --filled ana-diary.pdf
      backhandout build --programme ana-next.yaml --diary-only
    """
    from .atomic import write_atomic
    from .programme import programme_text, read_programme
    from .progress import propose

    read = read_programme(programme, catalogue)
    echo_notes([f"{read.file}: {note}" for note in read.notes])
    result = None
    if filled is not None:
        from .tracking_read import read_tracking, terminal_safe

        result = read_tracking(filled, password=password or None)
        if result.warning:
            click.echo(f"Warning: {filled}: {terminal_safe(result.warning)}", err=True)
    proposal = propose(read.request, result, catalogue, when or dt.date.today())
    echo_notes(list(proposal.notes))
    click.echo(proposal.diary)
    for number, change in enumerate(proposal.changes, start=1):
        click.echo(f"{number}. {change.exercise}: {change.what}. Why: {change.why}.")
    path = output or programme.with_name(f"{programme.stem}-next.yaml")
    from .api import plan_for

    following = plan_for(proposal.request, catalogue)
    write_atomic(path, programme_text(following, proposal.request, read.layout, catalogue,
                                      path).encode("utf-8"))
    click.echo(f"Wrote {path}: diary weeks {following.first_week} to {following.last_week}. "
               f"Check it, then: backhandout build --programme {path} [--diary-only]")


@cli.command()
@catalogue_option
def flags(catalogue: Catalogue) -> None:
    """List the screening flags and what each one changes.

    \b
    Example:
      backhandout flags
    """
    from .screening import effects

    for flag in catalogue.flags.values():
        age = f" (on from age {flag.from_age})" if flag.from_age else ""
        click.echo(f"{flag.id}{age}: {flag.explanation}")
        for what, which in effects(catalogue, flag):
            click.echo(f"    {what}: {which}")


@cli.command()
@catalogue_option
def regions(catalogue: Catalogue) -> None:
    """List the regions and the emergency and urgent numbers each one prints.

    A handout with no region (no --region, no region in the clinic file) prints
    labelled blank lines to write the numbers in.

    \b
    Example:
      backhandout regions
    """
    for region in catalogue.regions.values():
        urgent = f"; urgent line {region.urgent}" if region.urgent else ""
        click.echo(f"{region.id:<6} {region.name}: emergency {' or '.join(region.emergency)}"
                   f"{urgent}")


@cli.command()
@click.option("--max-grade", type=click.FloatRange(1, 20), default=6, show_default=True,
              help="Highest Flesch-Kincaid grade a patient text may have.")
@click.option("--all", "every_text", is_flag=True, help="List every text with its grade.")
@click.option("--lang", metavar="CODE", default="en", show_default=True,
              help="Also check this language: every text translated, fonts, reading ease.")
@click.option("--min-ease", type=click.FloatRange(0, 100), metavar="N",
              help="Lowest reading ease a Spanish text may have (Szigriszt-Pazos, INFLESZ "
                   "scale; default 55).")
@catalogue_option
def check(catalogue: Catalogue, max_grade: float, every_text: bool, lang: str,
          min_ease: float | None) -> None:
    """Check the catalogue and layouts, and the reading grade of every patient text.

    Exits with 1, naming each problem, if a profile cannot be planned, a
    layout file is wrong, or a text is harder to read than --max-grade.
    With --lang, also if a text has no translation into that language.

    \b
    Example:
      backhandout check --max-grade 6 --catalogue my-catalogue
      backhandout check --lang es
    """
    from .checks import run_checks
    from .i18n import load_language

    language = load_language(catalogue.root, check_lang(catalogue, lang))
    report = run_checks(catalogue, max_grade=max_grade, every_text=every_text,
                        language=language, min_ease=min_ease)
    for line in report.lines:
        click.echo(line)
    for error in report.errors:
        click.echo(f"Error: {error}", err=True)
    if report.errors:
        raise SystemExit(1)


BOOKLET = "booklet"  # batch's layout without a roster: one booklet per profile


def _not_empty(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A usage error for an empty password, before any handout is built."""
    if value == "":
        raise click.BadParameter("the password is empty (give one, or leave the option out)")
    return value


@cli.command()
@click.option("--roster", type=PathType(dir_okay=False), metavar="FILE",
              help="CSV or YAML file, one patient a row (default: one booklet per profile).")
@click.option("--out-dir", type=PathType(file_okay=False), default="out",
              show_default=True, help="Folder for the handouts.")
@click.option("--weeks", type=click.IntRange(1, 12), default=4, show_default=True,
              help="Weeks on the tracking sheet, where a row gives none (1 to 12).")
@click.option("--date", "when", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Date printed, where a row gives none (default: today).")
@click.option("--password", envvar="BACKHANDOUT_PASSWORD", metavar="TEXT", callback=_not_empty,
              help="Encrypt the handouts (AES-256) with this password, where a row gives none "
                   "(or set BACKHANDOUT_PASSWORD).")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=os.cpu_count() or 1,
              show_default="number of cores", help="Worker processes.")
@click.option("--force", is_flag=True, help="Rebuild every handout, even those up to date.")
@click.option("--layout", type=LayoutChoice(), metavar="NAME|FILE.yaml",
              help="Page layout (default: booklet for one booklet per profile; with a roster, "
                   "a4 where a row gives none).")
@click.option("--lang", "langs", multiple=True, metavar="CODE",
              help="Language, repeatable: one booklet per profile in each (default: en). With "
                   "a roster, one language, where a row gives none.")
@print_options
@catalogue_option
def batch(catalogue: Catalogue, roster: Path | None, out_dir: Path, weeks: int,
          when: dt.datetime | None, password: str | None, jobs: int, force: bool,
          layout: Layout | None, langs: tuple[str, ...], send: bool, printer: str | None,
          copies: int, dry_run: bool) -> None:
    """Build many handouts at once: one per roster row, or one booklet per profile.

    Without a roster: one booklet per profile, in each --lang given
    (desk-worker-booklet.pdf, desk-worker-booklet-es.pdf, ...). Handouts
    already up to date are skipped; a bad row is reported with its row number
    and does not stop the others (exit code 1 if any failed). With a roster,
    --layout and --lang apply where a row gives none. --print sends every file
    built or up to date to the printer, in order, when all are built.

    \b
    Example:
      backhandout batch --lang en --lang es
      backhandout batch --roster patients.csv --out-dir handouts --jobs 2
      backhandout batch --layout letter-booklet --print --printer Front_Desk
    """
    from pathlib import Path

    from .batch import run_batch
    from .layouts import load_layout
    from .model import Request
    from .names import default_output
    from .roster import Row, parse_roster

    date = when.date() if when else dt.date.today()
    langs = tuple(dict.fromkeys(check_lang(catalogue, lang) for lang in langs or ("en",)))
    if roster is None:
        layout = layout or load_layout(BOOKLET)
        requests = [Request(profile=p, weeks=weeks, date=date, lang=lang)
                    for lang in langs for p in sorted(catalogue.profiles)]
        rows = [Row(i, f"profile {r.profile}" + (f" ({r.lang})" if len(langs) > 1 else ""), r,
                    password=password, output=default_output(r, Path(), layout=layout.name).stem)
                for i, r in enumerate(requests, start=1)]
    else:
        if len(langs) > 1:
            raise click.BadParameter("give one language with a roster (a row's lang column "
                                     "chooses its own).", param_hint="'--lang'")
        defaults = {"weeks": weeks, "date": date, "password": password, "lang": langs[0]}
        rows = parse_roster(roster, catalogue, defaults)
        echo_notes([f"{row.label}: {note}" for row in rows for note in row.notes])
    run = partial(run_batch, rows, out_dir, catalogue, workers=jobs, force=force, layout=layout)
    if sys.stderr.isatty():
        with click.progressbar(length=len(rows), label="Building", file=sys.stderr) as bar:
            outcome = run(progress=bar.update)
    else:
        outcome = run()
    click.echo(f"Built {len(outcome.built)}, skipped {len(outcome.skipped)}, "
               f"failed {len(outcome.failed)} (folder: {out_dir})")
    for label, reason in outcome.failed:
        click.echo(f"{label}: {reason}", err=True)
    if outcome.interrupted:
        click.echo("Interrupted: the files written are whole; run the same command again "
                   "to build the rest.", err=True)
        sys.exit(130)
    if send or dry_run:
        made = set(outcome.built) | set(outcome.skipped)
        files = [out_dir / name for name in outcome.names if name in made]
        _print_files(files, printer=printer, copies=copies, dry_run=dry_run)
    if outcome.failed:
        sys.exit(1)


@cli.command()
def layouts() -> None:
    """List the page layouts.

    \b
    Example:
      backhandout layouts
    """
    from .layouts import available, load_layout

    for name in available():
        click.echo(f"{name:<16} {load_layout(name).description}")


@cli.command()
@click.argument("source", type=PathType(dir_okay=False))
@click.option("-o", "--output", type=PathType(dir_okay=False), required=True,
              help="The imposed PDF to write.")
@click.option("--sheet", type=click.Choice(["a4", "letter"]),
              help="Paper to print on (default: Letter for Letter-sized pages, else A4).")
def impose(source: Path, output: Path, sheet: str | None) -> None:
    """Impose any PDF as a saddle-stitched booklet: two pages per sheet side.

    Blank pages are added to make a multiple of 4. Print it two-sided,
    flipping on the short edge, fold in the middle and staple.

    \b
    Example:
      backhandout impose handout-a5.pdf -o booklet.pdf
    """
    from .atomic import write_atomic
    from .booklet import impose_file
    from .layouts import PAPER

    write_atomic(output, impose_file(source, PAPER[sheet] if sheet else None))
    click.echo(str(output))


@cli.command(name="print")
@click.argument("files", nargs=-1, required=True, type=PathType(dir_okay=False),
                metavar="FILE...")
@printer_options
def print_(files: tuple[Path, ...], printer: str | None, copies: int, dry_run: bool) -> None:
    """Print handouts and booklets with CUPS (lp): right paper, two-sided.

    One print job per file, in the order given, each with its own paper size
    and duplex edge: handouts on the long edge, booklets (landscape sheets)
    on the short edge, ready to fold. Every file and the printer are checked
    before anything is sent.

    \b
    Example:
      backhandout print out/desk-worker.pdf --printer Front_Desk --copies 2
      backhandout print out/*-booklet.pdf --printer Front_Desk
    """
    _print_files(list(files), printer=printer, copies=copies, dry_run=dry_run)


@cli.command()
@click.option("-o", "--output", type=PathType(dir_okay=False),
              default="out/figures.pdf", show_default=True, help="PDF file to write.")
@click.option("--exercise", "exercise_id", metavar="ID",
              help="Only this exercise (see `backhandout exercises`).")
@catalogue_option
def figures(catalogue: Catalogue, output: Path, exercise_id: str | None) -> None:
    """Print every exercise's pictures beside its steps, for review.

    Each picture is drawn at the size an A4 card prints it; the steps the
    pictures show are in bold, with the tag of the picture that shows them.

    \b
    Example:
      backhandout figures -o out/figures.pdf
      backhandout figures --exercise tail-wags -o out/tail-wags.pdf
    """
    from .api import figures_pdf
    from .atomic import write_atomic

    if exercise_id is not None and exercise_id not in catalogue.exercises:
        known = ", ".join(sorted(catalogue.exercises))
        raise click.BadParameter(f"'{exercise_id}' is not an exercise. Choose from: {known}.",
                                 param_hint="'--exercise'")
    write_atomic(output, figures_pdf(catalogue, exercise_id))
    click.echo(str(output))


cli.add_command(tracking)
cli.add_command(translations)
cli.add_command(alt_text)


def main() -> None:
    """Console-script entry point: one line, never a traceback, even for --help to a full disk.

    The cycle collector is off: a command draws a file or two and exits, and collecting
    the catalogue's and ReportLab's many objects would only cost time (about 20 ms of a
    cold build). `batch`, which may run for hours, turns it back on (batch.run_batch).
    """
    import gc

    gc.disable()
    try:
        cli(prog_name="backhandout")
    except SystemExit as done:
        code = done.code
    except Exception as exc:  # outside any command (click's own output)
        message = last_resort(exc)
        if message:
            click.echo(f"Error: {message}", err=True)
        code = 1
    error = output_error()
    if error is not None:
        if not isinstance(error, BrokenPipeError):
            click.echo(f"Error: cannot write the output: {error.strerror or error}", err=True)
        code = code or 1
    sys.exit(code)
