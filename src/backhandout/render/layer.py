"""The patient's name as a layer of its own, so a batch lays out each distinct handout once.

A roster's rows often differ only in the name: same profile, side, date and
layout. For those, the handout is drawn once without the name (a template:
where the name goes is recorded as spots), and each patient's file is the
template with a one-page-deep layer holding just their name on top. The
spots are where the full drawing puts the name, in the same fonts, sizes
and colours, so both ways print the same page. The name's own font subset
takes only its letters.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from .. import inputs
from ..compact import LAYER_FACE_MARK, unhinted
from ..layouts import Layout
from .pages import Spot, fit
from .tags import Node

LAYER_SUFFIX = "-name"  # the name's fonts: the layout's faces, registered again for the layer


class NameParagraph(Paragraph):
    """A paragraph holding the name: drawn as usual, or only its spot noted on a template.

    Tagged as its node's content (a P); on a template, the spot keeps the marked-content
    id the name layer's drawing of it will carry (see compact.with_layer).
    """

    def __init__(self, *args, node: Node | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.node = node

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802 (ReportLab's name)
        spots = getattr(canvas, "name_spots", None)
        tags = getattr(canvas, "tags", None) if self.node is not None else None
        if spots is None:
            if tags is None:
                return super().drawOn(canvas, x, y, _sW)
            with tags.marked(self.node):
                return super().drawOn(canvas, x, y, _sW)
        ax, ay = canvas.absolutePosition(x, y)
        mcid = tags.reserve(self.node) if tags is not None else None
        spots.append(Spot("cover", canvas.getPageNumber(), ax, ay, self.width, mcid))
        return None


@lru_cache(maxsize=None)
def layer_fonts(layout: Layout) -> str:
    """Register the layout's faces again under new names, as a family, for the name layer.

    A separate registration gives the layer its own font subset, holding only
    the name's letters (not the whole of ASCII, as ReportLab's first subset does).
    ReportLab hands out one font object per face name, so each face is read
    afresh and its name marked (compact.with_layer takes the mark off again).
    The faces are unhinted once here, so the layer's subsets need no more work.
    """
    files = dict(layout.font_files)  # every face's file (layouts.py resolves them all)
    names = []
    for face in (layout.font, layout.font_bold, layout.font_italic, layout.font_bold_italic):
        data = inputs.read_bytes(files[face], inputs.FONT)
        if face in (layout.font, layout.font_bold):  # the two the name is drawn in
            data = unhinted(data)
        font = TTFont(face + LAYER_SUFFIX, io.BytesIO(data), asciiReadable=0)
        font.face.name += LAYER_FACE_MARK.encode()
        pdfmetrics.registerFont(font)
        names.append(font.fontName)
    pdfmetrics.registerFontFamily(names[0], normal=names[0], bold=names[1], italic=names[2],
                                  boldItalic=names[3])
    return names[0]


@dataclass(frozen=True)
class Layer:
    """The name layer: a small PDF, the page of it drawn on each template page (the headers),
    and the cover's name: (template page, layer page, marked-content id), or None."""

    pdf: bytes
    order: tuple[int, ...]
    cover: tuple[int, int, int | None] | None


def draw_layer(spots: tuple[Spot, ...], layout: Layout, *, name: str, header_size: float,
               header_colour, cover: str, cover_style: ParagraphStyle) -> Layer:
    """The name at each spot, as a small PDF (see Layer).

    Pages with the same header spots (all but the blank ones) share one layer page;
    the cover's name has a page of its own, as it is tagged content where the header
    is an artifact. name: the name as printed; cover: the cover's paragraph markup.
    """
    regular = layer_fonts(layout)
    style = ParagraphStyle("name", parent=cover_style, fontName=regular)
    by_page: dict[int, list[Spot]] = {}
    for spot in spots:
        by_page.setdefault(spot.page, []).append(spot)
    shapes: dict[tuple, int] = {}
    order = []
    for page in range(1, max(by_page) + 1):
        shape = tuple((s.x, s.y, s.width) for s in by_page.get(page, ()) if s.kind == "header")
        order.append(shapes.setdefault(shape, len(shapes)))
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(layout.page_width, layout.page_height), invariant=1,
                    pageCompression=1, initialFontName=regular, initialFontSize=header_size)
    for shape in shapes:
        for x, y, width in shape:
            canvas.setFillColor(header_colour)
            canvas.setFont(regular, header_size)
            canvas.drawRightString(x, y, fit(name, regular, header_size, width))
        canvas.showPage()
    covered = None
    for spot in (s for s in spots if s.kind == "cover"):
        paragraph = Paragraph(cover, style)
        paragraph.wrap(spot.width, layout.page_height)
        paragraph.drawOn(canvas, spot.x, spot.y)
        canvas.showPage()
        covered = (spot.page - 1, len(shapes), spot.mcid)
    canvas.save()
    return Layer(out.getvalue(), tuple(order), covered)
