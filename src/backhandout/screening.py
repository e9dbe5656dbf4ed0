"""Screening: what a patient's flags change, worked out in one pass, said in plain words.

Pure: no drawing, no click. The planner calls `screen` once per request; the
rest are lookups on its result. Each flag's rules are data in flags.yaml (see
catalogue/FORMAT.md, "Screening flags").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .errors import PlanError
from .i18n import ENGLISH, Language
from .model import FLOOR, Catalogue, Change, Exercise, Flag, Match, PlannedExercise, Request

OPPOSITE = {"extension": "flexion", "flexion": "extension"}


@dataclass(frozen=True)
class Screen:
    """What a request's flags mean for the choice of exercises."""

    flags: tuple[Flag, ...] = ()
    removed: tuple[tuple[str, tuple[Flag, ...]], ...] = ()  # exercise id -> flags leaving it out
    prefers: tuple[str, ...] = ()  # exercise ids to bring to the front, in flag order
    prefer_positions: frozenset[str] = frozenset()
    floor_limit: int | None = None
    prefer: str | None = None  # the clinician's direction, overriding the profile's
    answered: frozenset[str] = frozenset()  # flags the request settles
    checked: frozenset[str] = frozenset()  # flags the clinician has cleared

    def why_removed(self, exercise_id: str) -> tuple[Flag, ...]:
        """The flags that leave an exercise out (empty when none does)."""
        return dict(self.removed).get(exercise_id, ())

    @property
    def preferring(self) -> tuple[Flag, ...]:
        """The flags that reorder the choice (by exercise or position) or limit the floor."""
        return tuple(f for f in self.flags
                     if f.prefers or f.prefer_positions or f.floor_limit is not None)


NO_SCREEN = Screen()


def active_flags(catalogue: Catalogue, request: Request) -> tuple[Flag, ...]:
    """The request's flags plus those its age switches on, in catalogue order."""
    unknown = [f for f in request.flags if f not in catalogue.flags]
    if unknown:
        known = ", ".join(catalogue.flags)
        raise PlanError(f"unknown flag '{unknown[0]}' (choose from: {known})")
    on = set(request.flags)
    if request.age is not None:
        on |= {f.id for f in catalogue.flags.values()
               if f.from_age is not None and request.age >= f.from_age}
    return tuple(f for f in catalogue.flags.values() if f.id in on)


def _applies(match: Match, request: Request) -> bool:
    """Whether a rule applies now: a from_week rule once the diary reaches that week of
    pregnancy (always when the weeks are not given)."""
    if match.from_week is None or request.pregnancy_weeks is None:
        return True
    return request.pregnancy_weeks + request.weeks > match.from_week


def leaves_out(flag: Flag, exercise: Exercise, request: Request | None = None) -> bool:
    """True when the flag leaves this exercise out (for this request's pregnancy weeks)."""
    return exercise.id in flag.removes or any(
        m.matches(exercise) and (request is None or _applies(m, request)) for m in flag.avoid)


def screen(catalogue: Catalogue, request: Request) -> Screen:
    """Work out, once, what the request's flags change."""
    flags = active_flags(catalogue, request)
    removed = []
    for exercise in catalogue.exercises.values():
        why = tuple(f for f in flags if leaves_out(f, exercise, request))
        if why:
            removed.append((exercise.id, why))
    limits = [f.floor_limit for f in flags if f.floor_limit is not None]
    ages = {f.id for f in catalogue.flags.values() if f.from_age is not None}
    return Screen(
        flags=flags,
        removed=tuple(removed),
        prefers=tuple(dict.fromkeys(i for f in flags for i in f.prefers)),
        prefer_positions=frozenset(p for f in flags for p in f.prefer_positions),
        floor_limit=min(limits) if limits else None,
        prefer=request.prefer,
        answered=frozenset(request.flags) | (ages if request.age is not None else frozenset()),
        checked=frozenset(request.checked),
    )


def directions(emphasis: tuple[str, ...], avoid: tuple[str, ...],
               prefer: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A profile's emphasis and avoided directions, after the clinician's --prefer."""
    if prefer is None:
        return emphasis, avoid
    return (prefer,), (OPPOSITE[prefer],)


def ranked(pairs: Sequence[tuple[Exercise, object]], screen: Screen) -> list:
    """Candidates with the flags' preferred exercises first, then preferred positions,
    each group in the profile's order."""
    def key(pair: tuple[Exercise, object]) -> tuple[int, int]:
        exercise = pair[0]
        first = screen.prefers.index(exercise.id) if exercise.id in screen.prefers \
            else len(screen.prefers)
        return first, 0 if exercise.position in screen.prefer_positions else 1

    return sorted(pairs, key=key) if screen.prefers or screen.prefer_positions else list(pairs)


def on_floor(exercise: Exercise) -> bool:
    """True for an exercise done lying, kneeling or on all fours."""
    return exercise.position in FLOOR


def _about(matches: Sequence[Match], exercise: PlannedExercise,
           catalogue: Catalogue) -> bool:
    return not matches or any(m.matches(catalogue.exercises[exercise.id]) for m in matches)


def _numbers(words: Language, plan: Sequence[PlannedExercise],
             concerned: Sequence[PlannedExercise]) -> str:
    """'exercise 2' or 'exercises 1, 2 and 5': as the cards and the plan at a glance
    number them."""
    ids = [e.id for e in plan]
    numbers = [str(ids.index(e.id) + 1) for e in concerned]
    return words.ui("EXERCISE_NUMBERS_ONE" if len(numbers) == 1 else "EXERCISE_NUMBERS",
                    numbers=words.and_list(numbers))


def notes(catalogue: Catalogue, screen: Screen, exercises: Sequence[PlannedExercise],
          words: Language = ENGLISH) -> tuple[tuple[str, ...], tuple[str, ...], str | None]:
    """The first page's screening notes: each flag's caution once; each 'ask first' line
    once, naming (by number) only the plan's exercises it is about; the 'we have checked' line
    for flags the clinician cleared (None when there are none)."""
    cautions = tuple(dict.fromkeys(f.caution for f in screen.flags if f.caution))
    asks: list[str] = []
    checked = False
    asked: set[str] = set()
    for flag in screen.flags:
        concerned = [e for e in exercises if _about(flag.about, e, catalogue)]
        if not flag.ask_first or not concerned:
            continue
        if flag.id in screen.checked:
            checked = True
            continue
        asked.add(flag.id)
        asks.append(flag.ask_first.replace("{exercises}", _numbers(words, exercises, concerned)))
    active = {f.id for f in screen.flags}
    for question in catalogue.unscreened:
        if set(question.flags) <= screen.answered or set(question.flags) & (asked | active):
            continue
        concerned = [e for e in exercises if _about(question.about, e, catalogue)]
        if concerned:
            asks.append(question.text.replace("{exercises}",
                                              _numbers(words, exercises, concerned)))
    return cautions, tuple(dict.fromkeys(asks)), words.ui("CHECKED") if checked else None


def describe_changes(before: Sequence[Exercise], after: Sequence[Exercise], screen: Screen,
                     words: Language = ENGLISH, *, own_choice: bool = False) -> tuple[Change, ...]:
    """What the screening changed, in a few lines: the exercises left out, grouped by why;
    then, where the flags chose others they prefer (a chair, walking), that and why.

    With own_choice (the clinician chose the exercises), only the first part: what else
    changed was the clinician's choice, not the flags' or the session's length.
    """
    after_ids = {e.id for e in after}
    before_ids = {e.id for e in before}
    removed = [e for e in before if e.id not in after_ids]
    added = tuple(e.name for e in after if e.id not in before_ids)
    groups: dict[tuple[str, ...], list[str]] = {}
    swapped = []
    for exercise in removed:
        why = screen.why_removed(exercise.id)
        if why:
            groups.setdefault(tuple(f.label for f in why), []).append(exercise.name)
        else:
            swapped.append(exercise.name)
    changes = [Change(left_out=words.and_list(names), because=because, instead=(),
                      text=words.ui_n("LEFT_OUT", len(names), exercise=words.and_list(names),
                                      reasons=words.and_list(because)))
               for because, names in groups.items()]
    if own_choice:
        return tuple(changes)
    preferring = screen.preferring
    if swapped and preferring:
        reasons = tuple(f.label for f in preferring)
        chair = any(f.prefer_positions or f.floor_limit is not None for f in preferring)
        text = words.ui("CHOSE_OFF_FLOOR" if chair else "SWAPPED",
                        exercises=words.and_list(added), reasons=words.and_list(reasons))
        changes.append(Change(left_out=words.and_list(swapped), because=reasons, instead=added,
                              text=text))
    else:
        changes += [Change(left_out=name, because=(), instead=(),
                           text=words.ui("DROPPED_FOR_TIME", exercise=name)) for name in swapped]
        if changes and added:
            last = changes[-1]
            changes[-1] = Change(left_out=last.left_out, because=last.because, instead=added,
                                 text=f"{last.text} "
                                      f"{words.ui('CHOSE_INSTEAD', exercises=words.and_list(added))}")
    return tuple(changes)


def effects(catalogue: Catalogue, flag: Flag) -> list[tuple[str, str]]:
    """What one flag changes, in words for `backhandout flags`: (what, which) pairs."""
    exercises = sorted(catalogue.exercises.values(), key=lambda e: e.id)
    later = [m for m in flag.avoid if m.from_week]
    always = [e.id for e in exercises if e.id in flag.removes or any(
        m.matches(e) for m in flag.avoid if not m.from_week)]
    said = [("leaves out", ", ".join(always) or "nothing")]
    for match in later:
        ids = [e.id for e in exercises if match.matches(e) and e.id not in always]
        said.append((f"from week {match.from_week} of pregnancy (or when the weeks are not "
                     "given), also leaves out", ", ".join(ids) or "nothing"))
    if flag.prefers or flag.prefer_positions:
        said.append(("prefers", ", ".join((*flag.prefers, *flag.prefer_positions))))
    if flag.floor_limit is not None:
        said.append(("exercises on the floor, at most", str(flag.floor_limit)))
    if flag.ask_first:
        about = [e.id for e in exercises if not flag.about or any(m.matches(e) for m in flag.about)]
        said.append(("asks first about", ", ".join(about) if flag.about else "every exercise"))
    if flag.caution:
        said.append(("adds the caution", flag.caution))
    return said


def too_few_safe(profile_id: str, flags: Sequence[Flag], needed: int) -> PlanError:
    """The refusal when the flags leave too few exercises for a safe session."""
    return PlanError(
        f"not enough safe exercises are left for '{profile_id}' with "
        f"{', '.join(f.id for f in flags)} (at least {needed} are needed); "
        "no handout was made. Please choose this patient's exercises yourself."
    )
