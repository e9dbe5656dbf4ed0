"""Exercise pictures show what their steps say: contacts, grips, still parts and the faults a
physiotherapist found, each pinned; and the validator stops a bad picture with one line."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from conftest import run

from backhandout.figures.contacts import check, grip_gap
from backhandout.figures.parts import part_bottom
from backhandout.figures.stage import build, lowest
from backhandout.figures.scene import layout_figure
from backhandout.layouts import MM


def _stage(catalogue, exercise_id):
    figure = catalogue.exercises[exercise_id].figure
    return figure, build(figure)


def _panel(figure, step):
    """The index of the panel that shows a step."""
    for i, panel in enumerate(figure.panels):
        first, last = panel.steps
        if first <= step <= last:
            return i
    raise AssertionError(f"no panel shows step {step}")


def _up(body, part, stage):
    return part_bottom(body, part) - stage.floor


def _z(p):
    return p[2]


# ---------------------------------------------------------------- the whole catalogue

def test_every_figure_passes_the_validator(catalogue):
    for exercise in catalogue.exercises.values():
        assert check(exercise.figure) == [], exercise.id


def test_no_body_floats_or_sinks(catalogue):
    for exercise in catalogue.exercises.values():
        stage = build(exercise.figure)
        for i, body in enumerate(stage.bodies):
            assert lowest(body) == pytest.approx(stage.floor, abs=0.6), (exercise.id, i)


def test_every_step_that_moves_has_a_picture(catalogue):
    """Panels follow the steps; knee to chest now shows holding the thigh (step 2)."""
    for exercise in catalogue.exercises.values():
        panels = exercise.figure.panels
        covered = [s for p in panels for s in range(p.steps[0], p.steps[1] + 1)]
        assert covered == sorted(set(covered)), exercise.id
        assert all(1 <= s <= len(exercise.steps) for s in covered), exercise.id
    for exercise_id, step in (("knee-to-chest", 2), ("double-knee-to-chest", 4),
                              ("childs-pose", 2), ("seated-rotation", 3), ("wall-sit", 2)):
        _panel(catalogue.exercises[exercise_id].figure, step)


def test_pictures_are_side_views_unless_another_reads_better(catalogue):
    allowed = {"standing-side-bend": {"front"}, "tail-wags": {"side", "behind"},
               "knee-rolls": {"angled"}, "supine-twist": {"angled"}, "figure-4": {"angled"},
               "side-lying-leg-lift": {"raised"}, "seated-rotation": {"angled", "side"},
               "childs-pose": {"side", "behind"}}
    for exercise in catalogue.exercises.values():
        views = {p.view for p in exercise.figure.panels}
        assert views <= allowed.get(exercise.id, {"side"}), (exercise.id, views)


# ---------------------------------------------------------------- the faults found

def test_press_up_keeps_the_hips_on_the_floor(catalogue):
    figure, stage = _stage(catalogue, "press-up")
    up = stage.bodies[_panel(figure, 3)]
    assert _up(up, "pelvis", stage) <= 1.0
    assert _up(up, "chest", stage) >= 15  # and the chest is well up: a press-up, not a shrug


def test_chest_lift_keeps_the_hips_down_on_the_forearms(catalogue):
    figure, stage = _stage(catalogue, "prone-on-elbows")
    up = stage.bodies[_panel(figure, 3)]
    assert _up(up, "pelvis", stage) <= 1.0
    assert _up(up, "forearms", stage) <= 1.0
    assert _up(up, "chest", stage) >= 12


def test_tail_wags_swing_head_and_hips_to_the_same_side(catalogue):
    figure, stage = _stage(catalogue, "tail-wags")
    start = stage.bodies[0].points
    middle = (start["hand_right"][2] + start["hand_left"][2]) / 2
    sides = []
    for step in (3, 6):
        body = stage.bodies[_panel(figure, step)].points
        hips = body["hips"][2] - middle
        facing = body["nose"][2] - body["head"][2]  # which way the face turns
        assert abs(hips) >= 4, step
        assert hips * facing > 0, step  # the head looks towards the hip that swung out
        sides.append(math.copysign(1, hips))
        for name in ("hand_right", "hand_left", "knee_right", "knee_left"):
            assert math.dist(body[name], start[name]) <= 2.5, (step, name)
    assert sides[0] == -sides[1]  # one side, then the other


def test_standing_back_bend_leans_back_with_hands_on_the_lower_back(catalogue):
    figure, stage = _stage(catalogue, "standing-back-extension")
    i = _panel(figure, 3)
    body = stage.bodies[i].points
    neck, hips = body["neck"], body["hips"]
    lean = math.degrees(math.atan2(hips[0] - neck[0], neck[1] - hips[1]))
    assert 20 <= lean <= 35  # backwards (x points the way the figure faces)
    for hand in ("right-hand", "left-hand"):
        assert grip_gap(stage, i, hand, "lower-back") <= 3


@pytest.mark.parametrize(("exercise_id", "step", "thighs"), [
    ("knee-to-chest", 2, ("right", "right")), ("knee-to-chest", 3, ("right", "right")),
    ("double-knee-to-chest", 4, ("right", "left")),
])
def test_hands_hold_behind_the_thigh(catalogue, exercise_id, step, thighs):
    figure, stage = _stage(catalogue, exercise_id)
    i = _panel(figure, step)
    for hand, side in zip(("right-hand", "left-hand"), thighs):
        assert grip_gap(stage, i, hand, f"{side}-thigh-back") <= 3, hand
    arms_up = [stage.bodies[i].points[f"hand_{s}"][1] for s in ("right", "left")]
    knees = [stage.bodies[i].points[f"knee_{s}"][1] for s in set(thighs)]
    assert max(arms_up) < max(knees) + 6  # no hands held up high above the knee


def test_pelvic_tilt_starts_with_the_pelvis_down_and_flattens_the_back(catalogue):
    figure, stage = _stage(catalogue, "pelvic-tilt")
    start, flat = stage.bodies[0], stage.bodies[_panel(figure, 4)]
    assert _up(start, "pelvis", stage) <= 1.0 and _up(start, "upper-back", stage) <= 1.0
    assert _up(start, "lower-back", stage) >= 2  # a hollow under the lower back ...
    assert _up(flat, "lower-back", stage) <= 1.0  # ... pressed flat


def test_draw_in_panels_differ_and_the_arms_rest(catalogue):
    figure, stage = _stage(catalogue, "draw-in")
    breathe_in, draw_in = stage.bodies[_panel(figure, 2)], stage.bodies[_panel(figure, 3)]
    assert breathe_in.points["belly"][1] - draw_in.points["belly"][1] >= 4
    for body in stage.bodies:
        assert _up(body, "hands", stage) <= 1.0  # no forearms in the air


def test_figure_4_hands_reach_the_thigh_and_legs_do_not_tangle(catalogue):
    figure, stage = _stage(catalogue, "figure-4")
    for step in (3, 4):
        i = _panel(figure, step)
        for hand in ("right-hand", "left-hand"):
            assert grip_gap(stage, i, hand, "left-thigh-back") <= 3, (step, hand)
    crossed = stage.bodies[_panel(figure, 2)].points
    assert math.dist(crossed["ankle_right"], crossed["knee_left"]) <= 14  # ankle on the knee


def test_seated_twist_sits_on_the_chair_and_turns_the_shoulders(catalogue):
    figure, stage = _stage(catalogue, "seated-rotation")
    before, turned = stage.bodies[_panel(figure, 3)], stage.bodies[_panel(figure, 4)]
    assert abs(part_bottom(turned, "pelvis") - stage.chair.seat) <= 1.0

    def facing(body):
        r, l = body.points["shoulder_right"], body.points["shoulder_left"]
        return math.degrees(math.atan2(r[0] - l[0], r[2] - l[2]))

    def hips(body):
        r, l = body.points["hip_right"], body.points["hip_left"]
        return math.degrees(math.atan2(r[0] - l[0], r[2] - l[2]))

    assert abs(facing(turned) - facing(before)) >= 45
    assert abs(hips(turned) - hips(before)) <= 2  # the hips face forward


def test_knee_rolls_and_lying_twist_differ(catalogue):
    rolls, rolls_stage = _stage(catalogue, "knee-rolls")
    twist, twist_stage = _stage(catalogue, "supine-twist")
    for body in rolls_stage.bodies:  # knees and feet together
        p = body.points
        assert math.dist(p["knee_right"], p["knee_left"]) <= 12
    rolled = [dict(rolls.panels[_panel(rolls, s)].angles)["body.roll"] for s in (4, 6)]
    assert rolled[0] * rolled[1] < 0 and max(map(abs, rolled)) <= 40  # small, both ways
    down = twist.panels[-1]
    assert abs(dict(down.angles)["body.roll"]) >= 60  # all the way over ...
    assert twist_stage.pillows[-1]  # ... onto a pillow
    knee = twist_stage.bodies[-1].points["knee_left"]
    pillow = twist_stage.pillows[-1][0]
    assert abs(knee[0] - pillow.x) <= 20


def test_hip_flexor_stretch_kneels_on_a_pillow(catalogue):
    figure, stage = _stage(catalogue, "hip-flexor-stretch")
    for i, body in enumerate(stage.bodies):
        assert stage.pillows[i], i
        assert stage.pillows[i][0].top - stage.floor >= 6


def test_childs_pose_side_reach_moves_the_hands_over(catalogue):
    figure, stage = _stage(catalogue, "childs-pose")
    forward, over = stage.bodies[_panel(figure, 3)], stage.bodies[_panel(figure, 5)]
    shift = over.points["hand_right"][2] - forward.points["hand_right"][2]
    assert abs(shift) >= 15
    assert figure.panels[_panel(figure, 5)].view != "top"


def test_chair_exercises_sit_on_the_seat_and_stand_on_the_floor(catalogue):
    for exercise_id in ("chair-stand", "seated-back-extension", "seated-knee-lifts",
                        "seated-rotation", "nerve-glide"):
        figure, stage = _stage(catalogue, exercise_id)
        sitting = stage.bodies[0]
        assert abs(part_bottom(sitting, "pelvis") - stage.chair.seat) <= 1.0, exercise_id
        assert 38 <= stage.chair.seat <= 50, exercise_id
    figure, stage = _stage(catalogue, "chair-stand")
    assert stage.wall is not None and stage.wall <= stage.chair.back  # the chair against a wall
    standing = stage.bodies[_panel(figure, 4)]
    assert part_bottom(standing, "pelvis") > stage.chair.seat + 30


def test_sitting_back_bend_has_hands_on_the_lower_back(catalogue):
    figure, stage = _stage(catalogue, "seated-back-extension")
    for step in (2, 3):
        i = _panel(figure, step)
        for hand in ("right-hand", "left-hand"):
            assert grip_gap(stage, i, hand, "lower-back") <= 3, (step, hand)


# ---------------------------------------------------------------- the validator's messages

def _break(catalogue_copy: Path, exercise_id: str, old: str, new: str) -> Path:
    path = catalogue_copy / "exercises" / f"{exercise_id}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _one_error(catalogue_copy: Path) -> str:
    result = run("check", "--catalogue", catalogue_copy)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def _line_of(path: Path, text: str, start: str = "") -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    begin = next(i for i, line in enumerate(lines) if start in line) if start else 0
    return next(i for i, line in enumerate(lines) if i >= begin and text in line) + 1


def test_a_contact_off_its_surface_names_file_line_panel_and_part(catalogue_copy):
    path = _break(catalogue_copy, "press-up", "contacts: [pelvis: floor, knees: floor",
                  "contacts: [pelvis: floor, head: floor, knees: floor")
    line = _one_error(catalogue_copy)
    number = _line_of(path, "head: floor")
    shown = f"catalogue/exercises/{path.name}" if "catalogue/exercises" in line else path.name
    assert line.startswith("Error: ") and f"{path.name}:{number}: " in line, (line, number)
    assert "figure.panels[1].contacts: head is " in line
    assert "above the floor (a contact may be at most 1 cm off)" in line
    del shown


def test_a_grip_too_far_from_its_target_fails(catalogue_copy):
    path = _break(catalogue_copy, "knee-to-chest", "grips: [hands: right-thigh-back]",
                  "grips: [hands: left-thigh-back]")
    line = _one_error(catalogue_copy)
    assert f"{path.name}:{_line_of(path, 'grips: [hands: left-thigh-back]')}: " in line
    assert "figure.panels[1].grips: right-hand is " in line and "from left-thigh-back" in line


def test_a_part_that_would_go_through_the_floor_lifts_the_body_and_fails(catalogue_copy):
    """Each body rests on its lowest point, so toes pointed into the floor lift the body:
    the contacts that no longer touch are named."""
    path = _break(catalogue_copy, "knee-to-chest", "ankle_right: 35", "ankle_right: 90")
    line = _one_error(catalogue_copy)
    assert f"{path.name}:{_line_of(path, 'contacts: [head: floor')}: " in line
    assert "figure.panels[0].contacts: head is 10 cm above the floor" in line


def test_a_limb_through_another_fails(catalogue_copy):
    path = _break(catalogue_copy, "double-knee-to-chest", "hip_left: 110, knee_left: 110",
                  "hip_left: {flex: 110, out: -25}, knee_left: 110")
    line = _one_error(catalogue_copy)
    number = _line_of(path, "hip_left: {flex: 110, out: -25}")
    assert f"{path.name}:{number}: figure.panels[2].pose: right-thigh goes " in line
    assert " cm into left-thigh" in line


def test_a_part_kept_still_that_moves_fails(catalogue_copy):
    path = _break(catalogue_copy, "bottom-to-heel", "still: [hands, knees]",
                  "still: [hands, knees, head]")
    line = _one_error(catalogue_copy)
    assert f"{path.name}:" in line and "figure.panels[1].pose: head move " in line
    assert "the exercise keeps them still (at most 2 cm)" in line


def test_a_mat_contact_without_a_mat_fails(catalogue_copy):
    _break(catalogue_copy, "walking", "contacts: [feet: floor]", "contacts: [feet: mat]")
    assert "figure.panels[0].contacts: feet rests on a mat, but the panel has no mat" in \
        _one_error(catalogue_copy)


def test_figures_stay_inside_panels_laid_out_in_rows(catalogue):
    for exercise in catalogue.exercises.values():
        for columns in (1, 2):
            for drawing in layout_figure(exercise.figure, 170 * MM, 50 * MM, columns=columns):
                for shape in drawing.shapes:
                    reach = shape.width if shape.kind == "circle" else shape.width / 2
                    for x, y in shape.points:
                        assert reach <= x <= drawing.width - reach, exercise.id
                        assert reach <= y <= drawing.height - reach, exercise.id


def test_arrows_keep_off_the_face(catalogue):
    from backhandout.figures.body import HEAD_RADIUS
    from backhandout.figures.scene import Palette

    red = Palette().arrow
    for exercise in catalogue.exercises.values():
        for mirror in (False, True):
            for drawing in layout_figure(exercise.figure, 165 * MM, 60 * MM, mirror=mirror):
                head = drawing.body["head"]
                keep = HEAD_RADIUS * drawing.scale
                for shape in drawing.shapes:
                    if shape.stroke == red and shape.kind == "line":
                        for p in shape.points:
                            assert math.dist(p, head) >= keep, (exercise.id, drawing.step)
