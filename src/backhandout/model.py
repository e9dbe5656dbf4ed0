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
#: Positions done on the floor (a flag's `floor` group and floor_limit count these).
FLOOR = ("lying-on-back", "lying-face-down", "lying-on-side", "hands-and-knees", "kneeling",
         "half-kneeling")
PREFER = ("extension", "flexion")  # --prefer: the direction a clinician favours
PLACES = ("ae", "er", "ed")  # what a region calls the hospital's emergency department


@dataclass(frozen=True, kw_only=True)
class Dose:
    """How much of an exercise to do."""

    reps: int | None = None
    sets: int = 1
    hold_seconds: int | None = None
    breaths: int | None = None
    minutes: int | None = None
    times_per_day: int | None = None
    reps_away: int | None = None  # one-sided pain: times towards the side away from the pain
    range: tuple[tuple[str, int, int], ...] = ()


#: What a dose field may hold at most (the catalogue's ranges lie inside these), in the
#: order `progress` raises a dose.
DOSE_LIMITS = {"reps": (1, 100), "hold_seconds": (1, 600), "breaths": (1, 60),
               "minutes": (1, 120), "sets": (1, 10), "times_per_day": (1, 10)}
WAYS = ("easier", "harder")  # an exercise's versions (Variant)


@dataclass(frozen=True, kw_only=True)
class Variant:
    """An easier or harder version of an exercise: one line for its card ("Too hard? ..."),
    and what `progress` changes: another exercise instead, or a dose, or (neither) the way
    the card's line says to do it."""

    text: str  # completes "Too hard?" or "Too easy?": "Rest your knees on a pillow."
    exercise: str | None = None  # do this exercise instead
    dose: tuple[tuple[str, int], ...] = ()  # or change these dose fields
    sources: tuple[str, ...] = ()
    line: int = field(default=0, compare=False)  # where it is written, for messages


@dataclass(frozen=True, kw_only=True)
class Match:
    """A kind of exercise, for a flag's rules: every given part must match."""

    position: str | None = None  # a position, or "floor" for any of FLOOR
    direction: str | None = None
    category: str | None = None
    from_week: int | None = None  # pregnancy: applies from this week on

    def matches(self, exercise: "Exercise") -> bool:
        """True when the exercise is of this kind (from_week is the caller's to judge)."""
        if self.position is not None and exercise.position not in (
                FLOOR if self.position == "floor" else (self.position,)):
            return False
        if self.direction is not None and self.direction not in exercise.direction:
            return False
        return self.category is None or exercise.category == self.category


@dataclass(frozen=True, kw_only=True)
class Flag:
    """A screening flag: something about the patient that changes what is safe, as data."""

    id: str
    label: str  # completes "because ...": "you have osteoporosis"
    explanation: str
    removes: tuple[str, ...] = ()  # exercise ids always left out
    avoid: tuple[Match, ...] = ()  # kinds of exercise left out
    prefers: tuple[str, ...] = ()  # exercise ids brought to the front
    prefer_positions: tuple[str, ...] = ()  # positions brought to the front
    floor_limit: int | None = None  # at most this many floor exercises
    caution: str | None = None  # the one caution it adds, once per handout
    ask_first: str | None = None  # "... before you do {exercises}", once per handout
    about: tuple[Match, ...] = ()  # what ask_first is about (none: every exercise)
    from_age: int | None = None  # switched on by --age at or above this


@dataclass(frozen=True, kw_only=True)
class Unscreened:
    """A question for patients the handout did not screen for some flags."""

    flags: tuple[str, ...]
    about: tuple[Match, ...]
    text: str  # with {exercises}


@dataclass(frozen=True, kw_only=True)
class Region:
    """Where the patient lives: the emergency and urgent numbers to print."""

    id: str
    name: str
    emergency: tuple[str, ...]
    place: str  # one of PLACES
    urgent: str | None = None


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
    easier: Variant | None = None
    harder: Variant | None = None
    video: str | None = None  # a web page showing it (https://...)
    alt: tuple[tuple[int, str], ...] = ()  # what each panel of the figure shows, by step
    figure: Figure | None = None
    file: str = ""

    def version(self, way: str) -> Variant | None:
        """The easier or the harder version (None when the catalogue names none)."""
        return self.easier if way == "easier" else self.harder


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
    sided: bool  # for pain on one side: the text names the sides
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
    emergency: tuple[str, ...]  # go to A&E or call the emergency number now
    emergency_travel: tuple[str, ...]  # how to get there
    same_day: tuple[str, ...]  # call the doctor or clinic today
    see_doctor: tuple[str, ...]  # see a doctor soon
    pregnancy_stop: tuple[str, ...]  # stop and call the midwife or doctor at once
    pain_guide: PainGuide
    self_care: tuple[Tip, ...]  # looking after your back
    pregnancy_care: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Catalogue:
    """Everything read from a catalogue folder."""

    root: str
    exercises: dict[str, Exercise]
    profiles: dict[str, Profile]
    warnings: Warnings
    flags: dict[str, Flag] = field(default_factory=dict)
    unscreened: tuple[Unscreened, ...] = ()
    regions: dict[str, Region] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # tag -> title (SOURCES.md)
    version: str = ""


@dataclass(frozen=True, kw_only=True)
class Clinic:
    """Who hands out the sheet: printed on the cover and on every page."""

    name: str
    phone: str
    address: str | None = None
    clinician: str | None = None
    logo: str | None = None  # path to a PNG or JPEG file
    website: str | None = None
    region: str | None = None  # for the emergency and urgent numbers (regions.yaml)
    emergency_number: str | None = None  # overrides the region's
    urgent_number: str | None = None  # overrides the region's
    video_base: str | None = None  # the clinic's pages per exercise: base + "/" + id
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
    region: str | None = None  # regions.yaml id; None: the clinic's, else blank lines
    pregnancy_weeks: int | None = None  # weeks pregnant now (with the pregnancy flag)
    prefer: str | None = None  # "extension" or "flexion": overrides the profile's direction
    checked: tuple[str, ...] = ()  # flags the clinician has cleared the exercises for
    review: dt.date | None = None  # when the plan will be reviewed
    # The clinician's choice (see request.py for the rules, planner.py for what they do):
    add: tuple[str, ...] = ()  # exercise ids added to the automatic pick
    drop: tuple[str, ...] = ()  # exercise ids the automatic pick leaves out
    only: tuple[str, ...] = ()  # exactly these exercises, in this order
    doses: tuple[tuple[str, tuple[tuple[str, int | None], ...]], ...] = ()  # id -> fields set
    max_exercises: int = 7  # the most the automatic pick chooses
    allow_outside_range: bool = False  # doses outside the catalogue's range (with a note)
    ways: tuple[tuple[str, str], ...] = ()  # id -> "easier" / "harder": the card's other way
    gentle_weeks: int | None = None  # weeks before strength moves start (None: stages.py)
    first_week: int = 1  # the diary's first week number (a returning patient: 5, ...)


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
    picture_alt: str = ""  # the figure's alt text for screen readers (alt_text.py)
    start_week: int = 1
    easier: str | None = None  # "Too hard?" line (None: none, or the card shows `way`)
    harder: str | None = None  # "Too easy?" line
    way: str | None = None  # the easier or harder way this patient does it now (its text)
    video: str | None = None  # the web page the card's QR code opens


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
class Urgent:
    """One level of urgent help, as printed: the action first, then the signs, one a line."""

    action: str  # "Emergency: go to A&E or call 999 now"
    intro: str  # "Do this if you have back pain and any one of these ..."
    signs: tuple[str, ...]
    after: tuple[str, ...] = ()  # "Do not drive yourself ..."
    blanks: tuple[str, ...] = ()  # labels of lines to write a number in: "Emergency number:"
    phone: str | None = None  # "Your clinic: 0161 496 0000"


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
    emergency: Urgent
    same_day: Urgent
    pain_guide: PainGuide
    disclaimer: str
    self_care: tuple[Tip, ...] = ()  # looking after your back, then the profile's tips
    pregnancy_stop: Urgent | None = None
    flags: tuple[str, ...] = ()
    age: int | None = None
    cautions: tuple[str, ...] = ()  # the flags' own cautions, once each
    ask_first: tuple[str, ...] = ()  # "ask your doctor before you do ..." lines, once each
    checked: str | None = None  # "We have checked ..." when the clinician cleared them
    changes: tuple[Change, ...] = ()
    stages: tuple[Stage, ...] = ()
    clinic: Clinic | None = None
    clinician: str | None = None
    notes: str | None = None
    review: dt.date | None = None
    region: str | None = None
    sources: str = ""  # "Where this advice comes from ..." with the catalogue version
    lang: str = "en"
    first_week: int = 1  # the diary's first week number
    # The plan's language, for the renderer's own labels (not part of the plan's data).
    words: Language = field(default=ENGLISH, compare=False, repr=False)

    def for_week(self, week: int) -> "Plan":
        """The plan as one week of the diary holds it: the exercises started by then."""
        return replace(self, exercises=tuple(e for e in self.exercises if e.start_week <= week))

    @property
    def last_week(self) -> int:
        """The diary's last week number."""
        return self.first_week + self.weeks - 1
