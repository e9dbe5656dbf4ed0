"""Booklet imposition: sheet-by-sheet page order, bad files (printing: test_printing.py)."""

from __future__ import annotations

import io
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
