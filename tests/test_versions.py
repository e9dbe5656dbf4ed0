"""Easier and harder versions on the cards, and web links as QR codes: the catalogue's
rules, what the card prints (in English and Spanish), and a QR code that a third-party
reader (zbarimg, Debian's zbar-tools) decodes to the link."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import break_file, one_line_error, pdf_pages, run

DAY = "2026-11-21"
BASE = "https://riverside-physio.example/exercises"


def build_text(tmp_path, *args: str) -> list[str]:
    out = tmp_path / "h.pdf"
    result = run("build", *args, "--date", DAY, "-o", out)
    assert result.exit_code == 0, result.output
    return pdf_pages(out.read_bytes())


def card(tmp_path, exercise: str, *args: str) -> str:
    """The card of one exercise (a handout of it alone), as its page's text."""
    pages = build_text(tmp_path, "one-sided-pain", "--weeks", "1", "--only", exercise, *args)
    return next(p for p in pages if "Take care" in p)


def test_every_version_names_its_sources(catalogue):
    found = {(e.id, way): v for e in catalogue.exercises.values()
             for way in ("easier", "harder") if (v := e.version(way))}
    assert set(found) == {
        ("double-knee-to-chest", "easier"), ("knee-to-chest", "harder"), ("tail-wags", "easier"),
        ("supine-twist", "easier"), ("knee-rolls", "easier"), ("knee-rolls", "harder"),
        ("chair-stand", "easier"), ("pelvic-tilt", "harder")}
    assert all(v.sources for v in found.values())


def test_cards_print_too_hard_and_too_easy(tmp_path):
    rolls = card(tmp_path, "knee-rolls", "--side", "left")
    assert "Too hard? Make the rolls smaller." in rolls
    assert "Too easy? Roll your knees a bit further." in rolls
    assert "Too hard? Rest your knees on a pillow." in card(tmp_path, "supine-twist")
    assert "Too hard? Do knee rolls on your back instead." in card(tmp_path, "tail-wags")
    twice = card(tmp_path, "knee-to-chest")
    assert "Too easy? Bring up both knees, one at a time, and hold them both." in twice
    figure = card(tmp_path, "figure-4")  # CONTENT.md names no version: none printed
    assert "Too hard?" not in figure and "Too easy?" not in figure


def test_cards_print_them_in_spanish(tmp_path):
    pages = build_text(tmp_path, "one-sided-pain", "--lang", "es")
    text = "\n".join(pages)
    assert "¿Demasiado difícil? No lleve las rodillas tan lejos." in text
    assert "¿Demasiado fácil? Lleve las rodillas un poco más lejos." in text


def test_a_dose_version_already_given_is_not_offered(tmp_path):
    assert "Too easy? Build up to doing this 3 times a day." in card(tmp_path, "pelvic-tilt")
    assert "Too easy?" not in card(tmp_path, "pelvic-tilt", "--dose", "pelvic-tilt=per-day:3")


@pytest.mark.parametrize("old, new, said", [
    ("easier:\n  exercise: knee-to-chest", "easier:\n  exercise: knee-to-shin",
     "double-knee-to-chest.yaml:28: easier.exercise: unknown exercise 'knee-to-shin'"),
    ("easier:\n  exercise: knee-to-chest", "easier:\n  exercise: double-knee-to-chest",
     "easier.exercise: names this exercise itself"),
    ("easier:\n  exercise: knee-to-chest", "easier:\n  dose: {reps: 3}\n  exercise: knee-to-chest",
     "easier: give another exercise or a dose change, not both"),
    ("  sources: [B, C, E]\n", "  sources: [Q]\n", "easier.sources[0]: unknown source 'Q'"),
    ("  text: Pull in one knee at a time instead.\n", "",
     "easier.text: missing field"),
    ("  text: Pull in one knee at a time instead.", "  text: Pull in {side}.",
     "easier.text: unknown marker {side}"),
    ("easier:", "easy:", "easy: unknown key"),
])
def test_a_broken_version_is_one_line(catalogue_copy, old, new, said):
    break_file(catalogue_copy, "exercises/double-knee-to-chest.yaml", old, new)
    assert said in one_line_error(catalogue_copy)


@pytest.mark.parametrize("dose, said", [
    ("{times_per_day: 4}", "harder.dose.times_per_day: 4 is outside the range 1 to 3"),
    ("{sets: 2}", "harder.dose.sets: dose.range gives no range for sets"),
    ("{reps: 10}", "harder.dose: is the exercise's own dose: it changes nothing"),
    ("{}", "harder.dose: give at least one dose field"),
])
def test_a_dose_version_stays_in_the_range(catalogue_copy, dose, said):
    break_file(catalogue_copy, "exercises/pelvic-tilt.yaml", "dose: {times_per_day: 3}",
               f"dose: {dose}")
    assert said in one_line_error(catalogue_copy)


@pytest.mark.parametrize("url, said", [
    ("javascript:alert(1)", "must be a web address starting https:// or http://"),
    ("https://exa mple.org/x", "must be a web address without spaces"),
    ("https://example.org/ñ", "must be a web address without spaces"),
    ("https://" + "a" * 150 + ".org", "characters long (at most 150)"),
    ("https://localhost/x", "must be a web address starting https://"),
    ("https://example.org/{id}", "must not hold { or }"),
])
def test_a_bad_video_link_is_refused(catalogue_copy, url, said):
    break_file(catalogue_copy, "exercises/knee-rolls.yaml", "sources: [A, B, C, D]\n",
               f"sources: [A, B, C, D]\nvideo: '{url}'\n")
    assert said in one_line_error(catalogue_copy)


@pytest.mark.parametrize("base, said", [
    ("ftp://example.org/x", "must be a web address starting https://"),
    ("https://example.org/{id}/{id}", "may hold {id} once"),
    ("https://example.org/{name}", "may hold {id} once"),
])
def test_a_bad_video_base_is_refused(tmp_path, base, said):
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text(f"name: R\nphone: '0161 496 0000'\nvideo_base: '{base}'\n")
    result = run("plan", "desk-worker", "--clinic", clinic)
    assert result.exit_code == 1 and said in result.output
    assert len(result.output.strip().splitlines()) == 1


def _clinic(tmp_path, base: str = BASE):
    path = tmp_path / "clinic.yaml"
    path.write_text(f"name: Riverside Physiotherapy\nphone: 0161 496 0000\nvideo_base: {base}\n")
    return path


def test_no_link_no_code(tmp_path):
    text = "\n".join(build_text(tmp_path, "one-sided-pain"))
    assert "Scan the code" not in text and "https://" not in text and ".example/" not in text


def test_a_clinic_base_gives_each_card_its_address(tmp_path):
    rolls = card(tmp_path, "knee-rolls", "--clinic", str(_clinic(tmp_path)))
    assert "Scan the code, or type this address, to see it done:" in rolls
    assert "riverside-physio.example/exercises/knee-rolls" in rolls
    assert "Too hard? Make the rolls smaller." in rolls


def test_an_id_mark_in_the_base_and_the_exercises_own_link(tmp_path, catalogue_copy):
    clinic = str(_clinic(tmp_path, "https://r.example/v?e={id}&lang=en"))
    assert "r.example/v?e=knee-rolls&lang=en" in \
        card(tmp_path, "knee-rolls", "--clinic", clinic).replace("\n", "")
    break_file(catalogue_copy, "exercises/knee-rolls.yaml", "sources: [A, B, C, D]\n",
               "sources: [A, B, C, D]\nvideo: https://videos.example.org/knee-rolls\n")
    own = ("--catalogue", str(catalogue_copy))
    assert "videos.example.org/knee-rolls" in card(tmp_path, "knee-rolls", *own)
    assert "Scan the code" not in card(tmp_path, "supine-twist", *own)


def test_a_long_address_breaks_at_a_slash_and_stays_whole(tmp_path):
    base = "https://physiotherapy-department.riverside-hospital.example/patients/exercises/video"
    lines = [line.strip() for line in
             card(tmp_path, "knee-rolls", "--clinic", str(_clinic(tmp_path, base))).splitlines()]
    joined = "".join(lines[lines.index("Scan the code, or type this address, to see it done:")
                           + 1:])
    assert joined.startswith(base.removeprefix("https://") + "/knee-rolls")


@pytest.mark.skipif(shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None,
                    reason="needs zbarimg (zbar-tools) and pdftoppm (poppler-utils)")
@pytest.mark.parametrize("layout", ["a4", "large-print", "booklet"])
def test_the_qr_code_decodes_to_the_link(tmp_path, layout):
    out = tmp_path / "h.pdf"
    result = run("build", "one-sided-pain", "--clinic", _clinic(tmp_path), "--layout", layout,
                 "--only", "knee-rolls", "--weeks", "1", "--date", DAY, "-o", out)
    assert result.exit_code == 0, result.output
    page = next(i for i, p in enumerate(pdf_pages(out.read_bytes()), 1) if "Scan the code" in p)
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", "-f", str(page), "-l", str(page),
                    out, tmp_path / "page"], check=True)
    image = next(tmp_path.glob("page*.png"))
    decoded = subprocess.run(["zbarimg", "--raw", "-q", image], capture_output=True, text=True)
    assert f"{BASE}/knee-rolls" in decoded.stdout.splitlines(), decoded
