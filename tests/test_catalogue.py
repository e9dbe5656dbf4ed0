"""The shipped catalogue loads, and every kind of bad file gets one clear line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import PROFILES, break_file, one_line_error, run

from backhandout.catalogue import load_catalogue
from backhandout.model import CATEGORIES

CONTENT_EXERCISES = {
    "knee-to-chest", "double-knee-to-chest", "knee-rolls", "pelvic-tilt", "draw-in",
    "glute-bridge", "cat-cow", "bird-dog", "childs-pose", "bottom-to-heel", "press-up",
    "prone-on-elbows", "standing-back-extension", "superman", "partial-crunch",
    "side-lying-leg-lift", "hamstring-stretch", "hip-flexor-stretch", "figure-4",
    "seated-rotation", "standing-side-bend", "tail-wags", "wall-sit", "nerve-glide", "walking",
}


def test_shipped_catalogue_covers_content(catalogue):
    assert CONTENT_EXERCISES <= set(catalogue.exercises)
    assert len(catalogue.exercises) >= 24
    assert set(PROFILES) == set(catalogue.profiles)
    for exercise in catalogue.exercises.values():
        assert exercise.category in CATEGORIES
        assert 3 <= len(exercise.steps) <= 7
        assert Path(exercise.file).stem == exercise.id


def test_doses_lie_inside_their_ranges(catalogue):
    for exercise in catalogue.exercises.values():
        assert exercise.dose.range, exercise.id
        for name, low, high in exercise.dose.range:
            value = getattr(exercise.dose, name)
            assert value is None or low <= value <= high, (exercise.id, name)


def test_each_profile_has_tips_and_an_explanation(catalogue):
    for profile in catalogue.profiles.values():
        assert profile.tips and profile.explanation


def _shown(root: Path, relative: str) -> str:
    return str(root / relative)


BRIDGE = "exercises/glute-bridge.yaml"


def test_wrong_type_names_file_line_and_field(catalogue_copy):
    break_file(catalogue_copy, BRIDGE, "  reps: 8\n", "  reps: lots\n")
    line = one_line_error(catalogue_copy)
    assert re.fullmatch(
        rf"Error: {re.escape(_shown(catalogue_copy, BRIDGE))}:\d+: dose\.reps: "
        r"expected a whole number, got 'lots'",
        line,
    ), line


def test_yaml_syntax_error(catalogue_copy):
    break_file(catalogue_copy, BRIDGE, "name:", "name: [unclosed\nx:")
    line = one_line_error(catalogue_copy)
    assert _shown(catalogue_copy, BRIDGE) in line and "YAML syntax error" in line


def test_unknown_key(catalogue_copy):
    break_file(catalogue_copy, BRIDGE, "level:", "colour: red\nlevel:")
    assert ": colour: unknown key" in one_line_error(catalogue_copy)


def test_missing_field(catalogue_copy):
    path = catalogue_copy / BRIDGE
    path.write_text("\n".join(l for l in path.read_text().splitlines() if not l.startswith("category:")))
    assert ": category: missing field" in one_line_error(catalogue_copy)


def test_wrong_choice(catalogue_copy):
    break_file(catalogue_copy, BRIDGE, "category: strength", "category: strong")
    assert "category: expected one of mobility, stretch, strength, aerobic, got 'strong'" in one_line_error(
        catalogue_copy
    )


def test_duplicate_id(catalogue_copy):
    (catalogue_copy / "exercises" / "bridge-copy.yaml").write_text(
        (catalogue_copy / BRIDGE).read_text()
    )
    line = one_line_error(catalogue_copy)
    assert ": id: duplicate id 'glute-bridge'" in line
    assert "glute-bridge.yaml" in line and "bridge-copy.yaml" in line


def test_duplicate_key(catalogue_copy):
    break_file(catalogue_copy, BRIDGE, "level:", "per_side: false\nlevel:")
    assert "per_side: this key appears twice" in one_line_error(catalogue_copy)


def test_profile_naming_unknown_exercise(catalogue_copy):
    break_file(catalogue_copy, "profiles/desk-worker.yaml", "  - id: glute-bridge", "  - id: moon-walk")
    line = one_line_error(catalogue_copy)
    assert "desk-worker.yaml:" in line and "unknown exercise 'moon-walk'" in line
    assert re.search(r": picks\[\d+\]: ", line)


def test_dose_outside_range(catalogue_copy):
    break_file(catalogue_copy, BRIDGE, "  reps: 8\n", "  reps: 40\n")
    assert "dose.reps: 40 is outside the range" in one_line_error(catalogue_copy)


def test_unknown_side_marker(catalogue_copy):
    break_file(catalogue_copy, "exercises/standing-side-bend.yaml", "{away}", "{left}")
    assert "unknown marker {left}" in one_line_error(catalogue_copy)


def test_empty_file(catalogue_copy):
    (catalogue_copy / BRIDGE).write_text("")
    assert "the file is empty" in one_line_error(catalogue_copy)


def test_not_utf8(catalogue_copy):
    (catalogue_copy / BRIDGE).write_bytes("name: caf\xe9\n".encode("latin-1"))
    assert "not UTF-8 text" in one_line_error(catalogue_copy)


def test_missing_catalogue_folder(tmp_path):
    line = one_line_error(tmp_path / "nowhere")
    assert "nowhere: catalogue folder not found" in line


def test_environment_variable_points_at_catalogue(catalogue_copy, monkeypatch):
    break_file(catalogue_copy, "profiles/desk-worker.yaml", "title: ", "title: Custom ")
    monkeypatch.setenv("BACKHANDOUT_CATALOGUE", str(catalogue_copy))
    result = run("profiles")
    assert result.exit_code == 0
    assert "Custom " in result.output


def test_loaded_objects_are_frozen(catalogue):
    with pytest.raises(AttributeError):
        catalogue.exercises["cat-cow"].name = "x"  # type: ignore[misc]


def test_catalogue_loaded_once(catalogue_copy):
    assert load_catalogue(catalogue_copy) is load_catalogue(catalogue_copy)


def test_control_character(catalogue_copy):
    (catalogue_copy / BRIDGE).write_text("id: glute-bridge\nname: \x01\n")
    assert "glute-bridge.yaml:2: YAML syntax error: control characters are not allowed" in one_line_error(
        catalogue_copy)
