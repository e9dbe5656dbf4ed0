"""Screening: which exercises a patient's flags leave out or caution, said in plain words.

Pure: no drawing, no click. The planner calls these; see catalogue/FORMAT.md.
"""

from __future__ import annotations

from collections.abc import Sequence

from .errors import PlanError
from .i18n import ENGLISH, Language
from .model import Catalogue, Change, Exercise, Flag, Request


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


def answered_flags(catalogue: Catalogue, request: Request) -> frozenset[str]:
    """The flags the request settles: those given, and every age flag once the age is known."""
    ages = {f.id for f in catalogue.flags.values() if f.from_age is not None}
    return frozenset(request.flags) | (ages if request.age is not None else frozenset())


def card_cautions(exercise: Exercise, flags: Sequence[Flag],
                  answered: frozenset[str]) -> tuple[str, ...]:
    """A card's cautions: the active flags' own, the exercise's, then its "ask first" line
    unless every flag that line asks about is settled (its flags' own cautions say it then)."""
    ask = () if not exercise.ask_first or set(exercise.ask_first_flags) <= answered \
        else (exercise.ask_first,)
    return tuple(dict.fromkeys((*flag_cautions(exercise, flags), *exercise.cautions, *ask)))


def leaving_out(catalogue: Catalogue, flags: Sequence[Flag]) -> dict[str, tuple[Flag, ...]]:
    """Exercise id -> the flags that leave it out (only exercises left out)."""
    result = {}
    for exercise in catalogue.exercises.values():
        why = tuple(f for f in flags if any(r.flag == f.id and r.leave_out for r in exercise.screening))
        if why:
            result[exercise.id] = why
    return result


def effects(catalogue: Catalogue, flag_id: str) -> tuple[list[str], list[str]]:
    """The ids of the exercises one flag leaves out, and of those it adds a caution to."""
    rules = [(e.id, r) for e in catalogue.exercises.values() for r in e.screening
             if r.flag == flag_id]
    return sorted(i for i, r in rules if r.leave_out), sorted(i for i, r in rules if not r.leave_out)


def flag_cautions(exercise: Exercise, flags: Sequence[Flag]) -> tuple[str, ...]:
    """The cautions the active flags add to an exercise, in flag order."""
    ids = [f.id for f in flags]
    rules = sorted((r for r in exercise.screening if r.flag in ids and r.caution),
                   key=lambda r: ids.index(r.flag))
    return tuple(r.caution for r in rules if r.caution)


def describe_changes(
    before: Sequence[Exercise], after: Sequence[Exercise], left_out: dict[str, tuple[Flag, ...]],
    words: Language = ENGLISH,
) -> tuple[Change, ...]:
    """What the screening changed, pairing each left-out exercise with what came in."""
    after_ids = {e.id for e in after}
    before_ids = {e.id for e in before}
    removed = [e for e in before if e.id not in after_ids]
    added = [e.name for e in after if e.id not in before_ids]
    flagged = [e for e in removed if e.id in left_out]
    changes = []
    for i, exercise in enumerate(flagged):
        instead = tuple(added[i:i + 1] if i < len(flagged) - 1 else added[i:])
        because = tuple(f.label for f in left_out[exercise.id])
        text = words.ui("LEFT_OUT", exercise=exercise.name, reasons=words.and_list(because))
        if instead:
            text += " " + words.ui("CHOSE_INSTEAD", exercises=words.and_list(instead))
        changes.append(Change(left_out=exercise.name, because=because, instead=instead, text=text))
    for exercise in removed:
        if exercise.id not in left_out:
            text = words.ui("DROPPED_FOR_TIME", exercise=exercise.name)
            changes.append(Change(left_out=exercise.name, because=(), instead=(), text=text))
    return tuple(changes)


def too_few_safe(profile_id: str, flags: Sequence[Flag], needed: int) -> PlanError:
    """The refusal when the flags leave too few exercises for a safe session."""
    return PlanError(
        f"not enough safe exercises are left for '{profile_id}' with "
        f"{', '.join(f.id for f in flags)} (at least {needed} are needed); "
        "no handout was made. Please choose this patient's exercises yourself."
    )
