"""`backhandout translations ...`: the PO files translators work on; the --lang option."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .cli_common import catalogue_option

if TYPE_CHECKING:
    from .model import Catalogue

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
@catalogue_option
def update(codes: tuple[str, ...], catalogue: Catalogue) -> None:
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

    for code in codes or available(catalogue.root)[1:]:
        file, counts = update_po(catalogue, code)
        click.echo(f"{file}: {counts.translated} translated, {counts.fuzzy} to check (fuzzy), "
                   f"{counts.empty} untranslated, {counts.obsolete} no longer used.")
