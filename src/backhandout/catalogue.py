"""Read a catalogue folder into validated, frozen model objects."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import schema as s
from .errors import CatalogueError
from .figures.spec import figure as read_figure
from .lazy import lazy_import
from .links import url_problem
from .model import (
    CATEGORIES,
    DIRECTIONS,
    DOSE_LIMITS,
    ENV_VAR,
    EQUIPMENT,
    POSITIONS,
    Catalogue,
    Dose,
    Exercise,
    PLACES,
    Flag,
    Match,
    PainGuide,
    Pick,
    Profile,
    Region,
    Tip,
    Unscreened,
    Variant,
    Warnings,
)
from .resources import data_dir

yaml = lazy_import("yaml")  # parsed only when a file is read (cache.py)

SIDE_MARKERS = ("{away}", "{pain}")
_MARKER = re.compile(r"\{[^{}]*\}")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _marked_text(*markers: str) -> s.Spec:
    """Patient-facing text: non-empty, with only these {markers}."""
    names = " or ".join(markers)

    def check(node: yaml.Node, ctx: s.Ctx) -> str:
        value = s.text(node, ctx)
        for marker in _MARKER.findall(value):
            if marker not in markers:
                raise ctx.fail(node, f"unknown marker {marker} (use {names})")
        if "{" in _MARKER.sub("", value) or "}" in _MARKER.sub("", value):
            raise ctx.fail(node, f"unmatched {{ or }} (markers are {names})")
        return value

    return check


_patient_text = _marked_text(*SIDE_MARKERS)


def _alt(node: yaml.Node, ctx: s.Ctx) -> tuple[tuple[int, str], ...]:
    """A picture's alt text: the step each panel shows -> what the panel shows
    (`4: hips lifted so that ...`), in step order."""
    if not isinstance(node, yaml.MappingNode):
        raise ctx.fail(node, "expected a mapping of step numbers to texts "
                             "(4: hips lifted so that your shoulders, hips and knees line up)")
    found: list[tuple[int, str]] = []
    for key_node, value in node.value:
        step = s.whole(1, 7)(key_node, ctx)
        if step in dict(found):
            raise ctx.key(str(step)).fail(key_node, "this step appears twice")
        found.append((step, _patient_text(value, ctx.key(str(step)))))
    return tuple(sorted(found))
EXERCISES_MARKER = "{exercises}"


def _asking(node: yaml.Node, ctx: s.Ctx) -> str:
    """An ask-first text: {exercises} (at most once) stands for the names it is about."""
    value = _marked_text(EXERCISES_MARKER)(node, ctx)
    if value.count(EXERCISES_MARKER) > 1:
        raise ctx.fail(node, f"{EXERCISES_MARKER} may appear only once")
    return value


def _ident(node: yaml.Node, ctx: s.Ctx) -> str:
    value = s.text(node, ctx)
    if not _ID.match(value):
        raise ctx.fail(node, "expected a lower-case id like 'knee-to-chest', got "
                             f"{s.describe(node)}")
    return value


_DOSE_FIELDS: dict[str, s.Spec] = {name: s.whole(*limits) for name, limits in DOSE_LIMITS.items()}


def _pair(node: yaml.Node, ctx: s.Ctx) -> tuple[int, int]:
    low, high = s.listof(s.whole(0, 600), 2, 2)(node, ctx)
    if low > high:
        raise ctx.fail(node, f"the low end {low} is above the high end {high}")
    return low, high


_DOSE = s.mapping(
    {name: s.optional(spec) for name, spec in _DOSE_FIELDS.items()}
    | {"range": s.optional(s.mapping({n: s.optional(_pair) for n in _DOSE_FIELDS}), {})}
)

def _url(node: yaml.Node, ctx: s.Ctx) -> str:
    """A web link to print as a QR code (links.py says which)."""
    value = s.text(node, ctx)
    problem = url_problem(value)
    if problem:
        raise ctx.fail(node, problem)
    return value


_VARIANT_DOSE = s.mapping({name: s.optional(spec) for name, spec in _DOSE_FIELDS.items()})
_VARIANT = s.mapping({
    "text": _patient_text,
    "exercise": s.optional(_ident),
    "dose": s.optional(_VARIANT_DOSE),
    "sources": s.listof(s.text, 1, 7, unique=True),
})


def _variant(node: yaml.Node, ctx: s.Ctx) -> tuple[Variant, yaml.Node]:
    """An easier or harder version: its card line, and another exercise or a dose change
    (or neither: a way of doing it, which the line says)."""
    raw = _VARIANT(node, ctx)
    dose = tuple((k, v) for k, v in (raw["dose"] or {}).items() if v is not None)
    if raw["exercise"] and dose:
        raise ctx.fail(node, "give another exercise or a dose change, not both")
    if raw["dose"] is not None and not dose:
        raise ctx.key("dose").fail(s.child(node, "dose"), "give at least one dose field")
    return Variant(text=raw["text"], exercise=raw["exercise"], dose=dose,
                   sources=raw["sources"]), node


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
        "clinician_only": s.optional(s.flag, False),
        "purpose": _patient_text,
        "steps": s.listof(_patient_text, 3, 7),
        "dose": _DOSE,
        "cautions": s.optional(s.listof(_patient_text, 0, 6), ()),
        "sources": s.listof(s.text, 1, 7, unique=True),  # checked against SOURCES.md
        "easier": s.optional(_variant),  # links checked in load_catalogue
        "harder": s.optional(_variant),
        "video": s.optional(_url),
        "alt": s.optional(_alt, ()),  # the picture's alt text (alt_text.py); before figure:
        "figure": s.optional(lambda node, ctx: node),  # checked in load_exercise
    }
)

_PICK_DOSE = s.mapping({name: s.optional(spec) for name, spec in
                        (_DOSE_FIELDS | {"reps_away": s.whole(1, 100)}).items()})


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
        "sided": s.optional(s.flag, False),
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
        "emergency": s.listof(s.text, 1, 20),
        "emergency_travel": s.listof(s.text, 0, 4),
        "same_day": s.listof(s.text, 1, 20),
        "see_doctor": s.listof(s.text, 1, 20),
        "pregnancy_stop": s.listof(s.text, 1, 10),
        "pain_guide": s.mapping({"green": s.text, "amber": s.text, "red": s.text}),
        "self_care": s.listof(_TIP, 1, 8),
        "pregnancy_care": s.listof(s.text, 1, 10),
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


def _check_sources(tags: tuple[str, ...], sources: dict[str, str], ctx: s.Ctx,
                   node: yaml.Node) -> None:
    for i, tag in enumerate(tags):
        if tag not in sources:
            where = s.child(node, "sources")
            raise ctx.key(f"sources[{i}]").fail(
                where.value[i] if isinstance(where, yaml.SequenceNode) else where,
                f"unknown source {tag!r} (SOURCES.md lists: {', '.join(sources)})")


def _check_variant_dose(variant: Variant, dose: Dose, ctx: s.Ctx, node: yaml.Node) -> None:
    """A dose change stays inside the exercise's range, on fields that have one."""
    ranges = _ranges(dose)
    for name, value in variant.dose:
        where = s.child(s.child(node, "dose"), name)
        if name not in ranges:
            raise ctx.key(f"dose.{name}").fail(where, f"dose.range gives no range for {name}")
        low, high = ranges[name]
        if not low <= value <= high:
            raise ctx.key(f"dose.{name}").fail(
                where, f"{value} is outside the range {low} to {high} in dose.range")
    if replace(dose, **dict(variant.dose)) == dose:
        raise ctx.key("dose").fail(node, "is the exercise's own dose: it changes nothing")


def load_exercise(path: Path, shown: str, sources: dict[str, str] | None = None) -> Exercise:
    """Read and check one exercise file (its sources against SOURCES.md's tags)."""
    node = s.load_node(path, shown)
    raw = _EXERCISE(node, s.Ctx(shown))
    dose = _make_dose(raw.pop("dose"))
    _check_dose(dose, _ranges(dose), s.Ctx(shown, "dose"), s.child(node, "dose"))
    if sources is not None:
        _check_sources(raw["sources"], sources, s.Ctx(shown), node)
    for way in ("easier", "harder"):
        if raw[way] is None:
            continue
        variant, variant_node = raw[way]
        ctx = s.Ctx(shown, way)
        if sources is not None:
            _check_sources(variant.sources, sources, ctx, variant_node)
        if variant.dose:
            _check_variant_dose(variant, dose, ctx, variant_node)
        if variant.exercise == raw["id"]:
            raise ctx.key("exercise").fail(s.child(variant_node, "exercise"),
                                           "names this exercise itself")
        raw[way] = replace(variant, line=s.child(variant_node, "exercise").start_mark.line + 1)
    figure_node = raw.pop("figure")
    figure = None
    if figure_node is not None:
        figure = read_figure(figure_node, s.Ctx(shown, "figure"), len(raw["steps"]))
    return Exercise(**raw, dose=dose, figure=figure, file=shown)


def check_links(exercises: dict[str, Exercise]) -> None:
    """Every easier or harder version names an exercise the catalogue has."""
    for exercise in exercises.values():
        for way in ("easier", "harder"):
            variant = exercise.version(way)
            if variant and variant.exercise and variant.exercise not in exercises:
                raise CatalogueError(f"unknown exercise '{variant.exercise}'", file=exercise.file,
                                     line=variant.line or None,
                                     field=f"{way}.exercise")


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
        dose = Dose(**pick.dose)
        _check_dose(dose, ranges, where.key("dose"), s.child(pick_node, "dose"))
        if dose.reps_away is not None:
            if not exercise.per_side:
                raise where.key("dose.reps_away").fail(
                    s.child(s.child(pick_node, "dose"), "reps_away"),
                    f"'{pick.id}' is not done on each side")
            _check_dose(replace(dose, reps=dose.reps_away), ranges, where.key("dose"),
                        s.child(pick_node, "dose"))
        picks.append(pick)
    tips = tuple(Tip(title=t["title"], lines=t["lines"]) for t in raw.pop("tips"))
    return Profile(**raw, picks=tuple(picks), tips=tips, file=shown)


def _match(node: yaml.Node, ctx: s.Ctx) -> Match:
    raw = s.mapping({
        "position": s.optional(s.choice(*POSITIONS, "floor")),
        "direction": s.optional(s.choice(*DIRECTIONS)),
        "category": s.optional(s.choice(*CATEGORIES)),
        "from_week": s.optional(s.whole(1, 42)),
    })(node, ctx)
    if not any(raw[k] for k in ("position", "direction", "category")):
        raise ctx.fail(node, "give a position, direction or category to match")
    return Match(**raw)


_MATCHES = s.optional(s.listof(_match, 1, 10), ())


_FLAG = s.mapping(
    {
        "id": _ident,
        "label": _patient_text,
        "explanation": _patient_text,
        "removes": s.optional(s.listof(_ident, 1, 30, unique=True), ()),
        "avoid": _MATCHES,
        "prefers": s.optional(s.listof(_ident, 1, 10, unique=True), ()),
        "prefer_positions": s.optional(s.listof(s.choice(*POSITIONS), 1, len(POSITIONS),
                                                unique=True), ()),
        "floor_limit": s.optional(s.whole(0, 10)),
        "caution": s.optional(_patient_text),
        "ask_first": s.optional(_asking),
        "about": _MATCHES,
        "from_age": s.optional(s.whole(1, 120)),
    }
)

_UNSCREENED = s.mapping({"flags": s.listof(_ident, 1, 10, unique=True), "about": _MATCHES,
                         "text": _asking})


def load_flags(path: Path, shown: str, exercises: dict[str, Exercise]
               ) -> tuple[dict[str, Flag], tuple[Unscreened, ...]]:
    """Read and check the screening flags file against the known exercises."""
    node = s.load_node(path, shown)
    raw = s.mapping({"flags": s.listof(_FLAG, 1, 50),
                     "unscreened": s.optional(s.listof(_UNSCREENED, 1, 20), ())}
                    )(node, s.Ctx(shown))
    flags: dict[str, Flag] = {}
    for i, item in enumerate(raw["flags"]):
        item_node = s.child(node, "flags").value[i]
        where = s.Ctx(shown, f"flags[{i}]")
        if item["id"] in flags:
            raise where.key("id").fail(s.child(item_node, "id"), f"duplicate flag '{item['id']}'")
        for key in ("removes", "prefers"):
            for j, ident in enumerate(item[key]):
                if ident not in exercises:
                    raise where.key(f"{key}[{j}]").fail(s.child(item_node, key).value[j],
                                                         f"unknown exercise '{ident}'")
        for j, match in enumerate(item["avoid"]):
            if match.from_week is not None and item["id"] != "pregnancy":
                raise where.key(f"avoid[{j}].from_week").fail(
                    s.child(item_node, "avoid").value[j], "from_week is for pregnancy only")
        flags[item["id"]] = Flag(**item)
    unscreened = []
    for i, item in enumerate(raw["unscreened"]):
        item_node = s.child(node, "unscreened").value[i]
        for j, flag in enumerate(item["flags"]):
            if flag not in flags:
                raise _unknown_flag(s.Ctx(shown, f"unscreened[{i}].flags[{j}]"),
                                    s.child(item_node, "flags").value[j], flags)
        unscreened.append(Unscreened(**item))
    return flags, tuple(unscreened)


_REGION = s.mapping({
    "id": _ident,
    "name": s.text,
    "emergency": s.listof(s.text, 1, 3, unique=True),
    "place": s.choice(*PLACES),
    "urgent": s.optional(s.text),
})


def load_regions(path: Path, shown: str) -> dict[str, Region]:
    """Read and check the regions file (emergency and urgent numbers)."""
    node = s.load_node(path, shown)
    items = s.mapping({"regions": s.listof(_REGION, 1, 100)})(node, s.Ctx(shown))["regions"]
    regions: dict[str, Region] = {}
    for i, raw in enumerate(items):
        if raw["id"] in regions:
            item = s.child(node, "regions").value[i]
            raise s.Ctx(shown, f"regions[{i}].id").fail(s.child(item, "id"),
                                                        f"duplicate region '{raw['id']}'")
        regions[raw["id"]] = Region(**(raw | {"emergency": tuple(raw["emergency"])}))
    return regions


_SOURCE_ROW = re.compile(r"^\|\s*([A-Z])\s*\|\s*(.+?)\s*\|\s*$")


def load_sources(path: Path, shown: str) -> dict[str, str]:
    """The source tags and titles in SOURCES.md's table (| A | title |)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise CatalogueError("cannot read this file as UTF-8 text", file=shown) from None
    sources = {m.group(1): m.group(2) for m in map(_SOURCE_ROW.match, text.splitlines()) if m}
    if not sources:
        raise CatalogueError("no sources found (expected table rows like '| A | title |')",
                             file=shown)
    return sources


def load_version(path: Path, shown: str) -> str:
    """The catalogue's version, from catalogue.yaml."""
    node = s.load_node(path, shown)
    return s.mapping({"version": s.text})(node, s.Ctx(shown))["version"]


def load_warnings(path: Path, shown: str) -> Warnings:
    """Read and check the warnings file."""
    raw = _WARNINGS(s.load_node(path, shown), s.Ctx(shown))
    care = tuple(Tip(title=t["title"], lines=t["lines"]) for t in raw["self_care"])
    return Warnings(**(raw | {"pain_guide": PainGuide(**raw["pain_guide"]), "self_care": care}))


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
    """Load and check a whole catalogue folder (kept per folder in this process, and on disk
    until one of its files changes: cache.py)."""
    from .cache import cached

    root = Path(root) if root is not None else default_root()
    if not root.is_dir():
        raise CatalogueError("catalogue folder not found", file=s.shown_path(root))
    return cached("catalogue", root, lambda: _read_catalogue(root))


def _read_catalogue(root: Path) -> Catalogue:
    """Read and check every file of a catalogue folder."""
    sources = load_sources(*_required(root / "SOURCES.md"))
    exercises = _load_all(
        root / "exercises", "exercise", lambda p, shown: load_exercise(p, shown, sources)
    )
    check_links(exercises)
    flags, unscreened = load_flags(*_required(root / "flags.yaml"), exercises)
    profiles = _load_all(
        root / "profiles", "profile", lambda p, shown: load_profile(p, shown, exercises)
    )
    warnings = load_warnings(*_required(root / "warnings.yaml"))
    return Catalogue(
        root=str(root), exercises=exercises, profiles=profiles, warnings=warnings, flags=flags,
        unscreened=unscreened, regions=load_regions(*_required(root / "regions.yaml")),
        sources=sources, version=load_version(*_required(root / "catalogue.yaml")),
    )
