"""Screening: the flags' rules as data in flags.yaml, and how they change the plan itself."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re

import pytest
from conftest import PROFILES, break_file, one_line_error, pdf_pages, run

from backhandout.api import build_pdf, plan_for
from backhandout.errors import PlanError, RequestError
from backhandout.model import FLOOR, Request
from backhandout.planner import make_plan
from backhandout.screening import NO_SCREEN, describe_changes, screen

DAY = dt.date(2026, 11, 21)
FLAGS = ("osteoporosis", "arthritis", "pregnancy", "sciatica", "recent-injury", "disc-problem",
         "no-floor")
FORWARD = "flexion"


def plan(catalogue, profile, **kwargs):
    return make_plan(catalogue, Request(profile=profile, date=DAY, **kwargs))


def ids(result) -> list[str]:
    return [e.id for e in result.exercises]


def floor_count(catalogue, result) -> int:
    return sum(catalogue.exercises[i].position in FLOOR for i in ids(result))


# --- the rules as data --------------------------------------------------------------------

def test_flags_hold_their_rules_as_data(catalogue):
    flags = catalogue.flags
    assert set(FLAGS) <= set(flags)
    assert [f.from_age for f in flags.values() if f.from_age] == [65, 75]
    assert flags["sciatica"].removes == ("hamstring-stretch",)
    assert flags["disc-problem"].prefers == ("walking", "knee-rolls", "pelvic-tilt")
    assert flags["no-floor"].floor_limit == 0 and flags["age-75-plus"].floor_limit == 2
    assert [(m.position, m.from_week) for m in flags["pregnancy"].avoid] == [
        ("lying-face-down", None), ("lying-on-back", 16)]
    for exercise in catalogue.exercises.values():  # no rules left inside the exercises
        assert not hasattr(exercise, "screening") and not hasattr(exercise, "ask_first")


def test_screening_is_one_pass(catalogue):
    result = screen(catalogue, Request(profile="desk-worker", flags=("pregnancy",), age=80))
    assert [f.id for f in result.flags] == ["age-65-plus", "age-75-plus", "pregnancy"]
    assert result.floor_limit == 2
    assert result.why_removed("press-up")[0].id == "pregnancy"
    assert result.why_removed("standing-back-extension") == ()


def test_a_rule_naming_an_unknown_exercise_is_one_line(catalogue_copy):
    break_file(catalogue_copy, "flags.yaml", "removes: [hamstring-stretch]    # it pulls",
               "removes: [hamstring-strech]    # it pulls")
    assert re.search(r"flags\.yaml:\d+: flags\[6\]\.removes\[0\]: unknown exercise "
                     r"'hamstring-strech'$", one_line_error(catalogue_copy))


def test_a_rule_naming_an_unknown_position_is_one_line(catalogue_copy):
    break_file(catalogue_copy, "flags.yaml", "position: lying-face-down   # once",
               "position: upside-down   # once")
    assert re.search(r"flags\[5\]\.avoid\[0\]\.position: expected one of lying-on-back, .*floor, "
                     r"got 'upside-down'", one_line_error(catalogue_copy))


def test_from_week_is_for_pregnancy_only(catalogue_copy):
    break_file(catalogue_copy, "flags.yaml", "      - direction: flexion        # moves that bend",
               "      - direction: flexion\n        from_week: 3        # moves that bend")
    assert "flags[0].avoid[0].from_week: from_week is for pregnancy only" in one_line_error(
        catalogue_copy)


def test_an_ask_first_text_takes_one_exercises_marker(catalogue_copy):
    break_file(catalogue_copy, "flags.yaml", "before you do {exercises}.\n    about:",
               "before you do {exercises} and {moves}.\n    about:")
    assert "flags[1].ask_first: unknown marker {moves} (use {exercises})" in one_line_error(
        catalogue_copy)


def test_duplicate_and_missing_parts_of_the_flags_file(catalogue_copy):
    break_file(catalogue_copy, "flags.yaml", "  - id: arthritis", "  - id: osteoporosis")
    assert re.search(r"flags\[1\]\.id: duplicate flag 'osteoporosis'",
                     one_line_error(catalogue_copy))
    (catalogue_copy / "flags.yaml").unlink()
    assert one_line_error(catalogue_copy).endswith("flags.yaml: file not found")


# --- every profile with each flag alone and in pairs ---------------------------------------

PAIRS = [(f,) for f in FLAGS] + list(itertools.combinations(FLAGS, 2))


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("flags", PAIRS, ids="+".join)
def test_screened_plans_leave_out_what_the_flags_forbid(catalogue, profile, flags):
    try:
        result = plan(catalogue, profile, flags=flags)
    except PlanError as exc:  # a clear refusal is allowed: never an unsafe plan
        assert "Please choose this patient's exercises yourself" in str(exc)
        return
    rules = screen(catalogue, Request(profile=profile, flags=flags))
    chosen = [catalogue.exercises[i] for i in ids(result)]
    assert 5 <= len(chosen) <= 7
    for exercise in chosen:
        assert not rules.why_removed(exercise.id), exercise.id
    if "pregnancy" in flags:
        assert not {"lying-on-back", "lying-face-down"} & {e.position for e in chosen}
    if {"disc-problem", "sciatica"} & set(flags):
        assert not any(FORWARD in e.direction for e in chosen)
        assert "hamstring-stretch" not in ids(result)
    if "no-floor" in flags:
        assert floor_count(catalogue, result) == 0
    assert len(result.ask_first) == len(set(result.ask_first))
    for line in result.ask_first:  # only exercises the plan has, by their numbers
        for number in re.findall(r"\d+", line.split("Ask")[-1]):
            assert 1 <= int(number) <= len(chosen)


def test_pregnancy_after_16_weeks_has_nothing_lying_on_the_back(catalogue):
    for weeks, allowed in ((None, False), (20, False), (13, False), (8, True)):
        request = Request(profile="desk-worker", flags=("pregnancy",), pregnancy_weeks=weeks)
        result = plan(catalogue, "desk-worker", flags=("pregnancy",), pregnancy_weeks=weeks)
        positions = {catalogue.exercises[i].position for i in ids(result)}
        assert "lying-face-down" not in positions
        # 13 weeks and a 4-week diary reach week 16: nothing lying on the back from there
        assert (not screen(catalogue, request).why_removed("glute-bridge")) is allowed, weeks
        if not allowed:
            assert "lying-on-back" not in positions
    pregnant = plan(catalogue, "desk-worker", flags=("pregnancy",))
    assert pregnant.pregnancy_stop is not None
    assert pregnant.pregnancy_stop.signs == catalogue.warnings.pregnancy_stop
    assert any(t.title == "If you are pregnant" for t in pregnant.self_care)
    assert plan(catalogue, "desk-worker").pregnancy_stop is None


def test_pregnancy_weeks_alone_switch_the_flag_on():
    data = json.loads(run("plan", "desk-worker", "--json", "--pregnancy-weeks", "20").output)
    assert data["flags"] == ["pregnancy"]


def test_older_and_osteoporosis_plans_are_mostly_off_the_floor(catalogue):
    old = plan(catalogue, "desk-worker", age=78, flags=("osteoporosis",))
    assert floor_count(catalogue, old) <= 2
    assert not any(FORWARD in catalogue.exercises[i].direction for i in ids(old))
    assert {"seated-back-extension", "chair-stand"} <= set(ids(old))
    for profile in PROFILES:
        assert floor_count(catalogue, plan(catalogue, profile, age=80)) <= 2
        assert floor_count(catalogue, plan(catalogue, profile, flags=("no-floor",))) == 0
    assert any("sitting or standing" in c.text or "in a chair" in c.text for c in old.changes)


def test_disc_and_sciatica_favour_walking_knee_rolls_and_pelvic_tilt(catalogue):
    result = plan(catalogue, "post-workout-soreness", flags=("disc-problem", "sciatica"))
    assert {"walking", "knee-rolls", "pelvic-tilt"} <= set(ids(result))
    assert catalogue.flags["sciatica"].caution in result.cautions


def test_prefer_overrides_the_profiles_direction(catalogue):
    usual = plan(catalogue, "desk-worker")
    bent = plan(catalogue, "desk-worker", prefer="flexion")
    assert any("extension" in catalogue.exercises[i].direction for i in ids(usual))
    assert not any(catalogue.exercises[i].direction == ("extension",) for i in ids(bent))
    assert any(FORWARD in catalogue.exercises[i].direction for i in ids(bent))


# --- one line per flag, only for exercises in the plan --------------------------------------

def test_age_72_with_osteoporosis_asks_once_and_only_about_its_exercises(catalogue):
    result = plan(catalogue, "desk-worker", age=72, flags=("osteoporosis",))
    assert result.ask_first == ("You are 65 or older. Ask your doctor before you do "
                                "exercises 1 and 3.",)
    names = [result.exercises[0].name, result.exercises[2].name]
    assert names == ["Standing back bend", "Sitting back bend"]
    for exercise in result.exercises:  # the cards do not ask again
        assert not any("doctor" in c for c in exercise.cautions)


def test_checked_replaces_the_ask_first_line(catalogue):
    result = plan(catalogue, "desk-worker", age=72, checked=("age-65-plus",))
    assert result.ask_first == () and result.checked == (
        "We have checked that these exercises are OK for you.")
    pages = [" ".join(p.split()) for p in pdf_pages(build_pdf(
        Request(profile="desk-worker", age=72, checked=("age-65-plus",), date=DAY), catalogue))]
    assert result.checked in " ".join(pages[:2]) and "Ask your doctor before" not in pages[0]


def test_checked_must_be_one_of_the_patients_flags():
    result = run("plan", "desk-worker", "--checked", "arthritis")
    assert result.exit_code == 2
    assert ("Invalid value for '--checked': 'arthritis' is not one of this patient's flags"
            in result.output)


def test_an_unscreened_handout_asks_the_questions_once(catalogue):
    result = plan(catalogue, "desk-worker")
    assert result.ask_first[0].startswith("Are you 65 or older, or do you have arthritis? "
                                          "Ask your doctor before you do exercises 1, 2, 3")
    settled = plan(catalogue, "desk-worker", age=50, flags=("arthritis",))
    assert not any(line.startswith("Are you 65") for line in settled.ask_first)
    assert settled.ask_first[0].startswith("You have arthritis.")


def test_what_changed_is_said_in_a_few_lines(catalogue):
    result = plan(catalogue, "post-workout-soreness", flags=("disc-problem", "sciatica"))
    [change] = result.changes
    assert change.text.startswith("We left out Cat and cow, Rock back to your heels, Child's pose")
    assert "This is because you have pain or tingling down your leg and you have a disc "\
           "problem." in change.text
    knee, twist, walk, bridge = (catalogue.exercises[i] for i in
                                 ("knee-to-chest", "supine-twist", "walking", "glute-bridge"))
    bones = screen(catalogue, Request(profile="desk-worker", flags=("osteoporosis",)))
    texts = [c.text for c in describe_changes([knee, twist], [twist, walk], bones)]
    assert texts == ["We left out Knee to chest. This is because you have osteoporosis. "
                     "We chose Easy walk instead."]
    texts = [c.text for c in describe_changes([knee, twist, bridge], [twist], NO_SCREEN)]
    assert texts[0] == "We also left out Knee to chest to keep your session short."


def test_nothing_safe_left_is_refused_and_no_file_is_written(catalogue_copy, tmp_path):
    break_file(catalogue_copy, "flags.yaml", "    floor_limit: 0\n",
               "    floor_limit: 0\n    avoid:\n      - position: standing\n"
               "      - position: sitting\n")
    out = tmp_path / "handout.pdf"
    result = run("build", "desk-worker", "--flag", "no-floor", "-o", out,
                 "--catalogue", catalogue_copy)
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: not enough safe exercises are left for 'desk-worker' with no-floor "
        "(at least 5 are needed); no handout was made. "
        "Please choose this patient's exercises yourself.")
    assert not out.exists()


def test_unknown_flag_is_a_usage_error_listing_the_flags(tmp_path):
    result = run("build", "desk-worker", "--flag", "diabetes", "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2
    assert "unknown flag 'diabetes' (choose from: osteoporosis" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_unknown_flag_through_the_library_names_the_field(catalogue):
    with pytest.raises(RequestError, match=r"^flags: unknown flag 'diabetes' \(choose from: "):
        plan_for(Request(profile="desk-worker", flags=("diabetes",)), catalogue)


def test_plan_json_shows_flags_changes_and_notes():
    data = json.loads(run("plan", "desk-worker", "--json", "--flag", "pregnancy",
                          "--age", "70").output)
    assert data["flags"] == ["age-65-plus", "pregnancy"] and data["age"] == 70
    assert data["changes"][0]["because"] == ["you are pregnant"]
    assert data["cautions"] == ["Start gently. Keep to a pace at which you can still talk."]
    assert len(data["ask_first"]) == 3  # age, pregnancy, and the unasked osteoporosis question


def test_changes_and_notes_on_paper(catalogue):
    req = Request(profile="post-workout-soreness", date=DAY, flags=("osteoporosis",), age=70)
    result = plan_for(req, catalogue)
    pages = [" ".join(p.split()) for p in pdf_pages(build_pdf(req, catalogue))]
    start = " ".join(pages[:2])
    assert "Made for you" in start
    for line in (*[c.text for c in result.changes], *result.ask_first):
        assert line in start
    whole = " ".join(pages)
    for line in result.ask_first:
        assert whole.count(line) == 1


# --- one-sided pain: the side away from the pain first and more often -------------------

def test_one_sided_pain_starts_away_from_the_pain_and_does_more_that_way(catalogue):
    result = plan(catalogue, "one-sided-pain", side="left")
    bend = next(e for e in result.exercises if e.id == "standing-side-bend")
    assert bend.dose_line == ("Hold for 1 slow breath – 6 times towards your right side, "
                              "then 3 times towards your left side")
    assert "towards your right side" in bend.steps[3] and "towards your left side" in bend.steps[5]
    for exercise in result.exercises:
        if exercise.per_side:  # every sided exercise names the side to start with
            assert any("your right side" in step for step in exercise.steps), exercise.id
    assert not any("the other way" in s for e in result.exercises for s in e.steps)


def test_one_side_words_stay_out_of_other_handouts(catalogue):
    result = plan(catalogue, "desk-worker")
    text = " ".join(s for e in result.exercises for s in e.steps)
    assert "pain" not in text and "towards one side" in text


# --- doses that read one way ---------------------------------------------------------------

def test_the_first_page_says_how_often_to_do_the_set(catalogue):
    req = Request(profile="desk-worker", date=DAY)
    result = plan_for(req, catalogue)
    first = " ".join(pdf_pages(build_pdf(req, catalogue))[0].split())
    assert "Do the whole set of exercises once a day" in first
    twice = [i for i, e in enumerate(result.exercises, 1) if (e.dose.times_per_day or 1) > 1]
    assert twice
    assert re.search(r"Do \w[^.]* again later in the day\.", first)
    for i in twice:
        assert result.exercises[i - 1].name in first
