"""`backhandout translations ...`: the PO files translators work on; the --lang option."""

from __future__ import annotations

from pathlib import Path

import click

from .catalogue import ENV_VAR, load_catalogue
from .model import Catalogue

lang_option = click.option(
    "--lang", default="en", show_default=True, metavar="CODE",
    help="Language of the handout: en, or one the catalogue has a translation for "
         "(es: Spanish).",
)


def check_lang(catalogue: Catalogue, lang: str) -> str:
    """A usage error listing the catalogue's languages when lang is not one of them."""
    from .i18n import available

    known = available(catalogue.root)
    if lang not in known:
        raise click.BadParameter(f"'{lang}' is not a language of this catalogue. Choose from: "
                                 f"{', '.join(known)}.", param_hint="'--lang'")
    return lang


@click.group()
def translations() -> None:
    """Translate the handouts into another language.

    Translations live beside the English in the catalogue, one gettext PO
    file per language (locale/es.po), for any PO editor (Poedit, Weblate,
    Crowdin).

    \b
    Example:
      backhandout translations update --lang fr
    """


@translations.command()
@click.option("--lang", "codes", multiple=True, metavar="CODE",
              help="Language to create or refresh, repeatable (default: every PO file "
                   "the catalogue has).")
@click.option("--catalogue", "catalogue_dir", envvar=ENV_VAR, metavar="DIR",
              type=click.Path(path_type=Path),
              help=f"Catalogue folder to use (default: the built-in one; or set {ENV_VAR}).")
def update(codes: tuple[str, ...], catalogue_dir: Path | None) -> None:
    """Write or refresh a language's PO file from the current English.

    Translations of unchanged English are kept. A text whose English
    changed keeps its old translation marked fuzzy: it counts as missing
    until a translator checks it and removes the mark. New texts are empty.
    Then translate the file and run: backhandout check --lang CODE.

    \b
    Example:
      backhandout translations update --lang es
    """
    from .i18n import available
    from .translations import update_po

    catalogue = load_catalogue(catalogue_dir)
    for code in codes or available(catalogue.root)[1:]:
        file, counts = update_po(catalogue, code)
        click.echo(f"{file}: {counts.translated} translated, {counts.fuzzy} to check (fuzzy), "
                   f"{counts.empty} untranslated, {counts.obsolete} no longer used.")
