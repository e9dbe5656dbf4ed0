"""Fillable form fields that sit inside table cells and print as nothing.

A blank field draws nothing on paper (no border, no background), so a printed
sheet shows only the table's grid and still works with a pen.

Text fields use one font of their own (`FORM_FONT`): DejaVu Sans (Vera with
more characters, the same design) cut down to every character of Windows-1252,
embedded as a simple TrueType font with /WinAnsiEncoding. That is the
encoding every form filler and viewer tried (pdftk, PyMuPDF, poppler, MuPDF,
Ghostscript) can type with, so what a patient types shows in any reader:
all of Latin-1 (every Western European language) plus – € ‘ ’ “ ” … Š Ž Œ.
A composite (two-byte) font would hold more of Latin Extended-A, but pdftk and
Ghostscript draw nothing readable with one (see README, "The exercise diary").

Tick boxes carry their own drawn tick (no font); a viewer that redraws one
from its /MK caption ("4", ZapfDingbats' tick) finds /ZaDb in the form's
resources: an embedded font holding only DejaVu Sans' tick, at that code.

Fields are added to the page in tab order: `tab_order` collects a table's
fields and adds them sorted by each field's `order` (the diary: down each day).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from weakref import WeakKeyDictionary

from reportlab.lib import colors
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFStream,
    PDFStreamFilterZCompress,
    PDFString,
)
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from ..tracking_fields import TICK_ON

PRINT, HIDDEN = 4, 2  # annotation flags
READ_ONLY, MULTILINE, DO_NOT_SCROLL = 1, 1 << 12, 1 << 23  # field flags
CENTRE = 1
FORM_FONT = "DejaVuSans"  # the text fields' font, by its name in the form's resources
FORM_FONT_FILE = Path(__file__).with_name("fonts") / "DejaVuSans-WinAnsi.ttf"
TICK_FONT = "ZaDb"  # for a viewer that redraws a tick from its caption ("4" in ZapfDingbats)
TICK_FONT_FILE = FORM_FONT_FILE.with_name("DejaVuSans-Tick.ttf")  # only the tick, at "4"
TICK_CODE, TICK_CHAR = 0x34, "\uf034"  # the tick font's cmap: 0x34 (Mac), 0xF034 (symbolic)
FIRST_CODE, LAST_CODE = 32, 255
APPEARANCE_INSET = 2  # points viewers keep between a field's edge and its text


@dataclass(frozen=True, kw_only=True)
class TextSpec:
    """How a text field looks and what it accepts."""

    size: float
    max_length: int | None = None
    centred: bool = False
    multiline: bool = False


@lru_cache(maxsize=None)
def _font_file(path: Path):
    """A font's bytes and metrics (ReportLab's TrueType parser), read once."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    return path.read_bytes(), TTFontFile(str(path), validate=0)


def _winansi(code: int) -> str | None:
    try:
        return bytes([code]).decode("cp1252")
    except UnicodeDecodeError:
        return None


def text_width(text: str, size: float) -> float:
    """The width of text in the form font at a size, in points."""
    _, face = _font_file(FORM_FONT_FILE)
    return sum(face.charWidths.get(ord(c), face.defaultWidth) for c in text) * size / 1000


def fitting_size(sample: str, width: float, largest: float) -> float:
    """The largest size (in half points, at most `largest`) at which `sample` fits a field
    `width` points wide, with the room viewers keep at each side."""
    room = width - 2 * APPEARANCE_INSET
    return min(largest, int(2 * room / text_width(sample, 1)) / 2)


def _embedded_font(canv: Canvas, name: str, path: Path, base: str, codes: dict[int, str],
                   symbolic: bool) -> PDFObjectReference:
    """A simple TrueType font embedded whole (a small subset file), made once per document.

    `codes` gives the character each code shows (for its width): WinAnsi codes for the
    text font; for the symbolic tick font, the code its cmap maps to the tick.
    """
    doc = canv._doc
    if name in doc.idToObject:
        return PDFObjectReference(name)
    data, face = _font_file(path)
    font_file = PDFStream(PDFDictionary({"Length1": len(data)}), data,
                          filters=[PDFStreamFilterZCompress()])
    descriptor = PDFDictionary({
        "Type": PDFName("FontDescriptor"), "FontName": PDFName(base),
        "Flags": 4 if symbolic else 32, "FontBBox": PDFArray(face.bbox),
        "ItalicAngle": face.italicAngle, "Ascent": face.ascent, "Descent": face.descent,
        "CapHeight": face.capHeight, "StemV": face.stemV,
        "FontFile2": doc.Reference(font_file, name + "File"),
    })
    first, last = min(codes), max(codes)
    font = {
        "Type": PDFName("Font"), "Subtype": PDFName("TrueType"), "BaseFont": PDFName(base),
        "FirstChar": first, "LastChar": last,
        "Widths": PDFArray([face.charWidths.get(ord(codes[c]), 0) if c in codes else 0
                            for c in range(first, last + 1)]),
        "FontDescriptor": doc.Reference(descriptor, name + "Descriptor"),
    }
    if not symbolic:
        font["Encoding"] = PDFName("WinAnsiEncoding")
    return doc.Reference(PDFDictionary(font), name)


def _form_resources(canv: Canvas) -> None:
    """The form's default resources and appearance: every font a field names, embedded."""
    extras = canv.acroForm.extras
    if "DR" in extras:
        return
    text = {code: c for code in range(FIRST_CODE, LAST_CODE + 1) if (c := _winansi(code))}
    extras["DR"] = PDFDictionary({"Font": PDFDictionary({
        FORM_FONT: _embedded_font(canv, "BackhandoutFormFont", FORM_FONT_FILE,
                                  "BHFORM+DejaVuSans", text, symbolic=False),
        TICK_FONT: _embedded_font(canv, "BackhandoutTickFont", TICK_FONT_FILE,
                                  "BHTICK+DejaVuSans", {TICK_CODE: TICK_CHAR}, symbolic=True),
    })})
    extras["DA"] = PDFString(f"/{FORM_FONT} 0 Tf 0 g")


def _add_widget(canv: Canvas, widget: dict, order: tuple | None = None) -> None:
    """Put a widget annotation on the current page (now, or in tab order: `tab_order`).

    On a tagged canvas, the widget gets the /StructParent key of the Form node being
    drawn (render/tags.py), as soon as it is drawn."""
    tags = getattr(canv, "tags", None)
    if tags is not None and "StructParent" not in widget:
        key = tags.annotation()
        if key is not None:
            widget["StructParent"] = key
    queue = getattr(canv, "_tab_queue", None)
    if queue is not None and order is not None:
        queue.append((order, widget))
        return
    _form_resources(canv)
    form = canv.acroForm
    widget |= {"Type": PDFName("Annot"), "Subtype": PDFName("Widget"), "P": canv._doc.thisPageRef()}
    annotation = PDFDictionary(widget)
    canv._addAnnotation(annotation)
    form.fields.append(form.getRef(annotation))


@contextmanager
def tab_order(canv: Canvas) -> Iterator[None]:
    """Fields drawn inside are added to the page at the end, sorted by their order keys,
    so a viewer's Tab key follows that order (viewers tab in annotation order)."""
    queue: list[tuple[tuple, dict]] = []
    canv._tab_queue = queue
    try:
        yield
    finally:
        del canv._tab_queue
    for order, widget in sorted(queue, key=lambda item: item[0]):
        _add_widget(canv, widget)


def _rect(rect: tuple[float, float, float, float]) -> PDFArray:
    x, y, width, height = rect
    return PDFArray([x, y, x + width, y + height])


def text_field(
    canv: Canvas,
    *,
    name: str,
    tooltip: str,
    rect: tuple[float, float, float, float],
    spec: TextSpec,
    value: str = "",
    hidden: bool = False,
    order: tuple | None = None,
) -> None:
    """Add a text field at an absolute rect (x, y, width, height) of the current page.

    A value is also the field's default (/DV), so a viewer's "Reset form" keeps it.
    """
    flags = (READ_ONLY if hidden else 0) | (MULTILINE if spec.multiline else DO_NOT_SCROLL)
    widget = {
        "FT": PDFName("Tx"),
        "T": PDFString(name),
        "TU": PDFString(tooltip),
        "V": PDFString(value),
        "Rect": _rect(rect),
        "F": HIDDEN if hidden else PRINT,
        "Ff": flags,
        "DA": PDFString(f"/{FORM_FONT} {spec.size:g} Tf 0 g"),
        "Q": CENTRE if spec.centred else 0,
    }  # no appearance stream: blank prints as nothing, and a shared one would be filled in place
    if value:
        widget["DV"] = PDFString(value)
    if spec.max_length:
        widget["MaxLen"] = spec.max_length
    _add_widget(canv, widget, order)


def tick_field(canv: Canvas, *, name: str, tooltip: str, x: float, y: float, size: float,
               order: tuple | None = None) -> None:
    """Add an unticked tick box: a square of `size` points, blank until ticked."""
    states = {state: _appearance(canv, state, size, size) for state in (TICK_ON, "Off")}
    _add_widget(canv, {
        "FT": PDFName("Btn"),
        "T": PDFString(name),
        "TU": PDFString(tooltip),
        "V": PDFName("Off"),
        "AS": PDFName("Off"),
        "Rect": _rect((x, y, size, size)),
        "F": PRINT,
        "Ff": 0,
        "DA": PDFString(f"/{TICK_FONT} 0 Tf 0 g"),
        "MK": PDFDictionary({"CA": PDFString("4")}),  # the tick a viewer draws itself
        "AP": PDFDictionary({"N": PDFDictionary(states)}),
    }, order)


_APPEARANCES: WeakKeyDictionary = WeakKeyDictionary()


def _appearance(canv: Canvas, state: str, width: float, height: float) -> PDFObjectReference:
    """A tick box's appearance for a state, shared by all boxes of that size."""
    form = canv.acroForm
    cache = _APPEARANCES.setdefault(form, {})
    key = (state, round(width, 3), round(height, 3))
    if key not in cache:
        if state == TICK_ON:
            stream = form.checkboxAP("N", "Yes", buttonStyle="check", size=width,
                                     textColor=colors.black)
        else:  # draws nothing; not compressed, as an empty compressed stream is invalid
            stream = form.makeStream(width, height, "", Resources=PDFDictionary({}))
            stream.filters = []
        cache[key] = form.getRef(stream)
    return cache[key]


class CellField(Flowable):
    """A form field filling a table cell (the cell's padding keeps it off the grid).

    `order` is the field's place in the tab order of its table (see `tab_order`).
    """

    def __init__(self, name: str, tooltip: str, height: float, order: tuple | None = None) -> None:
        super().__init__()
        self.name, self.tooltip, self.height, self.order = name, tooltip, height, order

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return self.width, self.height

    def absolute_rect(self) -> tuple[float, float, float, float]:
        """Where this cell's field goes on the page."""
        x, y = self.canv.absolutePosition(0, 0)
        return x, y, self.width, self.height


class TickBox(CellField):
    """A tick box, square and centred in the cell, big enough to tick with a pen."""

    def draw(self) -> None:
        x, y, width, height = self.absolute_rect()
        size = min(width, height)
        tick_field(self.canv, name=self.name, tooltip=self.tooltip,
                   x=x + (width - size) / 2, y=y + (height - size) / 2, size=size, order=self.order)


class TextCell(CellField):
    """A text field filling the cell."""

    def __init__(self, name: str, tooltip: str, height: float, spec: TextSpec,
                 order: tuple | None = None) -> None:
        super().__init__(name, tooltip, height, order)
        self.spec = spec

    def draw(self) -> None:
        text_field(self.canv, name=self.name, tooltip=self.tooltip, rect=self.absolute_rect(),
                   spec=self.spec, order=self.order)


class TabOrdered(Flowable):
    """A table whose cell fields are added in their tab order (see `tab_order`)."""

    def __init__(self, table: Flowable) -> None:
        super().__init__()
        self.table = table
        self.hAlign = getattr(table, "hAlign", "CENTER")

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self.table.wrap(available_width, available_height)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return [TabOrdered(part) for part in self.table.split(available_width, available_height)]

    def draw(self) -> None:
        with tab_order(self.canv):
            self.table.drawOn(self.canv, 0, 0)


class HiddenValue(Flowable):
    """A hidden, read-only text field holding data for programs, not people."""

    width = height = 0

    def __init__(self, name: str, value: str) -> None:
        super().__init__()
        self.name, self.value = name, value

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, 0)
        text_field(self.canv, name=self.name, tooltip=self.name, rect=(x, y, 0, 0),
                   spec=TextSpec(size=1), value=self.value, hidden=True)
