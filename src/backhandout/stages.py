"""Weekly stages: gentle moves first, strength moves added later. Pure, no drawing.

With two or more weeks and strength exercises in the plan, stage 1 (the first
one or two weeks) holds only the gentle exercises; stage 2 adds the strength
ones. Exercises are ordered so that each week's list is the start of the plan's
list, so card numbers and diary numbers always agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from . import texts
from .model import PlannedExercise, Stage

GENTLE_WEEKS = 2  # stage 1 lasts this many weeks, or fewer in a short plan


def session_minutes(exercises: Sequence[PlannedExercise]) -> int:
    """Minutes one session takes, walks not counted."""
    return round(sum(e.seconds for e in exercises if e.category != "aerobic") / 60)


def weeks_words(first: int, last: int) -> str:
    """'Week 1' or 'Weeks 1 to 2'."""
    return f"Week {first}" if first == last else f"Weeks {first} to {last}"


def numbers_words(first: int, last: int) -> str:
    """'exercise 7', 'exercises 6 and 7' or 'exercises 5 to 7'."""
    if first == last:
        return f"exercise {first}"
    return f"exercises {first} {'and' if last == first + 1 else 'to'} {last}"


def make_stages(
    exercises: Sequence[PlannedExercise], weeks: int
) -> tuple[tuple[PlannedExercise, ...], tuple[Stage, ...]]:
    """Split a plan into stages; return the exercises (with start weeks) and the stages."""
    gentle = [e for e in exercises if e.category != "strength"]
    strong = [e for e in exercises if e.category == "strength"]
    if weeks < 2 or not strong or not gentle:
        single = Stage(number=1, first_week=1, last_week=weeks,
                       exercises=tuple(e.id for e in exercises),
                       session_minutes=session_minutes(exercises))
        return tuple(exercises), (single,)
    later = 1 + min(GENTLE_WEEKS, weeks - 1)
    ordered = (*gentle, *(replace(e, start_week=later) for e in strong))
    first = Stage(
        number=1, first_week=1, last_week=later - 1,
        exercises=tuple(e.id for e in gentle),
        session_minutes=session_minutes(gentle),
        text=texts.STAGE_FIRST.format(weeks=weeks_words(1, later - 1), count=len(gentle),
                                      minutes=session_minutes(gentle)),
    )
    second = Stage(
        number=2, first_week=later, last_week=weeks,
        exercises=tuple(e.id for e in ordered),
        session_minutes=session_minutes(ordered),
        text=texts.STAGE_LATER.format(week=later, minutes=session_minutes(ordered),
                                      exercises=numbers_words(len(gentle) + 1, len(ordered))),
    )
    return ordered, (first, second)
