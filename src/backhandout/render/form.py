"""Fillable form fields that sit inside table cells and print as nothing.

A blank field draws nothing on paper (no border, no background), so a printed
sheet shows only the table's grid and still works with a pen. Text fields use
the layout's embedded TrueType font, never one of PDF's standard fonts, so every
font in the file stays embedded: the form's default resources point at subset 0
of that font, which ReportLab fills with all of printable ASCII at their ASCII
codes (its ``asciiReadable`` default), so a viewer can type digits and letters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFString,
)
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from ..tracking_fields import TICK_ON

PRINT, HIDDEN = 4, 2  # annotation flags
READ_ONLY, MULTILINE, DO_NOT_SCROLL = 1, 1 << 12, 1 << 23  # field flags
CENTRE = 1


@dataclass(frozen=True, kw_only=True)
class TextSpec:
    """How a text field looks and what it accepts."""

    font: str
    size: float
    max_length: int | None = None
    centred: bool = False
    multiline: bool = False


def field_font(canv: Canvas, font: str) -> str:
    """Add `font` to the form's resources (the first one is the default); return its name there."""
    key = re.sub(r"[^A-Za-z0-9]", "", font)
    extras = canv.acroForm.extras
    fonts = extras.setdefault("DR", PDFDictionary({"Font": PDFDictionary({})})).dict["Font"].dict
    if key not in fonts:
        subset0 = pdfmetrics.getFont(font).getSubsetInternalName(0, canv._doc)[1:]
        fonts[key] = PDFObjectReference(subset0)
        extras.setdefault("DA", PDFString(f"/{key} 0 Tf 0 g"))
    return key


def _add_widget(canv: Canvas, widget: dict) -> None:
    """Put a widget annotation on the current page and register it as a form field."""
    form = canv.acroForm
    widget |= {"Type": PDFName("Annot"), "Subtype": PDFName("Widget"), "P": canv._doc.thisPageRef()}
    annotation = PDFDictionary(widget)
    canv._addAnnotation(annotation)
    form.fields.append(form.getRef(annotation))


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
) -> None:
    """Add a text field at an absolute rect (x, y, width, height) of the current page."""
    flags = (READ_ONLY if hidden else 0) | (MULTILINE if spec.multiline else DO_NOT_SCROLL)
    widget = {
        "FT": PDFName("Tx"),
        "T": PDFString(name),
        "TU": PDFString(tooltip),
        "V": PDFString(value),
        "Rect": _rect(rect),
        "F": HIDDEN if hidden else PRINT,
        "Ff": flags,
        "DA": PDFString(f"/{field_font(canv, spec.font)} {spec.size:g} Tf 0 g"),
        "Q": CENTRE if spec.centred else 0,
    }  # no appearance stream: blank prints as nothing, and a shared one would be filled in place
    if spec.max_length:
        widget["MaxLen"] = spec.max_length
    _add_widget(canv, widget)


def tick_field(canv: Canvas, *, name: str, tooltip: str, x: float, y: float, size: float) -> None:
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
        "MK": PDFDictionary({"CA": PDFString("4")}),  # the tick a viewer draws itself
        "AP": PDFDictionary({"N": PDFDictionary(states)}),
    })


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
        else:
            stream = form.makeStream(width, height, "", Resources=PDFDictionary({}))
        cache[key] = form.getRef(stream)
    return cache[key]


class CellField(Flowable):
    """A form field filling a table cell (the cell's padding keeps it off the grid)."""

    def __init__(self, name: str, tooltip: str, height: float) -> None:
        super().__init__()
        self.name, self.tooltip, self.height = name, tooltip, height

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
                   x=x + (width - size) / 2, y=y + (height - size) / 2, size=size)


class TextCell(CellField):
    """A text field filling the cell."""

    def __init__(self, name: str, tooltip: str, height: float, spec: TextSpec) -> None:
        super().__init__(name, tooltip, height)
        self.spec = spec

    def draw(self) -> None:
        text_field(self.canv, name=self.name, tooltip=self.tooltip, rect=self.absolute_rect(),
                   spec=self.spec)


class HiddenValue(Flowable):
    """A hidden, read-only text field holding data for programs, not people."""

    width = height = 0

    def __init__(self, name: str, value: str, font: str) -> None:
        super().__init__()
        self.name, self.value, self.font = name, value, font

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, 0)
        text_field(self.canv, name=self.name, tooltip=self.name, rect=(x, y, 0, 0),
                   spec=TextSpec(font=self.font, size=1), value=self.value, hidden=True)
