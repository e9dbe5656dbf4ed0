"""The fillable tracking sheet: its form fields, and reading a filled sheet back."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from backhandout.api import build_pdf
from backhandout.model import Request
from backhandout.tracking_fields import META_FIELD, day_name, notes_name, tick_name
from conftest import PROFILES

DATE = dt.date(2026, 11, 21)


@pytest.fixture(scope="module")
def blank() -> dict[str, bytes]:
    """A blank 2-week handout per profile."""
    return {p: build_pdf(Request(profile=p, patient="Ana Núñez", weeks=2, date=DATE)) for p in PROFILES}


def fonts_not_embedded(data: bytes) -> list[str]:
    """Every font object in the file (pages, annotations, form resources) without a font file."""
    reader = PdfReader(io.BytesIO(data))
    missing = []
    for number in range(1, reader.trailer["/Size"]):
        obj = reader.get_object(number)
        if not hasattr(obj, "get") or obj.get("/Type") != "/Font":
            continue
        fonts = [d.get_object() for d in obj.get("/DescendantFonts", [])] or [obj]
        for font in fonts:
            descriptor = font.get("/FontDescriptor")
            files = ("/FontFile", "/FontFile2", "/FontFile3")
            if descriptor is None or not any(f in descriptor.get_object() for f in files):
                missing.append(str(obj.get("/BaseFont")))
    return missing


@pytest.mark.parametrize("profile", PROFILES)
def test_form_has_a_field_per_cell(blank, catalogue, profile):
    reader = PdfReader(io.BytesIO(blank[profile]))
    fields = reader.get_fields()
    meta = json.loads(fields[META_FIELD]["/V"])
    ids = [e["id"] for e in meta["exercises"]]
    assert meta["profile"] == profile and meta["weeks"] == 2 and meta["patient"] == "Ana Núñez"
    assert len(ids) >= 5 and set(ids) <= set(catalogue.exercises)
    expected = {META_FIELD}
    for week in (1, 2):
        expected.add(notes_name(week))
        for day in range(1, 8):
            expected |= {day_name(week, day, what) for what in ("date", "pain_during", "pain_morning")}
            expected |= {tick_name(week, day, i) for i in ids}
    assert set(fields) == expected
    assert fields[tick_name(1, 1, ids[0])]["/V"] == "/Off"
    widgets = {a["/T"]: a for page in reader.pages for a in (x.get_object() for x in page.get("/Annots", []))}
    assert widgets[day_name(2, 7, "pain_during")]["/MaxLen"] == 2
    assert widgets[META_FIELD]["/F"] == 2  # hidden


@pytest.mark.parametrize("profile", PROFILES)
def test_every_font_embedded(blank, profile):
    assert fonts_not_embedded(blank[profile]) == []


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="needs poppler-utils")
def test_pdffonts_sees_only_embedded_fonts(blank, tmp_path):
    path = tmp_path / "blank.pdf"
    path.write_bytes(blank[PROFILES[0]])
    rows = subprocess.run(["pdffonts", path], capture_output=True, text=True, check=True).stdout
    fonts = rows.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), rows


def test_blank_handout_is_byte_identical_twice(blank):
    again = build_pdf(Request(profile=PROFILES[0], patient="Ana Núñez", weeks=2, date=DATE))
    assert again == blank[PROFILES[0]]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_blank_fields_print_as_nothing(blank, tmp_path):
    """The diary pages look the same with and without their form fields drawn."""
    path = tmp_path / "blank.pdf"
    path.write_bytes(blank[PROFILES[0]])
    last = len(PdfReader(path).pages)

    def render(*extra: str) -> bytes:
        args = ["pdftoppm", "-r", "50", "-png", "-f", str(last), "-l", str(last), *extra, path]
        return subprocess.run(args, capture_output=True, check=True).stdout

    assert render() == render("-hide-annotations")
