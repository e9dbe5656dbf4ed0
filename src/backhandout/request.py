"""The rules for a Request, in one place: the command line, the roster and the API all
check a request here, so each rule has one wording.

`parse(field, text)` reads one value as a person types it (an option or a roster
cell); `check_request(request, catalogue)` checks a whole request, values and
how they fit together, and returns it tidied (flags once each, pregnancy on with
pregnancy weeks). Both raise RequestError naming the field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from .constants import SIDES
from .errors import RequestError
from .model import PREFER, Catalogue, Request

MAX_PATIENT = 200  # characters: a longer name does not fit on the cover
MAX_CLINICIAN = 100  # characters, on one line of the first page
MAX_NOTES = 5000  # characters of the clinician's note (it flows on across pages)
MAX_NOTE_LINES = 100
WEEKS = (1, 12)
AGE = (1, 120)
PREGNANCY_WEEKS = (1, 42)
REVIEW_DAYS = 366  # a review date at most this far after the handout's date
_DIGITS = re.compile(r"[0-9]{1,4}")  # ASCII digits only: no '²', no 5,000-digit numbers
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_AFTER = re.compile(r"([0-9]{1,3}) ?([dw])", re.IGNORECASE)


def shown(value: Any) -> str:
    """A value as an error message quotes it: repr, cut short."""
    text = repr(value)
    return text if len(text) <= 42 else text[:40] + "…"


def _fail(field: str, message: str, value: Any = None) -> RequestError:
    return RequestError(message if value is None else f"{message}, got {shown(value)}",
                        field=field)


def _whole_in(field: str, low: int, high: int) -> Callable[[Any], int]:
    def check(given: Any) -> int:
        value = given
        if isinstance(value, str):
            text = value.strip()
            value = int(text) if _DIGITS.fullmatch(text) else None
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise _fail(field, f"must be a whole number from {low} to {high}", given)
        return value
    return check


def _date(field: str) -> Callable[[Any], dt.date]:
    def check(given: Any) -> dt.date:
        value = given
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, str):
            text = value.strip()
            try:
                value = dt.date.fromisoformat(text) if _DATE.fullmatch(text) else None
            except ValueError:
                value = None
        if not isinstance(value, dt.date):
            raise _fail(field, "must be a date like 2026-11-21 (YYYY-MM-DD)", given)
        return value
    return check


def _one_of(field: str, choices: tuple[str, ...]) -> Callable[[Any], str | None]:
    """A word from a fixed set (any case), or None for nothing."""
    def check(value: Any) -> str | None:
        word = value.strip().lower() if isinstance(value, str) else value
        if word in ("", None):
            return None
        if word not in choices:
            raise _fail(field, f"must be {' or '.join(choices)}", value)
        return word
    return check


def _names(value: Any) -> tuple[str, ...]:
    """Flag names: a tuple, or text separated by ';', ',' or spaces."""
    if isinstance(value, str):
        value = re.split(r"[;,\s]+", value)
    return tuple(dict.fromkeys(n.strip().lower() for n in value if n and n.strip()))


def review_after(text: str) -> dt.timedelta:
    """'2w' or '10d' (as --review-in takes it) as a length of time."""
    match = _AFTER.fullmatch(text.strip())
    if not match:
        raise _fail("review_in", "must be a number of weeks or days, like 2w or 10d", text)
    n, unit = int(match.group(1)), match.group(2).lower()
    days = n * 7 if unit == "w" else n
    if not 1 <= days <= REVIEW_DAYS:
        raise _fail("review_in", f"must be from 1 day to {REVIEW_DAYS} days", text)
    return dt.timedelta(days=days)


#: How each field is read from text (an option or a roster cell).
PARSERS: dict[str, Callable[[Any], Any]] = {
    "weeks": _whole_in("weeks", *WEEKS),
    "age": _whole_in("age", *AGE),
    "pregnancy_weeks": _whole_in("pregnancy_weeks", *PREGNANCY_WEEKS),
    "date": _date("date"),
    "review": _date("review"),
    "side": _one_of("side", SIDES),
    "prefer": _one_of("prefer", PREFER),
    "flags": _names,
    "checked": _names,
}


def parse(field: str, text: str) -> Any:
    """One request value read from text, or RequestError naming the field."""
    return PARSERS[field](text)


def _known(field: str, value: str, known: Any, what: str) -> None:
    if value not in known:
        raise _fail(field, f"unknown {what} {shown(value)} (choose from: {', '.join(known)})")


def check_request(request: Request, catalogue: Catalogue) -> Request:
    """Check every value of a request against the rules and the catalogue; return it tidied.

    The same checks run for the command line, a roster row and a library call.
    """
    from .i18n import available

    _known("profile", request.profile, sorted(catalogue.profiles), "profile")
    for name, most in (("patient", MAX_PATIENT), ("clinician", MAX_CLINICIAN),
                       ("notes", MAX_NOTES)):
        value = getattr(request, name)
        if value is not None and len(value) > most:
            raise _fail(name, f"is {len(value):,} characters long (at most {most:,})")
    if request.notes is not None and request.notes.count("\n") + 1 > MAX_NOTE_LINES:
        raise _fail("notes", f"has {request.notes.count(chr(10)) + 1:,} lines "
                             f"(at most {MAX_NOTE_LINES})")
    values = {name: PARSERS[name](getattr(request, name))
              for name in ("weeks", "date", "side", "prefer", "flags", "checked")}
    for name in ("age", "pregnancy_weeks", "review"):
        if getattr(request, name) is not None:
            values[name] = PARSERS[name](getattr(request, name))
    for flag in values["flags"]:
        _known("flags", flag, list(catalogue.flags), "flag")
    if request.pregnancy_weeks is not None and "pregnancy" not in values["flags"]:
        values["flags"] = (*values["flags"], "pregnancy")
    ages = {f.id for f in catalogue.flags.values()
            if f.from_age is not None and request.age is not None and request.age >= f.from_age}
    for flag in values["checked"]:
        _known("checked", flag, list(catalogue.flags), "flag")
        if flag not in values["flags"] and flag not in ages:
            raise _fail("checked", f"{shown(flag)} is not one of this patient's flags "
                                   "(give it with --flag too)")
    _known("lang", request.lang, available(catalogue.root), "language")
    if request.region is not None:
        _known("region", request.region, list(catalogue.regions), "region")
    if request.clinic is not None and request.clinic.region is not None \
            and request.clinic.region not in catalogue.regions:
        raise RequestError(f"unknown region {shown(request.clinic.region)} (choose from: "
                           f"{', '.join(catalogue.regions)})", file=request.clinic.file,
                           field="region")
    review = values.get("review")
    if review is not None and not values["date"] <= review <= \
            values["date"] + dt.timedelta(days=REVIEW_DAYS):
        raise _fail("review", f"must be on or after the handout's date, and within "
                              f"{REVIEW_DAYS} days of it")
    return replace(request, **values)
