"""Saddle-stitch imposition: two pages side by side on each side of a sheet.

Pages are padded with blanks to a multiple of 4 and ordered so that a
duplex print (flip on the short edge), folded in the middle, reads in order.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from .layouts import PAPER
from .pdfio import damaged, read_pdf, read_pdf_file

if TYPE_CHECKING:
    from pypdf import PdfReader


def booklet_order(pages: int) -> list[tuple[int | None, int | None]]:
    """(left, right) page indexes for each sheet side, in print order; None is blank."""
    total = -(-pages // 4) * 4 if pages else 0
    order = []
    for sheet in range(total // 4):
        front = (total - 1 - 2 * sheet, 2 * sheet)
        back = (2 * sheet + 1, total - 2 - 2 * sheet)
        order += [front, back]
    return [tuple(i if i < pages else None for i in side) for side in order]  # type: ignore[misc]


def impose(reader: PdfReader, sheet: tuple[float, float]) -> bytes:
    """Impose a PDF as a booklet on landscape sheets of the given paper size."""
    from pypdf import PageObject, PdfWriter, Transformation

    pages = list(reader.pages)
    sheet_w, sheet_h = max(sheet), min(sheet)
    half = sheet_w / 2
    writer = PdfWriter()
    for left, right in booklet_order(len(pages)):
        side = PageObject.create_blank_page(width=sheet_w, height=sheet_h)
        for slot, index in enumerate((left, right)):
            if index is None:
                continue
            page = pages[index]
            w, h = float(page.mediabox.width), float(page.mediabox.height)
            scale = min(half / w, sheet_h / h)
            x = slot * half + (half - w * scale) / 2 - float(page.mediabox.left) * scale
            y = (sheet_h - h * scale) / 2 - float(page.mediabox.bottom) * scale
            side.merge_transformed_page(page, Transformation().scale(scale).translate(x, y))
        writer.add_page(side).compress_content_streams()
    _keep_form(reader, writer)
    if reader.metadata:
        writer.add_metadata({k: str(v) for k, v in reader.metadata.items()})
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _keep_form(reader: PdfReader, writer) -> None:
    """Keep the diary fillable: each field's widget points at its sheet, and the sheets
    get the source's form dictionary with those fields."""
    from pypdf.generic import ArrayObject, NameObject

    form = reader.trailer["/Root"].get("/AcroForm")
    if form is None:
        return
    fields = ArrayObject()
    for sheet in writer.pages:
        for ref in sheet.get("/Annots", []):
            widget = ref.get_object()
            if widget.get("/Subtype") == "/Widget":
                widget[NameObject("/P")] = sheet.indirect_reference
                fields.append(ref)
    if not fields:
        return
    copied = form.get_object().clone(writer, ignore_fields=("/Fields",))
    copied[NameObject("/Fields")] = fields
    writer.root_object[NameObject("/AcroForm")] = copied


def sheet_for(reader: PdfReader) -> tuple[float, float]:
    """The office sheet that suits a PDF: Letter for Letter-sized pages, else A4."""
    first = reader.pages[0]
    width = min(float(first.mediabox.width), float(first.mediabox.height))
    letter_like = any(abs(width - PAPER[n][0]) < 3 for n in ("letter", "half-letter"))
    return PAPER["letter"] if letter_like else PAPER["a4"]


def impose_bytes(data: bytes, sheet: tuple[float, float], source: str = "PDF") -> bytes:
    """Impose PDF bytes (such as a freshly drawn handout)."""
    return impose(read_pdf(data, source), sheet)


def impose_file(source: Path, sheet: tuple[float, float] | None = None) -> bytes:
    """Read a PDF file and impose it; clear errors for missing or bad files."""
    _, reader = read_pdf_file(source)
    try:
        return impose(reader, sheet or sheet_for(reader))
    except Exception as exc:  # damage found only while copying pages
        raise damaged(str(source), exc) from None
