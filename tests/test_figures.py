"""Exercise pictures: catalogue coverage, body geometry, layout, mirroring, errors, CLI."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pytest
from conftest import pdf_pages, run
from reportlab.graphics import renderPDF
from reportlab.pdfgen.canvas import Canvas

from backhandout.figures.body import POINTS, blend, segment_lengths, skeleton
from backhandout.figures.scene import Label, Palette, PanelDrawing, Shape, layout_figure
from backhandout.layouts import MM, load_layout
from backhandout.model import Request
from backhandout.planner import resolve, make_plan
from backhandout.render.figures import PANEL_HEIGHT, draw_panels, panels_drawing
from backhandout.render.styles import make_styles

CARD_WIDTH = 165 * MM  # about the inner width of an A4 card


def _all_points(drawing):
    for shape in drawing.shapes:
        yield from shape.points


def test_every_exercise_has_a_figure(catalogue):
    for exercise in catalogue.exercises.values():
        figure = exercise.figure
        assert figure is not None, exercise.id
        assert len(figure.panels) >= 2, exercise.id
        steps = [panel.step for panel in figure.panels]
        assert steps == sorted(set(steps)), exercise.id
        assert all(1 <= step <= len(exercise.steps) for step in steps), exercise.id


def test_limb_lengths_stay_constant_across_an_exercises_poses(catalogue):
    reference = segment_lengths(skeleton({}))
    for exercise in catalogue.exercises.values():
        panels = exercise.figure.panels
        poses = [panel.angles for panel in panels]
        poses += [blend(a, b, 0.5) for a, b in zip(poses, poses[1:])]  # the arrows' in-between poses
        for pose in poses:
            lengths = segment_lengths(skeleton(pose))
            for name, length in reference.items():
                assert lengths[name] == pytest.approx(length, abs=1e-6), (exercise.id, name)


@pytest.mark.parametrize("width", [CARD_WIDTH, 100 * MM])
@pytest.mark.parametrize("mirror", [False, True])
def test_figures_stay_inside_their_panels(catalogue, width, mirror):
    for exercise in catalogue.exercises.values():
        drawings = layout_figure(exercise.figure, width, PANEL_HEIGHT, mirror=mirror)
        assert len(drawings) == len(exercise.figure.panels)
        for drawing in drawings:
            for x, y in _all_points(drawing):
                assert 0 <= x <= drawing.width and 0 <= y <= drawing.height, exercise.id
            for shape in drawing.shapes:  # thick strokes and circles too
                reach = shape.width if shape.kind == "circle" else shape.width / 2
                for x, y in shape.points:
                    assert reach <= x <= drawing.width - reach, (exercise.id, shape)
                    assert reach <= y <= drawing.height - reach, (exercise.id, shape)


def test_panels_of_one_figure_share_one_scale(catalogue):
    figure = catalogue.exercises["knee-to-chest"].figure
    first, _, last = layout_figure(figure, CARD_WIDTH, PANEL_HEIGHT)
    # The resting leg does not move, so it is drawn the same in both panels.
    for name in ("hip_left", "knee_left", "ankle_left", "head"):
        assert first.body[name] == pytest.approx(last.body[name], abs=0.05)


def test_a_mirrored_figure_is_the_mirror_image(catalogue):
    for exercise in catalogue.exercises.values():
        plain = layout_figure(exercise.figure, CARD_WIDTH, PANEL_HEIGHT)
        mirrored = layout_figure(exercise.figure, CARD_WIDTH, PANEL_HEIGHT, mirror=True)
        for a, b in zip(plain, mirrored):
            assert set(a.body) == set(b.body) == set(POINTS)
            for name, (x, y) in a.body.items():
                mx, my = b.body[name]
                assert mx == pytest.approx(a.width - x) and my == pytest.approx(y), (exercise.id, name)
            assert len(a.shapes) == len(b.shapes)
            for s, t in zip(a.shapes, b.shapes):  # every shape, arrows and props included
                assert s.kind == t.kind and s.fill == t.fill and s.stroke == t.stroke
                mirror_of_s = [c for p in sorted((a.width - x, y) for x, y in s.points) for c in p]
                same_as_s = [c for p in sorted(s.points) for c in p]
                points_t = [c for p in sorted(t.points) for c in p]
                # The floor line spans the panel and the step number stays top left.
                assert (points_t == pytest.approx(mirror_of_s, abs=1e-6)
                        or points_t == pytest.approx(same_as_s, abs=1e-6)), (exercise.id, s)


def test_side_words_choose_mirroring_and_labels(catalogue):
    def planned(side):
        plan = make_plan(catalogue, Request(profile="one-sided-pain", side=side))
        return {e.id: e for e in plan.exercises}

    for side, mirror, labels in (
        (None, False, ("away from pain", "side of pain")),
        ("left", False, ("your right side", "your left side")),
        ("right", True, ("your left side", "your right side")),
    ):
        bend = planned(side)["standing-side-bend"]
        assert bend.mirror is mirror
        assert bend.figure_labels == labels
        assert labels[0].split()[-2] in bend.steps[1] or side is None
    knees = planned("right")["knee-rolls"]  # names the side to start with: mirrored too
    assert knees.mirror is True and "towards your left side" in knees.steps[3]
    back = {e.id: e for e in make_plan(catalogue, Request(profile="desk-worker",
                                                          side="right")).exercises}
    bend = back["standing-back-extension"]  # no side words: drawn as in the catalogue
    assert bend.mirror is False and bend.figure_labels == ()
    twist = {e.id: e for e in make_plan(catalogue, Request(profile="desk-worker")).exercises}[
        "seated-rotation"]  # not a one-sided handout: no side labels, "one side" first
    assert twist.figure_labels == () and twist.mirror is False
    assert "towards one side" in twist.steps[3] and "towards the other side" in twist.steps[5]


def _break(catalogue_copy: Path, old: str, new: str) -> Path:
    path = catalogue_copy / "exercises" / "knee-to-chest.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("knee_right: 120", "knee_rite: 120", "figure.panels[2].pose.knee_rite", "unknown joint"),
        ("knee_right: 120", "knee_right: 200", "figure.panels[2].pose.knee_right",
         "expected a number from 0 to 160, got 200"),
        ("hip_right: {flex", "hip_right: {bend", "figure.panels[1].pose.hip_right.bend",
         "unknown key"),
        ("    - step: 3", "    - step: 7", "figure.panels[2].step",
         "there is no step 7 (the exercise has 6 steps)"),
        ("    - step: 3", "    - step: [3, 2]", "figure.panels[2].step",
         "expected [first, last] with last after first"),
        ("      move: [leg_right]", "      move: [tail]", "figure.panels[2].move[0]",
         "expected one of"),
        ("      arrow: knee_right\n    - step: 3", "      arrow: elbow\n    - step: 3",
         "figure.panels[1].arrow", "expected one of"),
        ("grips: [hands: right-thigh-back]", "grips: [feet: right-thigh-back]",
         "figure.panels[1].grips[0]", "expected one of right-hand, left-hand, hands"),
        ("left-foot: floor]", "left-foot: ceiling]", "figure.panels[1].contacts[3].left-foot",
         "expected one of floor, mat"),
        ("  still: [head, pelvis]", "  still: [head, tail]", "figure.still[1]", "expected one of"),
    ],
)
def test_bad_pose_data_stops_with_one_clear_line(catalogue_copy, old, new, field, message):
    if old == "hip_right: {flex":
        _break(catalogue_copy, "pose: {hip_right: 97,", "pose: {hip_right: {flex: 97},")
    path = _break(catalogue_copy, old, new)
    result = run("exercises", "--catalogue", catalogue_copy)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: ") and f"{path.name}:" in lines[0]
    assert f": {field}: " in lines[0] and message in lines[0], lines[0]


def test_first_panel_cannot_follow_a_movement(catalogue_copy):
    _break(catalogue_copy, "    - step: 1\n", "    - step: 1\n      arrow: knee_right\n")
    result = run("exercises", "--catalogue", catalogue_copy)
    assert result.exit_code == 1
    assert "figure.panels[0].arrow: the first panel has no movement" in result.output


def test_figures_command_writes_a_contact_sheet(tmp_path, catalogue):
    out = tmp_path / "sheet.pdf"
    result = run("figures", "-o", out)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(out)
    text = " ".join(pdf_pages(out.read_bytes())).replace("\n", " ")
    for exercise in catalogue.exercises.values():
        assert exercise.name in text, exercise.name


def test_figures_command_shows_each_exercise_beside_its_steps(tmp_path, catalogue):
    out = tmp_path / "one.pdf"
    result = run("figures", "--exercise", "tail-wags", "-o", out)
    assert result.exit_code == 0, result.output
    pages = pdf_pages(out.read_bytes())
    text = " ".join(pages).replace("\n", " ")
    exercise = catalogue.exercises["tail-wags"]
    assert exercise.name in text
    for step in exercise.steps:  # every step, beside the pictures, side words read
        assert resolve(step, None) in text, step
    assert "Steps 1–2" in text and "Step 6" in text  # the pictures' tags
    assert "Knee rolls" not in text  # only the exercise asked for


def test_figures_command_names_an_unknown_exercise(tmp_path):
    result = run("figures", "--exercise", "tail-wag", "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2
    assert "'tail-wag' is not an exercise. Choose from: bird-dog" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_the_first_card_carries_the_colour_key_once(tmp_path):
    out = tmp_path / "dw.pdf"
    result = run("build", "desk-worker", "-o", out, "--date", "2026-11-21")
    assert result.exit_code == 0, result.output
    pages = pdf_pages(out.read_bytes())
    with_key = [i for i, page in enumerate(pages) if "dark: the part that moves" in page]
    assert len(with_key) == 1
    first_card = next(i for i, page in enumerate(pages) if "How much:" in page)
    assert with_key == [first_card]
    assert "grey: the far side" in pages[first_card]


def test_every_picture_is_tagged_with_its_steps(catalogue):
    for exercise in catalogue.exercises.values():
        for panel, drawing in zip(exercise.figure.panels,
                                  layout_figure(exercise.figure, CARD_WIDTH, PANEL_HEIGHT)):
            first, last = panel.steps
            tag = f"Step {last}" if first == last else f"Steps {first}–{last}"
            assert tag in [label.text for label in drawing.labels], exercise.id


def test_figures_command_has_help():
    result = run("figures", "--help")
    assert result.exit_code == 0
    assert "backhandout figures" in result.output and "--output" in result.output


def test_handout_with_pictures_builds_for_each_side(tmp_path):
    for side in ("left", "right"):
        out = tmp_path / f"{side}.pdf"
        result = run("build", "one-sided-pain", "--side", side, "-o", out, "--date", "2026-11-21")
        assert result.exit_code == 0, result.output
        pages = " ".join(pdf_pages(out.read_bytes()))
        other = "right" if side == "left" else "left"
        assert f"your {other} side" in pages  # the side-bend picture's label follows the text


def test_figure_geometry_is_finite(catalogue):
    for exercise in catalogue.exercises.values():
        for panel in exercise.figure.panels:
            for point in skeleton(panel.angles).values():
                assert all(math.isfinite(c) for c in point)


def _page(draw) -> bytes:
    """A one-page PDF, uncompressed, of what draw(canvas) puts on it."""
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1, pageCompression=0)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _drawn_both_ways(panels, font: str, bold: str) -> tuple[bytes, bytes]:
    """The panels drawn directly, and as a ReportLab Drawing rendered by renderPDF."""
    drawing = panels_drawing(panels, 400, panels[0].height, font, bold, Palette())
    return (_page(lambda canvas: draw_panels(canvas, panels, font, bold, Palette())),
            _page(lambda canvas: renderPDF.draw(drawing, canvas, 0, 0)))


@pytest.mark.parametrize("layout_name", ["a4", "large-print"])
def test_direct_drawing_writes_what_renderpdf_writes(catalogue, layout_name):
    layout = load_layout(layout_name)
    make_styles(layout)  # registers the layout's fonts
    for exercise in catalogue.exercises.values():
        for mirror, labels in ((False, ()), (True, ("right", "left"))):
            panels = layout_figure(exercise.figure, CARD_WIDTH, PANEL_HEIGHT, mirror=mirror,
                                   side_labels=labels, label_size=layout.body_size)
            direct, rendered = _drawn_both_ways(panels, layout.font, layout.font_bold)
            assert direct == rendered, (exercise.id, layout_name, mirror)


def test_direct_drawing_matches_renderpdf_for_every_kind_of_shape():
    shapes = (
        Shape("line", ((1, 2), (30, 40), (50, 20)), 3.0, stroke="#112233"),
        Shape("line", ((1, 2), (30, 40)), 2.0, stroke="#445566", stroke_width=0.7, dash=(2.0, 1.6)),
        Shape("line", ((5, 5), (9, 9)), 1.0),  # no stroke: sets the state, draws nothing
        Shape("polygon", ((1, 2), (30, 40), (50, 20)), 4.0, fill="#AABBCC", stroke="#AABBCC"),
        Shape("polygon", ((1, 2), (30, 40), (50, 20)), fill="#AABBCC", stroke="#000000",
              stroke_width=0.9),
        Shape("polygon", ((1, 2), (30, 40), (50, 20)), fill="#AABBCC"),
        Shape("circle", ((40, 40),), 6.0, fill="#FFFFFF", stroke="#1A1A1A", stroke_width=0.9),
        Shape("circle", ((40, 40),), 1.3, fill="#1A1A1A"),
        Shape("circle", ((40, 40),), 3.0, stroke="#1A1A1A", stroke_width=0.5),
    )
    labels = tuple(Label(50, 10, "Ana Núñez", 11, anchor, "#333333", bold)
                   for anchor in ("start", "middle", "end") for bold in (False, True))
    panels = [PanelDrawing(step=i, width=90.0, height=70.0, shapes=shapes, labels=labels)
              for i in (1, 2)]
    direct, rendered = _drawn_both_ways(panels, "Helvetica", "Helvetica-Bold")
    assert direct == rendered


#: Points per cm of body each exercise's pictures had on an A4 card before the redraw.
A4_BEFORE = {
    "bird-dog": 0.93, "bottom-to-heel": 0.95, "cat-cow": 0.91, "chair-stand": 0.83,
    "childs-pose": 0.94, "double-knee-to-chest": 0.83, "draw-in": 0.95, "figure-4": 0.83,
    "glute-bridge": 0.95, "hamstring-stretch": 0.95, "hip-flexor-stretch": 0.95,
    "knee-rolls": 0.81, "knee-to-chest": 0.95, "nerve-glide": 0.95, "partial-crunch": 0.95,
    "pelvic-tilt": 0.95, "press-up": 0.95, "prone-on-elbows": 0.95,
    "seated-back-extension": 0.95, "seated-knee-lifts": 0.95, "seated-rotation": 0.95,
    "side-lying-leg-lift": 0.95, "standing-back-extension": 0.83, "standing-side-bend": 0.72,
    "superman": 0.92, "supine-twist": 0.95, "tail-wags": 0.85, "walking": 0.82, "wall-sit": 0.85,
}


def _card_scale(exercise, layout_name: str) -> float:
    from backhandout.render.figures import FigureRow

    layout = load_layout(layout_name)
    make_styles(layout)
    inner = layout.page_width - layout.margin_left - layout.margin_right - 1.6 * layout.body_size
    labels = ("away from pain", "side of pain") if "{away}" in " ".join(exercise.steps) else ()
    row = FigureRow(exercise.figure, labels=labels, height=layout.figure_height, font=layout.font,
                    bold=layout.font_bold, text_size=max(12.0, layout.body_size - 1))
    row.wrap(inner, layout.page_height)
    panels = row.panels()
    block_height = max(p.y + p.height for p in panels)
    assert block_height <= layout.figure_height + 0.01  # never taller than the layout allows
    return panels[0].scale


def test_pictures_are_never_smaller_than_before_on_an_a4_card(catalogue):
    assert set(A4_BEFORE) == set(catalogue.exercises)
    for exercise in catalogue.exercises.values():
        assert _card_scale(exercise, "a4") >= A4_BEFORE[exercise.id], exercise.id


#: Wide three-panel figures whose large-print step tags and side words (16 pt) take room
#: the body had in A4 (12 pt): a little smaller there (catalogue/FORMAT.md, Size).
LARGE_PRINT_TIGHT = {"childs-pose": 0.94, "standing-side-bend": 0.93}


def test_large_print_pictures_are_at_least_as_big_as_a4(catalogue):
    for exercise in catalogue.exercises.values():
        share = LARGE_PRINT_TIGHT.get(exercise.id, 0.99)
        assert _card_scale(exercise, "large-print") >= _card_scale(exercise, "a4") * share, \
            exercise.id
