"""The clinician decides: --add, --drop, --only, --dose, --max-exercises, on the command
line and in a roster, with every error one line naming the option."""

from __future__ import annotations

import json

import pytest
from conftest import pdf_pages, run

DAY = "2026-11-21"


def plan_json(*args: str) -> dict:
    result = run("plan", *args, "--json", "--date", DAY)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def ids(plan: dict) -> list[str]:
    return [e["id"] for e in plan["exercises"]]


def usage_error(*args: str) -> str:
    """A usage error: exit code 2 and the one 'Error:' line."""
    result = run("plan", *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.output.strip().splitlines()[-1]


def test_the_automatic_pick_is_unchanged_without_options():
    assert ids(plan_json("desk-worker")) == [
        "standing-back-extension", "press-up", "prone-on-elbows", "cat-cow", "seated-rotation",
        "hip-flexor-stretch", "glute-bridge"]


def test_add_puts_an_exercise_in_and_keeps_the_most():
    plan = plan_json("desk-worker", "--add", "walking")
    assert "walking" in ids(plan) and len(ids(plan)) == 7
    assert "walking" not in ids(plan_json("desk-worker"))


def test_add_takes_several_and_commas():
    assert {"walking", "knee-rolls"} <= set(ids(plan_json("desk-worker", "--add",
                                                          "walking,knee-rolls")))


def test_drop_leaves_one_out_and_the_next_comes_in():
    before, after = ids(plan_json("desk-worker")), ids(plan_json("desk-worker", "--drop",
                                                                 "press-up"))
    assert "press-up" in before and "press-up" not in after and len(after) == len(before)


def test_only_gives_exactly_these_in_this_order():
    chosen = ["walking", "cat-cow", "knee-rolls", "seated-rotation"]
    assert ids(plan_json("desk-worker", "--weeks", "1", "--only", ",".join(chosen))) == chosen


def test_only_keeps_strength_moves_after_the_gentle_weeks():
    plan = plan_json("desk-worker", "--only", "glute-bridge,cat-cow,walking")
    assert ids(plan) == ["cat-cow", "walking", "glute-bridge"]
    assert [e["start_week"] for e in plan["exercises"]] == [1, 1, 3]


def test_only_may_pick_a_move_the_profile_never_would():
    assert ids(plan_json("desk-worker", "--only", "knee-to-chest,nerve-glide")) == [
        "knee-to-chest", "nerve-glide"]


def test_dose_sets_the_fields_given():
    plan = plan_json("desk-worker", "--dose", "glute-bridge=reps:12,sets:2,hold:6s")
    bridge = next(e for e in plan["exercises"] if e["id"] == "glute-bridge")
    assert (bridge["dose"]["reps"], bridge["dose"]["sets"], bridge["dose"]["hold_seconds"]) == \
        (12, 2, 6)
    assert bridge["dose_line"] == "Hold 6 seconds – 12 times – 2 rounds"


def test_dose_per_day_and_a_hold_for_breaths():
    plan = plan_json("desk-worker", "--dose", "cat-cow=reps:5,per-day:2")
    cat = next(e for e in plan["exercises"] if e["id"] == "cat-cow")
    assert cat["dose_line"] == "5 times – twice a day"


def test_the_dose_is_printed_on_the_card(tmp_path):
    out = tmp_path / "a.pdf"
    result = run("build", "desk-worker", "--date", DAY, "-o", out,
                 "--dose", "glute-bridge=reps:12,sets:2")
    assert result.exit_code == 0, result.output
    assert any("Hold 5 seconds – 12 times – 2 rounds" in page
               for page in pdf_pages(out.read_bytes()))


def test_max_exercises_bounds_the_pick():
    assert len(ids(plan_json("desk-worker", "--max-exercises", "3"))) == 3
    assert len(ids(plan_json("post-workout-soreness", "--max-exercises", "10"))) > 7


@pytest.mark.parametrize("value", ["2", "11", "x"])
def test_max_exercises_outside_3_to_10_is_a_usage_error(value):
    line = usage_error("desk-worker", "--max-exercises", value)
    assert "'--max-exercises': must be a whole number from 3 to 10" in line


@pytest.mark.parametrize("option", ["--add", "--drop", "--only"])
def test_an_unknown_id_lists_close_matches(option):
    line = usage_error("desk-worker", option, "knee-role")
    assert f"Invalid value for '{option}': unknown exercise 'knee-role' (did you mean " \
           "knee-rolls" in line


def test_an_unknown_dose_id_lists_close_matches():
    line = usage_error("desk-worker", "--dose", "glute-brige=reps:10")
    assert "'--dose': unknown exercise 'glute-brige' (did you mean glute-bridge?)" in line


def test_an_id_nothing_is_close_to_points_to_the_list():
    assert "unknown exercise 'zzz' (see: backhandout exercises)" in usage_error(
        "desk-worker", "--add", "zzz")


def test_out_of_range_dose_names_the_range():
    line = usage_error("desk-worker", "--dose", "glute-bridge=reps:40")
    assert line.endswith("Invalid value for '--dose': reps 40 is outside the catalogue's range "
                         "for glute-bridge, 8 to 15 (give --allow-outside-range to use it anyway)")


def test_a_hold_outside_its_range_names_seconds():
    line = usage_error("desk-worker", "--dose", "hip-flexor-stretch=hold:45s")
    assert "hold 45 s is outside the catalogue's range for hip-flexor-stretch, 30 to 30 s" in line


def test_a_field_the_catalogue_gives_no_range_for_is_refused():
    line = usage_error("desk-worker", "--dose", "cat-cow=sets:3")
    assert "the catalogue gives no range for sets of cat-cow" in line


def test_allow_outside_range_uses_it_with_a_note():
    result = run("plan", "desk-worker", "--json", "--dose", "glute-bridge=reps:20",
                 "--allow-outside-range")
    assert result.exit_code == 0, result.output
    assert result.stderr == ("Note: reps 20 is outside the catalogue's range for glute-bridge, "
                             "8 to 15 (used: --allow-outside-range)\n")
    bridge = next(e for e in json.loads(result.stdout)["exercises"] if e["id"] == "glute-bridge")
    assert bridge["dose"]["reps"] == 20


def test_a_dose_within_range_prints_no_note():
    result = run("plan", "desk-worker", "--dose", "glute-bridge=reps:15")
    assert result.exit_code == 0 and result.stderr == ""


@pytest.mark.parametrize("dose, said", [
    ("glute-bridge", "expected ID=FIELD:VALUE,..., like knee-rolls=reps:12,per-day:2"),
    ("glute-bridge=lots:3", "glute-bridge: unknown dose 'lots' (choose from: reps, sets, hold, "
                            "breaths, minutes, per-day, away)"),
    ("glute-bridge=reps:many", "glute-bridge: reps must be a whole number, like reps:10"),
    ("glute-bridge=hold:20m", "glute-bridge: hold must be a whole number, like hold:20s"),
    ("glute-bridge=reps:0", "glute-bridge: reps must be from 1 to 100"),
    ("glute-bridge=reps:9,reps:10", "glute-bridge: reps is given twice"),
    ("glute-bridge=away:5", "glute-bridge: away is for exercises done on each side"),
])
def test_a_malformed_dose_is_a_usage_error(dose, said):
    assert said in usage_error("desk-worker", "--dose", dose)


def test_the_same_exercise_dosed_twice_is_refused():
    line = usage_error("desk-worker", "--dose", "cat-cow=reps:5", "--dose", "cat-cow=per-day:2")
    assert "'cat-cow' is given twice (give all its fields at once" in line


def test_a_dose_for_an_exercise_not_in_the_plan_is_refused():
    line = usage_error("desk-worker", "--dose", "knee-rolls=reps:12")
    assert "'--dose': 'knee-rolls' is not in this plan (it has: standing-back-extension," in line


def test_an_added_exercise_a_flag_forbids_is_refused_with_the_reason():
    line = usage_error("desk-worker", "--flag", "osteoporosis", "--add", "knee-to-chest")
    assert line.endswith("Invalid value for '--add': knee-to-chest cannot be used: --flag "
                         "osteoporosis leaves it out (see: backhandout flags)")


def test_only_with_a_flag_that_forbids_one_is_refused():
    line = usage_error("desk-worker", "--flag", "pregnancy", "--only", "cat-cow,press-up")
    assert "'--only': press-up cannot be used: --flag pregnancy leaves it out" in line


def test_only_beyond_a_floor_limit_is_refused():
    line = usage_error("desk-worker", "--age", "80", "--only",
                       "cat-cow,knee-rolls,glute-bridge,walking")
    assert ("'--only': cat-cow, knee-rolls, glute-bridge cannot all be used: age-75-plus "
            "allows at most 2 exercises on the floor") in line


def test_only_with_add_or_drop_is_refused():
    assert "give --only, or --add and --drop, not both" in usage_error(
        "desk-worker", "--only", "cat-cow", "--add", "walking")


def test_the_same_id_added_and_dropped_is_refused():
    assert "'walking' is given with --add and --drop" in usage_error(
        "desk-worker", "--add", "walking", "--drop", "walking")


def test_only_names_at_most_ten():
    many = "cat-cow,walking,knee-rolls,pelvic-tilt,draw-in,glute-bridge,bird-dog,wall-sit," \
           "chair-stand,seated-rotation,seated-knee-lifts"
    assert "names 11 exercises (give 1 to 10)" in usage_error("desk-worker", "--only", many)


def test_flags_still_choose_when_only_the_dose_changes():
    """A dose change keeps the automatic pick, and the first page's notes about the flags."""
    plan = plan_json("desk-worker", "--flag", "pregnancy", "--dose", "cat-cow=reps:5")
    assert any("We left out" in c["text"] for c in plan["changes"])


def test_the_first_page_of_a_clinicians_own_pick_says_only_what_the_flags_left_out():
    plan = plan_json("desk-worker", "--flag", "pregnancy", "--only", "cat-cow,walking,seated-rotation")
    texts = [c["text"] for c in plan["changes"]]
    assert texts and all(t.startswith("We left out") for t in texts)
    assert not any("instead" in t or "session short" in t for t in texts)


def test_roster_columns_for_the_choice(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("name,profile,only,dose,add,max_exercises\n"
                      'Ana,desk-worker,"cat-cow,walking",cat-cow=reps:5;walking=minutes:15,,\n'
                      "Bob,desk-worker,,,walking,5\n"
                      "Cid,desk-worker,knee-role,,,\n"
                      "Dee,desk-worker,,glute-bridge=reps:40,,\n")
    result = run("batch", "--roster", roster, "--out-dir", tmp_path / "out", "--date", DAY,
                 "--jobs", "1")
    assert result.exit_code == 1
    assert "Built 2, skipped 0, failed 2" in result.stdout
    assert ("row 4: only: unknown exercise 'knee-role' (did you mean knee-rolls, knee-to-chest "
            "or nerve-glide?)") in result.stderr
    assert ("row 5: dose: reps 40 is outside the catalogue's range for glute-bridge, 8 to 15"
            in result.stderr)
    ana = "\n".join(pdf_pages((tmp_path / "out" / "desk-worker-ana.pdf").read_bytes()))
    assert "15 minutes at an easy pace" in ana and "Standing back bend" not in ana
