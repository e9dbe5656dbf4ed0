"""Booklet imposition: sheet-by-sheet page order, bad files (printing: test_printing.py)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run
from pypdf import PdfReader, PdfWriter

from backhandout.booklet import booklet_order


def marked_pdf(path: Path, pages: int, size=(420, 595)) -> Path:
    """A PDF whose page n says only MARK<n>."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=size, invariant=1)
    for n in range(1, pages + 1):
        canvas.setFont("Helvetica", 40)
        canvas.drawString(60, size[1] / 2, f"MARK{n}")
        canvas.showPage()
    canvas.save()
    return path


def sides(path: Path) -> list[tuple[str, str]]:
    """(left text, right text) of each imposed sheet side."""
    result = []
    for page in PdfReader(path).pages:
        half = float(page.mediabox.width) / 2
        left, right = [], []

        def visit(text, cm, tm, font, size):
            if text.strip():
                x = tm[4] * cm[0] + cm[4]
                (left if x < half else right).append(text.strip())

        page.extract_text(visitor_text=visit)
        result.append((" ".join(left), " ".join(right)))
    return result


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        # sheet 1 front, sheet 1 back, sheet 2 front, sheet 2 back
        (8, [("MARK8", "MARK1"), ("MARK2", "MARK7"), ("MARK6", "MARK3"), ("MARK4", "MARK5")]),
        (6, [("", "MARK1"), ("MARK2", ""), ("MARK6", "MARK3"), ("MARK4", "MARK5")]),
        (1, [("", "MARK1"), ("", "")]),
    ],
)
def test_impose_orders_pages_for_saddle_stitching(tmp_path, pages, expected):
    source = marked_pdf(tmp_path / "in.pdf", pages)
    result = run("impose", source, "-o", tmp_path / "out.pdf")
    assert result.exit_code == 0, result.output
    assert sides(tmp_path / "out.pdf") == expected
    first = PdfReader(tmp_path / "out.pdf").pages[0]
    assert float(first.mediabox.width) > float(first.mediabox.height)  # landscape A4


def test_booklet_order_reads_in_order_when_folded():
    for pages in range(1, 30):
        total = -(-pages // 4) * 4
        full = booklet_order(total)
        assert len(full) == total // 2
        assert sorted(i for side in full for i in side) == list(range(total))
        for left, right in full:  # facing pages on a folded sheet add up to total - 1
            assert left + right == total - 1
        for sheet in range(0, len(full), 2):  # the back of page n is page n + 1
            (_, front_right), (back_left, _) = full[sheet], full[sheet + 1]
            assert back_left == front_right + 1
        padded = [tuple(None if i >= pages else i for i in side) for side in full]
        assert booklet_order(pages) == padded


def test_impose_letter_pages_on_letter(tmp_path):
    source = marked_pdf(tmp_path / "in.pdf", 4, size=(612, 792))
    run("impose", source, "-o", tmp_path / "out.pdf")
    page = PdfReader(tmp_path / "out.pdf").pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (792, 612)


def _one_line_error(result, needle: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and needle in lines[0]


def test_impose_missing_corrupt_and_encrypted(tmp_path):
    _one_line_error(run("impose", tmp_path / "none.pdf", "-o", tmp_path / "o.pdf"), "file not found")
    (tmp_path / "text.pdf").write_text("hello")
    _one_line_error(run("impose", tmp_path / "text.pdf", "-o", tmp_path / "o.pdf"), "not a PDF file")
    good = marked_pdf(tmp_path / "good.pdf", 4).read_bytes()
    (tmp_path / "cut.pdf").write_bytes(good[: len(good) // 3])
    _one_line_error(run("impose", tmp_path / "cut.pdf", "-o", tmp_path / "o.pdf"),
                    "damaged PDF, cannot be read")
    writer = PdfWriter(clone_from=io.BytesIO(good))
    writer.encrypt("secret", algorithm="RC4-128")
    writer.write(tmp_path / "locked.pdf")
    _one_line_error(run("impose", tmp_path / "locked.pdf", "-o", tmp_path / "o.pdf"), "encrypted")
    assert not (tmp_path / "o.pdf").exists()


# --- the diary's form fields on imposed sheets --------------------------------------------------


def _widgets(reader: PdfReader) -> dict[str, tuple[int, list[float], str]]:
    """Field name -> (page index, /Rect, /DA) of every widget."""
    found = {}
    for n, page in enumerate(reader.pages):
        for ref in page.get("/Annots", []):
            widget = ref.get_object()
            if widget.get("/Subtype") == "/Widget":
                found[str(widget["/T"])] = (n, [float(v) for v in widget["/Rect"]],
                                            str(widget.get("/DA", "")))
    return found


def misplaced(source: bytes, imposed: bytes) -> tuple[int, int]:
    """(widgets more than a point away from where their page lands on the sheet, widgets)."""
    pages, sheets = PdfReader(io.BytesIO(source)), PdfReader(io.BytesIO(imposed))
    sheet_w, sheet_h = (float(v) for v in sheets.pages[0].mediabox[2:])
    slots = {index: (side, slot) for side, pair in enumerate(booklet_order(len(pages.pages)))
             for slot, index in enumerate(pair) if index is not None}
    placed, wrong = _widgets(sheets), 0
    for name, (n, rect, _) in _widgets(pages).items():
        w, h = (float(v) for v in pages.pages[n].mediabox[2:])
        scale = min(sheet_w / 2 / w, sheet_h / h)
        side, slot = slots[n]
        dx, dy = slot * sheet_w / 2 + (sheet_w / 2 - w * scale) / 2, (sheet_h - h * scale) / 2
        expected = [rect[0] * scale + dx, rect[1] * scale + dy, rect[2] * scale + dx,
                    rect[3] * scale + dy]
        got_side, got, _ = placed.get(name, (None, [0.0] * 4, ""))
        wrong += got_side != side or max(abs(a - b) for a, b in zip(expected, got)) > 1
    return wrong, len(placed)


@pytest.mark.parametrize("layout", ["booklet", "letter-booklet"])
def test_booklet_fields_sit_where_their_page_lands(catalogue, layout):
    """Every field of the diary (weeks on the left and the right half) is in its cell."""
    import datetime as dt

    from backhandout.api import build_pdf, plan_for
    from backhandout.layouts import load_layout
    from backhandout.model import Request
    from backhandout.render import render_handout

    request = Request(profile="desk-worker", patient="Ana", date=dt.date(2026, 11, 21))
    pages = render_handout(plan_for(request, catalogue), load_layout(layout))
    booklet = build_pdf(request, catalogue, load_layout(layout))
    wrong, total = misplaced(pages, booklet)
    assert (wrong, total) == (0, len(_widgets(PdfReader(io.BytesIO(pages)))))
    assert total > 200


def test_impose_scales_fields_and_their_text_with_the_page(tmp_path):
    """A4 pages on A4 sheets shrink to 71%: each field's box and its text size with them."""
    handout = tmp_path / "a4.pdf"
    assert run("build", "desk-worker", "--weeks", "2", "-o", handout).exit_code == 0
    assert run("impose", handout, "-o", tmp_path / "out.pdf").exit_code == 0
    imposed = (tmp_path / "out.pdf").read_bytes()
    assert misplaced(handout.read_bytes(), imposed) == (0, len(_widgets(PdfReader(handout))))
    before, after = _widgets(PdfReader(handout)), _widgets(PdfReader(io.BytesIO(imposed)))
    assert "/DejaVuSans 12 Tf" in before["w1_d1_pain_during"][2]
    assert "/DejaVuSans 8.485 Tf" in after["w1_d1_pain_during"][2]  # 12 x 595.28/841.89
    form = PdfReader(io.BytesIO(imposed)).trailer["/Root"]["/AcroForm"]
    assert {"/DejaVuSans", "/ZaDb"} <= set(form["/DR"]["/Font"])
    assert len(form["/Fields"]) == len(after)
    if shutil.which("qpdf"):
        check = subprocess.run(["qpdf", "--check", tmp_path / "out.pdf"], capture_output=True,
                               text=True)
        assert check.returncode == 0, check.stdout + check.stderr


def test_impose_leaves_out_fields_off_their_page(tmp_path):
    """A field wholly outside its page is not carried onto the neighbouring page's half;
    one partly outside is clipped to its page."""
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "fields.pdf"
    canvas = Canvas(str(path), pagesize=(420, 595))
    canvas.acroForm.textfield(name="inside", x=50, y=50, width=100, height=20)
    canvas.acroForm.textfield(name="partly", x=400, y=100, width=100, height=20)
    canvas.acroForm.textfield(name="outside", x=450, y=100, width=100, height=20)
    canvas.showPage()
    canvas.save()
    assert run("impose", path, "-o", tmp_path / "out.pdf").exit_code == 0
    placed = _widgets(PdfReader(tmp_path / "out.pdf"))
    assert set(placed) == {"inside", "partly"}
    half = 841.89 / 2
    assert placed["inside"][1] == pytest.approx([half + 50.5, 50, half + 150.5, 70], abs=0.15)
    assert placed["partly"][1][2] == pytest.approx(half + 420.5, abs=0.15)  # its page's right edge


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
@pytest.mark.parametrize("layout", ["booklet", "letter-booklet"])
def test_page_numbers_are_whole_on_half_pages(tmp_path, catalogue, layout):
    """'Page 4 of 18' ends at the right margin: on half-Letter pages (396 pt) the number's
    box used to end 4 pt short and cut the last digit."""
    import datetime as dt

    from PIL import Image

    from backhandout.api import plan_for
    from backhandout.layouts import load_layout
    from backhandout.model import Request
    from backhandout.render import render_handout

    shape = load_layout(layout)
    path = tmp_path / "pages.pdf"
    path.write_bytes(render_handout(plan_for(Request(profile="desk-worker", date=dt.date(
        2026, 11, 21)), catalogue), shape))
    subprocess.run(["pdftoppm", "-r", "144", "-gray", "-f", "2", "-l", "2", "-singlefile", path,
                    tmp_path / "p"], check=True)
    image = Image.open(tmp_path / "p.pgm")
    scale = 2  # pixels a point
    footer = image.crop((0, image.size[1] - int(shape.margin_bottom * scale), image.size[0],
                         image.size[1]))
    ink = footer.point(lambda v: 255 if v < 160 else 0)
    rows = [ink.crop((0, y, ink.size[0], y + 1)).histogram()[255] for y in range(ink.size[1])]
    below_rule = max(y for y, count in enumerate(rows) if count > ink.size[0] / 2) + 2
    dark = ink.crop((0, below_rule, ink.size[0], ink.size[1])).getbbox()
    right_edge = (shape.page_width - shape.margin_right) * scale
    assert dark and dark[2] >= right_edge - 4, (dark, right_edge)  # clipped: 8 pixels short
