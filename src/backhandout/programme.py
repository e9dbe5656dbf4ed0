"""A patient's programme file: exactly what was given to one patient, to print it again.

`programme_text` writes the resolved request (profile, the exercises in the
order printed with their exact doses, side, flags, weeks, stages, review date,
language, layout, catalogue version and date) as YAML with comments, for a
clinician to read and edit by hand. `read_programme` reads one back as hostile
input, strictly (unknown keys, wrong types, out-of-range values are one line
naming the file, the line and the key), and every value goes through the
request's own rules (request.py), so a programme, an option and a roster cell
share one wording. A programme made with an older catalogue still builds: what
changed since (an exercise's text edited, an exercise removed) is said in
`Programme.notes`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from . import inputs
from . import schema as s
from .errors import BackhandoutError, RequestError
from .model import WAYS, Catalogue, Dose, Exercise, Plan, Request
from .request import DOSE_KEYS, check_request, dose_field, parse

FORMAT = 1
_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
LAST_DOSE_KEYS = {name: key for key, name in DOSE_KEYS.items()}


@dataclass(frozen=True)
class Programme:
    """A programme as read: the request it holds, its layout, and what changed since."""

    request: Request
    layout: str  # a layout name, or a layout file's path
    notes: tuple[str, ...] = ()  # what changed in the catalogue since it was saved
    catalogue_version: str = ""
    file: str = ""


# --- writing ------------------------------------------------------------------------------


def text_check(exercise: Exercise) -> str:
    """A short fingerprint of an exercise's patient texts: it changes when they do."""
    texts = [exercise.name, exercise.purpose, *exercise.steps, *exercise.cautions,
             *(v.text for v in (exercise.easier, exercise.harder) if v)]
    return hashlib.sha256(json.dumps(texts).encode()).hexdigest()[:10]


def _scalar(value: Any) -> str:
    """A value as YAML writes it in flow style (quoted where it must be)."""
    if value is None:
        return "null"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=10**9,
                          sort_keys=False)
    return text.strip()[1:-1]


def dose_mapping(dose: Dose) -> dict[str, Any]:
    """A dose as a programme writes it, with --dose's names: {reps: 10, hold: 20s, ...}."""
    out: dict[str, Any] = {}
    for name, key in LAST_DOSE_KEYS.items():
        value = getattr(dose, name)
        if value is None or (name == "sets" and value == 1):
            continue
        out[key] = f"{value}s" if name == "hold_seconds" else value
    return out


def _line(key: str, value: Any, comment: str = "", indent: str = "") -> str:
    text = f"{indent}{key}: {value}"
    return f"{text:<34} # {comment}" if comment else text


def _relative(path: str, base: Path) -> str:
    """A file path as seen from the programme's folder (where it is read from)."""
    return os.path.relpath(os.path.abspath(path), os.path.abspath(base))


def programme_text(plan: Plan, request: Request, layout: str, catalogue: Catalogue,
                   where: Path) -> str:
    """The programme file for a plan (where: the file's path, for relative paths in it)."""
    base = where.parent
    layout_value = _relative(layout, base) if layout.endswith((".yaml", ".yml")) else layout
    clinic = _relative(request.clinic.file, base) if request.clinic else None
    stages = "; ".join(
        f"weeks {st.first_week} to {st.last_week}: exercises 1 to {len(st.exercises)}"
        if st.first_week != st.last_week else
        f"week {st.first_week}: exercises 1 to {len(st.exercises)}" for st in plan.stages)
    gentle = next((st.last_week - st.first_week + 1 for st in plan.stages[:1]
                   if len(plan.stages) > 1), 0)
    lines = [
        "# backhandout programme: what was given to one patient.",
        "# Print the same handout again: backhandout build --programme THIS-FILE",
        "# You may edit it by hand (exercises, doses, weeks, dates, notes); lines starting",
        "# with # are notes for you. Dose names as for --dose: reps, sets, hold, breaths,",
        "# minutes, per-day, away.",
        _line("programme", FORMAT, "the format of this file"),
        _line("catalogue_version", _scalar(catalogue.version), "the catalogue it was made from"),
        _line("date", _scalar(request.date), "the date printed on the handout"),
        _line("profile", _scalar(request.profile), "backhandout profiles"),
        _line("patient", _scalar(request.patient)),
        _line("lang", _scalar(request.lang)),
        _line("layout", _scalar(layout_value), "a layout name, or a layout file"),
        _line("side", _scalar(request.side), "left, right or null"),
        _line("flags", _scalar(list(request.flags)), "backhandout flags"),
        _line("age", _scalar(request.age)),
        _line("pregnancy_weeks", _scalar(request.pregnancy_weeks)),
        _line("checked", _scalar(list(request.checked)), "flags you have cleared the plan for"),
        _line("prefer", _scalar(request.prefer), "extension, flexion or null"),
        _line("region", _scalar(request.region), "for the emergency numbers, or null"),
        _line("clinic", _scalar(clinic), "a clinic file, from this file's folder"),
        _line("clinician", _scalar(request.clinician)),
        _line("notes", _scalar(request.notes), "a note to the patient, printed as written"),
        _line("review", _scalar(request.review), "the next check, or null"),
        _line("weeks", request.weeks, "diary weeks (1 to 12)"),
        _line("first_week", request.first_week, "the diary's first week number"),
        _line("gentle_weeks", gentle if request.gentle_weeks is None else request.gentle_weeks,
              "gentle weeks before the strength moves (0: from the start)"),
        f"# Stages: {stages}.",
        _line("max_exercises", request.max_exercises),
        _line("allow_outside_range", _scalar(request.allow_outside_range),
              "true: doses outside the catalogue's range"),
        "exercises:                         # in the order printed",
    ]
    ways = dict(request.ways)
    for number, planned in enumerate(plan.exercises, start=1):
        exercise = catalogue.exercises[planned.id]
        start = f", from week {planned.start_week}" if planned.start_week > plan.first_week else ""
        lines.append(_line("  - id", planned.id, f"{number}. {exercise.name}{start}"))
        dose = dose_mapping(planned.dose)
        lines.append(_line("    dose", _scalar(dose) if dose else "{}", planned.dose_line))
        if planned.id in ways:
            lines.append(_line("    way", ways[planned.id], "the card says it: For now: ..."))
        lines.append(_line("    text_check", _scalar(text_check(exercise)),
                           "changes when the catalogue's text for it does"))
    return "\n".join(lines) + "\n"


# --- reading ------------------------------------------------------------------------------


def load_node(path: Path, shown: str) -> yaml.Node:
    """The file's YAML, read strictly within limits (a regular file of at most 64 kB, no
    aliases, little nesting: the project's bounded reader)."""
    return s.load_node(path, shown, inputs.PROGRAMME)


MAX_LIST = 20  # items in a list value (flags, checked)


def _any(node: yaml.Node, ctx: s.Ctx) -> Any:
    """A scalar or a short flat list of scalars, as written (the request's rules read it);
    nothing nested, so an alias cannot make it grow."""
    if isinstance(node, yaml.SequenceNode):
        if len(node.value) > MAX_LIST or not all(isinstance(i, yaml.ScalarNode)
                                                  for i in node.value):
            raise ctx.fail(node, f"expected a list of at most {MAX_LIST} names")
        return tuple(s.scalar(item) for item in node.value)
    if isinstance(node, yaml.MappingNode):
        raise ctx.fail(node, "expected a value or a list, got a mapping")
    return s.scalar(node)


_DOSE = s.mapping({key: s.optional(_any) for key in DOSE_KEYS})
_EXERCISE = s.mapping({"id": s.text, "dose": s.optional(_DOSE, {}),
                       "way": s.optional(s.choice(*WAYS)), "text_check": s.optional(s.text)})
_KEYS = ("date", "profile", "patient", "lang", "layout", "side", "flags", "age",
         "pregnancy_weeks", "checked", "prefer", "region", "clinic", "clinician", "notes",
         "review", "weeks", "first_week", "gentle_weeks", "max_exercises", "allow_outside_range")
_PROGRAMME = s.mapping({
    "programme": s.whole(FORMAT, FORMAT),
    "catalogue_version": s.text,
    **{key: s.optional(_any) for key in _KEYS},
    "exercises": s.listof(_EXERCISE, 1, 10),
})
_TEXTS = ("profile", "patient", "clinician", "notes", "region", "lang", "layout", "clinic")
_REQUEST_FIELDS = {f.name for f in fields(Request)}


def _fail(ctx: s.Ctx, node: yaml.Node, key: str, exc: BackhandoutError) -> BackhandoutError:
    return ctx.key(key).fail(s.child(node, key), exc.message)


def read_programme(path: Path, catalogue: Catalogue) -> Programme:
    """Read and check a programme file; BackhandoutError names the file, line and key."""
    from .clinic import load_clinic

    shown = s.shown_path(path)
    node = load_node(path, shown)
    ctx = s.Ctx(shown)
    raw = _PROGRAMME(node, ctx)
    values: dict[str, Any] = {}
    for key in _KEYS:
        value = raw[key]
        if value is None or key in ("layout", "clinic"):
            continue
        if key in _TEXTS:
            if not isinstance(value, str) or not value.strip():
                raise ctx.key(key).fail(s.child(node, key), "expected text or null")
            values[key] = value.strip()
        elif isinstance(value, tuple) and not all(isinstance(v, str) for v in value):
            raise ctx.key(key).fail(s.child(node, key), "expected a list of names")
        else:
            try:
                values[key] = parse(key, value)
            except RequestError as exc:
                raise _fail(ctx, node, key, exc) from None
    if "date" not in values:
        raise ctx.key("date").fail(node, "missing field")
    if "profile" not in values:
        raise ctx.key("profile").fail(node, "missing field")
    if raw["clinic"] is not None:
        clinic_path = path.parent / str(raw["clinic"])
        try:
            values["clinic"] = load_clinic(clinic_path)
        except BackhandoutError as exc:
            raise ctx.key("clinic").fail(s.child(node, "clinic"), f"{exc}") from None
    notes, only, doses, ways = [], [], [], []
    items = s.child(node, "exercises").value
    version = raw["catalogue_version"]
    for i, (item, item_node) in enumerate(zip(raw["exercises"], items)):
        where = ctx.key(f"exercises[{i}]")
        ident = item["id"]
        if not _ID.fullmatch(ident):
            raise where.key("id").fail(s.child(item_node, "id"),
                                       f"expected a lower-case id like 'knee-rolls', got {ident!r}")
        exercise = catalogue.exercises.get(ident)
        if exercise is None:
            notes.append(f"{ident} is no longer in the catalogue (this programme was made with "
                         f"catalogue {version}): the handout is made without it")
            continue
        if item["text_check"] is not None and item["text_check"] != text_check(exercise):
            notes.append(f"{ident}: its text in the catalogue has changed since this programme "
                         f"was made (catalogue {version}); the handout prints the new text")
        only.append(ident)
        doses.append((ident, _exact_dose(item["dose"], where, item_node, ident)))
        if item["way"]:
            ways.append((ident, item["way"]))
    if not only:
        raise ctx.key("exercises").fail(s.child(node, "exercises"),
                                        "none of its exercises is in the catalogue any more")
    if version != catalogue.version:
        notes.insert(0, f"made with catalogue {version}; this catalogue is "
                        f"{catalogue.version or 'without a version'}")
    request = Request(**{k: v for k, v in values.items() if k in _REQUEST_FIELDS},
                      only=tuple(only), doses=tuple(doses), ways=tuple(ways))
    try:
        request = check_request(request, catalogue)
    except RequestError as exc:
        key = {"only": "exercises", "dose": "exercises", "way": "exercises"}.get(
            exc.field or "", exc.field or "")
        raise BackhandoutError(exc.message, file=shown, field=key or None) from None
    layout = _layout(raw["layout"], path, ctx, node)
    return Programme(request=request, layout=layout, notes=tuple(notes),
                     catalogue_version=version, file=shown)


def _layout(value: Any, path: Path, ctx: s.Ctx, node: yaml.Node) -> str:
    """The programme's layout: a name, or a layout file from the programme's folder."""
    from .layouts import DEFAULT, available, load_layout

    if value is None:
        return DEFAULT
    if not isinstance(value, str) or not value.strip():
        raise ctx.key("layout").fail(s.child(node, "layout"), "expected a layout name or file")
    layout = value.strip()
    if layout.endswith((".yaml", ".yml")):
        layout = str(path.parent / layout) if not Path(layout).is_absolute() else layout
    elif layout not in available():
        raise ctx.key("layout").fail(s.child(node, "layout"),
                                     f"unknown layout {layout!r} (choose from: "
                                     f"{', '.join(available())}, or a .yaml file)")
    try:
        load_layout(layout)
    except BackhandoutError as exc:
        raise ctx.key("layout").fail(s.child(node, "layout"), str(exc)) from None
    return layout


def _exact_dose(raw: dict[str, Any], ctx: s.Ctx, node: yaml.Node,
                ident: str) -> tuple[tuple[str, int | None], ...]:
    """A programme's dose, exactly: every field it gives, and the others unset."""
    given: dict[str, int] = {}
    for key, value in raw.items():
        if value is None:
            continue
        try:
            name, number = dose_field(key, str(value), ident)
        except RequestError as exc:
            raise ctx.key(f"dose.{key}").fail(s.child(s.child(node, "dose"), key),
                                              exc.message) from None
        given[name] = number
    return tuple((name, given.get(name)) for name in LAST_DOSE_KEYS)

