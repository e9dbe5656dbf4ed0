"""Value types shared by the loader, the planner and the renderer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from .figures.model import Figure
from .i18n import ENGLISH, Language

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
class Screening:
    """How one screening flag changes one exercise: leave it out, or add a caution."""

    flag: str
    leave_out: bool = False
    caution: str | None = None


@dataclass(frozen=True, kw_only=True)
class Flag:
    """A screening flag: something about the patient that changes what is safe."""

    id: str
    label: str  # completes "because ...": "you have osteoporosis"
    explanation: str
    ask_first: str
    caution: str  # the caution an exercise's `caution` entry stands for
    from_age: int | None = None  # switched on by --age at or above this


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
    # "Ask your doctor first if ..." for flags not asked about: left off once they all are
    ask_first: str | None = None
    ask_first_flags: tuple[str, ...] = ()
    clinician_only: bool = False
    figure: Figure | None = None
    screening: tuple[Screening, ...] = ()
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
    flags: dict[str, Flag] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Clinic:
    """Who hands out the sheet: printed on the cover and on every page."""

    name: str
    phone: str
    address: str | None = None
    clinician: str | None = None
    logo: str | None = None  # path to a PNG or JPEG file
    website: str | None = None
    file: str = ""


@dataclass(frozen=True, kw_only=True)
class Request:
    """Who a handout is for."""

    profile: str
    patient: str | None = None
    side: str | None = None
    weeks: int = 4
    date: dt.date = field(default_factory=dt.date.today)
    flags: tuple[str, ...] = ()
    age: int | None = None
    clinic: Clinic | None = None
    clinician: str | None = None  # overrides the clinic file's clinician
    notes: str | None = None
    lang: str = "en"  # "en", or a catalogue/locale/<lang>.po file


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
    figure: Figure | None = None
    mirror: bool = False  # draw the figure the other way round (see planner.figure_sides)
    figure_labels: tuple[str, ...] = ()  # words under the figure's own right and left side
    start_week: int = 1


@dataclass(frozen=True, kw_only=True)
class Change:
    """An exercise the screening left out, why, and what was chosen instead."""

    left_out: str
    because: tuple[str, ...]
    instead: tuple[str, ...]
    text: str  # the same in plain words for the patient


@dataclass(frozen=True, kw_only=True)
class Stage:
    """A run of weeks with the same exercises."""

    number: int
    first_week: int
    last_week: int
    exercises: tuple[str, ...]  # ids
    session_minutes: int
    text: str = ""  # what this stage means, in plain words ("" for a single stage)


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
    flags: tuple[str, ...] = ()
    age: int | None = None
    ask_first: tuple[str, ...] = ()
    changes: tuple[Change, ...] = ()
    stages: tuple[Stage, ...] = ()
    clinic: Clinic | None = None
    clinician: str | None = None
    notes: str | None = None
    lang: str = "en"
    # The plan's language, for the renderer's own labels (not part of the plan's data).
    words: Language = field(default=ENGLISH, compare=False, repr=False)

    def for_week(self, week: int) -> "Plan":
        """The plan as one week of the diary holds it: the exercises started by then."""
        return replace(self, exercises=tuple(e for e in self.exercises if e.start_week <= week))
