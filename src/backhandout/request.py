"""The rules for a Request, in one place: the command line, the roster and the API all
check a request here, so each rule has one wording.

`parse(field, text)` reads one value as a person types it (an option or a roster
cell); `check_request(request, catalogue)` checks a whole request, values and
how they fit together, and returns it tidied (flags once each, pregnancy on with
pregnancy weeks). Both raise RequestError naming the field.

The clinician's choice of exercises has its rules here too: --add, --drop and
--only name exercises by id (an unknown id lists close matches; one a flag
leaves out is refused, saying which flag), --dose sets dose fields within the
catalogue's range (`outside_range`), --max-exercises bounds the automatic pick.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from .constants import SIDES
from .errors import RequestError
from .model import DOSE_LIMITS, PREFER, WAYS, Catalogue, Dose, Exercise, Request

MAX_PATIENT = 200  # characters: a longer name does not fit on the cover
MAX_CLINICIAN = 100  # characters, on one line of the first page
MAX_NOTES = 5000  # characters of the clinician's note (it flows on across pages)
MAX_NOTE_LINES = 100
WEEKS = (1, 12)
AGE = (1, 120)
PREGNANCY_WEEKS = (1, 42)
REVIEW_DAYS = 366  # a review date at most this far after the handout's date
MAX_EXERCISES = (3, 10)  # --max-exercises
ONLY = (1, 10)  # exercises --only may name
LAST_WEEK = 52  # the highest week number a diary prints (tracking_meta reads up to it)
GENTLE_WEEKS = (0, 12)
#: --dose keys (as typed) -> Dose fields; units a value may carry.
DOSE_KEYS = {"reps": "reps", "sets": "sets", "hold": "hold_seconds", "breaths": "breaths",
             "minutes": "minutes", "per-day": "times_per_day", "away": "reps_away"}
DOSE_UNITS = {"hold_seconds": ("s", "sec"), "minutes": ("m", "min")}
_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_DOSE_VALUE = re.compile(r"([0-9]{1,4}) ?([a-z]*)")
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


def _ids(field: str) -> Callable[[Any], tuple[str, ...]]:
    """Exercise ids: a tuple, or text separated by ',', ';' or spaces; each once."""
    def check(value: Any) -> tuple[str, ...]:
        items = [value] if isinstance(value, str) else value
        ids = [i.lower() for item in items for i in re.split(r"[;,\s]+", item) if i]
        for ident in ids:
            if not _ID.fullmatch(ident):
                raise _fail(field, "expected exercise ids like knee-rolls", ident)
        if len(set(ids)) != len(ids):
            twice = next(i for i in ids if ids.count(i) > 1)
            raise _fail(field, f"{shown(twice)} is given twice")
        return tuple(ids)
    return check


def _yes_no(field: str) -> Callable[[Any], bool]:
    def check(value: Any) -> bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("", "no", "false", "0"):
            return False
        if text in ("yes", "true", "1"):
            return True
        raise _fail(field, "must be yes or no", value)
    return check


def dose_field(key: str, text: str, exercise: str = "") -> tuple[str, int]:
    """One 'key:value' of a --dose ('hold:20s') as a Dose field and its value."""
    name = DOSE_KEYS.get(key.strip().lower())
    where = f"{exercise}: " if exercise else ""
    if name is None:
        raise _fail("dose", f"{where}unknown dose {shown(key.strip())} "
                            f"(choose from: {', '.join(DOSE_KEYS)})")
    match = _DOSE_VALUE.fullmatch(text.strip().lower())
    if not match or (match.group(2) and match.group(2) not in DOSE_UNITS.get(name, ())):
        unit = DOSE_UNITS.get(name, ("",))[0]
        raise _fail("dose", f"{where}{key.strip()} must be a whole number, like "
                            f"{key.strip()}:{10 if name != 'hold_seconds' else 20}{unit}", text)
    value = int(match.group(1))
    low, high = DOSE_LIMITS.get(name, DOSE_LIMITS["reps"])
    if not low <= value <= high:
        raise _fail("dose", f"{where}{key.strip()} must be from {low} to {high}", text)
    return name, value


def _one_dose(text: str) -> tuple[str, tuple[tuple[str, int], ...]]:
    """'knee-rolls=reps:12,per-day:2' -> ('knee-rolls', (('reps', 12), ('times_per_day', 2)))."""
    ident, sep, rest = text.partition("=")
    ident = ident.strip().lower()
    if not sep or not _ID.fullmatch(ident) or not rest.strip():
        raise _fail("dose", "expected ID=FIELD:VALUE,..., like knee-rolls=reps:12,per-day:2",
                    text)
    fields: dict[str, int] = {}
    for part in rest.split(","):
        key, colon, value = part.partition(":")
        if not colon:
            raise _fail("dose", f"{ident}: expected FIELD:VALUE, like reps:12", part.strip())
        name, number = dose_field(key, value, ident)
        if name in fields:
            raise _fail("dose", f"{ident}: {key.strip()} is given twice")
        fields[name] = number
    return ident, tuple(fields.items())


def _doses(value: Any) -> tuple[tuple[str, tuple[tuple[str, int], ...]], ...]:
    """Doses: ('ID=FIELD:VALUE,...', ...), text with ';' between them, or parsed pairs."""
    items = [v for v in value.split(";") if v.strip()] if isinstance(value, str) else value
    doses = [item if isinstance(item, tuple) else _one_dose(item) for item in items]
    ids = [ident for ident, _ in doses]
    for ident in ids:
        if ids.count(ident) > 1:
            raise _fail("dose", f"{shown(ident)} is given twice (give all its fields at once: "
                                "ID=reps:12,sets:2)")
    return tuple(doses)


def _ways(value: Any) -> tuple[tuple[str, str], ...]:
    """Ways: (('supine-twist', 'easier'), ...), or text 'supine-twist=easier; ...'."""
    items = [v for v in re.split(r"[;,]", value) if v.strip()] if isinstance(value, str) \
        else value
    ways = []
    for item in items:
        ident, way = (item.split("=", 1) + [""])[:2] if isinstance(item, str) else item
        ident, way = ident.strip().lower(), way.strip().lower()
        if not _ID.fullmatch(ident) or way not in WAYS:
            raise _fail("way", "expected ID=easier or ID=harder", item)
        ways.append((ident, way))
    return tuple(ways)


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
    "add": _ids("add"),
    "drop": _ids("drop"),
    "only": _ids("only"),
    "doses": _doses,
    "max_exercises": _whole_in("max_exercises", *MAX_EXERCISES),
    "allow_outside_range": _yes_no("allow_outside_range"),
    "ways": _ways,
    "gentle_weeks": _whole_in("gentle_weeks", *GENTLE_WEEKS),
    "first_week": _whole_in("first_week", 1, LAST_WEEK),
}


def parse(field: str, text: str) -> Any:
    """One request value read from text, or RequestError naming the field."""
    return PARSERS[field](text)


def _known(field: str, value: str, known: Any, what: str) -> None:
    if value not in known:
        raise _fail(field, f"unknown {what} {shown(value)} (choose from: {', '.join(known)})")


def _or_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def exercise_id(field: str, value: str, catalogue: Catalogue) -> Exercise:
    """The exercise an id names, or RequestError listing close matches."""
    if value in catalogue.exercises:
        return catalogue.exercises[value]
    close = difflib.get_close_matches(value, list(catalogue.exercises), n=3, cutoff=0.6)
    hint = f"did you mean {_or_list(close)}?" if close else "see: backhandout exercises"
    raise _fail(field, f"unknown exercise {shown(value)} ({hint})")


def _unit(name: str) -> str:
    return {"hold_seconds": " s", "minutes": " min"}.get(name, "")


def dose_words(name: str, value: int | None = None) -> str:
    """A dose field as --dose names it: 'hold', or with a value 'hold 45 s'."""
    key = next(k for k, v in DOSE_KEYS.items() if v == name)
    return key if value is None else f"{key} {value}{_unit(name)}"


def outside_range(exercise: Exercise, fields: tuple[tuple[str, int | None], ...],
                  own: Dose | None = None) -> list[str]:
    """Each dose field set outside the catalogue's range for the exercise, in words
    ('hold 45 s is outside the catalogue's range for knee-to-chest, 20 to 30 s'). A value
    the exercise's own dose has (own: as its profile gives it) is never outside."""
    ranges = {name: (low, high) for name, low, high in exercise.dose.range}
    said = []
    for name, value in fields:
        if value is None or (own is not None and getattr(own, name) == value):
            continue
        ranged = "reps" if name == "reps_away" else name  # times towards one side: as reps
        if ranged not in ranges:
            said.append(f"the catalogue gives no range for {dose_words(name)} of {exercise.id}")
            continue
        low, high = ranges[ranged]
        if not low <= value <= high:
            said.append(f"{dose_words(name, value)} is outside the catalogue's range for "
                        f"{exercise.id}, {low} to {high}{_unit(name)}")
    return said


def range_notes(request: Request, catalogue: Catalogue) -> list[str]:
    """What the doses of a checked request set outside the catalogue's ranges (each allowed
    by allow_outside_range), to print as notes for the clinician."""
    if not request.doses:
        return []
    from .planner import choose

    own = {exercise.id: dose for exercise, dose in choose(catalogue, request)}
    return [f"{note} (used: --allow-outside-range)" for ident, fields in request.doses
            for note in outside_range(catalogue.exercises[ident], fields, own.get(ident))]


def refusal(catalogue: Catalogue, request: Request, ids: tuple[str, ...],
            floor_taken: int = 0) -> str | None:
    """Why the request's flags forbid one of these exercises (None when they allow all):
    a flag that leaves it out, or a flag's limit on exercises done on the floor."""
    from .screening import on_floor, screen

    screening = screen(catalogue, request)
    for ident in ids:
        why = screening.why_removed(ident)
        if why:
            flags = " and ".join(f"--flag {f.id}" for f in why)
            return f"{ident} cannot be used: {flags} {'leave' if len(why) > 1 else 'leaves'} " \
                   "it out (see: backhandout flags)"
    floor = [i for i in ids if on_floor(catalogue.exercises[i])]
    limit = screening.floor_limit
    if limit is not None and floor_taken + len(floor) > limit:
        flag = next(f.id for f in screening.flags if f.floor_limit == limit)
        can = "cannot be used" if len(floor) == 1 else "cannot all be used"
        return (f"{', '.join(floor)} {can}: {flag} allows at most {limit} "
                f"exercises on the floor (see: backhandout flags)")
    return None


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
    values |= {name: PARSERS[name](getattr(request, name))
               for name in ("max_exercises", "allow_outside_range", "first_week")}
    if request.gentle_weeks is not None:
        values["gentle_weeks"] = PARSERS["gentle_weeks"](request.gentle_weeks)
    if values["first_week"] + values["weeks"] - 1 > LAST_WEEK:
        raise _fail("first_week", f"week {values['first_week']} and {values['weeks']} weeks "
                                  f"go past week {LAST_WEEK}")
    return _check_choice(replace(request, **values), catalogue)


def _check_choice(request: Request, catalogue: Catalogue) -> Request:
    """The clinician's choice of exercises and doses against the catalogue and the flags."""
    values: dict[str, Any] = {name: PARSERS[name](getattr(request, name))
                              for name in ("add", "drop", "only", "doses", "ways")}
    for name in ("add", "drop", "only"):
        for ident in values[name]:
            exercise_id(name, ident, catalogue)
    only, add, drop = values["only"], values["add"], values["drop"]
    if only and (add or drop):
        raise _fail("only", "give --only, or --add and --drop, not both")
    if only and not ONLY[0] <= len(only) <= ONLY[1]:
        raise _fail("only", f"names {len(only)} exercises (give {ONLY[0]} to {ONLY[1]})")
    if both := [i for i in add if i in drop]:
        raise _fail("add", f"{shown(both[0])} is given with --add and --drop")
    request = replace(request, **values)
    for name, ids in (("only", only), ("add", add)):
        why = refusal(catalogue, request, ids)
        if why:
            raise _fail(name, why)
    if not values["doses"] and not values["ways"]:
        return request
    from .planner import choose  # the exercises this request gets, to check doses against

    picked = choose(catalogue, request)
    chosen = {exercise.id: exercise for exercise, _ in picked}
    own = {exercise.id: dose for exercise, dose in picked}
    for ident, fields in values["doses"]:
        exercise = _in_plan("dose", ident, chosen, catalogue)
        if dict(fields).get("reps_away") and not exercise.per_side:
            raise _fail("dose", f"{ident}: away is for exercises done on each side")
        outside = outside_range(exercise, fields, own[ident])
        if outside and not request.allow_outside_range:
            raise _fail("dose", f"{outside[0]} (give --allow-outside-range to use it anyway)")
    for ident, way in values["ways"]:
        variant = _in_plan("way", ident, chosen, catalogue).version(way)
        if variant is None:
            raise _fail("way", f"{ident} has no {way} version in the catalogue")
        if variant.exercise or variant.dose:
            instead = (f"put {variant.exercise} in the programme instead" if variant.exercise
                       else "set its dose instead")
            raise _fail("way", f"{ident}'s {way} version is "
                               f"{'another exercise' if variant.exercise else 'a dose'}: {instead}")
    return request


def _in_plan(field: str, ident: str, chosen: dict[str, Exercise],
             catalogue: Catalogue) -> Exercise:
    exercise_id(field, ident, catalogue)
    if ident not in chosen:
        raise _fail(field, f"{shown(ident)} is not in this plan (it has: {', '.join(chosen)})")
    return chosen[ident]
