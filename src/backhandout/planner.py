"""Pure planning: choose exercises and doses for a request. No drawing here."""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

from .alt_text import joined, panel_texts
from .catalogue_texts import localize
from .errors import PlanError
from .i18n import ENGLISH, Language, load_language
from .links import card_link
from .model import (
    CATEGORIES,
    Catalogue,
    Change,
    Dose,
    Exercise,
    Plan,
    PlannedExercise,
    Profile,
    Request,
    Tip,
    Variant,
)
from .screening import (
    NO_SCREEN,
    Screen,
    describe_changes,
    directions,
    notes,
    on_floor,
    ranked,
    screen,
    too_few_safe,
)
from .stages import make_stages, session_minutes
from .urgent import urgent_help

MIN_EXERCISES, MAX_EXERCISES = 5, 7
MIN_SECONDS, MAX_SECONDS = 10 * 60, 15 * 60
SETUP_SECONDS, MOVE_SECONDS, REST_SECONDS, BREATH_SECONDS = 20, 4, 20, 5
SESSION_ORDER = {name: i for i, name in enumerate(CATEGORIES)}


def your_side(side: str, words: Language = ENGLISH) -> str:
    """'your left side' or 'your right side'."""
    return words.ui("SIDE_YOUR_LEFT" if side == "left" else "SIDE_YOUR_RIGHT")


def side_words(side: str | None, words: Language = ENGLISH,
               sided: bool = True) -> dict[str, str]:
    """What the {away} and {pain} markers become for a pain side (or none); in a handout
    that is not about pain on one side, 'one side' and 'the other side'."""
    if not sided and side is None:
        return {"{away}": words.ui("SIDE_ONE"), "{pain}": words.ui("SIDE_OTHER")}
    if side is None:
        return {"{away}": words.ui("SIDE_AWAY"), "{pain}": words.ui("SIDE_PAIN")}
    other = "right" if side == "left" else "left"
    return {"{away}": your_side(other, words), "{pain}": your_side(side, words)}


def resolve(text: str, side: str | None, words: Language = ENGLISH, sided: bool = True) -> str:
    """Replace the side markers in one text."""
    for marker, said in side_words(side, words, sided).items():
        text = text.replace(marker, said)
    return text


def uses_side_words(exercise: Exercise) -> bool:
    """True when the exercise's text names a side with {away} or {pain}."""
    texts = (exercise.purpose, *exercise.steps, *exercise.cautions, *(t for _, t in exercise.alt))
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
    reps = (dose.reps or 1) * sides if not (per_side and dose.reps_away) \
        else (dose.reps or 1) + dose.reps_away
    return SETUP_SECONDS + dose.sets * reps * each + (dose.sets - 1) * sides * REST_SECONDS


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
    if per_side and dose.reps_away:
        parts.append(words.ui("DOSE_AWAY_FIRST", away_times=times(dose.reps_away, words),
                              times=times(dose.reps or 1, words), away="{away}", pain="{pain}"))
    elif per_side:
        parts.append(words.ui("DOSE_EACH_SIDE", times=times(dose.reps or 1, words)))
    elif dose.reps and dose.reps > 1:
        parts.append(times(dose.reps, words))
    if dose.sets > 1:
        parts.append(words.ui_n("DOSE_ROUNDS", dose.sets))
    if dose.times_per_day:
        parts.append(words.ui("DOSE_PER_DAY", times=times(dose.times_per_day, words)))
    line = " – ".join(parts)
    return line[:1].upper() + line[1:]


def _allowed(exercise: Exercise, profile: Profile, avoid: tuple[str, ...]) -> bool:
    if exercise.clinician_only:
        return False
    if exercise.category == "strength" and not profile.allow_strength:
        return False
    return not set(exercise.direction) <= set(avoid)


def candidates(catalogue: Catalogue, profile: Profile,
               screening: Screen = NO_SCREEN) -> list[tuple[Exercise, Dose]]:
    """The profile's picks first, then other fitting exercises by emphasis; the flags'
    preferred exercises and positions ahead of the rest (see screening.ranked)."""
    emphasis, avoid = directions(profile.emphasis, profile.avoid, screening.prefer)
    picked = {p.id for p in profile.picks}
    first = [
        (catalogue.exercises[p.id], replace(catalogue.exercises[p.id].dose, **p.dose))
        for p in profile.picks
    ]
    rest = sorted(
        (e for e in catalogue.exercises.values() if e.id not in picked),
        key=lambda e: (-len(set(e.direction) & set(emphasis)), e.level, e.id),
    )
    pairs = [(e, d) for e, d in first + [(e, e.dose) for e in rest]
             if _allowed(e, profile, avoid)]
    return ranked(pairs, screening)


def pick_dose(profile: Profile, exercise: Exercise) -> Dose:
    """An exercise's dose in a profile: the catalogue's, with the profile's pick changes."""
    pick = next((p for p in profile.picks if p.id == exercise.id), None)
    return replace(exercise.dose, **pick.dose) if pick else exercise.dose


def _cost(exercise: Exercise, dose: Dose) -> int:
    """Seconds an exercise adds to the session (walks are extra)."""
    return 0 if exercise.category == "aerobic" else estimate_seconds(dose, exercise.per_side)


def select(catalogue: Catalogue, profile: Profile, screening: Screen = NO_SCREEN, *,
           add: tuple[str, ...] = (), drop: tuple[str, ...] = (),
           most: int = MAX_EXERCISES) -> list[tuple[Exercise, Dose]]:
    """Choose 5-7 exercises (at most `most`) that fill a 10-15 minute session, in session
    order, without those the screening leaves out and within its floor limit.

    The clinician's `add` come first, whatever the profile (request.py has checked the
    flags allow them); `drop` are never chosen.
    """
    chosen = [(catalogue.exercises[i], pick_dose(profile, catalogue.exercises[i])) for i in add]
    seconds = sum(_cost(e, d) for e, d in chosen)
    floor = sum(on_floor(e) for e, _ in chosen)
    least = min(MIN_EXERCISES, most)
    wanted = {p.id for p in profile.picks} | set(screening.prefers)
    skip = set(add) | set(drop)
    for exercise, dose in candidates(catalogue, profile, screening):
        if exercise.id in skip or screening.why_removed(exercise.id):
            continue
        if len(chosen) >= most:
            break
        if screening.floor_limit is not None and on_floor(exercise) \
                and floor >= screening.floor_limit:
            continue
        cost = _cost(exercise, dose)
        if seconds + cost > MAX_SECONDS:
            continue
        picked_enough = len(chosen) >= least and seconds >= MIN_SECONDS
        if picked_enough and exercise.id not in wanted:
            break
        chosen.append((exercise, dose))
        seconds += cost
        floor += on_floor(exercise)
    if len(chosen) < least:
        if screening.flags:
            raise too_few_safe(profile.id, screening.flags, least)
        raise PlanError(
            f"only {len(chosen)} suitable exercises fit a session; at least {least} are needed",
            file=profile.file,
            field="picks",
        )
    order = {e.id: i for i, (e, _) in enumerate(chosen)}
    return sorted(chosen, key=lambda pair: (SESSION_ORDER[pair[0].category], order[pair[0].id]))


def choose(catalogue: Catalogue, request: Request,
           screening: Screen | None = None) -> list[tuple[Exercise, Dose]]:
    """The exercises a request gets, with their doses before --dose: --only as given, else
    the automatic pick with --add and --drop."""
    profile = catalogue.profiles[request.profile]
    if request.only:
        return [(catalogue.exercises[i], pick_dose(profile, catalogue.exercises[i]))
                for i in request.only]
    screening = screen(catalogue, request) if screening is None else screening
    return select(catalogue, profile, screening, add=request.add, drop=request.drop,
                  most=request.max_exercises)


def automatic(catalogue: Catalogue, request: Request, screening: Screen) -> list[Exercise] | None:
    """The automatic pick for the request (None when it cannot make one)."""
    try:
        return [e for e, _ in select(catalogue, catalogue.profiles[request.profile], screening,
                                     most=request.max_exercises)]
    except PlanError:
        return None


def dosed(dose: Dose, fields: tuple[tuple[str, int | None], ...]) -> Dose:
    """A dose with the clinician's fields set (None: unset, as a programme file's dose is
    exact); a hold replaces breaths and breaths a hold."""
    values: dict[str, int | None] = dict(fields)
    if values.get("hold_seconds") and "breaths" not in values:
        values["breaths"] = None
    if values.get("breaths") and "hold_seconds" not in values:
        values["hold_seconds"] = None
    if "sets" in values and values["sets"] is None:
        values["sets"] = 1
    return replace(dose, **values)


def _changes(catalogue: Catalogue, request: Request, screening: Screen,
             chosen: list[Exercise], words: Language) -> tuple[Change, ...]:
    """What the flags changed, for the first page. For the automatic pick: what was left
    out and why, and what came instead; for the clinician's own choice, only which of the
    automatic pick's exercises the flags leave out (the rest was the clinician's doing)."""
    if not (screening.flags or screening.prefer):
        return ()
    profile = catalogue.profiles[request.profile]
    before = [e for e, _ in select(catalogue, profile, most=request.max_exercises)]
    auto = automatic(catalogue, request, screening)
    if auto is not None and {e.id for e in auto} == {e.id for e in chosen}:
        return describe_changes(before, auto, screening, words)
    return describe_changes(before, chosen, screening, words, own_choice=True)


def _version_line(variant: Variant | None, exercise: Exercise, dose: Dose) -> str | None:
    """The card's "Too hard?" or "Too easy?" text, unless the plan already does it (a dose
    change the dose already has)."""
    if variant is None or (variant.dose and dosed(dose, variant.dose) == dose):
        return None
    return variant.text


def _planned(exercise: Exercise, dose: Dose, side: str | None, sided: bool,
             words: Language = ENGLISH, *, way: str | None = None,
             video: str | None = None) -> PlannedExercise:
    named = uses_side_words(exercise) and sided

    def said(text: str | None) -> str | None:
        return None if text is None else resolve(text, side, words, sided)

    current = exercise.version(way) if way else None
    return PlannedExercise(
        id=exercise.id,
        name=exercise.name,
        category=exercise.category,
        per_side=exercise.per_side,
        purpose=resolve(exercise.purpose, side, words, sided),
        steps=tuple(resolve(step, side, words, sided) for step in exercise.steps),
        dose=dose,
        dose_line=resolve(dose_line(dose, exercise.per_side, words), side, words, sided),
        cautions=tuple(resolve(c, side, words, sided) for c in exercise.cautions),
        equipment=exercise.equipment,
        seconds=estimate_seconds(dose, exercise.per_side),
        figure=exercise.figure,
        mirror=named and side == "right",
        figure_labels=figure_sides(side, words) if named else (),
        easier=None if way else said(_version_line(exercise.easier, exercise, dose)),
        harder=None if way else said(_version_line(exercise.harder, exercise, dose)),
        way=said(current.text) if current else None,
        video=video,
        picture_alt=resolve(joined(panel_texts(exercise), words), side, words, sided),
    )


def _how_to_use(lines: tuple[str, ...], exercises: tuple[PlannedExercise, ...],
                words: Language) -> tuple[str, ...]:
    """The catalogue's lines, and which cards to do more than once a day."""
    often = [e for e in exercises if (e.dose.times_per_day or 1) > 1]
    if not often:
        return lines
    more = words.ui("MORE_OFTEN", exercises=words.and_list(e.name for e in often))
    return (lines[0], more, *lines[1:])


def make_plan(catalogue: Catalogue, request: Request) -> Plan:
    """Turn a request into a complete, drawable plan, in the request's language."""
    words = load_language(catalogue.root, request.lang)
    catalogue = localize(catalogue, words)
    profile = catalogue.profiles[request.profile]
    side = request.side
    sided = profile.sided or side is not None
    screening = screen(catalogue, request)
    chosen = choose(catalogue, request, screening)
    changes = _changes(catalogue, request, screening, [e for e, _ in chosen], words)
    doses, ways = dict(request.doses), dict(request.ways)
    base = request.clinic.video_base if request.clinic else None
    planned = [_planned(e, dosed(d, doses.get(e.id, ())), side, sided, words,
                        way=ways.get(e.id), video=card_link(e.id, e.video, base))
               for e, d in chosen]
    exercises, stages = make_stages(planned, request.weeks, words, first_week=request.first_week,
                                    gentle_weeks=request.gentle_weeks)
    cautions, ask_first, checked = notes(catalogue, screening, exercises, words)
    extra = sum(e.seconds for e in exercises if e.category == "aerobic")
    warnings = catalogue.warnings
    flags = tuple(f.id for f in screening.flags)
    pregnant = "pregnancy" in flags
    clinician = request.clinician or (request.clinic.clinician if request.clinic else None)
    emergency, same_day, pregnancy_stop = urgent_help(catalogue, request, words, pregnant)

    def said(lines: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(resolve(line, side, words, sided) for line in lines)

    care = (*warnings.self_care,
            *([Tip(title=words.ui("HEADING_PREGNANCY"), lines=warnings.pregnancy_care)]
              if pregnant else []),
            *(replace(t, lines=said(t.lines)) for t in profile.tips))
    return Plan(
        profile_id=profile.id,
        profile_name=profile.name,
        title=profile.title,
        patient=request.patient,
        side=side,
        date=request.date,
        weeks=request.weeks,
        explanation=said(profile.explanation),
        how_to_use=_how_to_use(said(warnings.how_to_use), exercises, words),
        exercises=exercises,
        session_minutes=session_minutes(exercises),
        extra_minutes=round(extra / 60),
        tips=tuple(replace(t, lines=said(t.lines)) for t in profile.tips),
        profile_warnings=said(profile.warnings),
        general_rules=warnings.general_rules,
        avoid_while_painful=warnings.avoid_while_painful,
        see_doctor=warnings.see_doctor,
        emergency=emergency,
        same_day=same_day,
        pregnancy_stop=pregnancy_stop,
        pain_guide=warnings.pain_guide,
        disclaimer=warnings.disclaimer,
        self_care=care,
        flags=flags,
        age=request.age,
        cautions=cautions,
        ask_first=ask_first,
        checked=checked,
        changes=changes,
        stages=stages,
        clinic=request.clinic,
        clinician=clinician,
        notes=request.notes,
        review=request.review,
        region=request.region or (request.clinic.region if request.clinic else None),
        sources=words.ui("SOURCES_LINE", version=catalogue.version),
        lang=words.code,
        first_week=request.first_week,
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
