"""Layouts as data: page sizes, text sizes, inheritance, strict loading, print safety."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from conftest import pdf_pages, run
from pypdf import PdfReader

from backhandout.api import build_pdf
from backhandout.layouts import MM, PAPER, available, load_layout
from backhandout.model import Request

DAY = dt.date(2026, 11, 21)
LAYOUTS = ("a4", "letter", "large-print", "booklet", "letter-booklet")


def test_shipped_layouts():
    assert set(LAYOUTS) <= set(available())


def _in_form(text: str) -> bool:
    """Page numbers live in form objects, which pypdf reports in the form's own coordinates."""
    return bool(re.fullmatch(r"\s*(\d+|Page \d+ of \d+)\s*", text))


def _sizes_and_positions(data: bytes):
    """(font size, x, y, page width, page height) for every piece of page text."""
    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)

        def visit(text, cm, tm, font, size, width=width, height=height):
            if text.strip() and not _in_form(text):
                x = tm[4] * cm[0] + cm[4]
                y = tm[5] * cm[3] + cm[5]
                found.append((size * tm[3] * cm[3], x, y, width, height))

        page.extract_text(visitor_text=visit)
    return found


@pytest.fixture(scope="module", params=LAYOUTS)
def built(request, catalogue):
    layout = load_layout(request.param)
    req = Request(profile="one-sided-pain", patient="Ana", side="left", date=DAY)
    return layout, build_pdf(req, catalogue, layout)


def test_page_size(built):
    layout, data = built
    expected = layout.paper
    for page in PdfReader(io.BytesIO(data)).pages:
        assert float(page.mediabox.width) == pytest.approx(expected[0], abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(expected[1], abs=0.5)


@pytest.mark.parametrize("name", [n for n in LAYOUTS if "booklet" not in n])
def test_text_sizes_and_print_safe_margins(catalogue, name):
    layout = load_layout(name)
    req = Request(profile="one-sided-pain", patient="Ana", side="left", date=DAY)
    found = _sizes_and_positions(build_pdf(req, catalogue, layout))
    body = [s for s, x, y, w, h in found if layout.margin_bottom < y < h - layout.margin_top]
    assert min(body) >= max(12, layout.body_size - 1) - 0.01
    for size, x, y, w, h in found:
        assert 5 * MM <= x <= w - 5 * MM and 5 * MM <= y <= h - 5 * MM


def test_large_print_is_large_and_one_exercise_per_page(catalogue):
    layout = load_layout("large-print")
    assert layout.body_size >= 16 and layout.leading_ratio >= 1.4
    req = Request(profile="desk-worker", date=DAY)
    pages = pdf_pages(build_pdf(req, catalogue, layout))
    from backhandout.api import plan_for

    names = [e.name for e in plan_for(req, catalogue).exercises]
    card_pages = [p for p in pages if "How much:" in p]
    assert len(card_pages) == len(names)
    for i, (page, name) in enumerate(zip(card_pages, names), 1):
        assert f"{i}. {name}" in page


@pytest.mark.parametrize(("name", "paper"), [("booklet", "a5"), ("letter-booklet", "half-letter")])
def test_booklet_pages_before_imposing(catalogue, name, paper):
    """Imposed pages are scaled, so sizes and margins are checked on the pages themselves."""
    from backhandout.api import plan_for
    from backhandout.render import render_handout

    layout = load_layout(name)
    data = render_handout(plan_for(Request(profile="desk-worker", date=DAY), catalogue), layout)
    first = PdfReader(io.BytesIO(data)).pages[0]
    assert (float(first.mediabox.width), float(first.mediabox.height)) == pytest.approx(
        PAPER[paper], abs=0.5)
    found = _sizes_and_positions(data)
    assert min(s for s, x, y, w, h in found if layout.margin_bottom < y < h - layout.margin_top) >= 12
    for size, x, y, w, h in found:
        assert 5 * MM <= x <= w - 5 * MM and 5 * MM <= y <= h - 5 * MM


def test_booklet_is_imposed_in_saddle_order(catalogue):
    layout = load_layout("booklet")
    data = build_pdf(Request(profile="desk-worker", date=DAY), catalogue, layout)
    reader = PdfReader(io.BytesIO(data))
    sides = len(reader.pages)
    assert sides % 2 == 0  # two sides per sheet: pages padded to a multiple of 4
    total = sides * 2
    # The first sheet's front holds the last page (left) and page 1 (right), its back
    # page 2 and the last but one; pages past the handout's own are blank padding.
    front = reader.pages[0].extract_text()
    drawn = int(re.search(r"Page 1 of (\d+)", front).group(1))
    assert total - 3 <= drawn <= total
    assert (f"Page {total} of" in front) == (drawn == total)
    front_back = reader.pages[1].extract_text()
    assert "Page 2 of" in front_back
    assert (f"Page {total - 1} of" in front_back) == (drawn >= total - 1)


def test_metadata(catalogue):
    data = build_pdf(Request(profile="desk-worker", date=DAY), catalogue, load_layout("letter"))
    reader = PdfReader(io.BytesIO(data))
    meta = reader.metadata
    assert meta.title == "Back care when you sit a lot"
    assert "Desk worker" in meta.subject
    assert meta.author and meta.creator.startswith("backhandout")
    assert reader.trailer["/Root"]["/Lang"] == "en-US"


def test_author_is_the_clinic_when_known(catalogue, tmp_path):
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text("name: Riverside Physio\nphone: 01632 960 123\n")
    out = tmp_path / "x.pdf"
    assert run("build", "desk-worker", "--clinic", clinic, "-o", out).exit_code == 0
    assert PdfReader(out).metadata.author == "Riverside Physio"


def test_build_and_batch_accept_every_layout(tmp_path):
    for name in LAYOUTS:
        out = tmp_path / f"{name}.pdf"
        assert run("build", "post-workout-soreness", "--layout", name, "-o", out).exit_code == 0
    result = run("batch", "--layout", "large-print", "--out-dir", tmp_path / "b")
    assert result.exit_code == 0
    assert len(list((tmp_path / "b").glob("*-large-print.pdf"))) == 3


def test_default_output_name_mentions_the_layout(tmp_path):
    result = run("build", "desk-worker", "--layout", "booklet", cwd=tmp_path)
    assert result.output.strip() == "out/desk-worker-booklet.pdf"


def test_layout_file_inherits_and_overrides(tmp_path, catalogue):
    path = tmp_path / "mine.yaml"
    path.write_text("inherits: a4\ntext:\n  body: 0.2in\nmargins:\n  left: 2cm\n")
    layout = load_layout(str(path))
    assert layout.body_size == pytest.approx(14.4)
    assert layout.margin_left == pytest.approx(20 * MM)
    assert layout.margin_right == load_layout("a4").margin_right
    result = run("build", "desk-worker", "--layout", path, "-o", tmp_path / "x.pdf")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("inherits: a4\ntext:\n  body: 12 parsecs\n",
         "text.body: expected a length such as 12mm, 0.5in or 14pt, got '12 parsecs'"),
        ("inherits: a4\ncolour: {}\n", "colour: unknown key"),
        ("inherits: a4\ncolours:\n  ink: black\n", "colours.ink: expected a colour like #1B4F72"),
        ("inherits: a4\nfonts:\n  regular: Comic\n", "fonts.regular: unknown font 'Comic'"),
        ("inherits: nowhere\n", "inherits: inherits an unknown layout 'nowhere'"),
        ("text:\n  body: 12pt\n", "missing settings (not set here or in what it inherits)"),
        ("inherits: a4\npage:\n  size: A9\n", "page.size: expected a paper size"),
        ("inherits: a4\nweeks_per_page: 9\n", "weeks_per_page: expected a number from 1 to 4"),
    ],
)
def test_bad_layout_files_get_one_clear_line(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    result = run("build", "desk-worker", "--layout", path, "-o", tmp_path / "x.pdf")
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {path}")
    assert message in lines[0]
    assert not (tmp_path / "x.pdf").exists()


def test_unknown_layout_name_is_a_usage_error():
    result = run("build", "desk-worker", "--layout", "tabloid")
    assert result.exit_code == 2
    assert "'tabloid' is not a layout" in result.output and "large-print" in result.output


def test_missing_layout_file():
    result = run("build", "desk-worker", "--layout", "no/such.yaml")
    assert result.exit_code == 1 and "unknown layout 'no/such.yaml'" in result.output
