"""Project errors: each carries where it happened and renders as one line."""

from __future__ import annotations


class BackhandoutError(Exception):
    """A problem the user can fix; shown as one line, never a traceback."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.field = field

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(f"{self.file}:{self.line}" if self.line else self.file)
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)


class CatalogueError(BackhandoutError):
    """The catalogue on disk is missing, malformed or inconsistent."""


class PlanError(BackhandoutError):
    """No safe plan can be made for the request."""


class RequestError(BackhandoutError):
    """A request value is wrong; `field` names it (weeks, side, flags ...)."""
DEBUG_VAR = "BACKHANDOUT_DEBUG"
SAID = 200  # characters of an unexpected error's own message that are shown


def debugging() -> bool:
    """True when BACKHANDOUT_DEBUG=1: unexpected errors then show their traceback too."""
    import os

    return os.environ.get(DEBUG_VAR, "") not in ("", "0")


def internal_error(exc: BaseException) -> str:
    """The one line for an unexpected error (a bug): 'internal error: <type>: <message>;
    please report it'. The message is shortened to one line of SAID characters."""
    said = " ".join(str(exc).split())
    if len(said) > SAID:
        said = said[:SAID - 1] + "…"
    name = type(exc).__name__
    return f"internal error: {name}: {said}; please report it" if said else \
        f"internal error: {name}; please report it"
