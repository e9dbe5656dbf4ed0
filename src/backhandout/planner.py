"""Pure planning: choose exercises and doses for a request. No drawing here."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, replace
from typing import Any

from .catalogue_texts import localize
from .errors import PlanError
from .i18n import ENGLISH, Language, load_language
from .model import (
    CATEGORIES,
    Catalogue,
    Change,
    Dose,
    Exercise,
    Flag,
    Plan,
    PlannedExercise,
    Profile,
    Request,
)
from .screening import (
    active_flags,
    answered_flags,
    card_cautions,
    describe_changes,
    flag_cautions,
    leaving_out,
    too_few_safe,
)
from .stages import make_stages, session_minutes

MIN_EXERCISES, MAX_EXERCISES = 5, 7
MIN_SECONDS, MAX_SECONDS = 10 * 60, 15 * 60
SETUP_SECONDS, MOVE_SECONDS, REST_SECONDS, BREATH_SECONDS = 20, 4, 20, 5
SESSION_ORDER = {name: i for i, name in enumerate(CATEGORIES)}


def your_side(side: str, words: Language = ENGLISH) -> str:
    """'your left side' or 'your right side'."""
    return words.ui("SIDE_YOUR_LEFT" if side == "left" else "SIDE_YOUR_RIGHT")


def side_words(side: str | None, words: Language = ENGLISH) -> dict[str, str]:
    """What the {away} and {pain} markers become for a pain side (or none)."""
    if side is None:
        return {"{away}": words.ui("SIDE_AWAY"), "{pain}": words.ui("SIDE_PAIN")}
    other = "right" if side == "left" else "left"
    return {"{away}": your_side(other, words), "{pain}": your_side(side, words)}


def resolve(text: str, side: str | None, words: Language = ENGLISH) -> str:
    """Replace the side markers in one text."""
    for marker, said in side_words(side, words).items():
        text = text.replace(marker, said)
    return text


def uses_side_words(exercise: Exercise) -> bool:
    """True when the exercise's text names a side with {away} or {pain}."""
    texts = (exercise.purpose, *exercise.steps, *exercise.cautions)
    return any(marker in text for text in texts for marker in side_words(None))


def figure_sides(side: str | None, words: Language = ENGLISH) -> tuple[str, str]:
    """Words for a figure's own right and left side.

    Figures of exercises that name a side are drawn for pain on the left, so
    {away} is the figure's right side; with pain on the right the figure is
    mirrored and these words follow the mirrored sides.
    """
    if side is None:
        return words.ui("FIGURE_AWAY"), words.ui("FIGURE_PAIN")
    other = "right" if side == "left" else "left"
    return words.ui(f"FIGURE_YOUR_{other.upper()}"), words.ui(f"FIGURE_YOUR_{side.upper()}")


def estimate_seconds(dose: Dose, per_side: bool) -> int:
    """Rough time one exercise takes, from its dose."""
    if dose.minutes:
        return dose.minutes * 60
    sides = 2 if per_side else 1
    each = (dose.hold_seconds or 0) + (dose.breaths or 0) * BREATH_SECONDS + MOVE_SECONDS
    reps = dose.reps or 1
    return SETUP_SECONDS + sides * dose.sets * reps * each + (dose.sets - 1) * sides * REST_SECONDS


def times(n: int, words: Language = ENGLISH) -> str:
    """'once', 'twice', '3 times' (or the language's words)."""
    special = {1: "TIMES_ONCE", 2: "TIMES_TWICE"}
    return words.ui(special[n]) if n in special else words.ui_n("TIMES", n)


def dose_line(dose: Dose, per_side: bool, words: Language = ENGLISH) -> str:
    """The dose in plain words, e.g. 'Hold 20 seconds – 3 times each side – twice a day'."""
    parts = []
    if dose.minutes:
        parts.append(words.ui_n("DOSE_MINUTES", dose.minutes))
    if dose.hold_seconds:
        parts.append(words.ui_n("DOSE_HOLD", dose.hold_seconds))
    elif dose.breaths:
        parts.append(words.ui_n("DOSE_BREATHS", dose.breaths))
    if per_side:
        parts.append(words.ui("DOSE_EACH_SIDE", times=times(dose.reps or 1, words)))
    elif dose.reps and dose.reps > 1:
        parts.append(times(dose.reps, words))
    if dose.sets > 1:
        parts.append(words.ui_n("DOSE_ROUNDS", dose.sets))
    if dose.times_per_day:
        parts.append(words.ui("DOSE_PER_DAY", times=times(dose.times_per_day, words)))
    line = " – ".join(parts)
    return line[:1].upper() + line[1:]


def _allowed(exercise: Exercise, profile: Profile) -> bool:
    if exercise.clinician_only:
        return False
    if exercise.category == "strength" and not profile.allow_strength:
        return False
    return not set(exercise.direction) <= set(profile.avoid)


def candidates(catalogue: Catalogue, profile: Profile) -> list[tuple[Exercise, Dose]]:
    """The profile's picks first, then other fitting exercises by emphasis."""
    picked = {p.id for p in profile.picks}
    first = [
        (catalogue.exercises[p.id], replace(catalogue.exercises[p.id].dose, **p.dose))
        for p in profile.picks
    ]
    rest = sorted(
        (e for e in catalogue.exercises.values() if e.id not in picked),
        key=lambda e: (-len(set(e.direction) & set(profile.emphasis)), e.level, e.id),
    )
    return [(e, d) for e, d in first + [(e, e.dose) for e in rest] if _allowed(e, profile)]


def select(
    catalogue: Catalogue, profile: Profile, excluded: Collection[str] = ()
) -> list[tuple[Exercise, Dose]]:
    """Choose 5-7 exercises that fill a 10-15 minute session, in session order."""
    chosen: list[tuple[Exercise, Dose]] = []
    seconds = 0
    picked = {p.id for p in profile.picks}
    for exercise, dose in candidates(catalogue, profile):
        if exercise.id in excluded:
            continue
        if len(chosen) >= MAX_EXERCISES:
            break
        cost = 0 if exercise.category == "aerobic" else estimate_seconds(dose, exercise.per_side)
        if seconds + cost > MAX_SECONDS:
            continue
        picked_enough = len(chosen) >= MIN_EXERCISES and seconds >= MIN_SECONDS
        if picked_enough and exercise.id not in picked:
            break
        chosen.append((exercise, dose))
        seconds += cost
    if len(chosen) < MIN_EXERCISES:
        raise PlanError(
            f"only {len(chosen)} suitable exercises fit a session; at least {MIN_EXERCISES} are needed",
            file=profile.file,
            field="picks",
        )
    order = {e.id: i for i, (e, _) in enumerate(chosen)}
    return sorted(chosen, key=lambda pair: (SESSION_ORDER[pair[0].category], order[pair[0].id]))


def screened_select(
    catalogue: Catalogue, profile: Profile, flags: tuple[Flag, ...], words: Language = ENGLISH
) -> tuple[list[tuple[Exercise, Dose]], tuple[Change, ...]]:
    """Select without the exercises the flags leave out; say what changed and why.

    A replacement is one the flags do not touch at all where possible, else one
    they only add a caution to.
    """
    chosen = select(catalogue, profile)
    kept = {e.id for e, _ in chosen}
    left_out = leaving_out(catalogue, flags)
    if not left_out.keys() & kept:
        return chosen, ()
    touched = {e.id for e in catalogue.exercises.values() if flag_cautions(e, flags)} - kept
    for excluded in (left_out.keys() | touched, left_out.keys()):
        try:
            screened = select(catalogue, profile, excluded)
        except PlanError:
            continue
        before, after = [e for e, _ in chosen], [e for e, _ in screened]
        return screened, describe_changes(before, after, left_out, words)
    raise too_few_safe(profile.id, flags, MIN_EXERCISES)


def _planned(
    exercise: Exercise, dose: Dose, side: str | None, flags: tuple[Flag, ...] = (),
    words: Language = ENGLISH, answered: frozenset[str] = frozenset(),
) -> PlannedExercise:
    sided = uses_side_words(exercise)
    cautions = card_cautions(exercise, flags, answered)
    return PlannedExercise(
        id=exercise.id,
        name=exercise.name,
        category=exercise.category,
        per_side=exercise.per_side,
        purpose=resolve(exercise.purpose, side, words),
        steps=tuple(resolve(step, side, words) for step in exercise.steps),
        dose=dose,
        dose_line=dose_line(dose, exercise.per_side, words),
        cautions=tuple(resolve(c, side, words) for c in cautions),
        equipment=exercise.equipment,
        seconds=estimate_seconds(dose, exercise.per_side),
        figure=exercise.figure,
        mirror=sided and side == "right",
        figure_labels=figure_sides(side, words) if sided else (),
    )


def make_plan(catalogue: Catalogue, request: Request) -> Plan:
    """Turn a request into a complete, drawable plan, in the request's language."""
    words = load_language(catalogue.root, request.lang)
    catalogue = localize(catalogue, words)
    profile = catalogue.profiles[request.profile]
    side = request.side
    flags = active_flags(catalogue, request)
    chosen, changes = screened_select(catalogue, profile, flags, words)
    answered = answered_flags(catalogue, request)
    exercises, stages = make_stages([_planned(e, d, side, flags, words, answered)
                                     for e, d in chosen],
                                    request.weeks, words)
    extra = sum(e.seconds for e in exercises if e.category == "aerobic")
    warnings = catalogue.warnings
    return Plan(
        profile_id=profile.id,
        profile_name=profile.name,
        title=profile.title,
        patient=request.patient,
        side=side,
        date=request.date,
        weeks=request.weeks,
        explanation=tuple(resolve(line, side, words) for line in profile.explanation),
        how_to_use=tuple(resolve(line, side, words) for line in warnings.how_to_use),
        exercises=exercises,
        session_minutes=session_minutes(exercises),
        extra_minutes=round(extra / 60),
        tips=tuple(
            replace(t, lines=tuple(resolve(line, side, words) for line in t.lines))
            for t in profile.tips
        ),
        profile_warnings=tuple(resolve(w, side, words) for w in profile.warnings),
        general_rules=warnings.general_rules,
        avoid_while_painful=warnings.avoid_while_painful,
        see_doctor=warnings.see_doctor,
        emergency=warnings.emergency,
        pain_guide=warnings.pain_guide,
        disclaimer=warnings.disclaimer,
        flags=tuple(f.id for f in flags),
        age=request.age,
        ask_first=tuple(resolve(f.ask_first, side, words) for f in flags),
        changes=changes,
        stages=stages,
        clinic=request.clinic,
        clinician=request.clinician or (request.clinic.clinician if request.clinic else None),
        notes=request.notes,
        lang=words.code,
        words=words,
    )


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain JSON-ready data."""
    data = asdict(replace(plan, words=ENGLISH))
    del data["words"]
    data["date"] = plan.date.isoformat()
    for item in data["exercises"]:
        item["dose"]["range"] = {name: [lo, hi] for name, lo, hi in item["dose"]["range"]}
    return data
