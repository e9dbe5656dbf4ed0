"""A patient's programme file: saved, rebuilt byte for byte, edited by hand, read as
hostile input, and built from an older catalogue with what changed said."""

from __future__ import annotations

import pytest
import yaml
from conftest import break_file, pdf_pages, run

DAY = "2026-11-21"
CASES = {
    "default": ["desk-worker"],
    "one-sided": ["one-sided-pain", "--side", "left", "--patient", "Ana Núñez: 70 años",
                  "--weeks", "6", "--review-in", "4w", "--flag", "osteoporosis", "--age", "70",
                  "--notes", "Call us if it gets worse.\nSee you soon."],
    "chosen": ["desk-worker", "--only", "cat-cow,walking,glute-bridge,seated-rotation",
               "--dose", "glute-bridge=reps:12,sets:2", "--dose", "walking=minutes:15",
               "--layout", "large-print", "--lang", "es"],
    "added": ["post-workout-soreness", "--add", "walking", "--drop", "cat-cow",
              "--max-exercises", "6", "--layout", "booklet", "--flag", "pregnancy",
              "--pregnancy-weeks", "10", "--checked", "pregnancy"],
    "outside": ["desk-worker", "--dose", "glute-bridge=reps:20", "--allow-outside-range",
                "--clinic", "CLINIC", "--region", "uk", "--prefer", "extension"],
}


@pytest.fixture
def clinic(tmp_path):
    path = tmp_path / "clinic.yaml"
    path.write_text("name: Riverside Physiotherapy\nphone: 0161 496 0000\nclinician: Sam Patel\n"
                    "video_base: https://riverside-physio.example/exercises\n")
    return path


def _args(case: str, clinic) -> list[str]:
    return [str(clinic) if a == "CLINIC" else a for a in CASES[case]]


@pytest.mark.parametrize("case", CASES)
def test_a_saved_programme_rebuilds_the_identical_pdf(tmp_path, clinic, case):
    saved = tmp_path / "sub" / "ana.yaml"
    first = run("build", *_args(case, clinic), "--date", DAY, "-o", tmp_path / "first.pdf",
                "--save", saved)
    assert first.exit_code == 0, first.output
    again = run("build", "--programme", saved, "-o", tmp_path / "again.pdf", cwd=tmp_path.parent)
    assert again.exit_code == 0, again.output
    assert (tmp_path / "again.pdf").read_bytes() == (tmp_path / "first.pdf").read_bytes()


def test_plan_save_writes_a_readable_commented_file(tmp_path):
    saved = tmp_path / "ana.yaml"
    result = run("plan", "desk-worker", "--date", DAY, "--save", saved, "--review-in", "4w")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(f"Saved the programme: {saved}\n")
    text = saved.read_text()
    data = yaml.safe_load(text)
    assert data["profile"] == "desk-worker" and data["date"].isoformat() == DAY
    assert data["catalogue_version"] == "2026.12" and data["layout"] == "a4"
    assert str(data["review"]) == "2026-12-19" and data["weeks"] == 4 and data["first_week"] == 1
    assert data["exercises"][0] == {"id": "standing-back-extension",
                                    "dose": {"reps": 5, "hold": "2s"},
                                    "text_check": data["exercises"][0]["text_check"]}
    assert "# 7. Bridge, from week 3" in text and "# Stages: weeks 1 to 2: exercises 1 to 6" in text
    assert "# Hold 2 seconds – 5 times" in text


def test_plan_json_and_save_keep_stdout_json(tmp_path):
    result = run("plan", "desk-worker", "--json", "--save", tmp_path / "a.yaml")
    assert result.exit_code == 0 and result.stdout.lstrip().startswith("{")
    assert "Saved the programme" in result.stderr


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "ana.yaml"
    result = run("plan", "desk-worker", "--date", DAY, "--patient", "Ana", "--save", path)
    assert result.exit_code == 0, result.output
    return path


def _edit(path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_an_edited_programme_rebuilds_with_the_change(saved, tmp_path):
    _edit(saved, "dose: {reps: 10, hold: 5s}", "dose: {reps: 12, hold: 6s, sets: 2}")
    _edit(saved, "weeks: 4", "weeks: 2")
    out = tmp_path / "edited.pdf"
    result = run("build", "--programme", saved, "-o", out)
    assert result.exit_code == 0, result.output
    text = "\n".join(pdf_pages(out.read_bytes()))
    assert "Hold 6 seconds – 12 times – 2 rounds" in text
    assert "Week 2" in text and "Week 3" not in text


def test_a_programme_dose_is_exact(saved):
    """A field left out of a programme's dose is not done, even where the profile gives one."""
    _edit(saved, "dose: {reps: 10, per-day: 2}", "dose: {reps: 10}")
    result = run("plan", "--programme", saved, "--json")
    cat = next(e for e in yaml.safe_load(result.stdout)["exercises"] if e["id"] == "cat-cow")
    assert cat["dose_line"] == "10 times"


def test_a_removed_exercise_is_named_and_the_rest_builds(saved, tmp_path, catalogue_copy):
    (catalogue_copy / "exercises" / "press-up.yaml").unlink()
    break_file(catalogue_copy, "profiles/desk-worker.yaml", "  - id: press-up\n    dose: {reps: 10}\n", "")
    result = run("build", "--programme", saved, "-o", tmp_path / "a.pdf",
                 "--catalogue", catalogue_copy)
    assert result.exit_code == 0, result.output
    assert (f"Note: {saved}: press-up is no longer in the catalogue (this programme was made "
            "with catalogue 2026.12): the handout is made without it\n") in result.stderr
    assert "Lying back bend on hands" not in "\n".join(pdf_pages((tmp_path / "a.pdf").read_bytes()))


def test_an_edited_exercise_and_a_new_version_are_said(saved, tmp_path, catalogue_copy):
    break_file(catalogue_copy, "exercises/cat-cow.yaml", "Lift your head a little.",
               "Lift your head a bit.")
    break_file(catalogue_copy, "catalogue.yaml", '"2026.12"', '"2027.01"')
    result = run("build", "--programme", saved, "-o", tmp_path / "a.pdf",
                 "--catalogue", catalogue_copy)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"Note: {saved}: made with catalogue 2026.12; this catalogue is 2027.01",
        f"Note: {saved}: cat-cow: its text in the catalogue has changed since this programme "
        "was made (catalogue 2026.12); the handout prints the new text"]
    assert any("Lift your head a bit." in p for p in pdf_pages((tmp_path / "a.pdf").read_bytes()))


def test_a_programme_of_only_removed_exercises_does_not_build(tmp_path, catalogue_copy):
    path = tmp_path / "p.yaml"
    run("plan", "desk-worker", "--only", "wall-sit", "--save", path)
    (catalogue_copy / "exercises" / "wall-sit.yaml").unlink()
    result = run("build", "--programme", path, "--catalogue", catalogue_copy)
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].endswith(
        "exercises: none of its exercises is in the catalogue any more")


@pytest.mark.parametrize("old, new, said", [
    ("weeks: 4", "weeks: 13", r":\d+: weeks: must be a whole number from 1 to 12, got 13"),
    ("weeks: 4", "weeks: [4]", r":\d+: weeks: expected a list of names"),
    ("side: null", "side: up", r":\d+: side: must be left or right, got 'up'"),
    ("date: 2026-11-21", "date: 21/11/2026", r":\d+: date: must be a date like 2026-11-21"),
    ("programme: 1", "programme: 2", r":\d+: programme: expected a number from 1 to 1, got 2"),
    ("lang: en", "lang: fr", r"lang: unknown language 'fr' \(choose from: en, es\)"),
    ("layout: a4", "layout: a3", r":\d+: layout: unknown layout 'a3'"),
    ("max_exercises: 7", "colour: blue", r":\d+: colour: unknown key"),
    ("flags: []", "flags: [brittle]", r"flags: unknown flag 'brittle'"),
    ("  - id: cat-cow", "  - id: cat-cow\n    speed: fast", r":\d+: exercises\[3\]\.speed: unknown key"),
    ("dose: {reps: 10, per-day: 2}", "dose: {reps: 40, per-day: 2}",
     r"exercises: reps 40 is outside the catalogue's range for cat-cow, 3 to 10"),
    ("dose: {reps: 10, per-day: 2}", "dose: {reps: lots}",
     r":\d+: exercises\[3\]\.dose\.reps: cat-cow: reps must be a whole number"),
    ("  - id: cat-cow", "  - id: CAT COW",
     r":\d+: exercises\[3\]\.id: expected a lower-case id like 'knee-rolls', got 'CAT COW'"),
    ("patient: Ana", "patient: [Ana]", r":\d+: patient: expected text or null"),
    ("flags: []", "flags: [[a, [b]]]", r":\d+: flags: expected a list of at most 20 names"),
    ("flags: []", "flags: &a [x, y]\nchecked: [*a, *a]",
     r":\d+: YAML aliases \(\*name\) are not allowed here"),
    ("clinic: null", "clinic: missing.yaml", r":\d+: clinic: .*missing\.yaml: file not found"),
    ("profile: desk-worker", "profile: desk", r"profile: unknown profile 'desk'"),
])
def test_a_bad_programme_is_one_line_naming_file_and_key(saved, old, new, said):
    import re

    _edit(saved, old, new)
    result = run("build", "--programme", saved)
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {saved}"), result.output
    assert re.search(said, lines[0]), lines[0]


def test_a_way_without_that_version_is_refused(saved):
    _edit(saved, "dose: {reps: 10, per-day: 2}", "dose: {reps: 10, per-day: 2}\n    way: easier")
    result = run("build", "--programme", saved)
    assert result.exit_code == 1
    assert "exercises: cat-cow has no easier version in the catalogue" in result.output


@pytest.mark.parametrize("content, said", [
    (b"\xff\xfe not text", "not UTF-8 text"),
    (b"a: [unclosed", "YAML syntax error"),
    (b"", "the file is empty"),
    (b"- just\n- a list\n", "expected a mapping, got a list"),
    (b"x" * 200_000, "the file is too big (195 kB): a programme file may be at most 64 kB"),
])
def test_a_file_that_is_no_programme_is_one_line(tmp_path, content, said):
    path = tmp_path / "p.yaml"
    path.write_bytes(content)
    result = run("build", "--programme", path)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and said in lines[0] and "xxxx" not in lines[0], lines


def test_programme_with_other_options_is_a_usage_error(saved):
    for extra in (["desk-worker"], ["--weeks", "2"], ["--date", DAY], ["--dose", "cat-cow=reps:5"],
                  ["--layout", "letter"]):
        result = run("build", "--programme", saved, *extra)
        assert result.exit_code == 2, result.output
        assert "--programme holds the whole handout: give no" in result.output


def test_build_without_profile_or_programme_is_a_usage_error():
    result = run("build")
    assert result.exit_code == 2
    assert "give a PROFILE (see: backhandout profiles), or --programme FILE.yaml" in result.output


def test_a_roster_row_can_name_a_programme(saved, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(f"name,profile,programme,output\n,,{saved.name},ana\n"
                      f"Bob,,{saved.name},\n,,nowhere.yaml,\n")
    result = run("batch", "--roster", roster, "--out-dir", tmp_path / "out", "--jobs", "1",
                 cwd=tmp_path)
    assert "Built 1, skipped 0, failed 2" in result.stdout
    assert "row 3: give a programme or name, not both" in result.stderr
    assert "row 4: programme: nowhere.yaml: file not found" in result.stderr
    built = run("build", "--programme", saved, "-o", tmp_path / "direct.pdf")
    assert built.exit_code == 0  # a batch draws a named handout as template + name: same pages
    def words(path):
        return [sorted(page.split()) for page in pdf_pages(path.read_bytes())]

    assert words(tmp_path / "out" / "ana.pdf") == words(tmp_path / "direct.pdf")


def test_a_roster_without_profile_but_with_programme_column_is_fine(saved, tmp_path):
    roster = tmp_path / "r.yaml"
    roster.write_text(f"- programme: {saved.name}\n")
    result = run("batch", "--roster", roster, "--out-dir", tmp_path / "out", "--jobs", "1",
                 cwd=tmp_path)
    assert result.exit_code == 0, result.output


def test_a_layout_file_is_found_from_the_programmes_folder(tmp_path):
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    (layouts / "clinic.yaml").write_text("inherits: a4\nmargins:\n  left: 25mm\n")
    sub = tmp_path / "patients"
    sub.mkdir()
    made = run("build", "desk-worker", "--layout", "layouts/clinic.yaml", "--date", DAY,
               "-o", "first.pdf", "--save", "patients/ana.yaml", cwd=tmp_path)
    assert made.exit_code == 0, made.output
    assert "layout: ../layouts/clinic.yaml" in (sub / "ana.yaml").read_text()
    again = run("build", "--programme", "ana.yaml", "-o", "again.pdf", cwd=sub)
    assert again.exit_code == 0, again.output
    assert (sub / "again.pdf").read_bytes() == (tmp_path / "first.pdf").read_bytes()

