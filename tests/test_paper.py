"""Paper per layout and language, read back with a third-party reader (PyMuPDF): page
counts, no page holding only a heading or ending on one, and nothing drawn (text, lines,
boxes, pictures) outside the page or within 5 mm of its edge."""

from __future__ import annotations

import datetime as dt

import pytest

from backhandout.api import plan_for
from backhandout.layouts import MM, load_layout
from backhandout.model import Request

pymupdf = pytest.importorskip("pymupdf", reason="PyMuPDF reads the pages back: pip install '.[test]'")

DAY = dt.date(2026, 11, 21)
LAYOUTS = ("a4", "letter", "large-print", "booklet", "letter-booklet")
LANGS = ("en", "es")
EDGE = 5 * MM
# Most pages for the 7-exercise, 4-week desk-worker handout (booklets: before imposing),
# with the self-management pages and the three urgent-help boxes. The targets are
# A4 9, Spanish 10, large print 14, booklet 16: A4 in English meets it; the others do not
# yet, so these are today's counts, and a change that adds a page fails here. README.md
# lists them.
MOST_PAGES = {
    ("a4", "en"): 9, ("a4", "es"): 10,
    ("letter", "en"): 11, ("letter", "es"): 13,
    ("large-print", "en"): 18, ("large-print", "es"): 20,
    ("booklet", "en"): 18, ("booklet", "es"): 20,
    ("letter-booklet", "en"): 18, ("letter-booklet", "es"): 20,
}


@pytest.fixture(scope="module", params=[(lay, lang) for lay in LAYOUTS for lang in LANGS],
                ids=lambda p: f"{p[0]}-{p[1]}")
def handout(request, catalogue):
    """The desk-worker handout's pages (a booklet's before imposing), opened in PyMuPDF."""
    from backhandout.render import render_handout

    name, lang = request.param
    layout = load_layout(name)
    plan = plan_for(Request(profile="desk-worker", weeks=4, date=DAY, lang=lang), catalogue)
    return name, lang, layout, pymupdf.open(stream=render_handout(plan, layout), filetype="pdf")


def _spans(page):
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", ()):
            for span in line["spans"]:
                if span["text"].strip():
                    yield span


def _inside_frame(span, layout, page) -> bool:
    top, bottom = span["bbox"][1], span["bbox"][3]
    return top >= layout.margin_top - 1 and bottom <= page.rect.height - layout.margin_bottom + 1


def test_page_count(handout):
    name, lang, _, doc = handout
    assert len(doc) <= MOST_PAGES[name, lang]


def test_no_page_holds_only_a_heading_or_ends_on_one(handout):
    """A heading (heading size or more) never stands alone on a page or at its foot."""
    _, _, layout, doc = handout
    for number, page in enumerate(doc, 1):
        body = [s for s in _spans(page) if _inside_frame(s, layout, page)]
        assert body, f"page {number} is empty"
        big = [s["size"] >= layout.heading_size - 0.1 for s in body]
        assert not all(big), f"page {number} holds only a heading: {body[0]['text']!r}"
        lowest = max(body, key=lambda s: s["bbox"][3])
        assert lowest["size"] < layout.heading_size - 0.1, (
            f"page {number} ends on a heading: {lowest['text']!r}")


def test_nothing_drawn_near_the_edge(handout):
    """Text, lines, boxes and pictures all keep 5 mm from every edge of the paper."""
    _, _, _, doc = handout
    for number, page in enumerate(doc, 1):
        safe = pymupdf.Rect(EDGE, EDGE, page.rect.width - EDGE, page.rect.height - EDGE)
        boxes = [("text " + repr(s["text"][:30]), pymupdf.Rect(s["bbox"])) for s in _spans(page)]
        boxes += [(f"drawing {d['type']}", d["rect"]) for d in page.get_drawings()]
        boxes += [("image", pymupdf.Rect(i["bbox"])) for i in page.get_image_info()]
        assert len(boxes) > 10
        for what, rect in boxes:
            # a line's box has no width or height: widen it by half the line's width
            assert safe.contains(pymupdf.Rect(rect.x0 + 0.01, rect.y0 + 0.01,
                                              max(rect.x1 - 0.01, rect.x0 + 0.01),
                                              max(rect.y1 - 0.01, rect.y0 + 0.01))), (
                f"page {number}: {what} at {tuple(round(v) for v in rect)} is within 5 mm "
                f"of the edge of a {round(page.rect.width)}x{round(page.rect.height)} page")


def _last_glyph_is_drawn(page, text: str) -> bool:
    """Whether the right half of text's last character shows on the rendered page."""
    for block in page.get_text("rawdict")["blocks"]:
        for line in block.get("lines", ()):
            for span in line["spans"]:
                chars = span["chars"]
                if "".join(c["c"] for c in chars).strip() == text:
                    right_half = pymupdf.Rect(chars[-1]["bbox"])
                    right_half.x0 = (right_half.x0 + right_half.x1) / 2
                    pixels = page.get_pixmap(clip=right_half, dpi=288, colorspace=pymupdf.csGRAY)
                    return min(pixels.samples) < 128
    raise AssertionError(f"{text!r} is not on the page")


def test_page_numbers_read_whole(handout):
    """'Page X of Y' shows whole when drawn (a form box once cut 'of 18' to 'of 1' on
    half-Letter pages; text extractors still read it whole, so the pixels are checked)."""
    _, lang, _, doc = handout
    word = {"en": "Page {} of {}", "es": "Página {} de {}"}[lang]
    for number, page in enumerate(doc, 1):
        assert _last_glyph_is_drawn(page, word.format(number, len(doc))), f"page {number}"


def test_nothing_a_patient_reads_is_under_10_point(handout):
    """Header and footer at least 10 pt; body text at least 12 (large print 16)."""
    name, _, layout, doc = handout
    body_least = 16 if name == "large-print" else 12
    for number, page in enumerate(doc, 1):
        for span in _spans(page):
            assert span["size"] >= 10 - 0.01, f"page {number}: {span['text']!r} {span['size']}"
            if _inside_frame(span, layout, page) and span["size"] < body_least - 0.01:
                # the diary's smaller labels are still at least 12 pt
                assert span["size"] >= 12 - 0.01, f"page {number}: {span['text']!r}"
    assert layout.body_size >= body_least


def test_the_colour_key_spans_a_card_with_its_picture_beside_the_steps(handout):
    """On A4 and Letter the first card's picture stands beside its steps: its colour key
    goes across the card on one line (in the narrow picture column it took two), above
    the picture."""
    name, lang, layout, doc = handout
    if layout.card_picture != "beside":
        pytest.skip("the picture is above the steps here")
    words = {"en": ("dark: the part that moves", "grey: the far side"),
             "es": ("oscuro: la parte que se mueve", "gris: el lado lejano")}[lang]
    page = next(p for p in doc if words[0] in p.get_text())
    spots = [page.search_for(text)[0] for text in words]
    assert abs(spots[0].y0 - spots[1].y0) < 1  # one line
    assert spots[1].x0 > page.rect.width / 2 - layout.margin_left  # reaching past the picture
