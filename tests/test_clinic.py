"""Clinic details, the clinician's name and free notes: on paper, and every bad clinic file."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from backhandout.layouts import load_layout
from conftest import pdf_pages, run
from PIL import Image
from pypdf import PdfReader

CLINIC = """\
name: Riverside Physiotherapy
phone: 0161 496 0000
address: |
  12 Mill Lane
  Leeds LS1 4AB
clinician: Sam Patel
logo: logo.png
website: www.riverside-physio.example
"""
NOTES = "Walk <b>every</b> day & rest on Sundays.\nCall us if it gets worse."


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def clinic_file(tmp_path: Path) -> Path:
    Image.new("RGB", (300, 120), "#1B4F72").save(tmp_path / "logo.png")
    path = tmp_path / "clinic.yaml"
    path.write_text(CLINIC)
    return path


def build(tmp_path: Path, *args: object) -> tuple[int, str, bytes]:
    out = tmp_path / "out.pdf"
    result = run("build", "desk-worker", "--date", "2026-11-21", "-o", out, *args)
    return result.exit_code, result.output, out.read_bytes() if out.exists() else b""


def test_clinic_name_and_phone_on_every_page(tmp_path, clinic_file):
    code, output, data = build(tmp_path, "--clinic", clinic_file)
    assert code == 0, output
    pages = pdf_pages(data)
    assert len(pages) > 5
    for page in pages:
        assert "Riverside Physiotherapy · Phone 0161 496 0000" in page
    first = flat(pages[0])
    for words in ("12 Mill Lane Leeds LS1 4AB", "Phone: 0161 496 0000",
                  "www.riverside-physio.example", "Your physio or doctor: Sam Patel"):
        assert words in first


@pytest.mark.parametrize("layout", ["a4", "large-print"])
def test_footer_lines_never_overlap(tmp_path, clinic_file, layout):
    _, _, data = build(tmp_path, "--clinic", clinic_file, "--layout", layout)
    lines: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        for start in ("This is a guide", "physiotherapist", "Riverside Physiotherapy"):
            if text.strip().startswith(start):
                lines.setdefault(start, tm[5] * cm[3] + cm[5])

    PdfReader(io.BytesIO(data)).pages[1].extract_text(visitor_text=visit)
    size = load_layout(layout).small_size
    assert "physiotherapist" not in lines  # the disclaimer keeps to one line
    assert lines["This is a guide"] - lines["Riverside Physiotherapy"] >= size


def _images(page) -> list[str]:
    xobjects = page["/Resources"].get_object().get("/XObject") or {}
    return [name for name, ref in xobjects.items() if ref.get_object()["/Subtype"] == "/Image"]


def test_logo_is_drawn_on_the_first_page_only(tmp_path, clinic_file):
    _, _, data = build(tmp_path, "--clinic", clinic_file)
    reader = PdfReader(io.BytesIO(data))
    assert len(_images(reader.pages[0])) == 1
    assert not any(_images(page) for page in reader.pages[1:])


def test_no_logo_is_fine(tmp_path, clinic_file):
    clinic_file.write_text(CLINIC.replace("logo: logo.png\n", ""))
    code, output, data = build(tmp_path, "--clinic", clinic_file)
    assert code == 0, output
    assert not _images(PdfReader(io.BytesIO(data)).pages[0])


def test_clinician_option_overrides_the_file(tmp_path, clinic_file):
    _, _, data = build(tmp_path, "--clinic", clinic_file, "--clinician", "Dr <i>Jo</i> & Lee")
    first = flat(pdf_pages(data)[0])
    assert "Your physio or doctor: Dr <i>Jo</i> & Lee" in first and "Sam Patel" not in first


def test_clinician_without_a_clinic_file(tmp_path):
    _, _, data = build(tmp_path, "--clinician", "Sam Patel")
    pages = pdf_pages(data)
    assert "Your physio or doctor: Sam Patel" in pages[0]
    assert "Phone" not in pages[1]


def test_notes_are_printed_literally(tmp_path):
    code, output, data = build(tmp_path, "--notes", NOTES)
    assert code == 0, output
    first = pdf_pages(data)[0]
    assert "A note for you" in first
    for line in NOTES.splitlines():  # markup characters as typed, line breaks kept
        assert line in first


def test_same_input_same_bytes_with_clinic_and_logo(tmp_path, clinic_file):
    args = ("--clinic", clinic_file, "--notes", NOTES, "--flag", "pregnancy")
    assert build(tmp_path, *args)[2] == build(tmp_path, *args)[2]


def test_plan_json_carries_clinic_and_notes(tmp_path, clinic_file):
    result = run("plan", "desk-worker", "--json", "--clinic", clinic_file, "--notes", "Hi")
    assert '"name": "Riverside Physiotherapy"' in result.output
    assert '"clinician": "Sam Patel"' in result.output and '"notes": "Hi"' in result.output


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("phone: 0161 496 0000\n", ""), r":\d+: phone: missing field"),
        (("phone: 0161 496 0000", "phone: call us"),
         r":\d+: phone: expected a phone number with digits, got 'call us'"),
        (("name: Riverside Physiotherapy", "name: ''"),
         r":\d+: name: expected text, got an empty string"),
        (("website:", "colour: blue\nwebsite:"), r":\d+: colour: unknown key"),
        (("logo: logo.png", "logo: missing.png"),
         r":\d+: logo: missing.png: file not found"),
        (("logo: logo.png", "logo: clinic.yaml"), r":\d+: logo: clinic.yaml: not a PNG or JPEG image"),
        (("name: Riverside", "name: [Riverside"), r":\d+: YAML syntax error"),
    ],
)
def test_bad_clinic_file_is_one_line_naming_file_and_field(tmp_path, clinic_file, change, message):
    clinic_file.write_text(CLINIC.replace(*change))
    code, output, data = build(tmp_path, "--clinic", clinic_file)
    assert code == 1 and not data
    assert len(output.strip().splitlines()) == 1, output
    assert re.match(rf"Error: {re.escape(str(clinic_file))}{message}", output), output


def test_missing_clinic_file(tmp_path):
    code, output, _ = build(tmp_path, "--clinic", tmp_path / "nowhere.yaml")
    assert code == 1
    assert output.strip() == f"Error: {tmp_path / 'nowhere.yaml'}: file not found"


def test_broken_logo_image_is_a_clear_error(tmp_path, clinic_file):
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"broken")
    code, output, data = build(tmp_path, "--clinic", clinic_file)
    assert code == 1 and not data
    assert re.fullmatch(rf"Error: {re.escape(str(clinic_file))}:\d+: logo: logo.png: not a "
                        r"readable PNG or JPEG image\n", output), output


def test_a_full_first_page_moves_the_plan_whole_and_fills_the_gap(tmp_path, clinic_file):
    long_note = "\n".join(f"Line {i} of a long note." for i in range(8))
    _, _, data = build(tmp_path, "--clinic", clinic_file, "--notes", long_note,
                       "--flag", "pregnancy", "--flag", "arthritis")
    pages = [flat(p) for p in pdf_pages(data)]
    assert "How to use this handout" in pages[0] and "Your plan at a glance" not in pages[0]
    glance = next(p for p in pages if "Your plan at a glance" in p)
    glance = glance[glance.index("Your plan at a glance"):]
    rows = re.findall(r"(?:^|\s)([1-7]) [A-Z]", glance.split("How much Page")[1])
    assert rows[:7] == list("1234567")  # never split
