"""Progress at review: the next programme from a saved one and the diary brought back.

Pure: no drawing, no files. The rules, with CONTENT.md's thresholds (the pain
traffic light: 0 to 3 fine, 4 to 5 all right if it settles by the next
morning, above 5 too much; a change of 2 or more is meaningful):

- pain rose by 2 or more (first week's average against the last's, during or
  next morning), or a score above 5 in the last week with scores: each
  exercise started takes its easier version (another exercise, a dose, or the
  easier way its card describes), else its dose goes down one step within the
  catalogue's range ("cut back, then build back up");
- pain settled by the next morning (the last week with scores: every
  next-morning score 0 to 3, none above 5) and the exercise done on most days
  (more than half the days since it started): its dose goes up one step within
  the catalogue's range, and at the top of the range the harder version
  replaces it;
- anything else (no diary, nothing filled in, no next-morning scores, pain 4 or
  5 the next morning, done on fewer days): no change, and why.

The next programme's diary is numbered on from the last one, starts the
strength moves at once when the gentle weeks are done, and keeps the review
interval.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from .errors import BackhandoutError, RequestError
from .model import DOSE_LIMITS, Catalogue, Dose, Exercise, Request
from .planner import dosed, pick_dose
from .request import LAST_WEEK, check_request, dose_words, refusal
from .tracking_read import MEANINGFUL, HIGH_PAIN, TrackingResult

GREEN = 3  # next-morning pain at or below this has settled (the traffic light's green)
UP = tuple(DOSE_LIMITS)  # the order dose fields go up in (and down in, reversed)


@dataclass(frozen=True)
class Change:
    """What progress did to one exercise, and why, in words for the clinician."""

    exercise: str  # the id it had
    what: str  # "dose up: reps 10 -> 15", "the harder version: ...", "no change"
    why: str


@dataclass(frozen=True)
class Proposal:
    """The next programme's request, what changed per exercise, and the diary in a line."""

    request: Request
    changes: tuple[Change, ...]
    diary: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Exercise:
    """One exercise of the programme as progress changes it."""

    id: str
    dose: Dose
    way: str | None


# --- what the diary says -------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """The diary's verdict on pain, for the whole programme."""

    ease_off: str = ""  # why to ease off ("" when there is no reason)
    settled: str = ""  # why pain counts as settled ("" when it does not)
    unsure: str = ""  # why neither can be said


def read_pain(result: TrackingResult | None) -> Reading:
    """Ease off, settled, or neither (with the reason), from a diary's pain scores."""
    if result is None:
        return Reading(unsure="no diary was given")
    if not result.weeks_counted:
        return Reading(unsure="nothing is filled in on the diary")
    rises = [t for t in result.trends if t.change is not None and t.change >= MEANINGFUL]
    if rises:
        t = rises[0]
        kind = "during" if t.kind == "pain_during" else "next morning"
        return Reading(ease_off=f"pain {kind} rose by {t.change:.1f} (week {t.first_week} "
                                f"average {t.first_mean:.1f}, week {t.last_week} average "
                                f"{t.last_mean:.1f})")
    scored = [d for d in result.days if d.pain_during is not None or d.pain_morning is not None]
    if not scored:
        return Reading(unsure="the diary has no pain scores")
    last = max(d.week for d in scored)
    high = [h for h in result.high_pain if h.week == last]
    if high:
        days = len({h.day for h in high})
        return Reading(ease_off=f"pain was above {HIGH_PAIN} on {days} "
                                f"day{'s' if days > 1 else ''} of week {last}")
    morning = [d.pain_morning for d in scored if d.week == last and d.pain_morning is not None]
    if not morning:
        return Reading(unsure=f"week {last} has no next-morning pain scores")
    if max(morning) > GREEN:
        return Reading(unsure=f"pain the next morning was up to {max(morning)} in week {last} "
                              f"(it has not settled to 0 to {GREEN})")
    return Reading(settled=f"pain settled by the next morning (at most {max(morning)} in "
                           f"week {last})")


# --- dose steps ----------------------------------------------------------------------------


def _ranges(exercise: Exercise) -> dict[str, tuple[int, int]]:
    return {name: (low, high) for name, low, high in exercise.dose.range}


def _step(low: int, high: int) -> int:
    return max(1, -(-(high - low) // 2))


def dose_step(exercise: Exercise, dose: Dose, up: bool) -> tuple[Dose, str] | None:
    """The dose one step up (or down) within the catalogue's range, and what changed:
    the first field that can move (reps, then hold, breaths, minutes, sets, times a day;
    down in the reverse order), by half its range. None when none can."""
    ranges = _ranges(exercise)
    for name in (UP if up else tuple(reversed(UP))):
        value = getattr(dose, name)
        if name not in ranges or value is None:
            continue
        low, high = ranges[name]
        new = min(high, value + _step(low, high)) if up else max(low, value - _step(low, high))
        if new == value or not low <= value <= high:
            continue
        changes: dict[str, int] = {name: new}
        if name == "reps" and dose.reps_away is not None:  # one side first: both counts move
            changes["reps_away"] = min(high, max(low, dose.reps_away + new - value))
        return replace(dose, **changes), f"{dose_words(name)} {value} -> {new}"
    return None


# --- one exercise --------------------------------------------------------------------------


def _version(catalogue: Catalogue, request: Request, item: _Exercise, way: str,
             ids: list[str]) -> tuple[_Exercise, str] | str:
    """The exercise's easier or harder version as the new item and what changed, or why
    it cannot be used."""
    exercise = catalogue.exercises[item.id]
    variant = exercise.version(way)
    if variant is None:
        return f"the catalogue has no {way} version"
    if variant.exercise:
        other = catalogue.exercises[variant.exercise]
        if other.id in ids:
            return f"its {way} version, {other.id}, is in the programme already"
        why = refusal(catalogue, request, tuple(other.id if i == item.id else i for i in ids))
        if why:
            return f"its {way} version {why}"
        dose = pick_dose(catalogue.profiles[request.profile], other)
        return _Exercise(other.id, dose, None), f"the {way} version, {other.id} instead"
    if variant.dose:
        dose = dosed(item.dose, variant.dose)
        if dose == item.dose:
            return f"it has its {way} dose already"
        said = ", ".join(dose_words(name, value) for name, value in variant.dose)
        return _Exercise(item.id, dose, item.way), f"the {way} version, {said}"
    if item.way == way:
        return f"it is done the {way} way already"
    return _Exercise(item.id, item.dose, way), f'the {way} way ("{variant.text}")'


def _easier(catalogue: Catalogue, request: Request, item: _Exercise,
            ids: list[str]) -> tuple[_Exercise, str, str]:
    """The item made easier, what changed, and why not more (or '')."""
    if item.way == "harder":
        return replace(item, way=None), "back to the usual way", ""
    found = _version(catalogue, request, item, "easier", ids)
    if not isinstance(found, str):
        return (*found, "")
    step = dose_step(catalogue.exercises[item.id], item.dose, up=False)
    if step:
        return replace(item, dose=step[0]), f"dose down, {step[1]}", found
    return item, "no change", f"{found}, and the dose is at the low end of its range: talk " \
                              "it over with the patient"


def _harder(catalogue: Catalogue, request: Request, item: _Exercise,
            ids: list[str]) -> tuple[_Exercise, str, str]:
    """The item made harder, what changed, and why not (or '')."""
    if item.way == "easier":
        return replace(item, way=None), "back to the usual way", ""
    step = dose_step(catalogue.exercises[item.id], item.dose, up=True)
    if step:
        return replace(item, dose=step[0]), f"dose up, {step[1]}", ""
    found = _version(catalogue, request, item, "harder", ids)
    if not isinstance(found, str):
        return (*found, "")
    return item, "no change", f"it is at the top of its range, and {found}"


# --- the whole programme -------------------------------------------------------------------


def _exact(dose: Dose) -> tuple[tuple[str, int | None], ...]:
    return tuple((name, getattr(dose, name)) for name in (*DOSE_LIMITS, "reps_away"))


def propose(request: Request, result: TrackingResult | None, catalogue: Catalogue,
            date: dt.date) -> Proposal:
    """The next programme for a checked programme request and its diary (None: none)."""
    from .planner import choose

    reading = read_pain(result)
    done = {e.id: e for e in result.exercises} if result else {}
    notes = []
    if result is not None:
        notes += _same_programme(request, result)
    if result is not None and result.first_week != request.first_week:
        notes.append(f"the diary starts at week {result.first_week}, the programme at week "
                     f"{request.first_week}: is it the diary of this programme?")
    doses = dict(request.doses)
    ways = dict(request.ways)
    items = [_Exercise(e.id, dosed(d, doses.get(e.id, ())), ways.get(e.id))
             for e, d in choose(catalogue, request)]
    new: list[_Exercise] = []
    changes = []
    for item in items:
        ids = [i.id for i in [*new, *items[len(new):]]]
        was = item.id
        what, why = "no change", reading.unsure
        seen = done.get(item.id)
        if reading.unsure:
            pass
        elif seen is None:
            why = "it is not on the diary"
        elif not seen.days:
            why = "it has not started yet in the weeks filled in"
        elif reading.ease_off:
            item, what, more = _easier(catalogue, request, item, ids)
            why = "; ".join(filter(None, (reading.ease_off, more)))
        elif 2 * seen.sessions > seen.days:
            item, what, more = _harder(catalogue, request, item, ids)
            why = "; ".join(filter(None, (f"done on {seen.sessions} of {seen.days} days, and "
                                          f"{reading.settled}", more)))
        else:
            why = f"done on {seen.sessions} of {seen.days} days (not most days)"
        new.append(item)
        changes.append(Change(exercise=was, what=what, why=why))
    first = request.first_week + request.weeks
    if first + request.weeks - 1 > LAST_WEEK:
        raise BackhandoutError(f"the next diary would go past week {LAST_WEEK}: make a new "
                               "programme instead (backhandout plan ... --save)")
    gentle = request.gentle_weeks
    if result is not None and result.weeks_counted >= (2 if gentle is None else gentle):
        gentle = 0  # the gentle weeks are done: strength moves from the start
    review = date + (request.review - request.date) if request.review else None
    following = replace(request, date=date, first_week=first, gentle_weeks=gentle, review=review,
                        only=tuple(i.id for i in new),
                        doses=tuple((i.id, _exact(i.dose)) for i in new),
                        ways=tuple((i.id, i.way) for i in new if i.way))
    try:
        following = check_request(following, catalogue)
    except RequestError as exc:
        raise BackhandoutError(f"the next programme does not check: {exc}") from None
    return Proposal(request=following, changes=tuple(changes), diary=diary_line(result),
                    notes=tuple(notes))


def _same_programme(request: Request, result: TrackingResult) -> list[str]:
    """Refuse a diary made for another profile or patient, or sharing no exercise with the
    programme; a note when their exercises differ."""
    theirs, ours = [e.id for e in result.exercises], list(request.only)
    other = [f"profile {result.profile}" if result.profile and result.profile != request.profile
             else "", f"patient {result.patient!r}" if result.patient and request.patient and
             result.patient != request.patient else ""]
    if any(other) or not set(theirs) & set(ours):
        said = " and ".join(filter(None, other)) or f"exercises {', '.join(theirs)}"
        raise BackhandoutError(f"the diary is not of this programme: it has {said}"[:300],
                               file=result.file)
    if set(theirs) != set(ours):
        return [f"the diary's exercises ({', '.join(theirs)}) are not the programme's: only "
                "those on both can change"]
    return []


def diary_line(result: TrackingResult | None) -> str:
    """The diary in one line: weeks filled in and the pain trends."""
    if result is None:
        return "Diary: none given (--filled DIARY.pdf): nothing to go on, so no change."
    from .tracking_read import numbered, trend_line

    line = (f"Diary: {result.weeks} weeks on the sheet{numbered(result)}, "
            f"{result.weeks_counted} filled in.")
    if result.weeks_counted:
        line += " " + " ".join(trend_line(t) for t in result.trends)
    return line
