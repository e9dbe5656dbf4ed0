"""`backhandout check`: the shipped texts read at grade 6 or below; hard texts are named."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import run

from backhandout.readability import MIN_WORDS, grade, is_sentence, line_of, words
from backhandout.texts import all_texts

HARD = ("Osteoporotic individuals should consult their physician regarding "
        "contraindicated flexion-based mobilisation techniques.")


def _break(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text()
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1))


def test_shipped_catalogue_passes_at_grade_6():
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "Plans: 3 profiles checked." in result.output
    match = re.search(r"Highest grade (\d+\.\d)", result.output)
    assert match and float(match.group(1)) <= 6


def test_a_hard_text_is_named_with_file_line_field_and_grade(catalogue_copy):
    _break(catalogue_copy, "exercises/knee-to-chest.yaml",
           "  - Keep your head on the floor.", f"  - {HARD}")
    result = run("check", "--catalogue", catalogue_copy)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 2, result.output  # the grade, and 'physician' instead of 'doctor'
    assert errors[1].endswith("cautions[0]: uses 'physician': write 'doctor'")
    path = catalogue_copy / "exercises/knee-to-chest.yaml"
    line = path.read_text().splitlines().index(f"  - {HARD}") + 1
    assert re.fullmatch(rf"Error: {re.escape(str(path))}:{line}: cautions\[0\]: reading grade "
                        rf"\d+\.\d is above 6: {re.escape(HARD)}", errors[0]), errors[0]


def test_the_limit_can_be_changed():
    result = run("check", "--max-grade", "4")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert errors and all("is above 4:" in line for line in errors)
    assert run("check", "--max-grade", "0").exit_code == 2  # a usage error


def test_every_text_is_listed_with_all():
    result = run("check", "--all")  # the installed catalogue: paths may be absolute
    assert result.exit_code == 0
    assert re.search(r"\d\.\d  \S*catalogue/exercises/bird-dog\.yaml:\d+  steps\[0\]: Get on your",
                     result.output)
    assert re.search(r"    -  \S*catalogue/exercises/bird-dog\.yaml:2  name: Bird dog", result.output)
    assert re.search(r"\S*backhandout/texts\.py:\d+  LEFT_OUT: We left out", result.output)


def test_short_texts_are_not_graded(catalogue_copy):
    _break(catalogue_copy, "exercises/bird-dog.yaml", "name: Bird dog", "name: Osteoporosis mobilisation")
    assert words("Osteoporosis mobilisation") < MIN_WORDS
    assert run("check", "--catalogue", catalogue_copy).exit_code == 0


def test_fixed_sentences_pass_with_their_sample_values():
    for name, text in all_texts().items():
        assert "{" not in text, name
        assert words(text) < MIN_WORDS or not is_sentence(text) or grade(text) <= 6, (name, text)


def test_a_profile_that_cannot_be_planned_is_reported(catalogue_copy):
    _break(catalogue_copy, "profiles/post-workout-soreness.yaml", "avoid: []",
           "avoid: [flexion, extension, side-bend, rotation, neutral]")
    result = run("check", "--catalogue", catalogue_copy)
    assert result.exit_code == 1
    assert "Error: post-workout-soreness: " in result.output and "at least 5 are needed" in result.output


def test_a_broken_catalogue_is_one_line(catalogue_copy):
    _break(catalogue_copy, "flags.yaml", "    label: you are pregnant\n", "")
    result = run("check", "--catalogue", catalogue_copy)
    assert result.exit_code == 1
    assert re.fullmatch(r"Error: .*flags\.yaml:\d+: flags\[5\]\.label: missing field\n",
                        result.output)


def test_every_shipped_layout_is_checked():
    result = run("check")
    assert re.search(r"^Layouts: 5 files checked in \S*layouts\.$", result.stdout, re.M), result.stdout


def test_each_layout_that_cannot_be_read_is_named(tmp_path, monkeypatch):
    from backhandout.layouts import load_layout

    monkeypatch.setenv("BACKHANDOUT_LAYOUTS", str(tmp_path))
    (tmp_path / "broken.yaml").write_text("inherits: a4\n")  # a4 is not in this folder
    (tmp_path / "tiny.yaml").write_text("text:\n  body: 2pt\n")
    load_layout.cache_clear()
    try:
        result = run("check")
    finally:
        load_layout.cache_clear()
    assert result.exit_code == 1
    errors = sorted(line for line in result.stderr.splitlines() if line.startswith("Error:"))
    assert errors == [
        f"Error: {tmp_path / 'broken.yaml'}: inherits: inherits an unknown layout 'a4'",
        f"Error: {tmp_path / 'tiny.yaml'}:2: text.body: expected a length from 12pt to 24pt, "
        "got '2pt'",
    ]
    assert f"Layouts: 2 files checked in {tmp_path}." in result.stdout


def test_a_layouts_folder_without_layouts_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKHANDOUT_LAYOUTS", str(tmp_path))
    result = run("check")
    assert result.exit_code == 1
    assert f"Error: {tmp_path}: no layout files (*.yaml) found" in result.stderr.splitlines()


def _line(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_line_of_finds_nested_fields(catalogue_copy):
    profile = catalogue_copy / "profiles/desk-worker.yaml"
    assert line_of(str(profile), "tips[1].lines[0]") == _line(profile, "- Change position often.")
    flags = catalogue_copy / "flags.yaml"
    assert line_of(str(flags), "flags[1].ask_first") == _line(flags, "You have arthritis. Ask")
    texts = Path(__file__).parents[1] / "src/backhandout/texts.py"
    assert line_of(str(texts), "LEFT_OUT") == _line(texts, "LEFT_OUT =")
    assert line_of(str(flags), "flags[99].label") is None


def test_flags_command_lists_each_flag_and_its_effect():
    result = run("flags")
    assert result.exit_code == 0
    assert "osteoporosis: With osteoporosis" in result.output
    assert ("    leaves out: bottom-to-heel, cat-cow, childs-pose, double-knee-to-chest, figure-4, "
            "knee-to-chest, partial-crunch\n    prefers: sitting, standing\n") in result.output
    assert "no-floor: All your exercises" in result.output
    assert "    exercises on the floor, at most: 0\n" in result.output
    assert "age-65-plus (on from age 65):" in result.output
