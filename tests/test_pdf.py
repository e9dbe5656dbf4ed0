"""What a patient sees on paper: text per page, page size, fonts, repeatability."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from conftest import PROFILES, pdf_pages
from pypdf import PdfReader

from backhandout.api import build_pdf, plan_for
from backhandout.model import Request

DAY = dt.date(2026, 11, 21)
A4 = (595.28, 841.89)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module", params=PROFILES)
def handout(request, catalogue):
    req = Request(profile=request.param, patient="Ana Núñez", date=DAY, side="left")
    plan = plan_for(req, catalogue)
    data = build_pdf(req, catalogue)
    return plan, data, [flat(p) for p in pdf_pages(data)]


def test_every_page_is_a4_with_header_and_footer(handout):
    plan, data, pages = handout
    for number, (page, text) in enumerate(zip(PdfReader(io.BytesIO(data)).pages, pages), 1):
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4, abs=0.1)
        assert f"Page {number} of {len(pages)}" in text
        assert f"Back care: {plan.profile_name}" in text
        assert plan.disclaimer in text


def test_first_page_explains_and_lists_the_plan(handout):
    plan, _, pages = handout
    first = pages[0]
    for words in (plan.title, "For: Ana Núñez", "Date: 21 November 2026", "Pain on: your left side",
                  "How to use this handout", "Your plan at a glance", plan.emergency.action,
                  plan.same_day.action):
        assert words in first
    for i, exercise in enumerate(plan.exercises, 1):
        start = f"From week {exercise.start_week} " if exercise.start_week > 1 else ""
        match = re.search(
            rf"{i} {re.escape(exercise.name)} {re.escape(exercise.dose_line)} {start}(\d+)", first)
        assert match, exercise.name
        card_page = int(match.group(1))
        assert f"{i}. {exercise.name}" in pages[card_page - 1]


def test_cards_show_steps_dose_and_cautions(handout):
    plan, _, pages = handout
    warnings_at = next(i for i, p in enumerate(pages) if "When to stop and get help" in p)
    cards = " ".join(pages[1:warnings_at])
    for exercise in plan.exercises:
        assert f"How much: {exercise.dose_line}" in cards
        for step in exercise.steps:
            assert flat(step) in cards
        for caution in exercise.cautions:
            assert flat(caution) in cards


def test_warnings_page_holds_both_levels_of_urgent_help_in_order(handout):
    plan, _, pages = handout
    warnings_at = next(i for i, p in enumerate(pages) if "When to stop and get help" in p)
    text = pages[warnings_at]  # both boxes on one page
    emergency, today = text.index(plan.emergency.action), text.index(plan.same_day.action)
    assert emergency < today
    for sign in plan.emergency.signs:
        assert text.count(flat(sign)) == 1 and emergency < text.index(flat(sign)) < today
    for sign in plan.same_day.signs:
        assert text.count(flat(sign)) == 1 and text.index(flat(sign)) > today


def test_advice_is_printed_once_and_cautions_stay_on_their_cards(handout):
    plan, _, pages = handout
    whole = " ".join(pages)
    for line in (*plan.see_doctor, *plan.profile_warnings, *plan.general_rules,
                 *(line for tip in plan.self_care for line in tip.lines)):
        assert whole.count(flat(line)) == 1, line
    assert "Take care with your exercises" not in whole  # the cards say it, once each


def test_tracking_sheet_has_weeks_ticks_pain_and_guide(handout):
    plan, _, pages = handout
    first = next(i for i, p in enumerate(pages) if "Your exercise diary" in p)
    diary = pages[first:]
    text = " ".join(diary)
    for week in range(1, plan.weeks + 1):
        assert f"Week {week} Day 1 Day 2 Day 3 Day 4 Day 5 Day 6 Day 7" in text
    assert text.count("Pain during (0-10)") == plan.weeks
    assert text.count("Pain next morning (0-10)") == plan.weeks
    assert text.count("Notes") >= plan.weeks
    for i, exercise in enumerate(plan.exercises, 1):
        weeks_done = plan.weeks - exercise.start_week + 1  # a later-stage exercise starts later
        assert text.count(f"{i}. {exercise.name}") == weeks_done
    for page in diary:
        if "Your exercise diary" in page:
            assert flat(plan.pain_guide.green) in page and flat(plan.pain_guide.red) in page


def test_side_words_on_paper(catalogue):
    left = " ".join(pdf_pages(build_pdf(Request(profile="one-sided-pain", side="left", date=DAY),
                                        catalogue)))
    generic = " ".join(pdf_pages(build_pdf(Request(profile="one-sided-pain", date=DAY), catalogue)))
    assert "towards your right side" in flat(left)
    assert "the side away from your pain" in flat(generic)


def _fonts(reader: PdfReader) -> dict[str, object]:
    fonts = {}

    def walk(resources):
        resources = resources.get_object() if resources else {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
        for xobject in (resources.get("/XObject") or {}).values():
            walk(xobject.get_object().get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return fonts


def test_every_font_is_embedded_truetype(handout):
    _, data, _ = handout
    fonts = _fonts(PdfReader(io.BytesIO(data)))
    assert fonts
    for name, font in fonts.items():
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, f"{name} is not embedded TrueType"


def test_body_text_is_at_least_12_point(handout):
    _, data, _ = handout
    reader = PdfReader(io.BytesIO(data))
    sizes: list[float] = []
    top, bottom = 841.89 - 22 * 72 / 25.4, 20 * 72 / 25.4

    def visit(text, cm, tm, font, size):
        y = tm[5] * cm[3] + cm[5]
        if text.strip() and bottom < y < top:
            sizes.append(size * tm[3] * cm[3])

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert sizes and min(sizes) >= 12


def test_identical_input_gives_identical_bytes(catalogue):
    req = Request(profile="desk-worker", patient="Ana", date=DAY)
    assert build_pdf(req, catalogue) == build_pdf(req, catalogue)
    other = Request(profile="desk-worker", patient="Ana", date=dt.date(2026, 11, 22))
    assert build_pdf(other, catalogue) != build_pdf(req, catalogue)


def test_identical_input_gives_identical_bytes_in_separate_processes(tmp_path):
    """Two processes with different hash seeds, time zones and locales write the same file,
    for a whole handout and for a batch's named one (template and name layer)."""
    import os
    import subprocess
    import sys

    args = ["--date", "2026-11-21", "--flag", "pregnancy", "--notes", "Walk daily", "--lang", "es"]
    roster = tmp_path / "r.csv"
    roster.write_text("name,profile,side,date\nAna Núñez,one-sided-pain,left,2026-11-21\n")
    made = []
    for seed, zone, locale in (("1", "UTC", "C"), ("2", "Pacific/Kiritimati", "C.UTF-8")):
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": zone, "LANG": locale}
        out = tmp_path / seed
        for command in (["build", "desk-worker", *args, "-o", str(out / "whole.pdf")],
                        ["batch", "--roster", str(roster), "--out-dir", str(out), "--jobs", "1"]):
            done = subprocess.run([sys.executable, "-m", "backhandout", *command], env=env,
                                  capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stderr
        made.append([(out / name).read_bytes()
                     for name in ("whole.pdf", "one-sided-pain-ana-nunez.pdf")])
    assert made[0] == made[1]


def test_user_text_is_printed_literally(catalogue):
    name = "Ana <b>Núñez</b> & Co"
    pages = pdf_pages(build_pdf(Request(profile="desk-worker", patient=name, date=DAY), catalogue))
    assert f"For: {name}" in pages[0]
    assert all(name in page for page in pages)  # in every page header


def test_special_characters_survive(catalogue):
    name = "José Muñoz-Peña, 37 °C – ok"
    pages = pdf_pages(build_pdf(Request(profile="desk-worker", patient=name, date=DAY), catalogue))
    assert name in pages[0]


@pytest.mark.parametrize("weeks", [1, 12])
def test_weeks_option_sets_the_diary_length(catalogue, weeks):
    pages = pdf_pages(build_pdf(Request(profile="desk-worker", weeks=weeks, date=DAY), catalogue))
    text = flat(" ".join(pages))
    assert f"Week {weeks} Day 1" in text
    assert f"Week {weeks + 1} Day 1" not in text
