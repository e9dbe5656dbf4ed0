"""Weekly stages: gentle moves first, strength moves added later. Pure, no drawing.

With two or more weeks and strength exercises in the plan, stage 1 (the first
one or two weeks) holds only the gentle exercises; stage 2 adds the strength
ones. Exercises are ordered so that each week's list is the start of the plan's
list, so card numbers and diary numbers always agree.

Weeks are numbered as the diary numbers them: from 1, or for a returning
patient's next diary from where the last one ended (`first_week`). A programme
may set the gentle weeks (`gentle_weeks`, 0: strength moves from the start).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .i18n import ENGLISH, Language
from .model import PlannedExercise, Stage

GENTLE_WEEKS = 2  # stage 1 lasts this many weeks, or fewer in a short plan


def session_minutes(exercises: Sequence[PlannedExercise]) -> int:
    """Minutes one session takes, walks not counted."""
    return round(sum(e.seconds for e in exercises if e.category != "aerobic") / 60)


def _span(first: int, last: int, one: str, two: str, more: str, words: Language) -> str:
    if first == last:
        return words.ui(one, week=first, first=first)
    return words.ui(two if last == first + 1 else more, first=first, last=last)


def weeks_words(first: int, last: int, words: Language = ENGLISH) -> str:
    """'Week 1' or 'Weeks 1 to 2'."""
    return _span(first, last, "WEEK", "WEEKS_TWO", "WEEKS_RANGE", words)


def numbers_words(first: int, last: int, words: Language = ENGLISH) -> str:
    """'exercise 7', 'exercises 6 and 7' or 'exercises 5 to 7'."""
    return _span(first, last, "EXERCISES_ONE", "EXERCISES_TWO", "EXERCISES_RANGE", words)


def make_stages(
    exercises: Sequence[PlannedExercise], weeks: int, words: Language = ENGLISH, *,
    first_week: int = 1, gentle_weeks: int | None = None,
) -> tuple[tuple[PlannedExercise, ...], tuple[Stage, ...]]:
    """Split a plan into stages; return the exercises (with start weeks) and the stages."""
    gentle = [e for e in exercises if e.category != "strength"]
    strong = [e for e in exercises if e.category == "strength"]
    wait = GENTLE_WEEKS if gentle_weeks is None else gentle_weeks
    last = first_week + weeks - 1
    if weeks < 2 or not strong or not gentle or wait == 0:
        single = Stage(number=1, first_week=first_week, last_week=last,
                       exercises=tuple(e.id for e in exercises),
                       session_minutes=session_minutes(exercises))
        return tuple(replace(e, start_week=first_week) for e in exercises), (single,)
    later = first_week + min(wait, weeks - 1)
    ordered = (*(replace(e, start_week=first_week) for e in gentle),
               *(replace(e, start_week=later) for e in strong))
    first = Stage(
        number=1, first_week=first_week, last_week=later - 1,
        exercises=tuple(e.id for e in gentle),
        session_minutes=session_minutes(gentle),
        text=words.ui("STAGE_FIRST", weeks=weeks_words(first_week, later - 1, words),
                      count=len(gentle), minutes=session_minutes(gentle)),
    )
    second = Stage(
        number=2, first_week=later, last_week=last,
        exercises=tuple(e.id for e in ordered),
        session_minutes=session_minutes(ordered),
        text=words.ui("STAGE_LATER", week=later, minutes=session_minutes(ordered),
                      exercises=numbers_words(len(gentle) + 1, len(ordered), words)),
    )
    return ordered, (first, second)
