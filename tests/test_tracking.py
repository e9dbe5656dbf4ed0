"""The fillable tracking sheet: its form fields, and reading a filled sheet back."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import PROFILES, pdf_pages, run
from pypdf import PdfReader, PdfWriter

from backhandout.api import build_pdf
from backhandout.model import Request
from backhandout.tracking_fields import META_FIELD, day_name, notes_name, tick_name

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
    starts = {e["id"]: e["start_week"] for e in meta["exercises"]}
    assert meta["profile"] == profile and meta["weeks"] == 2 and meta["patient"] == "Ana Núñez"
    assert len(ids) >= 5 and set(ids) <= set(catalogue.exercises)
    expected = {META_FIELD}
    for week in (1, 2):
        expected.add(notes_name(week))
        for day in range(1, 8):
            expected |= {day_name(week, day, what) for what in ("date", "pain_during", "pain_morning")}
            expected |= {tick_name(week, day, i) for i in ids if starts[i] <= week}
    assert set(fields) == expected
    assert fields[tick_name(1, 1, ids[0])]["/V"] == "/Off"
    widgets = {a["/T"]: a for page in reader.pages for a in (x.get_object() for x in page.get("/Annots", []))}
    assert widgets[day_name(2, 7, "pain_during")]["/MaxLen"] == 2
    assert widgets[META_FIELD]["/F"] == 2  # hidden


@pytest.mark.parametrize("profile", PROFILES)
def test_every_font_embedded(blank, profile):
    assert fonts_not_embedded(blank[profile]) == []  # the form's /DR fonts too


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


def _objects(data: bytes):
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    return pdf, list(pdf.objects)


def test_form_fonts_are_embedded_with_an_encoding_and_every_named_font_is_in_dr(blank):
    """Text fields name the WinAnsi form font, tick boxes /ZaDb; both are in /DR, embedded."""
    import pikepdf

    pdf, _ = _objects(blank["desk-worker"])
    form = pdf.Root.AcroForm
    fonts = form.DR.Font
    named = {re.match(r"/(\S+) ", str(f.DA)).group(1) for f in form.Fields}
    named.add(re.match(r"/(\S+) ", str(form.DA)).group(1))
    assert named == {"DejaVuSans", "ZaDb"} and all(f"/{n}" in fonts for n in named)
    text = fonts.DejaVuSans
    assert text.Encoding == pikepdf.Name.WinAnsiEncoding and text.FontDescriptor.Flags == 32
    assert (text.FirstChar, text.LastChar, len(text.Widths)) == (32, 255, 224)
    assert "/FontFile2" in text.FontDescriptor and "/FontFile2" in fonts.ZaDb.FontDescriptor
    for box in (f for f in form.Fields if f.FT == pikepdf.Name.Btn):
        assert str(box.DA).startswith("/ZaDb ") and str(box.MK.CA) == "4"


def test_form_font_has_every_winansi_character():
    """Every character Windows-1252 has (all of Latin-1 and – € ‘ ’ “ ” … Š Ž Œ) is drawn."""
    from fontTools.ttLib import TTFont

    from backhandout.render.form import FORM_FONT_FILE, TICK_FONT_FILE

    font = TTFont(FORM_FONT_FILE)
    wanted = {ord(bytes([c]).decode("cp1252")) for c in range(32, 256)
              if c not in (0x7F, 0x81, 0x8D, 0x8F, 0x90, 0x9D)}
    assert wanted <= set(font.getBestCmap()) and len(wanted) == 218
    assert not {"fpgm", "prep", "cvt "} & set(font.keys())
    tick = TTFont(TICK_FONT_FILE)
    assert {(t.platformID, t.platEncID): t.cmap for t in tick["cmap"].tables} == {
        (1, 0): {0x34: "uniF034"}, (3, 0): {0xF034: "uniF034"}}


def test_no_empty_compressed_stream(blank):
    """A 0-byte stream declared /FlateDecode is invalid (MuPDF warns, pdf.js complains)."""
    import pikepdf

    _, objects = _objects(blank["desk-worker"])
    streams = [o for o in objects if isinstance(o, pikepdf.Stream)]
    assert streams and all(o.read_raw_bytes() or "/Filter" not in o for o in streams)
    off = [o for o in streams if o.get("/Subtype") == "/Form" and not o.read_bytes()]
    assert off  # the tick boxes' shared "Off" appearance: empty, so not compressed


@pytest.mark.skipif(shutil.which("mutool") is None or shutil.which("qpdf") is None,
                    reason="needs mupdf-tools and qpdf")
@pytest.mark.parametrize("layout", ["a4", "booklet", "letter-booklet"])
def test_mupdf_prints_no_warning_and_qpdf_finds_no_error(tmp_path, layout):
    from backhandout.layouts import load_layout

    path = tmp_path / "blank.pdf"
    path.write_bytes(build_pdf(Request(profile="desk-worker", patient="Ana Núñez", weeks=4,
                                       date=DATE), layout=load_layout(layout)))
    done = subprocess.run(["mutool", "draw", "-o", tmp_path / "p%d.png", "-r", "20", path],
                          capture_output=True, text=True)
    said = [line for line in (done.stdout + done.stderr).splitlines()
            if line.strip() and not line.startswith("page ") and "ICC support" not in line]
    assert done.returncode == 0 and said == []  # (this mutool build lacks ICC: not the file)
    check = subprocess.run(["qpdf", "--check", path], capture_output=True, text=True)
    assert check.returncode == 0 and "No syntax or stream encoding errors" in check.stdout


def test_plan_field_survives_a_reset(blank):
    """The hidden plan's default (/DV) is its value, so a viewer's "Reset form" keeps it."""
    reader = PdfReader(io.BytesIO(blank["desk-worker"]))
    plan = reader.get_fields()[META_FIELD]
    assert plan["/DV"] == plan["/V"] and json.loads(plan["/V"])["weeks"] == 2


def test_tab_order_goes_down_each_day(blank):
    """Viewers tab in annotation order: each day's date, ticks and pain, then the notes."""
    from backhandout.tracking_fields import DAYS

    reader = PdfReader(io.BytesIO(blank["desk-worker"]))
    ids = exercise_ids(blank["desk-worker"])
    starts = start_weeks(blank["desk-worker"])
    page = next(p for p in reader.pages if any(
        a.get_object()["/T"] == day_name(1, 1, "date") for a in p.get("/Annots", [])))
    names = [str(a.get_object()["/T"]) for a in page["/Annots"]]
    expected = []
    for week in (1, 2):
        for day in range(1, DAYS + 1):
            expected += [day_name(week, day, "date")]
            expected += [tick_name(week, day, i) for i in ids if starts[i] <= week]
            expected += [day_name(week, day, k) for k in ("pain_during", "pain_morning")]
        expected.append(notes_name(week))
    assert [n for n in names if n != META_FIELD] == expected


@pytest.mark.parametrize("layout", ["a4", "booklet", "letter-booklet"])
def test_a_whole_date_fits_its_box(layout):
    """Dates take day/month (5 characters, as the row's label says) at a size that shows
    them whole in the box, with the room viewers keep at each side."""
    from backhandout.layouts import load_layout
    from backhandout.render.form import APPEARANCE_INSET, text_width

    data = build_pdf(Request(profile="desk-worker", weeks=1, date=DATE), layout=load_layout(layout))
    widgets = [a.get_object() for p in PdfReader(io.BytesIO(data)).pages
               for a in p.get("/Annots", [])]
    dates = [w for w in widgets if str(w["/T"]).endswith("_date")]
    assert len(dates) == 7
    for date in dates:
        width = float(date["/Rect"][2]) - float(date["/Rect"][0])
        size = float(str(date["/DA"]).split()[1])
        assert date["/MaxLen"] == 5 and 7 <= size <= 10
        assert text_width("28/08", size) <= width - 2 * APPEARANCE_INSET
    text = " ".join(pdf_pages(data))
    assert "Date (day/month)" in text


# --- reading a filled sheet back ------------------------------------------------------------

WEEK1_PERCENT = [14, 29, 43, 57, 71, 86, 100]  # exercise i ticked on days 1..i+1 of week 1
OVERALL_PERCENT = [38, 10, 14, 19, 24, 29, 33]  # ... plus the first one every day of week 2, of 21
PAIN_DURING_WEEK1 = [8, 7, 6, 6, 5, 4, 4]  # mean 5.7
PAIN_DURING_WEEK3 = [3, 3, 2, 2]  # mean 2.5


def fill(data: bytes, values: dict[str, str]) -> bytes:
    """Fill form fields the way a viewer would, with pypdf; returns the filled PDF."""
    writer = PdfWriter(clone_from=io.BytesIO(data))
    writer.update_page_form_field_values(None, values, auto_regenerate=True)  # sets NeedAppearances
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def exercise_ids(data: bytes) -> list[str]:
    meta = PdfReader(io.BytesIO(data)).get_fields()[META_FIELD]["/V"]
    return [e["id"] for e in json.loads(meta)["exercises"]]


def start_weeks(data: bytes) -> dict[str, int]:
    """Exercise id -> the week its stage starts (strength waits for week 3)."""
    meta = PdfReader(io.BytesIO(data)).get_fields()[META_FIELD]["/V"]
    return {e["id"]: e["start_week"] for e in json.loads(meta)["exercises"]}


def percent(part: int, whole: int) -> int:
    return (200 * part + whole) // (2 * whole) if whole else 0


def diary_values(ids: list[str]) -> dict[str, str]:
    """A 4-week sheet with weeks 1-3 filled in and week 4 left empty."""
    values = {tick_name(1, day, ex): "/Yes" for i, ex in enumerate(ids) for day in range(1, i + 2)}
    values |= {tick_name(2, day, ids[0]): "/Yes" for day in range(1, 8)}
    values |= {day_name(1, d, "pain_during"): str(p) for d, p in enumerate(PAIN_DURING_WEEK1, 1)}
    values |= {day_name(3, d, "pain_during"): str(p) for d, p in enumerate(PAIN_DURING_WEEK3, 1)}
    values |= {
        day_name(1, 1, "pain_morning"): "6",
        day_name(1, 2, "pain_morning"): "4",
        day_name(2, 1, "pain_morning"): " 4 ",
        day_name(2, 3, "pain_during"): "x",
        day_name(2, 4, "pain_during"): "12",
        day_name(1, 1, "date"): "21/11",
        notes_name(2): "Sore after the bridge",
    }
    return values


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> dict[str, tuple[Path, list[str], dict[str, int]]]:
    """Per profile: a filled 4-week sheet on disk, its exercise ids and their start weeks."""
    folder = tmp_path_factory.mktemp("filled")
    sheets = {}
    for profile in PROFILES:
        data = build_pdf(Request(profile=profile, patient="Ana Núñez", weeks=4, date=DATE))
        ids = exercise_ids(data)
        path = folder / f"{profile}.pdf"
        path.write_bytes(fill(data, diary_values(ids)))
        sheets[profile] = (path, ids, start_weeks(data))
    return sheets


@pytest.mark.parametrize("profile", PROFILES)
def test_read_back_exact_numbers(filled, profile):
    path, ids, starts = filled[profile]
    result = run("tracking", "read", path, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["profile"], data["patient"], data["weeks"], data["weeks_counted"]) == (
        profile, "Ana Núñez", 4, 3)
    assert [e["id"] for e in data["exercises"]] == ids
    for i, exercise in enumerate(data["exercises"]):
        start = starts[exercise["id"]]  # no field to tick before an exercise's stage begins
        sessions = [w["sessions"] for w in exercise["weeks"]]
        assert sessions == [i + 1 if start <= 1 else 0, 7 if i == 0 else 0, 0]
        assert [w["started"] for w in exercise["weeks"]] == [w >= start for w in (1, 2, 3)]
        if start == 1:
            assert exercise["weeks"][0]["percent"] == WEEK1_PERCENT[i]
        days = 7 * sum(w >= start for w in (1, 2, 3))
        assert (exercise["sessions"], exercise["days"], exercise["percent"]) == (
            sum(sessions), days, percent(sum(sessions), days))
        if start == 1:
            assert exercise["percent"] == OVERALL_PERCENT[i]
    during, morning = data["trends"]
    assert during == {"kind": "pain_during", "weekly": [[1, 5.7], [3, 2.5]], "first_week": 1,
                      "last_week": 3, "first_mean": 5.7, "last_mean": 2.5, "change": -3.2,
                      "meaningful": True}
    assert morning == {"kind": "pain_morning", "weekly": [[1, 5.0], [2, 4.0]], "first_week": 1,
                       "last_week": 2, "first_mean": 5.0, "last_mean": 4.0, "change": -1.0,
                       "meaningful": False}
    assert [(h["week"], h["day"], h["kind"], h["score"]) for h in data["high_pain"]] == [
        (1, 1, "pain_during", 8), (1, 1, "pain_morning", 6), (1, 2, "pain_during", 7),
        (1, 3, "pain_during", 6), (1, 4, "pain_during", 6)]
    assert [(p["week"], p["day"], p["kind"], p["value"]) for p in data["problems"]] == [
        (2, 3, "pain_during", "x"), (2, 4, "pain_during", "12")]
    assert data["notes"] == [[2, "Sore after the bridge"]]
    assert data["days"][0]["date"] == "21/11"
    assert data["days"][0]["done"] == [i for i in ids if starts[i] == 1]
    assert len(data["days"]) == 21


def test_read_summary_and_csv(filled):
    path, ids, starts = filled["desk-worker"]
    text = run("tracking", "read", path)
    assert text.exit_code == 0, text.output
    assert "4 weeks on the sheet, 3 filled in." in text.output
    assert ("Pain during: week 1 average 5.7, week 3 average 2.5: down 3.2 "
            "(a meaningful change, better).") in text.output
    assert ("Pain next morning: week 1 average 5.0, week 2 average 4.0: down 1.0 "
            "(not a meaningful change).") in text.output
    assert ("Days with pain above 5 (4): week 1: day 1 (during 8, next morning 6), "
            "day 2 (during 7), day 3 (during 6), day 4 (during 6).") in text.output
    assert "week 2 day 3 pain during 'x', week 2 day 4 pain during '12'" in text.output
    assert "Notes, week 2: Sore after the bridge" in text.output
    table = run("tracking", "read", path, "--csv")
    rows = list(csv.reader(io.StringIO(table.output)))
    assert rows[0] == ["exercise_id", "exercise", "week", "sessions", "days", "adherence_percent"]
    assert [r[0] for r in rows[1:4]] == [ids[0]] * 3
    assert [r[2:] for r in rows[1:4]] == [["1", "1", "7", "14"], ["2", "7", "7", "100"],
                                          ["3", "0", "7", "0"]]
    assert len(rows) == 1 + sum(w >= starts[i] for i in ids for w in (1, 2, 3))
    later = [i for i in ids if starts[i] > 1]
    assert later, "desk-worker has strength moves that start in a later week"
    assert "      -      -    0/7" in text.output  # not started yet: a dash, not 0/7


def test_read_blank_sheet(blank, tmp_path):
    path = tmp_path / "blank.pdf"
    path.write_bytes(blank["desk-worker"])
    result = run("tracking", "read", path)
    assert result.exit_code == 0
    assert result.output.endswith("2 weeks on the sheet, 0 filled in.\nNothing has been filled in yet.\n")


def test_csv_and_json_together_is_a_usage_error(filled):
    result = run("tracking", "read", filled["desk-worker"][0], "--csv", "--json")
    assert result.exit_code == 2


# --- the clinician's report -------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_report_is_one_page_with_the_findings(filled, tmp_path, profile):
    path, ids, _ = filled[profile]
    out = tmp_path / "report.pdf"
    result = run("tracking", "report", path, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.output == f"{out}\n"
    data = out.read_bytes()
    (page,) = pdf_pages(data)
    for text in ("Exercise diary summary", "Patient: Ana Núñez", "Weeks filled in: 3 of 4",
                 "down 3.2 (a meaningful change, better)", "Days each exercise was done",
                 "Week by week", "Sore after the bridge", "Pain scores (0-10) day by day"):
        assert text in " ".join(page.split()), text
    assert fonts_not_embedded(data) == []
    again = tmp_path / "again.pdf"
    run("tracking", "report", path, "-o", again)
    assert again.read_bytes() == data


def test_report_stays_one_page_when_full(tmp_path):
    """12 weeks, every score high and every note long: still one page."""
    data = build_pdf(Request(profile="desk-worker", weeks=12, date=DATE))
    ids = exercise_ids(data)
    values = {tick_name(w, d, ex): "/Yes" for w in range(1, 13) for d in range(1, 8) for ex in ids}
    values |= {day_name(w, d, k): "9" for w in range(1, 13) for d in range(1, 8)
               for k in ("pain_during", "pain_morning")}
    values |= {notes_name(w): "Long note. " * 30 for w in range(1, 13)}
    path = tmp_path / "full.pdf"
    path.write_bytes(fill(data, values))
    out = tmp_path / "report.pdf"
    assert run("tracking", "report", path, "-o", out).exit_code == 0
    assert len(pdf_pages(out.read_bytes())) == 1


def test_report_of_a_blank_sheet(blank, tmp_path):
    path = tmp_path / "blank.pdf"
    path.write_bytes(blank["desk-worker"])
    out = tmp_path / "report.pdf"
    assert run("tracking", "report", path, "-o", out).exit_code == 0
    (page,) = pdf_pages(out.read_bytes())
    assert "Nothing has been filled in on this diary yet." in page


# --- files that are not a filled sheet ----------------------------------------------------------


def encrypted(data: bytes, user: str, owner: str | None = None) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(data))
    writer.encrypt(user, owner, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def no_form() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def other_form(values: dict[str, str]) -> bytes:
    """A one-page PDF whose form has text fields with these names and values."""
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(595, 842))
    for i, (name, value) in enumerate(values.items()):
        canvas.acroForm.textfield(name=name, value=value, x=50, y=700 - 40 * i, width=200,
                                  height=20)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


BAD_FILES = {
    "missing": (None, "file not found"),
    "corrupt": (b"%PDF-1.7\n1 0 obj << /Type /Catalog", "damaged PDF, cannot be read ("),
    "not-a-pdf": (b"name,week\nAna,1\n", "not a PDF file"),
    "no-form": (no_form(), "no fillable diary in this PDF (a printed, scanned or flattened copy"),
}


@pytest.mark.parametrize("command", ["read", "report"])
@pytest.mark.parametrize("kind", sorted(BAD_FILES) + ["encrypted", "other-form", "only-a-plan"])
def test_bad_files_give_one_clear_line(filled, tmp_path, command, kind):
    path = tmp_path / f"{kind}.pdf"
    sheet = filled["desk-worker"][0].read_bytes()
    content, message = BAD_FILES.get(kind, (None, None))
    if kind == "encrypted":
        content, message = encrypted(sheet, "secret"), "the PDF is encrypted with a password"
    if kind == "other-form":
        content, message = other_form({"name": "Ana"}), "this PDF's form is not a backhandout diary"
    if kind == "only-a-plan":
        content = other_form({META_FIELD: "{"})
        message = ("the tracking form's plan data is damaged (backhandout_plan: not valid JSON) "
                   "and there are no diary fields to read instead")
    if content is not None:
        path.write_bytes(content)
    result = run("tracking", command, path, "-o" if command == "report" else "--json",
                 *([tmp_path / "r.pdf"] if command == "report" else []))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path}: {message}")
    assert result.output.count("\n") == 1
    assert not (tmp_path / "r.pdf").exists()


def test_owner_password_only_still_reads(filled, tmp_path):
    """A sheet anyone can open (only an owner password) is read as usual."""
    path = tmp_path / "protected.pdf"
    path.write_bytes(encrypted(filled["desk-worker"][0].read_bytes(), "", "owner"))
    result = run("tracking", "read", path, "--csv")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("exercise_id,")


def test_tracking_commands_have_help_with_an_example():
    for args in (["tracking"], ["tracking", "read"], ["tracking", "report"]):
        result = run(*args, "--help")
        assert result.exit_code == 0 and "Example:" in result.output


# --- the plan field as untrusted input --------------------------------------------------------

GOOD_PLAN = {"version": 1, "profile": "desk-worker", "profile_name": "Desk worker",
             "title": "Back care", "patient": "Ana", "date": "2026-11-21", "weeks": 4,
             "exercises": [{"id": "knee-to-chest", "name": "Knee to chest", "start_week": 1}]}
CRAFTED = {  # what the plan field says -> what the warning names
    "no profile": ({k: v for k, v in GOOD_PLAN.items() if k != "profile"}, "missing profile"),
    "no exercises": (GOOD_PLAN | {"exercises": []}, "exercises: 0 exercises"),
    "start week text": (GOOD_PLAN | {"exercises": [GOOD_PLAN["exercises"][0] | {
        "start_week": "abc"}]}, "exercises[0].start_week: expected a whole number, got text"),
    "start week past the sheet": (GOOD_PLAN | {"exercises": [GOOD_PLAN["exercises"][0] | {
        "start_week": 9}]}, "start_week: 9 is not from 1 to 4"),
    "date a number": (GOOD_PLAN | {"date": 5}, "date: expected text, got a whole number"),
    "date not a date": (GOOD_PLAN | {"date": "2026-13-45"}, "date: not a date"),
    "patient a list": (GOOD_PLAN | {"patient": ["x"]}, "patient: expected text, got a list"),
    "version 2": (GOOD_PLAN | {"version": 2}, "version: expected 1"),
    "version true": (GOOD_PLAN | {"version": True}, "version: expected 1"),
    "weeks 0": (GOOD_PLAN | {"weeks": 0}, "weeks: 0 is not from 1 to 52"),
    "weeks huge": (GOOD_PLAN | {"weeks": 10**9}, "weeks: 1000000000 is not from 1 to 52"),
    "weeks text": (GOOD_PLAN | {"weeks": "4"}, "weeks: expected a whole number, got text"),
    "weeks a float": (GOOD_PLAN | {"weeks": 4.5}, "weeks: expected a whole number, got a number"),
    "exercises an object": (GOOD_PLAN | {"exercises": {"a": 1}}, "exercises: expected a list"),
    "exercise a number": (GOOD_PLAN | {"exercises": [5]}, "exercises[0]: expected an object"),
    "id with spaces": (GOOD_PLAN | {"exercises": [{"id": "knee to chest", "name": "K"}]},
                       "exercises[0].id: not an exercise id"),
    "id a formula": (GOOD_PLAN | {"exercises": [{"id": "=1+2", "name": "K"}]},
                     "exercises[0].id: not an exercise id"),
    "id twice": (GOOD_PLAN | {"exercises": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}]},
                 "exercises[1].id: a is listed twice"),
    "name a number": (GOOD_PLAN | {"exercises": [{"id": "a", "name": 5}]},
                      "exercises[0].name: expected text"),
    "name empty": (GOOD_PLAN | {"exercises": [{"id": "a", "name": " "}]},
                   "exercises[0].name: is empty"),
    "name huge": (GOOD_PLAN | {"exercises": [{"id": "a", "name": "x" * 5000}]},
                  "exercises[0].name: longer than 300"),
    "unknown key": (GOOD_PLAN | {"\x1b[31mevil": 1}, "unknown key '\\x1b[31mevil'"),
    "a list": ([1], "backhandout_plan: expected an object, got a list"),
    "null": (None, "backhandout_plan: expected an object, got null"),
}
RAW_PLANS = {  # plan field text that is not even JSON of the right shape
    "nested 9,000 deep": ("[" * 9_000 + "]" * 9_000, "nested more than 3 levels deep"),
    "nested 20,000 deep": ("[" * 20_000 + "]" * 20_000, "longer than 20000 characters"),
    "not JSON": ("{", "not valid JSON"),
    "NaN": ('{"version": NaN}', "not valid JSON"),
    "too long": ('{"a": "' + "x" * 30_000 + '"}', "longer than 20000 characters"),
}


def _plan_texts():
    for name, (plan, said) in CRAFTED.items():
        yield name, json.dumps(plan), said
    for name, (text, said) in RAW_PLANS.items():
        yield name, text, said


@pytest.fixture(scope="module")
def filled_sheet(filled) -> bytes:
    return filled["desk-worker"][0].read_bytes()


@pytest.mark.parametrize(("name", "text", "said"), list(_plan_texts()), ids=[n for n, *_ in
                                                                             _plan_texts()])
@pytest.mark.parametrize("command", ["read", "report"])
def test_a_crafted_plan_field_is_one_clear_line(filled_sheet, tmp_path, command, name, text, said):
    """A sheet whose plan was edited is read from its field names, with one warning line
    naming what is wrong; a PDF with nothing else to read gives one error line."""
    path, alone = tmp_path / "crafted.pdf", tmp_path / "alone.pdf"
    path.write_bytes(fill(filled_sheet, {META_FIELD: text}))
    alone.write_bytes(other_form({META_FIELD: text}))
    extra = ["-o", tmp_path / "r.pdf"] if command == "report" else ["--json"]
    result = run("tracking", command, path, *extra)
    assert result.exit_code == 0, result.output
    (warning,) = result.stderr.splitlines()
    assert warning.startswith(f"Warning: {path}: the plan data is damaged (backhandout_plan")
    assert said in warning and "read the exercises from the field names" in warning
    assert "\x1b" not in result.stderr
    if command == "read":
        data = json.loads(result.stdout)
        assert data["weeks"] == 4 and data["weeks_counted"] == 3 and data["warning"]
        assert [e["id"] for e in data["exercises"]] == exercise_ids(filled_sheet)
    failed = run("tracking", command, alone, *extra)
    assert failed.exit_code == 1 and failed.stdout == ""
    (line,) = failed.stderr.splitlines()
    assert line.startswith(f"Error: {alone}: the tracking form's plan data is damaged (") and said in line


def _plan(sheet: bytes, **changes) -> bytes:
    meta = json.loads(PdfReader(io.BytesIO(sheet)).get_fields()[META_FIELD]["/V"])
    return fill(sheet, {META_FIELD: json.dumps(meta | changes)})


def test_csv_cells_cannot_start_a_formula(filled_sheet, tmp_path):
    meta = json.loads(PdfReader(io.BytesIO(filled_sheet)).get_fields()[META_FIELD]["/V"])
    names = ['=HYPERLINK("http://x.example","Click")', "+1", "-2+3", "@SUM(A1)", "  =1+1",
             "＝1", "Cat and cow"]
    meta["exercises"] = [e | {"name": n} for e, n in zip(meta["exercises"], names)]
    path = tmp_path / "formula.pdf"
    path.write_bytes(fill(filled_sheet, {META_FIELD: json.dumps(meta)}))
    result = run("tracking", "read", path, "--csv")
    assert result.exit_code == 0, result.output
    cells = {row[1] for row in csv.reader(io.StringIO(result.stdout))} - {"exercise"}
    assert len(meta["exercises"]) == len(names) == 7
    assert cells == {"'" + n for n in names[:-1]} | {"Cat and cow"}


def test_terminal_escapes_are_not_printed(filled_sheet, tmp_path):
    evil = "Bien\x1b[2J\x1b]0;owned\x07 hoy\u202e\rOK\x9b31m"
    path = tmp_path / "escapes.pdf"
    path.write_bytes(fill(_plan(filled_sheet, patient="Ana\x1b[5m", title="T\u202eitle"),
                          {notes_name(1): evil, day_name(1, 2, "date"): "\x1b[1m21/11"}))
    text = run("tracking", "read", path)
    assert text.exit_code == 0, text.output
    for bad in ("\x1b", "\x07", "\u202e", "\r", "\x9b"):
        assert bad not in text.stdout
    assert "Notes, week 1: Bien[2J]0;owned hoy / OK31m" in text.stdout
    assert "Ana[5m, handout of" in text.stdout
    as_json = run("tracking", "read", path, "--json")
    assert not any(c in as_json.stdout for c in "\x1b\x07\u202e\x9b")
    assert "\\u202e" in as_json.stdout and "\\u009b" in as_json.stdout
    assert json.loads(as_json.stdout)["notes"][0][1] == evil  # JSON keeps it exactly, escaped
    report = run("tracking", "report", path, "-o", tmp_path / "r.pdf")
    assert report.exit_code == 0, report.output
    (page,) = pdf_pages((tmp_path / "r.pdf").read_bytes())
    assert "Bien[2J]0;owned" in page and "\x1b" not in page


def test_reset_form_keeps_the_plan(filled_sheet, tmp_path):
    """A viewer's "Reset form" (PyMuPDF's widget reset) empties what the patient wrote and
    keeps the plan; on a sheet without the default, the reader falls back on the names."""
    pymupdf = pytest.importorskip("pymupdf")

    def reset(data: bytes, out: Path) -> Path:
        with pymupdf.open(stream=data) as doc:
            for page in doc:
                for widget in page.widgets():
                    widget.reset()
            doc.save(out)
        return out

    after = run("tracking", "read", reset(filled_sheet, tmp_path / "reset.pdf"), "--json")
    assert after.exit_code == 0 and after.stderr == ""
    data = json.loads(after.stdout)
    assert (data["patient"], data["weeks_counted"], data["warning"]) == ("Ana Núñez", 0, "")
    import pikepdf

    with pikepdf.open(io.BytesIO(filled_sheet)) as pdf:  # a sheet made before /DV was set
        for field in pdf.Root.AcroForm.Fields:
            if str(field.T) == META_FIELD:
                del field["/DV"]
        old = io.BytesIO()
        pdf.save(old)
    refilled = fill(reset(old.getvalue(), tmp_path / "old.pdf").read_bytes(),
                    {tick_name(1, 1, exercise_ids(filled_sheet)[0]): "/Yes"})
    (tmp_path / "refilled.pdf").write_bytes(refilled)
    result = run("tracking", "read", tmp_path / "refilled.pdf", "--json")
    assert result.exit_code == 0, result.output
    assert "the plan field is empty (the form was reset?)" in result.stderr
    data = json.loads(result.stdout)
    assert data["weeks"] == 4 and data["exercises"][0]["sessions"] == 1
    summary = run("tracking", "read", tmp_path / "refilled.pdf").stdout.splitlines()
    assert summary[:2] == ["Exercise diary (the sheet's plan data was not usable: see the warning)",
                           "4 weeks on the sheet, 1 filled in."]
    assert data["exercises"][0]["name"] == data["exercises"][0]["id"].replace("-", " ").capitalize()


def test_password_reads_an_encrypted_sheet(filled_sheet, tmp_path, monkeypatch):
    from backhandout.compact import compact

    path = tmp_path / "locked.pdf"
    path.write_bytes(compact(filled_sheet, password="S3cret-2026"))
    for command, extra in (("read", ["--csv"]), ("report", ["-o", tmp_path / "r.pdf"])):
        result = run("tracking", command, path, "--password", "S3cret-2026", *extra)
        assert result.exit_code == 0, result.output
        wrong = run("tracking", command, path, "--password", "nope", *extra)
        assert wrong.exit_code == 1
        assert wrong.output == f"Error: {path}: the password is wrong for this PDF\n"
        none = run("tracking", command, path, *extra)
        assert none.output == (f"Error: {path}: the PDF is encrypted with a password; "
                               "give it with --password\n")
    assert run("tracking", "read", path, "--csv").stdout == ""
    monkeypatch.setenv("BACKHANDOUT_PASSWORD", "S3cret-2026")
    assert run("tracking", "read", path, "--csv").stdout.startswith("exercise_id,")


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_poppler_redraws_ticks_with_the_forms_own_font(blank, tmp_path):
    """A filler that leaves the drawing to the viewer (NeedAppearances) gets ticks drawn from
    /ZaDb in the form's resources: no "Unknown font tag 'ZaDb'", and the ticks show."""
    import pikepdf

    ids = exercise_ids(blank["desk-worker"])
    path, plain_path = tmp_path / "ticked.pdf", tmp_path / "blank.pdf"
    plain_path.write_bytes(blank["desk-worker"])
    with pikepdf.open(io.BytesIO(blank["desk-worker"])) as pdf:
        for field in pdf.Root.AcroForm.Fields:
            if str(field.T) in {tick_name(1, d, ids[0]) for d in (2, 4, 6)}:
                field.V = field.AS = pikepdf.Name.Yes
                del field["/AP"]  # nothing drawn yet: the viewer must draw the tick itself
        pdf.Root.AcroForm.NeedAppearances = True
        pdf.save(path)
    page = next(n for n, p in enumerate(PdfReader(path).pages, 1) if any(
        str(a.get_object()["/T"]) == tick_name(1, 2, ids[0]) for a in p.get("/Annots", [])))

    def render(pdf: Path) -> subprocess.CompletedProcess:
        return subprocess.run(["pdftoppm", "-r", "40", "-gray", "-f", str(page), "-l", str(page),
                               pdf], capture_output=True)

    ticked, unticked = render(path), render(plain_path)
    assert ticked.returncode == 0 and b"Unknown font" not in ticked.stderr, ticked.stderr
    assert ticked.stdout != unticked.stdout  # the ticks are drawn


def _json_values():
    from hypothesis import strategies as st

    leaves = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
    return st.recursive(leaves, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=12), inner, max_size=6), max_leaves=20)


def test_any_plan_field_value_is_read_or_named(tmp_path):
    """Whatever the plan field holds, parse_plan returns a checked plan or names the problem
    (PlanDataError): never another exception."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from backhandout.tracking_meta import PlanDataError, parse_plan

    keys = st.sampled_from(["version", "profile", "weeks", "exercises", "date", "patient",
                            "title", "profile_name", "id", "name", "start_week"])
    plans = st.dictionaries(keys, _json_values(), max_size=9).map(json.dumps)

    @settings(max_examples=300, deadline=None)
    @given(st.one_of(plans, _json_values().map(json.dumps), st.text(max_size=200)))
    def check(text):
        try:
            plan = parse_plan(text)
        except PlanDataError as exc:
            assert str(exc).startswith(META_FIELD) and "\n" not in str(exc)
        else:
            assert plan["version"] == 1 and plan["exercises"]

    check()
