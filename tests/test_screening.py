"""Screening flags: the catalogue's flags list, and how each exercise declares their effect."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from conftest import PROFILES, break_file, one_line_error, pdf_pages, run

from backhandout.api import build_pdf, plan_for
from backhandout.errors import PlanError
from backhandout.model import Request
from backhandout.planner import make_plan
from backhandout.screening import describe_changes

REQUIRED_FLAGS = {"osteoporosis", "arthritis", "pregnancy", "sciatica", "recent-injury",
                  "disc-problem"}


def test_flags_list_holds_the_required_flags(catalogue):
    assert REQUIRED_FLAGS <= set(catalogue.flags)
    ages = [f for f in catalogue.flags.values() if f.from_age is not None]
    assert [f.from_age for f in ages] == [65]
    for flag in catalogue.flags.values():
        assert flag.label and flag.explanation and flag.ask_first and flag.caution


def test_every_screening_rule_names_a_known_flag(catalogue):
    for exercise in catalogue.exercises.values():
        for rule in exercise.screening:
            assert rule.flag in catalogue.flags
            assert rule.leave_out != bool(rule.caution), (exercise.id, rule)


def test_bare_caution_takes_the_flags_own_caution(catalogue):
    rules = {r.flag: r for r in catalogue.exercises["standing-back-extension"].screening}
    assert rules["arthritis"].caution == catalogue.flags["arthritis"].caution


def test_screening_sits_right_after_per_side(catalogue_copy):
    """Keeps merges easy: the block never sits at the end of the file."""
    for path in (catalogue_copy / "exercises").glob("*.yaml"):
        keys = [line.split(":")[0] for line in path.read_text().splitlines()
                if re.match(r"[a-z_]+:", line)]
        if "screening" in keys:
            assert keys[keys.index("screening") - 1] == "per_side", path.name


def test_unknown_flag_in_an_exercise_names_file_line_and_flag(catalogue_copy):
    break_file(catalogue_copy, "exercises/press-up.yaml", "  pregnancy: leave-out",
           "  pregnant: leave-out")
    line = one_line_error(catalogue_copy)
    assert re.fullmatch(
        rf"Error: {re.escape(str(catalogue_copy / 'exercises/press-up.yaml'))}:\d+: "
        r"screening\.pregnant: unknown flag \(known flags: .*pregnancy.*\)",
        line,
    ), line


def test_bad_screening_rule_word(catalogue_copy):
    break_file(catalogue_copy, "exercises/press-up.yaml", "  pregnancy: leave-out",
           "  pregnancy: skip")
    assert "screening.pregnancy: expected one of leave-out, caution, got 'skip'" in one_line_error(
        catalogue_copy)


def test_own_caution_text_is_used(catalogue_copy):
    break_file(catalogue_copy, "exercises/press-up.yaml", "  pregnancy: leave-out",
           "  pregnancy: {caution: Lie on your side instead.}")
    result = run("plan", "desk-worker", "--flag", "pregnancy", "--json", "--catalogue",
                 catalogue_copy)
    assert result.exit_code == 0, result.output
    assert "Lie on your side instead." in result.output


def test_unknown_key_in_own_caution(catalogue_copy):
    break_file(catalogue_copy, "exercises/press-up.yaml", "  pregnancy: leave-out",
           "  pregnancy: {cautions: Careful.}")
    assert "screening.pregnancy.cautions: unknown key" in one_line_error(catalogue_copy)


def test_duplicate_flag_in_flags_file(catalogue_copy):
    break_file(catalogue_copy, "flags.yaml", "  - id: arthritis", "  - id: osteoporosis")
    line = one_line_error(catalogue_copy)
    assert re.search(r"flags\.yaml:\d+: flags\[1\]\.id: duplicate flag 'osteoporosis'", line), line


def test_missing_field_in_flags_file(catalogue_copy):
    break_file(catalogue_copy, "flags.yaml", "    label: you have arthritis\n", "")
    assert re.search(r"flags\.yaml:\d+: flags\[1\]\.label: missing field", one_line_error(catalogue_copy))


def test_missing_flags_file(catalogue_copy):
    (catalogue_copy / "flags.yaml").unlink()
    assert one_line_error(catalogue_copy).endswith("flags.yaml: file not found")


# --- planning: each flag's effect, the replacements, the refusal -------------------------

DAY = dt.date(2026, 11, 21)


def plan(catalogue, profile, **kwargs):
    return make_plan(catalogue, Request(profile=profile, date=DAY, **kwargs))


def ids(result) -> list[str]:
    return [e.id for e in result.exercises]


def cautions(result, exercise_id: str) -> tuple[str, ...]:
    return next(e.cautions for e in result.exercises if e.id == exercise_id)


def test_osteoporosis_leaves_out_knee_to_chest_and_says_why(catalogue):
    assert "knee-to-chest" in ids(plan(catalogue, "post-workout-soreness"))
    result = plan(catalogue, "post-workout-soreness", flags=("osteoporosis",))
    assert "knee-to-chest" not in ids(result)
    [change] = result.changes
    assert change.text.startswith("We left out Knee to chest. This is because you have osteoporosis.")
    assert change.instead and change.text.endswith(f"We chose {change.instead[0]} instead.")
    assert cautions(result, "childs-pose")[0] == catalogue.flags["osteoporosis"].caution
    assert "knee to chest or curl-ups" in result.ask_first[0]


@pytest.mark.parametrize("flag", ["arthritis", "age-65-plus"])
def test_arthritis_and_age_keep_extension_with_a_caution(catalogue, flag):
    result = plan(catalogue, "desk-worker", flags=(flag,))
    assert ids(result) == ids(plan(catalogue, "desk-worker")) and not result.changes
    for exercise in result.exercises:
        if "extension" in catalogue.exercises[exercise.id].direction:
            assert catalogue.flags[flag].caution in exercise.cautions, exercise.id
    assert result.ask_first == (catalogue.flags[flag].ask_first,)
    assert "bend your back backwards" in result.ask_first[0]


@pytest.mark.parametrize(("age", "on"), [(64, False), (65, True), (70, True)])
def test_age_switches_on_the_over_65_note(catalogue, age, on):
    result = plan(catalogue, "desk-worker", age=age)
    assert ("age-65-plus" in result.flags) is on
    assert any("65 or older" in note for note in result.ask_first) is on
    assert result.age == age


def test_pregnancy_leaves_out_lying_face_down(catalogue):
    result = plan(catalogue, "desk-worker", flags=("pregnancy",))
    positions = {catalogue.exercises[i].position for i in ids(result)}
    assert "lying-face-down" not in positions
    assert {c.left_out for c in result.changes} == {"Press-up lying face down", "Chest lift on elbows"}
    assert all("because you are pregnant" in c.text for c in result.changes)
    assert "midwife" in result.ask_first[0]


def test_sciatica_adds_a_caution_and_the_see_a_doctor_note(catalogue):
    result = plan(catalogue, "post-workout-soreness", flags=("sciatica",))
    assert catalogue.flags["sciatica"].caution in cautions(result, "hamstring-stretch")
    assert "sciatica" in result.ask_first[0] and "doctor" in result.ask_first[0]
    assert "nerve-glide" not in ids(result)


def test_recent_injury_leaves_out_strength_moves(catalogue):
    result = plan(catalogue, "one-sided-pain", flags=("recent-injury",))
    assert not any(e.category == "strength" for e in result.exercises)
    assert {c.left_out for c in result.changes} == {"Side leg lift", "Bird dog"}
    assert "injury or a fall" in result.ask_first[0]


def test_disc_problem_cautions_stretches(catalogue):
    result = plan(catalogue, "post-workout-soreness", flags=("disc-problem",))
    for exercise in result.exercises:
        if exercise.category == "stretch":
            assert catalogue.flags["disc-problem"].caution in exercise.cautions, exercise.id
    assert "Stretching can make it worse" in result.ask_first[0]


FLAG_SETS = [(flag,) for flag in sorted(REQUIRED_FLAGS)] + [tuple(sorted(REQUIRED_FLAGS))]


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("flags", FLAG_SETS, ids="+".join)
def test_screened_plans_stay_safe_and_full(catalogue, profile, flags):
    result = plan(catalogue, profile, flags=flags)
    plain_ids = ids(plan(catalogue, profile))
    chosen = [catalogue.exercises[i] for i in ids(result)]
    assert 5 <= len(chosen) <= 7 and 10 <= result.session_minutes <= 15
    assert result.ask_first == tuple(catalogue.flags[f].ask_first for f in catalogue.flags
                                     if f in flags)
    for exercise in chosen:
        rules = {r.flag: r for r in exercise.screening if r.flag in flags}
        assert not any(r.leave_out for r in rules.values()), exercise.id
        for rule in rules.values():
            assert rule.caution in cautions(result, exercise.id)
    profile_ = catalogue.profiles[profile]
    names = {e.name: e for e in catalogue.exercises.values()}
    for change in result.changes:
        assert names[change.left_out].id in plain_ids
        for name in change.instead:  # a replacement fits the profile: a pick, or its emphasis
            new = names[name]
            assert new.id in {p.id for p in profile_.picks} or set(new.direction) & set(
                profile_.emphasis)


def test_unknown_flag_is_a_usage_error_listing_the_flags(tmp_path):
    result = run("build", "desk-worker", "--flag", "diabetes", "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2
    assert "'diabetes' is not a flag" in result.output
    for flag in REQUIRED_FLAGS:
        assert flag in result.output
    assert not (tmp_path / "x.pdf").exists()


def _leave_out_everything(root: Path, flag: str) -> None:
    """Make `flag` leave out every exercise of a catalogue copy."""
    for path in (root / "exercises").glob("*.yaml"):
        text = re.sub(rf"^(screening:|  {flag}:.*)\n", "", path.read_text(), flags=re.M)
        text = re.sub(r"^(per_side: .*\n)", rf"\1screening:\n  {flag}: leave-out\n", text,
                      count=1, flags=re.M)
        path.write_text(text)


def test_nothing_safe_left_is_refused_and_no_file_is_written(catalogue_copy, tmp_path):
    _leave_out_everything(catalogue_copy, "pregnancy")
    out = tmp_path / "handout.pdf"
    result = run("build", "desk-worker", "--flag", "pregnancy", "-o", out,
                 "--catalogue", catalogue_copy)
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: not enough safe exercises are left for 'desk-worker' with pregnancy "
        "(at least 5 are needed); no handout was made. "
        "Please choose this patient's exercises yourself.")
    assert not out.exists()
    assert run("build", "desk-worker", "-o", out, "--catalogue", catalogue_copy).exit_code == 0


def test_plan_json_shows_flags_changes_and_notes():
    data = json.loads(run("plan", "desk-worker", "--json", "--flag", "pregnancy",
                          "--age", "70").output)
    assert data["flags"] == ["age-65-plus", "pregnancy"] and data["age"] == 70
    assert data["changes"][0]["because"] == ["you are pregnant"]
    assert len(data["ask_first"]) == 2


def test_changes_and_notes_on_paper(catalogue):
    req = Request(profile="post-workout-soreness", date=DAY, flags=("osteoporosis",), age=70)
    result = plan_for(req, catalogue)
    pages = [" ".join(p.split()) for p in pdf_pages(build_pdf(req, catalogue))]
    first = pages[0]
    assert "Made for you" in first
    for line in (*[c.text for c in result.changes], *result.ask_first):
        assert line in first
    warnings = next(p for p in pages if "See your doctor soon" in p)
    assert result.ask_first[0] in warnings
    cards = " ".join(pages[1:pages.index(warnings)])
    assert f"Take care: {catalogue.flags['osteoporosis'].caution}" in cards


def test_plan_text_says_what_changed():
    result = run("plan", "desk-worker", "--flag", "pregnancy")
    assert result.exit_code == 0
    assert "We left out Press-up lying face down. This is because you are pregnant." in result.output
    assert "Bridge [strength]: Hold 5 seconds – 10 times (from week 3)" in result.output


def test_an_exercise_dropped_to_keep_time_is_said_too(catalogue):
    knee, twist, walk, bridge = (catalogue.exercises[i] for i in
                                 ("knee-to-chest", "supine-twist", "walking", "glute-bridge"))
    osteoporosis = catalogue.flags["osteoporosis"]
    changes = describe_changes([knee, twist, bridge], [twist, walk], {knee.id: (osteoporosis,)})
    assert [c.text for c in changes] == [
        "We left out Knee to chest. This is because you have osteoporosis. "
        "We chose Easy walk instead.",
        "We also left out Bridge to keep your session short.",
    ]


def test_unknown_flag_through_the_library_is_a_plan_error(catalogue):
    with pytest.raises(PlanError, match=r"unknown flag 'diabetes' \(choose from: osteoporosis, "):
        plan(catalogue, "desk-worker", flags=("diabetes",))


@pytest.mark.parametrize("flags, age, shown", [
    ((), None, True),                        # nothing asked: the card asks
    ((), 70, True),                          # arthritis not asked about yet
    (("arthritis",), None, True),            # age not known yet
    (("arthritis",), 50, False),             # both settled: arthritis's own caution says it
    (("arthritis",), 70, False),             # both flags' own cautions say it
])
def test_ask_first_line_is_left_off_once_its_flags_are_settled(catalogue, flags, age, shown):
    plan = make_plan(catalogue, Request(profile="desk-worker", flags=flags, age=age))
    card = next(e for e in plan.exercises if e.id == "press-up")
    generic = "If you are over 65 or have arthritis, ask your doctor first."
    assert (generic in card.cautions) is shown
    own = [c for c in card.cautions if c.startswith(("You have arthritis", "You are 65"))]
    assert len(own) == ("arthritis" in flags) + (age is not None and age >= 65)
    assert len(card.cautions) == len(set(card.cautions))


def test_ask_first_names_known_flags(catalogue_copy):
    break_file(catalogue_copy, "exercises/press-up.yaml", "flags: [age-65-plus, arthritis]",
               "flags: [age-65-plus, gout]")
    assert one_line_error(catalogue_copy).endswith(
        "exercises/press-up.yaml:32: ask_first.flags[1]: unknown flag (known flags: osteoporosis,"
        " arthritis, age-65-plus, pregnancy, sciatica, recent-injury, disc-problem)")
