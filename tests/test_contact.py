"""Who to contact and the next check are on the first page and on the diary, in every
layout and language (labelled lines to write them in when not given), without adding a
page (tests/test_paper.py holds the page counts). Read back with PyMuPDF."""

from __future__ import annotations

import datetime as dt

import pytest

from backhandout.api import plan_for
from backhandout.clinic import load_clinic
from backhandout.layouts import load_layout
from backhandout.model import Request

pymupdf = pytest.importorskip("pymupdf", reason="PyMuPDF reads the pages back: pip install '.[test]'")

DAY = dt.date(2026, 11, 21)
LABELS = {"en": ("Your physio or doctor:", "Phone:", "Next check:"),
          "es": ("Su fisioterapeuta o", "Teléfono:", "Próxima")}
HEADING = {"en": "Your exercise diary", "es": "Su diario de ejercicios"}


def pages(request: Request, layout: str) -> list[str]:
    from backhandout.render import render_handout

    data = render_handout(plan_for(request), load_layout(layout))
    return [page.get_text() for page in pymupdf.open(stream=data, filetype="pdf")]


def diary_text(texts: list[str], lang: str) -> str:
    first = next(i for i, text in enumerate(texts) if HEADING[lang] in text)
    return "\n".join(texts[first:])


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("layout", ["a4", "letter", "large-print", "booklet", "letter-booklet"])
def test_lines_to_write_in_on_the_first_page_and_the_diary(layout, lang):
    texts = pages(Request(profile="desk-worker", weeks=4, date=DAY, lang=lang), layout)
    for label in LABELS[lang]:
        assert label in texts[0], (label, texts[0][:300])
        assert label in diary_text(texts, lang), label


@pytest.mark.parametrize("weeks", [1, 2, 4, 8])
def test_given_details_are_printed_on_the_diary(tmp_path, weeks):
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text("name: Riverside Physiotherapy\nphone: 0161 496 0000\nclinician: Sam Patel\n")
    request = Request(profile="one-sided-pain", weeks=weeks, date=DAY, clinic=load_clinic(clinic),
                      review=dt.date(2026, 12, 19))
    texts = pages(request, "a4")
    for text in (texts[0], diary_text(texts, "en")):
        assert "Sam Patel" in text and "0161 496 0000" in text and "19 December 2026" in text


def test_on_the_diarys_first_page_where_it_fits():
    texts = pages(Request(profile="desk-worker", weeks=4, date=DAY), "a4")
    first = next(text for text in texts if HEADING["en"] in text)
    assert first.index("Next check:") < first.index("Week 1")


@pytest.mark.parametrize("profile, layout, lang, weeks", [
    ("desk-worker", "a4", "en", 2), ("desk-worker", "a4", "es", 4), ("one-sided-pain", "letter", "es", 2),
    ("post-workout-soreness", "booklet", "en", 3), ("one-sided-pain", "large-print", "es", 5),
    ("desk-worker", "letter-booklet", "es", 12)])
def test_the_diarys_pages_are_measured_as_reportlab_lays_them_out(profile, layout, lang, weeks):
    """The diary's contact lines are placed by measuring the pages (render/tracking.py);
    the measure must agree with the pages ReportLab makes."""
    from reportlab.platypus import Paragraph

    from backhandout.render.handout import frame_height, render_diary
    from backhandout.render.styles import make_styles, plain
    from backhandout.render.tracking import page_count, tracking_sheet

    drawn = load_layout(layout)
    plan = plan_for(Request(profile=profile, weeks=weeks, date=DAY, lang=lang))
    styles = make_styles(drawn)
    width = drawn.page_width - drawn.margin_left - drawn.margin_right
    tail = [Paragraph(plain(plan.sources), styles.small_print)]
    story = tracking_sheet(plan, styles, drawn, width, frame_height(drawn), tail, always=True)
    made = pymupdf.open(stream=render_diary(plan, drawn), filetype="pdf")
    assert page_count(story, width, frame_height(drawn)) == len(made)
