"""Read a catalogue folder into validated, frozen model objects."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from . import schema as s
from .errors import CatalogueError
from .figures.spec import figure as read_figure
from .model import (
    CATEGORIES,
    DIRECTIONS,
    ENV_VAR,
    EQUIPMENT,
    POSITIONS,
    Catalogue,
    Dose,
    Exercise,
    Flag,
    PainGuide,
    Pick,
    Profile,
    Screening,
    Tip,
    Warnings,
)
from .resources import data_dir

SIDE_MARKERS = ("{away}", "{pain}")
_MARKER = re.compile(r"\{[^{}]*\}")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _patient_text(node: yaml.Node, ctx: s.Ctx) -> str:
    """Patient-facing text: non-empty, with only the known side markers."""
    value = s.text(node, ctx)
    for marker in _MARKER.findall(value):
        if marker not in SIDE_MARKERS:
            raise ctx.fail(node, f"unknown marker {marker} (use {{away}} or {{pain}})")
    if "{" in _MARKER.sub("", value) or "}" in _MARKER.sub("", value):
        raise ctx.fail(node, "unmatched { or } (side markers are {away} and {pain})")
    return value


def _ident(node: yaml.Node, ctx: s.Ctx) -> str:
    value = s.text(node, ctx)
    if not _ID.match(value):
        raise ctx.fail(node, "expected a lower-case id like 'knee-to-chest', got "
                             f"{s.describe(node)}")
    return value


_DOSE_FIELDS: dict[str, s.Spec] = {
    "reps": s.whole(1, 100),
    "sets": s.whole(1, 10),
    "hold_seconds": s.whole(1, 600),
    "breaths": s.whole(1, 60),
    "minutes": s.whole(1, 120),
    "times_per_day": s.whole(1, 10),
}


def _pair(node: yaml.Node, ctx: s.Ctx) -> tuple[int, int]:
    low, high = s.listof(s.whole(0, 600), 2, 2)(node, ctx)
    if low > high:
        raise ctx.fail(node, f"the low end {low} is above the high end {high}")
    return low, high


_DOSE = s.mapping(
    {name: s.optional(spec) for name, spec in _DOSE_FIELDS.items()}
    | {"range": s.optional(s.mapping({n: s.optional(_pair) for n in _DOSE_FIELDS}), {})}
)

LEAVE_OUT, CAUTION = "leave-out", "caution"
_RULE_WORDS = s.choice(LEAVE_OUT, CAUTION)
_OWN_CAUTION = s.mapping({"caution": _patient_text})


def _screening(node: yaml.Node, ctx: s.Ctx) -> tuple[tuple[Screening, yaml.Node], ...]:
    """flag: leave-out | caution | {caution: text}; flag names are checked later."""
    if not isinstance(node, yaml.MappingNode):
        raise ctx.fail(node, "expected a mapping of flag: leave-out, caution or {caution: text}")
    rules: dict[str, tuple[Screening, yaml.Node]] = {}
    for key_node, value_node in node.value:
        flag = _ident(key_node, ctx)
        where = ctx.key(flag)
        if flag in rules:
            raise where.fail(key_node, "this flag appears twice")
        if isinstance(value_node, yaml.MappingNode):
            rule = Screening(flag=flag, caution=_OWN_CAUTION(value_node, where)["caution"])
        else:
            rule = Screening(flag=flag, leave_out=_RULE_WORDS(value_node, where) == LEAVE_OUT)
        rules[flag] = (rule, key_node)
    return tuple(rules.values())


_EXERCISE = s.mapping(
    {
        "id": _ident,
        "name": s.text,
        "category": s.choice(*CATEGORIES),
        "direction": s.listof(s.choice(*DIRECTIONS), 1, len(DIRECTIONS), unique=True),
        "position": s.choice(*POSITIONS),
        "equipment": s.listof(s.choice(*EQUIPMENT), 0, len(EQUIPMENT), unique=True),
        "level": s.whole(1, 3),
        "per_side": s.flag,
        "screening": s.optional(_screening, ()),
        "clinician_only": s.optional(s.flag, False),
        "purpose": _patient_text,
        "steps": s.listof(_patient_text, 3, 7),
        "dose": _DOSE,
        "cautions": s.optional(s.listof(_patient_text, 0, 6), ()),
        "ask_first": s.optional(s.mapping({"text": _patient_text,
                                           "flags": s.listof(s.text, 1, 8, unique=True)})),
        "sources": s.listof(s.choice(*"ABCDEGHNPS"), 1, 7, unique=True),
        "figure": s.optional(lambda node, ctx: node),  # checked in load_exercise
    }
)

_PICK_DOSE = s.mapping({name: s.optional(spec) for name, spec in _DOSE_FIELDS.items()})


def _pick(node: yaml.Node, ctx: s.Ctx) -> tuple[Pick, yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        raw = s.mapping({"id": _ident, "dose": _PICK_DOSE})(node, ctx)
        dose = {k: v for k, v in raw["dose"].items() if v is not None}
        return Pick(id=raw["id"], dose=dose), node
    return Pick(id=_ident(node, ctx)), node


_TIP = s.mapping({"title": s.text, "lines": s.listof(_patient_text, 1, 8)})

_PROFILE = s.mapping(
    {
        "id": _ident,
        "name": s.text,
        "title": s.text,
        "explanation": s.listof(_patient_text, 1, 6),
        "emphasis": s.listof(s.choice(*DIRECTIONS), 1, len(DIRECTIONS), unique=True),
        "avoid": s.listof(s.choice(*DIRECTIONS), 0, len(DIRECTIONS), unique=True),
        "allow_strength": s.flag,
        "picks": s.listof(_pick, 1, 30),
        "tips": s.optional(s.listof(_TIP, 0, 8), ()),
        "warnings": s.optional(s.listof(_patient_text, 0, 10), ()),
    }
)

_WARNINGS = s.mapping(
    {
        "disclaimer": s.text,
        "how_to_use": s.listof(_patient_text, 1, 10),
        "general_rules": s.listof(s.text, 1, 20),
        "avoid_while_painful": s.listof(s.text, 0, 20),
        "see_doctor": s.listof(s.text, 1, 20),
        "emergency": s.listof(s.text, 1, 20),
        "pain_guide": s.mapping({"green": s.text, "amber": s.text, "red": s.text}),
    }
)


def _check_dose(dose: Dose, ranges: dict[str, tuple[int, int]], ctx: s.Ctx, node: yaml.Node) -> None:
    for name, (low, high) in ranges.items():
        value = getattr(dose, name)
        if value is not None and not low <= value <= high:
            where = s.child(node, name)
            raise ctx.key(name).fail(where, f"{value} is outside the range {low} to {high} in dose.range")


def _make_dose(raw: dict[str, Any]) -> Dose:
    ranges = raw.get("range") or {}
    values = {k: v for k, v in raw.items() if k != "range" and v is not None}
    return Dose(
        **values,
        range=tuple((k, lo, hi) for k, (lo, hi) in sorted((k, v) for k, v in ranges.items() if v)),
    )


def _ranges(dose: Dose) -> dict[str, tuple[int, int]]:
    return {name: (low, high) for name, low, high in dose.range}


def _unknown_flag(ctx: s.Ctx, node: yaml.Node, flags: dict[str, Flag]) -> CatalogueError:
    """The error for a flag name that flags.yaml does not define."""
    known = ", ".join(flags) or "none: add flags.yaml"
    return ctx.fail(node, f"unknown flag (known flags: {known})")


def _check_screening(
    rules: tuple[tuple[Screening, yaml.Node], ...], flags: dict[str, Flag], ctx: s.Ctx
) -> tuple[Screening, ...]:
    """Each rule names a known flag; a bare `caution` takes the flag's own caution."""
    checked = []
    for rule, key_node in rules:
        flag = flags.get(rule.flag)
        if flag is None:
            raise _unknown_flag(ctx.key(rule.flag), key_node, flags)
        if not rule.leave_out and rule.caution is None:
            rule = Screening(flag=rule.flag, caution=flag.caution)
        checked.append(rule)
    return tuple(checked)


def load_exercise(path: Path, shown: str, flags: dict[str, Flag] | None = None) -> Exercise:
    """Read and check one exercise file (its screening against the known flags)."""
    node = s.load_node(path, shown)
    raw = _EXERCISE(node, s.Ctx(shown))
    dose = _make_dose(raw.pop("dose"))
    _check_dose(dose, _ranges(dose), s.Ctx(shown, "dose"), s.child(node, "dose"))
    figure_node = raw.pop("figure")
    figure = None
    if figure_node is not None:
        figure = read_figure(figure_node, s.Ctx(shown, "figure"), len(raw["steps"]))
    screening = _check_screening(raw.pop("screening"), flags or {}, s.Ctx(shown, "screening"))
    ask = raw.pop("ask_first")
    if ask is not None:
        names_node = s.child(s.child(node, "ask_first"), "flags")
        for i, name in enumerate(ask["flags"]):
            if name not in (flags or {}):
                raise _unknown_flag(s.Ctx(shown, f"ask_first.flags[{i}]"), names_node.value[i],
                                    flags or {})
    return Exercise(**raw, dose=dose, figure=figure, screening=screening, file=shown,
                    ask_first=ask["text"] if ask else None,
                    ask_first_flags=tuple(ask["flags"]) if ask else ())


def load_profile(path: Path, shown: str, exercises: dict[str, Exercise]) -> Profile:
    """Read and check one profile file against the known exercises."""
    node = s.load_node(path, shown)
    ctx = s.Ctx(shown)
    raw = _PROFILE(node, ctx)
    picks = []
    for i, (pick, pick_node) in enumerate(raw.pop("picks")):
        where = ctx.key("picks").index(i)
        exercise = exercises.get(pick.id)
        if exercise is None:
            raise where.fail(pick_node, f"unknown exercise '{pick.id}'")
        if pick.id in (p.id for p in picks):
            raise where.fail(pick_node, f"'{pick.id}' is picked twice")
        ranges = _ranges(exercise.dose)
        _check_dose(Dose(**pick.dose), ranges, where.key("dose"), s.child(pick_node, "dose"))
        picks.append(pick)
    tips = tuple(Tip(title=t["title"], lines=t["lines"]) for t in raw.pop("tips"))
    return Profile(**raw, picks=tuple(picks), tips=tips, file=shown)


_FLAG = s.mapping(
    {
        "id": _ident,
        "label": _patient_text,
        "explanation": _patient_text,
        "ask_first": _patient_text,
        "caution": _patient_text,
        "from_age": s.optional(s.whole(1, 120)),
    }
)


def load_flags(path: Path, shown: str) -> dict[str, Flag]:
    """Read and check the screening flags file."""
    node = s.load_node(path, shown)
    items = s.mapping({"flags": s.listof(_FLAG, 1, 50)})(node, s.Ctx(shown))["flags"]
    flags: dict[str, Flag] = {}
    for i, raw in enumerate(items):
        if raw["id"] in flags:
            item = s.child(node, "flags").value[i]
            raise s.Ctx(shown, f"flags[{i}].id").fail(s.child(item, "id"), f"duplicate flag '{raw['id']}'")
        flags[raw["id"]] = Flag(**raw)
    return flags


def load_warnings(path: Path, shown: str) -> Warnings:
    """Read and check the warnings file."""
    raw = _WARNINGS(s.load_node(path, shown), s.Ctx(shown))
    return Warnings(**(raw | {"pain_guide": PainGuide(**raw["pain_guide"])}))


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise CatalogueError("folder not found", file=s.shown_path(folder))
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))


def _load_all(folder: Path, kind: str, load: Any) -> dict[str, Any]:
    items: dict[str, Any] = {}
    for path in _yaml_files(folder):
        item = load(path, s.shown_path(path))
        if item.id in items:
            other = items[item.id].file
            raise CatalogueError(f"duplicate id '{item.id}' (also in {other})", file=item.file, field="id")
        items[item.id] = item
    if not items:
        raise CatalogueError(f"no {kind} files (*.yaml) found", file=s.shown_path(folder))
    return items


def _required(path: Path) -> tuple[Path, str]:
    """A file the catalogue must have, with the name to show for it."""
    if not path.is_file():
        raise CatalogueError("file not found", file=s.shown_path(path))
    return path, s.shown_path(path)


def default_root() -> Path:
    """The catalogue folder: $BACKHANDOUT_CATALOGUE, else the one shipped with the tool."""
    return data_dir("catalogue", ENV_VAR)


@lru_cache(maxsize=8)
def load_catalogue(root: Path | None = None) -> Catalogue:
    """Load and check a whole catalogue folder (cached per folder)."""
    root = Path(root) if root is not None else default_root()
    if not root.is_dir():
        raise CatalogueError("catalogue folder not found", file=s.shown_path(root))
    flags = load_flags(*_required(root / "flags.yaml"))
    exercises = _load_all(
        root / "exercises", "exercise", lambda p, shown: load_exercise(p, shown, flags)
    )
    profiles = _load_all(
        root / "profiles", "profile", lambda p, shown: load_profile(p, shown, exercises)
    )
    warnings = load_warnings(*_required(root / "warnings.yaml"))
    return Catalogue(
        root=str(root), exercises=exercises, profiles=profiles, warnings=warnings, flags=flags
    )
