"""Value types shared by the loader, the planner and the renderer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .constants import ENV_VAR, SIDES  # noqa: F401  (re-exported)

CATEGORIES = ("mobility", "stretch", "strength", "aerobic")
DIRECTIONS = ("flexion", "extension", "side-bend", "rotation", "neutral")
POSITIONS = (
    "lying-on-back",
    "lying-face-down",
    "lying-on-side",
    "hands-and-knees",
    "kneeling",
    "half-kneeling",
    "sitting",
    "standing",
)
EQUIPMENT = ("mat", "chair", "wall", "towel", "pillow", "strap")


@dataclass(frozen=True, kw_only=True)
class Dose:
    """How much of an exercise to do."""

    reps: int | None = None
    sets: int = 1
    hold_seconds: int | None = None
    breaths: int | None = None
    minutes: int | None = None
    times_per_day: int | None = None
    range: tuple[tuple[str, int, int], ...] = ()


@dataclass(frozen=True, kw_only=True)
class Exercise:
    """One exercise as the catalogue describes it."""

    id: str
    name: str
    category: str
    direction: tuple[str, ...]
    position: str
    equipment: tuple[str, ...]
    level: int
    per_side: bool
    purpose: str
    steps: tuple[str, ...]
    dose: Dose
    cautions: tuple[str, ...]
    sources: tuple[str, ...]
    clinician_only: bool = False
    file: str = ""


@dataclass(frozen=True, kw_only=True)
class Pick:
    """A profile's preferred exercise, with an optional dose override."""

    id: str
    dose: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Tip:
    """A titled block of advice."""

    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Profile:
    """A kind of patient, and what suits them."""

    id: str
    name: str
    title: str
    explanation: tuple[str, ...]
    emphasis: tuple[str, ...]
    avoid: tuple[str, ...]
    allow_strength: bool
    picks: tuple[Pick, ...]
    tips: tuple[Tip, ...]
    warnings: tuple[str, ...]
    file: str = ""


@dataclass(frozen=True, kw_only=True)
class PainGuide:
    """The 0-10 pain traffic light."""

    green: str
    amber: str
    red: str


@dataclass(frozen=True, kw_only=True)
class Warnings:
    """Safety text printed on every handout."""

    disclaimer: str
    how_to_use: tuple[str, ...]
    general_rules: tuple[str, ...]
    avoid_while_painful: tuple[str, ...]
    see_doctor: tuple[str, ...]
    emergency: tuple[str, ...]
    pain_guide: PainGuide


@dataclass(frozen=True, kw_only=True)
class Catalogue:
    """Everything read from a catalogue folder."""

    root: str
    exercises: dict[str, Exercise]
    profiles: dict[str, Profile]
    warnings: Warnings


@dataclass(frozen=True, kw_only=True)
class Request:
    """Who a handout is for."""

    profile: str
    patient: str | None = None
    side: str | None = None
    weeks: int = 4
    date: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True, kw_only=True)
class PlannedExercise:
    """An exercise as it will be printed: side words resolved, dose chosen."""

    id: str
    name: str
    category: str
    per_side: bool
    purpose: str
    steps: tuple[str, ...]
    dose: Dose
    dose_line: str
    cautions: tuple[str, ...]
    equipment: tuple[str, ...]
    seconds: int


@dataclass(frozen=True, kw_only=True)
class Plan:
    """The whole decision for one handout; drawing it needs nothing else."""

    profile_id: str
    profile_name: str
    title: str
    patient: str | None
    side: str | None
    date: dt.date
    weeks: int
    explanation: tuple[str, ...]
    how_to_use: tuple[str, ...]
    exercises: tuple[PlannedExercise, ...]
    session_minutes: int
    extra_minutes: int
    tips: tuple[Tip, ...]
    profile_warnings: tuple[str, ...]
    general_rules: tuple[str, ...]
    avoid_while_painful: tuple[str, ...]
    see_doctor: tuple[str, ...]
    emergency: tuple[str, ...]
    pain_guide: PainGuide
    disclaimer: str
