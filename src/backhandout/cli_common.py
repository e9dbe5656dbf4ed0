"""What several commands share: path and catalogue options, the --lang option.

Start-up stays light: pathlib, YAML and the catalogue are imported only when
a command runs (see tests/test_speed.py).
"""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING, Any, Callable

import click

from .constants import ENV_VAR

if TYPE_CHECKING:
    from pathlib import Path

    from .model import Catalogue


class PathType(click.Path):
    """click.Path that gives a pathlib.Path, imported only when used (keeps --help quick)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from pathlib import Path

        return Path(super().convert(value, param, ctx))


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


class RequestValue(click.ParamType):
    """A request value read by request.parse, so the option and a roster cell share one rule
    and one wording; a wrong value is a usage error naming the option."""

    def __init__(self, field: str, metavar: str) -> None:
        self.field, self.name = field, metavar

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from .request import RequestError, parse

        if not isinstance(value, str):
            return value
        try:
            return parse(self.field, value)
        except RequestError as exc:
            self.fail(exc.message, param, ctx)


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
