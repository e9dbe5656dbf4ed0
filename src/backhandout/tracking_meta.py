"""What a filled diary says about its plan, read as untrusted input.

A sheet comes back from outside: anyone can edit its hidden `backhandout_plan`
field. `parse_plan` reads that JSON within limits (size, depth, types, ranges)
and names the first thing wrong, so a crafted value is one clear line, never a
traceback. When the field is empty (a viewer's "Reset form" before /DV was set),
missing or damaged, `plan_from_names` rebuilds what the reader needs from the
diary's field names, which carry the exercise ids, weeks and days
(tracking_fields.py). Pure: no pypdf here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from typing import Any

from .tracking_fields import DAYS, META_FIELD, META_VERSION

MAX_PLAN_CHARS = 20_000  # a real plan is under 2,000
MAX_DEPTH = 3  # {plan: [exercises: {exercise}]}
MAX_WEEKS = 52  # more weeks than any sheet has
MAX_EXERCISES = 40
MAX_TEXT = 300  # characters in a name or title
MAX_FIELDS = 20_000  # form fields looked at (a 12-week diary has about 1,100)
EXERCISE_ID = r"[a-z0-9][a-z0-9-]{0,63}"
_ID = re.compile(EXERCISE_ID)
_FIELD = re.compile(rf"w(\d{{1,2}})_(?:d([1-{DAYS}])_(?:ex_({EXERCISE_ID})|date|pain_during|"
                    rf"pain_morning)|notes)")


class PlanDataError(ValueError):
    """The plan field's value is unusable; the message says where and why."""


def _depth(text: str) -> int:
    """How deeply JSON text nests arrays and objects (strings skipped)."""
    deepest = level = 0
    in_string = escaped = False
    for ch in text:
        if escaped:
            escaped = False
        elif in_string:
            escaped, in_string = ch == "\\", ch != '"'
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            level += 1
            deepest = max(deepest, level)
        elif ch in "]}":
            level -= 1
    return deepest


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    return {str: "text", int: "a whole number", float: "a number", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)


def _text(value: Any, where: str, *, empty: bool = False, longest: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        raise PlanDataError(f"{where}: expected text, got {_kind(value)}")
    if not empty and not value.strip():
        raise PlanDataError(f"{where}: is empty")
    if len(value) > longest:
        raise PlanDataError(f"{where}: longer than {longest} characters")
    return value


def _whole(value: Any, where: str, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise PlanDataError(f"{where}: expected a whole number, got {_kind(value)}")
    if not low <= value <= high:
        raise PlanDataError(f"{where}: {value} is not from {low} to {high}")
    return value


def _keys(value: Any, where: str, required: set[str], optional: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise PlanDataError(f"{where}: expected an object, got {_kind(value)}")
    if missing := sorted(required - set(value)):
        raise PlanDataError(f"{where}: missing {', '.join(missing)}")
    if unknown := sorted(set(value) - required - optional):
        raise PlanDataError(f"{where}: unknown key {unknown[0]!r}"[:120])
    return value


def parse_plan(text: str) -> dict[str, Any]:
    """The plan field's JSON, checked; PlanDataError names the first problem."""
    if len(text) > MAX_PLAN_CHARS:
        raise PlanDataError(f"{META_FIELD}: longer than {MAX_PLAN_CHARS} characters")
    if _depth(text) > MAX_DEPTH:
        raise PlanDataError(f"{META_FIELD}: nested more than {MAX_DEPTH} levels deep")
    try:
        raw = json.loads(text, parse_constant=lambda name: _reject(name))
    except (ValueError, RecursionError):
        raise PlanDataError(f"{META_FIELD}: not valid JSON") from None
    plan = _keys(raw, META_FIELD, {"version", "profile", "weeks", "exercises"},
                 {"profile_name", "title", "patient", "date", "first_week"})
    if plan["version"] != META_VERSION or isinstance(plan["version"], bool):
        raise PlanDataError(f"{META_FIELD}.version: expected {META_VERSION}, "
                            f"got {_kind(plan['version'])}")
    first = _whole(plan.get("first_week", 1), f"{META_FIELD}.first_week", 1, MAX_WEEKS)
    weeks = _whole(plan["weeks"], f"{META_FIELD}.weeks", 1, MAX_WEEKS - first + 1)
    profile = _text(plan["profile"], f"{META_FIELD}.profile")
    date = _text(plan.get("date", ""), f"{META_FIELD}.date", empty=True)
    if date:
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            raise PlanDataError(f"{META_FIELD}.date: not a date like 2026-11-21") from None
    patient = plan.get("patient")
    if patient is not None:
        patient = _text(patient, f"{META_FIELD}.patient", empty=True)
    exercises = plan["exercises"]
    if not isinstance(exercises, list):
        raise PlanDataError(f"{META_FIELD}.exercises: expected a list, got {_kind(exercises)}")
    if not 1 <= len(exercises) <= MAX_EXERCISES:
        raise PlanDataError(f"{META_FIELD}.exercises: {len(exercises)} exercises "
                            f"(a sheet has 1 to {MAX_EXERCISES})")
    checked, seen = [], set()
    for i, item in enumerate(exercises):
        where = f"{META_FIELD}.exercises[{i}]"
        item = _keys(item, where, {"id", "name"}, {"start_week"})
        ident = _text(item["id"], f"{where}.id", longest=64)
        if not _ID.fullmatch(ident):
            raise PlanDataError(f"{where}.id: not an exercise id (a-z, 0-9 and -)")
        if ident in seen:
            raise PlanDataError(f"{where}.id: {ident} is listed twice")
        seen.add(ident)
        checked.append({"id": ident, "name": _text(item["name"], f"{where}.name"),
                        "start_week": _whole(item.get("start_week", first), f"{where}.start_week",
                                             first, first + weeks - 1)})
    return {"version": META_VERSION, "profile": profile,
            "profile_name": _text(plan.get("profile_name", profile), f"{META_FIELD}.profile_name"),
            "title": _text(plan.get("title", ""), f"{META_FIELD}.title", empty=True),
            "patient": patient, "date": date, "first_week": first, "weeks": weeks,
            "exercises": checked}


def _reject(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def diary_fields(names: Iterable[str]) -> list[re.Match]:
    """The diary's own fields among a form's field names (by their pattern), in form order."""
    found = []
    for name in names:
        match = _FIELD.fullmatch(name)
        if match and 1 <= int(match[1]) <= MAX_WEEKS:
            found.append(match)
    return found


def plan_from_names(names: Iterable[str]) -> dict[str, Any] | None:
    """What the reader needs, from the diary's field names: exercises (by id, in the order
    their tick boxes come, each from the first week it has one) and weeks. None if the
    form has no diary fields."""
    fields = diary_fields(names)
    if not fields:
        return None
    starts: dict[str, int] = {}
    for match in fields:
        if match[3]:
            week = int(match[1])
            starts[match[3]] = min(week, starts.get(match[3], week))
    first = min(int(m[1]) for m in fields)
    return {"version": META_VERSION, "profile": "", "profile_name": "",
            "title": "", "patient": None, "date": "", "first_week": first,
            "weeks": max(int(m[1]) for m in fields) - first + 1,
            "exercises": [{"id": ident, "name": ident.replace("-", " ").capitalize(),
                           "start_week": start} for ident, start in starts.items()]}
