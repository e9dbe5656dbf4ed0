"""Saddle-stitch imposition: two pages side by side on each side of a sheet.

Pages are padded with blanks to a multiple of 4 and ordered so that a
duplex print (flip on the short edge), folded in the middle, reads in order.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from .layouts import PAPER
from .tagging import marks_per_page
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
    """Impose a PDF as a booklet on landscape sheets of the given paper size.

    Each page's annotations (the diary's form fields) move and scale with it and
    are clipped to it: see `_place_annotations`.
    """
    from pypdf import PdfWriter, Transformation

    from .tagging import structure_of

    pages = list(reader.pages)
    sheet_w, sheet_h = max(sheet), min(sheet)
    half = sheet_w / 2
    writer = PdfWriter()
    structure = structure_of(reader)
    highest = marks_per_page(structure) if structure else {}
    where: dict[int, tuple[int, int]] = {}  # page -> (sheet side, added to its MCIDs)
    for number, (left, right) in enumerate(booklet_order(len(pages))):
        side = writer.add_blank_page(width=sheet_w, height=sheet_h)
        for slot, index in enumerate((left, right)):
            if index is None:
                continue
            page = pages[index]
            shift = highest.get(left, -1) + 1 if slot == 1 and left is not None else 0
            if shift and index in highest:
                _shift_marks(page, reader, shift)
            where[index] = (number, shift)
            w, h = float(page.mediabox.width), float(page.mediabox.height)
            scale = min(half / w, sheet_h / h)
            x = slot * half + (half - w * scale) / 2 - float(page.mediabox.left) * scale
            y = (sheet_h - h * scale) / 2 - float(page.mediabox.bottom) * scale
            move = Transformation().scale(scale).translate(x, y)
            annotations = page.get("/Annots")
            if annotations is not None:
                del page["/Annots"]  # placed by hand below, the same with any pypdf version
            side.merge_transformed_page(page, move)
            box = [float(v) for v in page.cropbox]
            _place_annotations(writer, side, annotations, move, scale, box)
        side.compress_content_streams()
    _keep_form(reader, writer)
    _keep_structure(reader, writer, structure, where)
    if reader.metadata:
        writer.add_metadata({k: str(v) for k, v in reader.metadata.items()})
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_FONT_SIZE = re.compile(r"(-?\d*\.?\d+)(\s+Tf)")
_POINT_LISTS = ("/QuadPoints", "/L", "/Vertices", "/CL")


def _place_annotations(writer, side, annotations, move, scale: float, box: list[float]) -> None:
    """Copy a page's annotations onto the sheet side where the page lands: each /Rect (and
    any other point list) moved and scaled as the page is, clipped to the page's box, and
    a field's text size scaled too. Annotations wholly off the page, popups and links to
    pages of the original (which are not in the booklet) are left out."""
    from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

    if annotations is None:
        return
    corners = [move.apply_on(point) for point in ((box[0], box[1]), (box[2], box[3]))]
    left, bottom = (min(c[i] for c in corners) for i in (0, 1))
    right, top = (max(c[i] for c in corners) for i in (0, 1))
    placed = side.get("/Annots") or ArrayObject()
    for ref in annotations.get_object():
        annotation = ref.get_object()
        if annotation.get("/Subtype") == "/Popup" or _links_to_a_page(annotation):
            continue
        x0, y0, x1, y1 = [float(v) for v in annotation.get("/Rect", [0, 0, 0, 0])]
        (ax, ay), (bx, by) = move.apply_on((x0, y0)), move.apply_on((x1, y1))
        rect = [max(min(ax, bx), left), max(min(ay, by), bottom),
                min(max(ax, bx), right), min(max(ay, by), top)]
        if rect[0] > rect[2] or rect[1] > rect[3]:
            continue  # wholly outside its page: never shown, and not on the neighbour's half
        copy = annotation.clone(writer, ignore_fields=("/P", "/Popup"))
        copy[NameObject("/Rect")] = ArrayObject(FloatObject(round(v, 4)) for v in rect)
        copy[NameObject("/P")] = side.indirect_reference
        for key in _POINT_LISTS:
            if key in copy:
                values = [float(v) for v in copy[key]]
                points = [move.apply_on(values[i:i + 2]) for i in range(0, len(values) - 1, 2)]
                copy[NameObject(key)] = ArrayObject(FloatObject(round(v, 4)) for p in points
                                                    for v in p)
        if "/DA" in copy and scale != 1:
            copy[NameObject("/DA")] = TextStringObject(_FONT_SIZE.sub(
                lambda m: f"{float(m.group(1)) * scale:.4g}{m.group(2)}", str(copy["/DA"])))
        placed.append(copy.indirect_reference)
    side[NameObject("/Annots")] = placed


def _links_to_a_page(annotation) -> bool:
    """A link to a page of the original PDF (not kept as such in the booklet)."""
    action = annotation.get("/A")
    return "/Dest" in annotation or (action is not None and action.get_object().get("/S") == "/GoTo")


def _keep_form(reader: PdfReader, writer) -> None:
    """Keep the form fillable: the sheets get the source's form dictionary (its /DR fonts
    and /DA) with the fields whose widgets are on them, top-level fields once each."""
    from pypdf.generic import ArrayObject, NameObject

    form = reader.trailer["/Root"].get("/AcroForm")
    if form is None:
        return
    fields, seen = ArrayObject(), set()
    for sheet in writer.pages:
        for ref in sheet.get("/Annots", []):
            field = ref.get_object()
            if field.get("/Subtype") != "/Widget":
                continue
            while "/Parent" in field:  # a widget of a field with several, or a named group
                ref, field = field.raw_get("/Parent"), field["/Parent"].get_object()
            if ref.idnum not in seen:
                seen.add(ref.idnum)
                fields.append(ref)
    if not fields:
        return
    copied = form.get_object().clone(writer, ignore_fields=("/Fields",))
    copied[NameObject("/Fields")] = fields
    writer.root_object[NameObject("/AcroForm")] = copied


_MCID = re.compile(rb"(/MCID\s+)(\d+)(\s*>>\s*BDC)")


def _shift_marks(page, reader, shift: int) -> None:
    """Add shift to every marked-content id on a page (`/MCID n>> BDC`), so that two pages'
    ids stay apart on the sheet side they share. Only read again, to merge onto the sheet."""
    from pypdf.generic import DecodedStreamObject, NameObject

    contents = page.get_contents()
    if contents is None:
        return
    data = _MCID.sub(lambda m: m[1] + str(int(m[2]) + shift).encode() + m[3], contents.get_data())
    stream = DecodedStreamObject()
    stream.set_data(data)
    page[NameObject("/Contents")] = stream


def _keep_structure(reader, writer, structure, where: dict[int, tuple[int, int]]) -> None:
    """Keep the document's language, and its structure (tagging.py) pointed at the sheets:
    the reading order stays the pages' order, whatever order the sheets print in."""
    from pypdf.generic import NameObject, TextStringObject

    from .tagging import moved, recorded_tree

    lang = reader.trailer["/Root"].get("/Lang")
    if lang is not None:
        writer.root_object[NameObject("/Lang")] = TextStringObject(str(lang))
    if structure is not None:
        writer.root_object[NameObject("/StructTreeRoot")] = recorded_tree(
            moved(structure, where))


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
    """Read a PDF file and impose it, finished small like every PDF written (compact.py);
    clear errors for missing or bad files."""
    from .compact import compact

    _, reader = read_pdf_file(source)
    try:
        return compact(impose(reader, sheet or sheet_for(reader)))
    except Exception as exc:  # damage found only while copying pages
        raise damaged(str(source), exc) from None
