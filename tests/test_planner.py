"""Selection, doses and side words: pure planning, nothing drawn."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from conftest import PROFILES

from backhandout.errors import PlanError
from backhandout.model import Dose, Request
from backhandout.planner import (
    SESSION_ORDER,
    dose_line,
    make_plan,
    plan_to_dict,
    select,
)

DAY = dt.date(2026, 11, 21)


def plan(catalogue, profile, **kwargs):
    return make_plan(catalogue, Request(profile=profile, date=DAY, **kwargs))


@pytest.mark.parametrize("profile", PROFILES)
def test_five_to_seven_exercises_in_ten_to_fifteen_minutes(catalogue, profile):
    result = plan(catalogue, profile)
    assert 5 <= len(result.exercises) <= 7
    assert 10 <= result.session_minutes <= 15


@pytest.mark.parametrize("profile", PROFILES)
def test_gentle_mobility_first_strength_last(catalogue, profile):
    order = [SESSION_ORDER[e.category] for e in plan(catalogue, profile).exercises]
    assert order == sorted(order)
    assert plan(catalogue, profile).exercises[0].category == "mobility"


def test_desk_worker_favours_extension_and_skips_forward_bending(catalogue):
    chosen = [catalogue.exercises[e.id] for e in plan(catalogue, "desk-worker").exercises]
    assert sum("extension" in e.direction for e in chosen) >= 3
    assert not any(set(e.direction) == {"flexion"} for e in chosen)


def test_one_sided_pain_favours_side_bend_and_rotation(catalogue):
    chosen = [catalogue.exercises[e.id] for e in plan(catalogue, "one-sided-pain").exercises]
    assert sum(bool({"side-bend", "rotation"} & set(e.direction)) for e in chosen) >= 3
    assert chosen[0].id == "standing-side-bend"


def test_post_workout_is_gentle(catalogue):
    chosen = plan(catalogue, "post-workout-soreness").exercises
    assert not any(e.category == "strength" for e in chosen)
    assert any(e.category == "stretch" for e in chosen)


def test_clinician_only_exercises_are_never_picked(catalogue):
    for profile in PROFILES:
        assert "nerve-glide" not in [e.id for e in plan(catalogue, profile).exercises]


def test_planning_is_deterministic(catalogue):
    for profile in PROFILES:
        assert plan_to_dict(plan(catalogue, profile)) == plan_to_dict(plan(catalogue, profile))


def test_side_names_the_side_away_from_the_pain(catalogue):
    left = plan(catalogue, "one-sided-pain", side="left")
    right = plan(catalogue, "one-sided-pain", side="right")
    generic = plan(catalogue, "one-sided-pain")
    left_text = " ".join(s for e in left.exercises for s in e.steps)
    right_text = " ".join(s for e in right.exercises for s in e.steps)
    generic_text = " ".join(s for e in generic.exercises for s in e.steps)
    assert "towards your right side" in left_text
    assert "towards your left side" in right_text
    assert "the side away from your pain" in generic_text
    assert "{" not in left_text + right_text + generic_text


def test_profile_dose_override(catalogue):
    press_up = next(e for e in plan(catalogue, "desk-worker").exercises if e.id == "press-up")
    override = next(p for p in catalogue.profiles["desk-worker"].picks if p.id == "press-up")
    assert press_up.dose.reps == override.dose["reps"]


@pytest.mark.parametrize(
    ("dose", "per_side", "line"),
    [
        (Dose(hold_seconds=20, reps=3, times_per_day=2), True,
         "Hold 20 seconds – 3 times each side – twice a day"),
        (Dose(reps=10, sets=3, hold_seconds=2), False, "Hold 2 seconds – 10 times – 3 rounds"),
        (Dose(breaths=1, reps=5), True, "Hold for 1 slow breath – 5 times each side"),
        (Dose(minutes=10, times_per_day=2), False, "10 minutes at an easy pace – twice a day"),
        (Dose(reps=1, times_per_day=1), False, "Once a day"),
        (Dose(hold_seconds=30), True, "Hold 30 seconds – once each side"),
    ],
)
def test_dose_line(dose, per_side, line):
    assert dose_line(dose, per_side) == line


def test_too_few_exercises_is_refused(catalogue):
    profile = replace(catalogue.profiles["post-workout-soreness"], avoid=("flexion", "rotation",
                      "side-bend", "extension", "neutral"))
    broken = replace(catalogue, profiles={profile.id: profile})
    with pytest.raises(PlanError, match="at least 5 are needed"):
        select(broken, profile)


def test_plan_json_is_plain_data(catalogue):
    data = plan_to_dict(plan(catalogue, "desk-worker", patient="Ana"))
    assert data["date"] == "2026-11-21"
    assert data["patient"] == "Ana"
    assert isinstance(data["exercises"][0]["dose"]["range"], dict)
