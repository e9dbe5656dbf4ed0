"""`backhandout alt-text`: the pictures' alternative text, shown and drafted (alt_text.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .cli_common import catalogue_option

if TYPE_CHECKING:
    from .model import Catalogue


@click.command("alt-text")
@click.argument("exercise_ids", nargs=-1, metavar="[EXERCISE]...")
@click.option("--write", is_flag=True,
              help="Write a draft into each exercise file whose picture has no alt text, or "
                   "whose alt text does not match its panels (above figure:).")
@click.option("--force", is_flag=True, help="With --write: draft every picture's text again.")
@catalogue_option
def alt_text(catalogue: Catalogue, exercise_ids: tuple[str, ...], write: bool,
             force: bool) -> None:
    """Show each picture's alt text (what a screen reader says), with the step each panel
    shows and a draft from the pose; with --write, draft the missing ones.

    A draft is a start: look at the picture (backhandout figures) and say plainly
    what it shows, then run backhandout translations update and check.

    \b
    Example:
      backhandout alt-text glute-bridge
      backhandout alt-text --write
    """
    from pathlib import Path  # (not at import: `--help` stays light, tests/test_speed.py)

    from .alt_text import draft, problem, shows, steps_shown, write_alt

    unknown = [i for i in exercise_ids if i not in catalogue.exercises]
    if unknown:
        known = ", ".join(sorted(catalogue.exercises))
        raise click.BadParameter(f"unknown exercise '{unknown[0]}' (choose from: {known})",
                                 param_hint="EXERCISE")
    written = 0
    for exercise_id in exercise_ids or sorted(catalogue.exercises):
        exercise = catalogue.exercises[exercise_id]
        if exercise.figure is None:
            continue
        wrong = problem(exercise)
        drafted = draft(exercise)
        click.echo(f"{exercise.file}: {wrong or 'alt text matches the picture'}")
        for (step, text), panel in zip(drafted, exercise.figure.panels):
            given = [t for n, t in exercise.alt if shows(panel, n)]
            first, last = panel.steps
            shown = f"step {first}" if first == last else f"steps {first}-{last}"
            click.echo(f"  {shown}: {' '.join(steps_shown(exercise, panel))}")
            click.echo(f"    alt:   {given[0] if given else '(none)'}")
            click.echo(f"    draft: {text}")
        if write and (force or wrong):
            write_alt(Path(catalogue.root) / "exercises" / Path(exercise.file).name, drafted)
            written += 1
    if write:
        click.echo(f"Wrote {written} drafts.")
