"""Weekly stages: gentle moves first, strength added later, in the plan and on paper."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from conftest import PROFILES, pdf_pages, run

from backhandout.api import build_pdf
from backhandout.model import Request
from backhandout.planner import make_plan
from backhandout.texts import CARD_FROM_WEEK, STAGE_FIRST

DAY = dt.date(2026, 11, 21)


def plan(catalogue, profile, **kwargs):
    return make_plan(catalogue, Request(profile=profile, date=DAY, **kwargs))


def test_plan_json_has_two_stages_for_a_profile_with_strength():
    data = json.loads(run("plan", "one-sided-pain", "--json", "--weeks", "6").output)
    first, second = data["stages"]
    strength = [e["id"] for e in data["exercises"] if e["category"] == "strength"]
    assert strength
    assert (first["first_week"], first["last_week"], second["first_week"], second["last_week"]) == (
        1, 2, 3, 6)
    assert not set(strength) & set(first["exercises"])
    assert second["exercises"] == [e["id"] for e in data["exercises"]]
    assert first["session_minutes"] < second["session_minutes"] == data["session_minutes"]
    assert first["text"] == (f"Weeks 1 to 2: do exercises 1 to {len(first['exercises'])}. "
                             f"This takes about {first['session_minutes']} minutes.")
    assert second["text"] == ("From week 3: add exercises 6 and 7 to make your back stronger. "
                              f"This takes about {second['session_minutes']} minutes.")
    assert [e["start_week"] for e in data["exercises"]] == [1] * 5 + [3, 3]


@pytest.mark.parametrize(("weeks", "later"), [(2, 2), (3, 3), (4, 3), (12, 3)])
def test_strength_starts_after_the_gentle_weeks(catalogue, weeks, later):
    result = plan(catalogue, "desk-worker", weeks=weeks)
    assert [(s.first_week, s.last_week) for s in result.stages] == [(1, later - 1), (later, weeks)]
    for exercise in result.exercises:
        assert exercise.start_week == (later if exercise.category == "strength" else 1)


@pytest.mark.parametrize("profile", PROFILES)
def test_each_week_is_the_start_of_the_list_so_numbers_agree(catalogue, profile):
    result = plan(catalogue, profile, weeks=6)
    starts = [e.start_week for e in result.exercises]
    assert starts == sorted(starts)
    for stage in result.stages:
        week = result.for_week(stage.first_week)
        assert [e.id for e in week.exercises] == list(stage.exercises)


@pytest.mark.parametrize(
    ("profile", "kwargs"),
    [("desk-worker", {"weeks": 1}), ("post-workout-soreness", {}),
     ("desk-worker", {"flags": ("recent-injury",)})],
)
def test_a_single_stage_when_there_is_nothing_to_add(catalogue, profile, kwargs):
    result = plan(catalogue, profile, **kwargs)
    [stage] = result.stages
    assert (stage.first_week, stage.last_week) == (1, result.weeks) and stage.text == ""
    assert all(e.start_week == 1 for e in result.exercises)


def week_texts(pages: list[str]) -> dict[int, str]:
    """The text of each week's table in the diary."""
    diary = " ".join(" ".join(p.split()) for p in pages if "Your exercise diary" in p)
    parts = re.split(r"(?=Week \d+ Day 1 )", diary)
    return {int(re.match(r"Week (\d+)", p).group(1)): p for p in parts if p.startswith("Week ")}


def test_stages_on_paper(catalogue):
    req = Request(profile="one-sided-pain", weeks=4, date=DAY)
    result = make_plan(catalogue, req)
    pages = pdf_pages(build_pdf(req, catalogue))
    first = " ".join(pages[0].split())
    strong = [(i, e) for i, e in enumerate(result.exercises, 1) if e.start_week > 1]
    gentle = [(i, e) for i, e in enumerate(result.exercises, 1) if e.start_week == 1]
    for stage in result.stages:
        assert stage.text in first
    for i, exercise in strong:
        assert re.search(rf"{i} {re.escape(exercise.name)} .*? From week 3 \d", first)
    cards = " ".join(" ".join(p.split()) for p in pages[1:])
    for i, exercise in strong:
        assert f"{i}. {exercise.name} {exercise.purpose} Start this in week 3" in cards
    weeks = week_texts(pages)
    assert sorted(weeks) == [1, 2, 3, 4]
    for week, text in weeks.items():
        for i, exercise in gentle:
            assert f"{i}. {exercise.name}" in text
        for i, exercise in strong:
            assert (f"{i}. {exercise.name}" in text) is (week >= 3), (week, exercise.name)


def test_single_stage_handout_has_no_stage_words(catalogue):
    pages = pdf_pages(build_pdf(Request(profile="post-workout-soreness", date=DAY), catalogue))
    text = " ".join(" ".join(p.split()) for p in pages)
    assert ": do exercises 1 to" not in text and "Start this in week" not in text
    assert STAGE_FIRST.startswith("{weeks}: do exercises 1 to")
    assert CARD_FROM_WEEK.startswith("Start this in week")
